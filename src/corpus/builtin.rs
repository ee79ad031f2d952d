//! The built-in corpus: the seed articles compiled into the binary. Locations must point at real
//! files, so the articles are written once to a cache folder and read from there.
//!
//! The folder is private to the user and written without following symbolic links: a file
//! planted in the cache as a link to another file is replaced, never written through, and a
//! shared temporary folder is used only as a folder of the user's own that no one else can
//! write to.

use super::{Corpus, Document, Format, Skipped};
use std::io::Write;
use std::path::{Path, PathBuf};

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

fn seeds_folder() -> String {
    format!("seeds-{}", env!("CARGO_PKG_VERSION"))
}

/// The user's cache folder: `$XDG_CACHE_HOME`, else `~/.cache`; `None` when neither is set.
fn user_cache() -> Option<PathBuf> {
    crate::files::user_dir("XDG_CACHE_HOME", ".cache")
}

/// The folder the built-in articles are written to: `$XDG_CACHE_HOME/sourced/seeds-<version>`,
/// else `~/.cache/…`, else a folder of the user's own in the system's temporary folder.
pub fn cache_dir() -> PathBuf {
    match user_cache() {
        Some(base) => base.join("sourced").join(seeds_folder()),
        None => shared_tmp_dir().join(seeds_folder()),
    }
}

/// `$TMPDIR/sourced-<uid>`: named per user, so that users do not share it.
fn shared_tmp_dir() -> PathBuf {
    #[cfg(unix)]
    let name = format!("sourced-{}", unsafe { libc::getuid() });
    #[cfg(not(unix))]
    let name = "sourced".to_string();
    std::env::temp_dir().join(name)
}

/// A folder for the articles that no one else can have prepared: the usual one when it is the
/// user's own, else a new one.
fn writable_dir() -> std::io::Result<PathBuf> {
    let dir = cache_dir();
    // In the system's temporary folder, the user's folder itself must be private; in the user's
    // own cache the article folder must at least be a real folder of the user's.
    let guard = match user_cache() {
        Some(_) => dir.clone(),
        None => shared_tmp_dir(),
    };
    // The guard is checked before anything is made inside it.
    if crate::files::create_private(&guard).is_ok()
        && crate::files::is_private(&guard)
        && crate::files::create_private(&dir).is_ok()
        && crate::files::is_private(&dir)
    {
        return Ok(dir);
    }
    let mut builder = tempfile::Builder::new();
    builder.prefix("sourced-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o700));
    }
    let fresh = builder.tempdir()?;
    let fresh = fresh.keep().join(seeds_folder());
    crate::files::create_private(&fresh)?;
    Ok(fresh)
}

/// Whether `path` is a regular file (not a link) holding exactly `text`.
fn holds(path: &Path, text: &str) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_file())
        && crate::files::read_regular(path, text.len() as u64).is_ok_and(|b| b == text.as_bytes())
}

/// Writes a file by renaming a new file over it: a link at `path` is replaced, not followed.
fn write_replacing(dir: &Path, path: &Path, text: &str) -> std::io::Result<()> {
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(text.as_bytes())?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// The articles as documents, in the order of `SEEDS`, not yet placed on disk.
fn seed_documents() -> Vec<Document> {
    SEEDS
        .iter()
        .map(|(_, text)| Document::from_contents(PathBuf::new(), text.to_string(), Format::Text))
        .collect()
}

/// The file names of the articles' copies, in the order of `SEEDS`: each named by its title, so
/// that a writer sent to a source sees what it is.
pub fn copy_names() -> Vec<String> {
    names_of(&seed_documents())
}

fn names_of(documents: &[Document]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for ((seed, _), document) in SEEDS.iter().zip(documents) {
        let mut stem = crate::text::slug(&document.title, 60);
        if stem.is_empty() {
            stem = seed.trim_end_matches(".txt").to_string();
        }
        let mut name = format!("{stem}.txt");
        for n in 2.. {
            if !names.contains(&name) {
                break;
            }
            name = format!("{stem}-{n}.txt");
        }
        names.push(name);
    }
    names
}

/// The built-in corpus. The texts come from the binary; each document's path is its copy in the
/// cache, written if missing or different. If the cache cannot be written, the documents still
/// load (with the cache path) and the failure is reported as skipped.
pub fn builtin() -> Corpus {
    let mut corpus = Corpus::default();
    let dir = match writable_dir() {
        Ok(d) => Ok(d),
        Err(e) => Err((cache_dir(), e)),
    };
    // Each article is read once: its title names its copy.
    let documents = seed_documents();
    let names = names_of(&documents);
    for ((name, mut document), (_, text)) in names.into_iter().zip(documents).zip(SEEDS) {
        let path = match &dir {
            Ok(d) => {
                let path = d.join(name);
                if !holds(&path, text)
                    && let Err(e) = write_replacing(d, &path, text)
                {
                    corpus.skipped.push(Skipped {
                        path: path.clone(),
                        reason: format!(
                            "could not write the built-in copy ({e}); locations point at a missing file"
                        ),
                    });
                }
                path
            }
            Err((d, e)) => {
                let path = d.join(name);
                corpus.skipped.push(Skipped {
                    path: path.clone(),
                    reason: format!(
                        "could not write the built-in copy ({e}); locations point at a missing file"
                    ),
                });
                path
            }
        };
        document.path = path;
        corpus.documents.push(document);
    }
    corpus
}
