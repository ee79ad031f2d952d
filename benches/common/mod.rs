//! Drafts shared by the benchmarks (and the report test that checks the size floor).

use std::path::Path;

/// A 5,000-word draft about the seeds: the labelled drafts, repeated.
pub fn long_draft() -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/eval/seeds");
    let mut parts: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
        .collect();
    parts.sort();
    let mut out = String::new();
    while out.split_whitespace().count() < 5000 {
        for p in &parts {
            out.push_str(p);
            out.push_str("\n\n");
        }
    }
    let words: Vec<&str> = out.split_inclusive(char::is_whitespace).collect();
    words[..words.len().min(5200)].concat()
}
