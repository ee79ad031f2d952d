//! A long editing session: thousands of random incremental edits (inserts, deletes, multi-line
//! replacements, emoji, CRLF line ends) sent to the server on a long draft. At every checkpoint
//! the published diagnostics must be those `sourced check` gives for the same text, and the
//! server's memory must stay flat.
//!
//! `SOAK_EDITS=10000 cargo test --release --test lsp soak -- --nocapture` runs a longer session
//! and prints the resident memory at each checkpoint.

use super::client::*;
use serde_json::{Value, json};
use std::path::Path;

/// Edits between two comparisons with `sourced check`.
const CHECKPOINT: usize = 500;
/// Edits between two pauses in typing.
const PAUSE: usize = 20;

#[path = "../adversarial/mod.rs"]
mod adversarial;
use adversarial::Rng;

const PIECES: &[&str] = &[
    "fentanyl ",
    "73,600 ",
    "63,600",
    "2022",
    " more than ",
    "nearly ",
    "two-thirds",
    "50 times ",
    "“",
    "”",
    "\"",
    "said Biden. ",
    ", Liu said.",
    "😀",
    "é",
    "\r\n",
    "\n\n",
    ". ",
    "overdoses ",
    "“We believe the overdose problem in the United States is mainly caused by domestic reasons,” said Liu.",
    "In 2022, more than 63,600 people died from fentanyl-related overdoses in the U.S.",
    "> ",
    "- ",
];

/// About 5,000 words of the labelled drafts about the seeds, some of them with CRLF line ends.
fn long_draft() -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/eval/seeds");
    let mut parts: Vec<(std::path::PathBuf, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .filter_map(|p| Some((p.clone(), std::fs::read_to_string(&p).ok()?)))
        .collect();
    parts.sort();
    let mut out = String::new();
    let mut k = 0;
    while out.split_whitespace().count() < 5000 {
        for (_, p) in &parts {
            if k % 3 == 1 {
                out.push_str(&p.replace('\n', "\r\n"));
            } else {
                out.push_str(p);
            }
            out.push_str("\n\n");
            k += 1;
        }
    }
    out
}

/// A character boundary at or before `i` that does not split a CRLF pair.
fn boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    if i > 0 && text.as_bytes()[i - 1] == b'\r' && text.as_bytes().get(i) == Some(&b'\n') {
        i -= 1;
    }
    i
}

/// One random edit: the byte range replaced and the new text.
fn random_edit(rng: &mut Rng, text: &str, target_len: usize) -> (usize, usize, String) {
    let kind = rng.below(10);
    let at = boundary(text, rng.below(text.len() + 1));
    let grow = text.len() < target_len;
    match kind {
        // Insertions of one to three pieces, more of them while the draft is shorter than it
        // was.
        0..=5 if grow || kind < 2 => {
            let n = 1 + rng.below(3);
            let s: String = (0..n).map(|_| PIECES[rng.below(PIECES.len())]).collect();
            (at, at, s)
        }
        // Deletions of up to 24 bytes.
        0..=7 => {
            let end = boundary(text, at + 1 + rng.below(24));
            (at, end.max(at), String::new())
        }
        // A multi-line replacement.
        _ => {
            let end = boundary(text, at + rng.below(120));
            let lines = 1 + rng.below(4);
            let mut s = String::new();
            for l in 0..lines {
                s.push_str(PIECES[rng.below(PIECES.len())]);
                s.push_str(PIECES[rng.below(PIECES.len())]);
                if l + 1 < lines {
                    s.push_str(if rng.below(2) == 0 { "\n" } else { "\r\n" });
                }
            }
            (at, end.max(at), s)
        }
    }
}

/// What `sourced check` reports for a text: (code, range, message) per finding.
fn check(dir: &Path, text: &str) -> Vec<(Value, Value, Value)> {
    let path = dir.join("draft.md");
    std::fs::write(&path, text).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sourced"))
        .args(["check", "--format", "json", "draft.md"])
        .env("XDG_CACHE_HOME", dir.join(".cache"))
        .env("XDG_CONFIG_HOME", dir.join(".config"))
        .current_dir(dir)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).expect("json report");
    report["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["code"].clone(), d["range"].clone(), d["message"].clone()))
        .collect()
}

#[test]
fn soak_random_edits_match_sourced_check_and_memory_stays_flat() {
    let edits: usize = std::env::var("SOAK_EDITS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let dir = tempfile::tempdir().unwrap();
    let mut text = long_draft();
    let target_len = text.len();
    let mut c = Client::start();
    c.initialize(json!({}), json!({}), Some(dir.path()));
    let uri = file_uri(&dir.path().join("draft.md"));
    c.open(&uri, "markdown", 0, &text);
    c.diagnostics(&uri, 0);
    let mut rng = Rng(0x50a4_2026);
    let mut rss = Vec::new();
    for n in 1..=edits {
        let (a, b, new) = random_edit(&mut rng, &text, target_len);
        let range = json!({"start": pos16(&text, a), "end": pos16(&text, b)});
        c.change(&uri, n as i64, json!([{"range": range, "text": new}]));
        text.replace_range(a..b, &new);
        // Now and then the session pauses long enough for this version to be checked, so that
        // remembered verdicts are replayed across many versions, not only the last.
        if n % PAUSE == 0 && n % CHECKPOINT != 0 {
            c.diagnostics(&uri, n as i64);
            c.discard_pending();
        }
        if n % CHECKPOINT == 0 || n == edits {
            let lsp: Vec<(Value, Value, Value)> = c
                .diagnostics(&uri, n as i64)
                .iter()
                .map(|d| (d["code"].clone(), d["range"].clone(), d["message"].clone()))
                .collect();
            c.discard_pending();
            let cli = check(dir.path(), &text);
            assert_eq!(lsp, cli, "after {n} edits");
            let kib = memory_kib(c.pid(), "VmRSS");
            eprintln!(
                "soak: {n} edits, {} bytes, {} findings, server RSS {} KiB",
                text.len(),
                cli.len(),
                kib
            );
            rss.push(kib);
        }
    }
    // Flat: the memory after the last edit is near what it was at the first checkpoint.
    let (first, last) = (rss[0], *rss.last().unwrap());
    assert!(last < first * 3 / 2 + 30 * 1024, "RSS {rss:?} KiB");
    assert_eq!(c.shutdown(), 0);
}
