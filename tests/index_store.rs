//! The kept index changes speed, never verdicts: the findings on the labelled drafts are the same
//! whether the index was built in memory, just built on disk in many segments, loaded from disk,
//! or refreshed after a file changed.

use sourced::check::{self, DraftFormat};
use sourced::corpus::Corpus;
use sourced::index::{Index, store};
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn drafts() -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    for dir in ["tests/eval/seeds", "tests/holdout/seeds"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .collect();
        files.sort();
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap();
            out.push((f, text));
        }
    }
    assert!(out.len() >= 10, "the labelled drafts are missing");
    out
}

/// Everything a writer sees of a check: findings with their sources and fixes, and the verdict
/// on every quotation and figure.
fn verdicts(index: &Index, drafts: &[(PathBuf, String)]) -> Vec<String> {
    drafts
        .iter()
        .map(|(path, text)| {
            let a = check::analyse(index, text, DraftFormat::Markdown);
            let quotes: Vec<String> = a
                .quotes
                .iter()
                .map(|q| {
                    format!(
                        "{:?} {:?} {:?} {:?}",
                        q.quotation.range, q.status, q.passage, q.diffs
                    )
                })
                .collect();
            let figures: Vec<String> = a
                .figures
                .iter()
                .map(|f| format!("{:?} {:?} {:?}", f.figure.range, f.status, f.sources))
                .collect();
            format!(
                "{}\n{:?}\n{quotes:?}\n{figures:?}",
                path.display(),
                a.findings
            )
        })
        .collect()
}

fn copy_seeds(to: &Path) {
    for e in std::fs::read_dir(root().join("seeds")).unwrap().flatten() {
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

fn in_memory(roots: &[PathBuf]) -> Index {
    Index::build(Corpus::load(roots))
}

#[test]
fn findings_are_the_same_in_memory_built_loaded_and_refreshed() {
    let corpus = tempfile::tempdir().unwrap();
    copy_seeds(corpus.path());
    let cache = tempfile::tempdir().unwrap();
    let roots = vec![corpus.path().to_path_buf()];
    let drafts = drafts();
    let limit = 64 << 20;
    // Segments of a few kilobytes: every article is split across segment boundaries' worth of
    // postings, and sentence numbers run across segments.
    let segment = 8 << 10;

    let reference = verdicts(&in_memory(&roots), &drafts);
    assert!(
        reference.iter().any(|v| v.contains("FigureMismatch")),
        "the drafts have findings to compare"
    );

    let (built, report) = store::open_in(cache.path(), &roots, limit, segment, &|_| {}).unwrap();
    assert!(report.segments_written > 1, "{report:?}");
    assert_eq!(verdicts(&built, &drafts), reference, "just built");
    drop(built);

    let (loaded, report) = store::open_in(cache.path(), &roots, limit, segment, &|_| {}).unwrap();
    assert_eq!(report.files_read, 0, "{report:?}");
    assert_eq!(verdicts(&loaded, &drafts), reference, "loaded from disk");
    drop(loaded);

    // One article gains a paragraph: the refreshed index rewrites its segment alone and agrees
    // with an index of the changed corpus built in memory.
    let mut names: Vec<PathBuf> = std::fs::read_dir(corpus.path())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    names.sort();
    let changed = &names[names.len() / 2];
    let mut text = std::fs::read_to_string(changed).unwrap();
    text.push_str("\n\nThe committee met again on Thursday and heard from 14 witnesses.\n");
    std::fs::write(changed, text).unwrap();
    let (refreshed, report) =
        store::open_in(cache.path(), &roots, limit, segment, &|_| {}).unwrap();
    assert_eq!(report.segments_written, 1, "{report:?}");
    assert!(report.segments_kept >= 1, "{report:?}");
    assert_eq!(
        verdicts(&refreshed, &drafts),
        verdicts(&in_memory(&roots), &drafts),
        "refreshed"
    );
}
