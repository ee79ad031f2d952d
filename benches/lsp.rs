//! Latency of the language server as an editor feels it, against the built-in articles:
//! an edit (didChange) until its diagnostics are published, and hover, on a 5,000-word draft.
//! Prints medians. Run with `cargo bench --bench lsp`.

#[path = "../tests/lsp/client.rs"]
mod client;

use client::*;
use serde_json::json;
use std::time::{Duration, Instant};

/// About 5,000 words of prose made from the seed articles, with their quotations and figures,
/// some figures changed so that there is something to report.
fn draft() -> String {
    let mut out = String::from("# A long draft\n\n");
    let seeds = [
        include_str!("../seeds/000_cf417b94e4a086d1.txt"),
        include_str!("../seeds/001_5da86a3ca6c791c0.txt"),
        include_str!("../seeds/002_46b3c7c1d6d79959.txt"),
        include_str!("../seeds/003_fd92d99399554de2.txt"),
        include_str!("../seeds/004_47e39fc2f78d103b.txt"),
    ];
    let mut words = 0;
    'outer: loop {
        for s in seeds {
            for para in s.split("\n\n").filter(|p| p.split_whitespace().count() > 8) {
                let para = para.replace("73,600", "63,600");
                words += para.split_whitespace().count();
                out.push_str(para.trim());
                out.push_str("\n\n");
                if words >= 5_000 {
                    break 'outer;
                }
            }
        }
    }
    out.push_str(
        "“We believe the overdose problem in the United States is mainly caused by domestic reasons,” said Liu.\n",
    );
    out
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let mut c = Client::start();
    c.initialize(json!({}), json!({}), None);
    let uri = "untitled:bench";
    let mut text = draft();
    println!(
        "draft: {} words, {} bytes",
        text.split_whitespace().count(),
        text.len()
    );
    let t = Instant::now();
    c.open(uri, "markdown", 1, &text);
    let first = c.diagnostics(uri, 1);
    println!(
        "open → first diagnostics (includes indexing): {:?}, {} findings",
        t.elapsed(),
        first.len()
    );

    // Typing: insert and delete a character in the last paragraph, one edit at a time.
    let at = text.rfind("domestic").unwrap();
    let edits = c.type_and_time(uri, &mut text, at, 2..42);

    let q = text.rfind("overdose problem").unwrap();
    let mut hovers = Vec::new();
    for _ in 0..40 {
        let t = Instant::now();
        let h = c.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": pos16(&text, q)}),
        );
        hovers.push(t.elapsed());
        assert!(!h.is_null());
    }
    println!(
        "didChange → publishDiagnostics: median {:?} (min {:?}, max {:?}, n={})",
        median(edits.clone()),
        edits.iter().min().unwrap(),
        edits.iter().max().unwrap(),
        edits.len()
    );
    println!(
        "hover: median {:?} (n={})",
        median(hovers.clone()),
        hovers.len()
    );
    c.shutdown();
}
