//! A large unrelated archive beside the sources must add no warning: every labelled draft is
//! checked against its corpus alone and against its corpus plus a slice of an encyclopedia
//! (`../shared/corpora/wikipedia-en-100mb.tar.xz`, unpacked into `target/`), and every warning of
//! the second check must be one the first gave too.
//!
//! ```sh
//! cargo test --release --test archive -- --nocapture
//! ```

use serde_json::Value;
use sourced::check::{DraftFormat, Severity, analyse};
use sourced::corpus::{Corpus, builtin};
use sourced::index::Index;
use std::path::{Path, PathBuf};

#[path = "common/wikipedia.rs"]
mod wikipedia;
use wikipedia::unpacked as archive;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn ecbplus() -> PathBuf {
    root().join("../shared/corpora/ecbplus")
}

type Warning = (std::ops::Range<usize>, String);

fn warnings(index: &Index, text: &str) -> Vec<Warning> {
    analyse(index, text, DraftFormat::Markdown)
        .findings
        .into_iter()
        .filter(|f| matches!(f.severity, Severity::Warning | Severity::Error))
        .map(|f| (f.range, f.message))
        .collect()
}

/// The labelled drafts, grouped by corpus: (corpus files or `None` for the built-in one, drafts).
fn drafts() -> Vec<(Option<Vec<PathBuf>>, Vec<PathBuf>)> {
    let mut groups: Vec<(Option<Vec<PathBuf>>, Vec<PathBuf>)> = Vec::new();
    for set in ["tests/eval", "tests/holdout"] {
        let labels: Vec<Value> = serde_json::from_str(
            &std::fs::read_to_string(root().join(set).join("labels.json")).unwrap(),
        )
        .unwrap();
        for item in labels {
            let corpus: Vec<&str> = item["corpus"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c.as_str().unwrap())
                .collect();
            let corpus = (corpus != ["seeds"])
                .then(|| corpus.iter().map(|c| ecbplus().join(c)).collect::<Vec<_>>());
            let draft = root().join(set).join(item["draft"].as_str().unwrap());
            match groups.iter_mut().find(|g| g.0 == corpus) {
                Some(g) => g.1.push(draft),
                None => groups.push((corpus, vec![draft])),
            }
        }
    }
    groups
}

#[test]
fn an_unrelated_archive_adds_no_warning() {
    let Some(archive) = archive() else { return };
    let (mut added, mut lost, mut kept, mut checked) = (0, 0, 0, 0);
    for (corpus, drafts) in drafts() {
        let own = match &corpus {
            None => builtin::builtin(),
            Some(files) => Corpus::load(files),
        };
        let alone = Index::build(own.clone());
        let mut with_archive = Corpus::load(std::slice::from_ref(&archive));
        with_archive.documents.extend(own.documents);
        let beside = Index::build(with_archive);
        for path in drafts {
            let text = std::fs::read_to_string(&path).unwrap();
            checked += 1;
            let a = warnings(&alone, &text);
            let b = warnings(&beside, &text);
            for w in &b {
                if a.iter().any(|x| x.0 == w.0) {
                    kept += 1;
                } else {
                    added += 1;
                    println!("ADDED {} {:?}: {}", path.display(), &text[w.0.clone()], w.1);
                }
            }
            for w in a.iter().filter(|w| !b.iter().any(|x| x.0 == w.0)) {
                lost += 1;
                println!("LOST {} {:?}: {}", path.display(), &text[w.0.clone()], w.1);
            }
        }
    }
    println!(
        "{checked} drafts beside the archive: {added} warnings added, {kept} kept, {lost} lost"
    );
    assert!(checked >= 18, "only {checked} drafts");
    assert_eq!(added, 0, "the archive added warnings");
}
