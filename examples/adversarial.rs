//! Times the check of each adversarial draft (`tests/adversarial`) against the built-in corpus.
//!
//! cargo run --release --example adversarial -- [BYTES [NAME]]   (default: 1 MiB, every draft)

use sourced::check::{DraftFormat, analyse};
use sourced::corpus::builtin;
use sourced::index::Index;

#[path = "../tests/adversarial/mod.rs"]
mod adversarial;

fn main() {
    let len = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1 << 20);
    let only = std::env::args().nth(2).unwrap_or_default();
    let index = Index::build(builtin::builtin());
    for (name, text) in adversarial::drafts(len) {
        if !name.contains(&only) {
            continue;
        }
        let started = std::time::Instant::now();
        let a = analyse(&index, &text, DraftFormat::Markdown);
        println!(
            "{name:36} {:>9} bytes {:>8.3} s {:>6} findings",
            text.len(),
            started.elapsed().as_secs_f64(),
            a.findings.len()
        );
    }
}
