//! Times a re-check after a one-character edit of a long draft, with remembered verdicts, as the
//! language server does: `cargo run --release --example edit_latency -- DRAFT`.

use sourced::check::{DraftFormat, analyse_with_memo, memo::Memo};
use sourced::corpus::builtin;
use sourced::index::Index;
use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("a draft");
    let mut text = std::fs::read_to_string(path).expect("readable draft");
    let index = Index::build(builtin::builtin());
    let memo = Memo::new();
    analyse_with_memo(&index, &text, DraftFormat::Markdown, &memo);
    let mut times = Vec::new();
    for k in 0..41 {
        let at = (text.len() / 41 * k..text.len())
            .find(|&i| text.is_char_boundary(i) && text[i..].starts_with(' '))
            .unwrap_or(0);
        text.insert(at, 'x');
        let t = Instant::now();
        let a = analyse_with_memo(&index, &text, DraftFormat::Markdown, &memo);
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        std::hint::black_box(a);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "re-check after an edit: median {:.2} ms, p95 {:.2} ms",
        times[times.len() / 2],
        times[times.len() * 95 / 100]
    );
}
