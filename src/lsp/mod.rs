//! The language server: `sourced lsp` speaks the Language Server Protocol over stdio.
//!
//! Drafts are checked on every change (off the protocol threads, stale runs dropped) and the
//! findings are the same as `sourced check`'s. The corpus is indexed in the background; requests
//! that need it wait for it.

mod document;
mod features;
mod report;
mod server;
mod sources;
pub mod transport;

pub use document::{Encoding, OpenDocument, Positions};
pub use server::{REINDEX_COMMAND, REPORT_COMMAND, SHOW_SOURCES_COMMAND};
pub use transport::DEFAULT_MAX_MESSAGE_BYTES;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use tower_lsp_server::{LspService, Server};

/// Runs the language server over stdio; returns the exit code: 0 when the client asked for a
/// shutdown before the end, 1 otherwise (as the protocol specifies for `exit`).
pub fn run(max_message_bytes: usize) -> i32 {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("sourced lsp: cannot start: {e}");
            return 2;
        }
    };
    let shut_down = Arc::new(AtomicBool::new(false));
    let flag = shut_down.clone();
    runtime.block_on(async move {
        let (service, socket) = LspService::new(move |client| server::Backend::new(client, flag));
        let (input, output, writer) = transport::filtered_stdio(max_message_bytes);
        Server::new(input, output, socket)
            .concurrency_level(64)
            .serve(service)
            .await;
        // `serve` has dropped its output: let the last messages reach the client.
        let _ = tokio::time::timeout(std::time::Duration::from_secs(2), writer).await;
    });
    runtime.shutdown_timeout(std::time::Duration::from_millis(200));
    if shut_down.load(Ordering::SeqCst) {
        0
    } else {
        1
    }
}
