//! The built-in corpus: the seed articles compiled into the binary. Locations must point at real
//! files, so the articles are written once to a cache folder and read from there.

use super::{Corpus, Document, Format, Skipped};
use std::path::PathBuf;

/// File names and texts of the built-in articles.
pub const SEEDS: &[(&str, &str)] = &[
    (
        "000_cf417b94e4a086d1.txt",
        include_str!("../../seeds/000_cf417b94e4a086d1.txt"),
    ),
    (
        "001_5da86a3ca6c791c0.txt",
        include_str!("../../seeds/001_5da86a3ca6c791c0.txt"),
    ),
    (
        "002_46b3c7c1d6d79959.txt",
        include_str!("../../seeds/002_46b3c7c1d6d79959.txt"),
    ),
    (
        "003_fd92d99399554de2.txt",
        include_str!("../../seeds/003_fd92d99399554de2.txt"),
    ),
    (
        "004_47e39fc2f78d103b.txt",
        include_str!("../../seeds/004_47e39fc2f78d103b.txt"),
    ),
];

/// The folder the built-in articles are written to: `$XDG_CACHE_HOME/sourced/seeds-<version>`,
/// else `~/.cache/…`, else the system's temporary folder.
pub fn cache_dir() -> PathBuf {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(std::env::temp_dir);
    base.join("sourced")
        .join(format!("seeds-{}", env!("CARGO_PKG_VERSION")))
}

/// The built-in corpus. The texts come from the binary; each document's path is its copy in the
/// cache, written if missing or different. If the cache cannot be written, the documents still
/// load (with the cache path) and the failure is reported as skipped.
pub fn builtin() -> Corpus {
    let dir = cache_dir();
    let mut corpus = Corpus::default();
    let _ = std::fs::create_dir_all(&dir);
    for (name, text) in SEEDS {
        let path = dir.join(name);
        let current = std::fs::read_to_string(&path).ok();
        if current.as_deref() != Some(*text)
            && let Err(e) = std::fs::write(&path, text)
        {
            corpus.skipped.push(Skipped {
                path: path.clone(),
                reason: format!(
                    "could not write the built-in copy ({e}); locations point at a missing file"
                ),
            });
        }
        corpus.documents.push(Document::from_contents(
            path,
            text.to_string(),
            Format::Text,
        ));
    }
    corpus
}
