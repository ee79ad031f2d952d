//! Checks the labelled drafts on the built-in corpus with and without a large unrelated archive
//! beside it, and prints every warning the archive adds:
//! `cargo run --release --example archive_probe -- target/wiki`.

use sourced::check::{DraftFormat, Severity, analyse};
use sourced::corpus::{Corpus, builtin};
use sourced::index::Index;
use std::path::Path;

fn warnings(index: &Index, text: &str) -> Vec<(std::ops::Range<usize>, String)> {
    analyse(index, text, DraftFormat::Markdown)
        .findings
        .into_iter()
        .filter(|f| matches!(f.severity, Severity::Warning | Severity::Error))
        .map(|f| (f.range, f.message))
        .collect()
}

fn main() {
    let archive = std::env::args().nth(1).expect("an archive folder");
    let seeds = builtin::builtin();
    let alone = Index::build(seeds.clone());
    let mut both = Corpus::load(&[archive.into()]);
    both.documents.extend(seeds.documents);
    let both = Index::build(both);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut added = 0;
    let mut lost = 0;
    let mut drafts = 0;
    for set in ["tests/eval/seeds", "tests/holdout/seeds"] {
        let mut files: Vec<_> = std::fs::read_dir(root.join(set))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for path in files {
            let text = std::fs::read_to_string(&path).unwrap();
            drafts += 1;
            let a = warnings(&alone, &text);
            let b = warnings(&both, &text);
            for w in &b {
                if !a.iter().any(|x| x.0 == w.0) {
                    added += 1;
                    println!("ADDED {} {:?}: {}", path.display(), &text[w.0.clone()], w.1);
                }
            }
            for w in &a {
                if !b.iter().any(|x| x.0 == w.0) {
                    lost += 1;
                    println!("LOST {} {:?}: {}", path.display(), &text[w.0.clone()], w.1);
                }
            }
        }
    }
    println!("{drafts} drafts: {added} warnings added by the archive, {lost} lost");
}
