//! Indexing a large corpus: throughput, peak memory, and check latency against it.
//!
//! ```sh
//! mkdir -p target/wiki && tar -xJf ../shared/corpora/wikipedia-en-100mb.tar.xz -C target/wiki
//! cargo run --release --example scale -- target/wiki
//! ```

use sourced::check::{DraftFormat, analyse};
use sourced::corpus::Corpus;
use sourced::index::Index;
use std::path::PathBuf;
use std::time::Instant;

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn main() {
    let root: PathBuf = std::env::args()
        .nth(1)
        .expect("usage: scale CORPUS_DIR [DRAFT]")
        .into();
    let t = Instant::now();
    let corpus = Corpus::load(std::slice::from_ref(&root));
    let load = t.elapsed();
    let bytes: usize = corpus.documents.iter().map(|d| d.text.len()).sum();
    let docs = corpus.documents.len();
    let t = Instant::now();
    let index = Index::build(corpus);
    let build = t.elapsed();
    let total = load + build;
    let mb = bytes as f64 / 1e6;
    println!(
        "corpus: {docs} documents, {mb:.1} MB, {} sentences",
        index.sentence_count()
    );
    println!(
        "load (read, split sentences) {:.1} s, index {:.1} s: {:.1} MB/s overall",
        load.as_secs_f64(),
        build.as_secs_f64(),
        mb / total.as_secs_f64()
    );
    println!(
        "index structures: {:.1} MB",
        index.index_bytes() as f64 / 1e6
    );
    println!(
        "peak resident memory: {:.1} MB ({:.2}× the corpus)",
        peak_rss_mb(),
        peak_rss_mb() / mb
    );
    let draft = match std::env::args().nth(2) {
        Some(p) => std::fs::read_to_string(p).expect("draft"),
        None => {
            // A draft made of corpus sentences with figures, about 5,000 words.
            let mut d = String::new();
            let mut i = 0;
            while d.split_whitespace().count() < 5000 && i < index.sentence_count() as u32 {
                let s = index.sentence_text(i);
                if s.chars().any(|c| c.is_ascii_digit()) && s.len() < 400 {
                    d.push_str(s);
                    d.push_str("\n\n");
                }
                i += 97;
            }
            d
        }
    };
    let mut times = Vec::new();
    for _ in 0..7 {
        let t = Instant::now();
        let a = analyse(&index, &draft, DraftFormat::Markdown);
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        std::hint::black_box(a);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "check of a {}-word draft: median {:.1} ms (min {:.1}, max {:.1})",
        draft.split_whitespace().count(),
        times[times.len() / 2],
        times[0],
        times[times.len() - 1]
    );
}
