//! A newsroom's archive: the 100 MB encyclopedia slice and 1 GB made of ten copies of it in
//! distinct folders, beside the built-in articles' drafts. For each binary (this build, and a
//! previous one named by `SOURCED_BASELINE`, side by side in one run):
//!
//! - `check` with an empty cache (indexing included), again with the cache warm, and after one
//!   corpus file changed: wall time and peak memory;
//! - the server on the warm cache: open → first diagnostics, then edit → publishDiagnostics and
//!   hover on a 5,000-word draft (medians and 95th percentiles), and its anonymous memory.
//!
//! ```sh
//! cargo bench --bench archive                       # both sizes
//! cargo bench --bench archive -- 100mb              # one size
//! SOURCED_BASELINE=/path/to/old/sourced cargo bench --bench archive
//! ```
//!
//! A baseline that indexes in memory at every start takes minutes per run at 1 GB: it is measured
//! there only with `BASELINE_1GB=1`.

#[path = "../tests/lsp/client.rs"]
mod client;
mod common;
#[path = "../tests/common/wikipedia.rs"]
mod wikipedia;

use client::*;
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The 100 MB slice, unpacked once under target/.
fn slice() -> PathBuf {
    wikipedia::unpacked().expect("the encyclopedia slice beside the checkout")
}

/// Ten copies of the slice in distinct folders (hard links where the file system allows).
fn gigabyte() -> PathBuf {
    let dir = root().join("target/wikipedia-1gb");
    std::fs::create_dir_all(&dir).unwrap();
    let src = slice();
    for i in 0..10 {
        let to = dir.join(format!("copy{i}"));
        if to.exists() {
            continue;
        }
        let status = Command::new("cp")
            .args(["-rl"])
            .arg(&src)
            .arg(&to)
            .status()
            .unwrap();
        if !status.success() {
            Command::new("cp")
                .arg("-r")
                .arg(&src)
                .arg(&to)
                .status()
                .unwrap();
        }
    }
    dir
}

fn percentile(mut v: Vec<Duration>, p: f64) -> Duration {
    v.sort();
    v[((v.len() - 1) as f64 * p).round() as usize]
}

/// Wall time and peak memory (MB) of one command, through GNU time.
fn timed(binary: &Path, args: &[&str], cache: &Path) -> (f64, f64) {
    let out = Command::new("/usr/bin/time")
        .args(["-f", "%e %M"])
        .arg(binary)
        .args(args)
        .env("XDG_CACHE_HOME", cache)
        .output()
        .expect("/usr/bin/time is needed");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let last = stderr.lines().last().unwrap_or("");
    let mut f = last
        .split_whitespace()
        .map(|x| x.parse::<f64>().unwrap_or(f64::NAN));
    (
        f.next().unwrap_or(f64::NAN),
        f.next().unwrap_or(f64::NAN) / 1024.0,
    )
}

struct Row {
    cold: (f64, f64),
    warm: (f64, f64),
    changed: (f64, f64),
    first: Duration,
    edit: (Duration, Duration),
    hover: (Duration, Duration),
    anon_mb: f64,
}

fn measure(binary: &Path, corpus: &Path, draft_path: &Path, draft: &str) -> Row {
    let cache = tempfile::tempdir().unwrap();
    let c = corpus.display().to_string();
    let d = draft_path.display().to_string();
    let args = ["check", "--format", "json", "--corpus", &c, &d];
    let cold = timed(binary, &args, cache.path());
    let warm = timed(binary, &args, cache.path());
    // One article of the archive changes.
    let file = first_file(corpus);
    let before = std::fs::read(&file).unwrap();
    let mut after = before.clone();
    after.extend_from_slice(b"\n\nA later note added 12 more entries to the list.\n");
    // A link shared with other copies is replaced, not written through.
    std::fs::remove_file(&file).unwrap();
    std::fs::write(&file, &after).unwrap();
    let changed = timed(binary, &args, cache.path());
    std::fs::remove_file(&file).unwrap();
    std::fs::write(&file, &before).unwrap();
    // Warm again for the server.
    timed(binary, &args, cache.path());

    let mut client = Client::start_with(binary, cache.path(), None);
    client.initialize(json!({}), json!({"corpus": [c]}), None);
    let uri = "untitled:archive-bench";
    let mut text = draft.to_string();
    let t = Instant::now();
    client.open(uri, "markdown", 1, &text);
    client.diagnostics(uri, 1);
    let first = t.elapsed();
    let at = text.rfind(" the ").unwrap_or(text.len() / 2);
    let edits = client.type_and_time(uri, &mut text, at, 2..42);
    let q = text.find('“').or_else(|| text.find('"')).unwrap_or(0) + 3;
    let mut hovers = Vec::new();
    for _ in 0..40 {
        let t = Instant::now();
        client.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": pos16(&text, q)}),
        );
        hovers.push(t.elapsed());
    }
    let anon_mb = memory_kib(client.pid(), "RssAnon") as f64 / 1024.0;
    client.shutdown();
    Row {
        cold,
        warm,
        changed,
        first,
        edit: (percentile(edits.clone(), 0.5), percentile(edits, 0.95)),
        hover: (percentile(hovers.clone(), 0.5), percentile(hovers, 0.95)),
        anon_mb,
    }
}

fn first_file(dir: &Path) -> PathBuf {
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(&d)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .collect();
        entries.sort();
        for e in entries.iter().rev() {
            if e.is_dir() {
                stack.push(e.clone());
            }
        }
        if let Some(f) = entries.iter().find(|e| e.is_file()) {
            return f.clone();
        }
    }
    panic!("no file in {}", dir.display())
}

fn main() {
    let wanted: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let mut binaries = vec![("this build", PathBuf::from(env!("CARGO_BIN_EXE_sourced")))];
    if let Some(b) = std::env::var_os("SOURCED_BASELINE") {
        binaries.push(("baseline", PathBuf::from(b)));
    }
    let draft = common::long_draft();
    let draft_dir = tempfile::tempdir().unwrap();
    let draft_path = draft_dir.path().join("draft.md");
    std::fs::write(&draft_path, &draft).unwrap();
    println!("draft: {} words", draft.split_whitespace().count());
    type Prepare = fn() -> PathBuf;
    let sizes: [(&str, Prepare); 2] = [("100mb", slice), ("1gb", gigabyte)];
    for (size, corpus) in sizes {
        if !wanted.is_empty() && !wanted.iter().any(|w| w == size) {
            continue;
        }
        let corpus = corpus();
        println!("\n== {size}: {}", corpus.display());
        println!(
            "{:<11} {:>16} {:>16} {:>16} {:>9} {:>17} {:>17} {:>8}",
            "binary",
            "check cold s/MB",
            "check warm s/MB",
            "1 changed s/MB",
            "lsp first",
            "edit p50/p95 ms",
            "hover p50/p95 ms",
            "anon MB"
        );
        for (name, binary) in &binaries {
            if *name == "baseline" && size == "1gb" && std::env::var_os("BASELINE_1GB").is_none() {
                // The previous build re-reads the whole corpus for every run: minutes each.
                println!("{name:<11} (set BASELINE_1GB=1 to measure; minutes per run)");
                continue;
            }
            let r = measure(binary, &corpus, &draft_path, &draft);
            let ms = |d: Duration| d.as_secs_f64() * 1e3;
            println!(
                "{:<11} {:>8.2}/{:<7.0} {:>8.2}/{:<7.0} {:>8.2}/{:<7.0} {:>8.2}s {:>8.1}/{:<8.1} {:>8.2}/{:<8.2} {:>8.0}",
                name,
                r.cold.0,
                r.cold.1,
                r.warm.0,
                r.warm.1,
                r.changed.0,
                r.changed.1,
                r.first.as_secs_f64(),
                ms(r.edit.0),
                ms(r.edit.1),
                ms(r.hover.0),
                ms(r.hover.1),
                r.anon_mb
            );
        }
    }
}
