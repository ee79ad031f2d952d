//! Consent for corpus paths that leave a project. A `sourced.toml` comes with the repository it
//! sits in, so whoever wrote the repository chooses what it names; a path outside the file's
//! folder (`../../etc`, an absolute path, a link that points out) is read only after the user
//! allowed it, as direnv does for `.envrc`. What was allowed is kept per configuration file in
//! `$XDG_CONFIG_HOME/sourced/allowed.toml` (or `~/.config/…`); a path added to the file later
//! needs consent again.

use crate::config::Config;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Component, Path, PathBuf};

/// Largest consent file read.
const MAX_STORE_BYTES: u64 = 1 << 20;

/// The corpus paths of a configuration, sorted by whether they may be read.
#[derive(Debug, Default, PartialEq)]
pub struct Screened {
    pub allowed: Vec<PathBuf>,
    /// Paths outside the file's folder that the user has not allowed.
    pub refused: Vec<PathBuf>,
}

#[derive(Serialize, Deserialize, Default)]
struct Store {
    #[serde(default)]
    allow: Vec<Entry>,
}

#[derive(Serialize, Deserialize)]
struct Entry {
    /// The configuration file, canonical.
    config: PathBuf,
    /// Paths it may name outside its folder, canonical.
    paths: Vec<PathBuf>,
}

/// Where consent is kept: `$XDG_CONFIG_HOME/sourced/allowed.toml`, else `~/.config/…`.
pub fn store_path() -> Option<PathBuf> {
    crate::files::user_dir("XDG_CONFIG_HOME", ".config")
        .map(|c| c.join("sourced").join("allowed.toml"))
}

/// A path with `.` and `..` resolved: through the file system where it exists (links
/// included), by its components where it does not.
pub fn resolved(path: &Path) -> PathBuf {
    if let Ok(p) = std::fs::canonicalize(path) {
        return p;
    }
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    // The longest existing prefix is resolved by the file system, the rest by its components.
    let mut out = PathBuf::new();
    for c in absolute.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => {
                out.push(other);
                if let Ok(p) = std::fs::canonicalize(&out) {
                    out = p;
                }
            }
        }
    }
    out
}

fn config_file(c: &Config) -> PathBuf {
    resolved(&c.root.join(crate::config::FILE_NAME))
}

fn load_store() -> Store {
    let Some(path) = store_path() else {
        return Store::default();
    };
    crate::files::read_regular(&path, MAX_STORE_BYTES)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|t| toml::from_str(&t).ok())
        .unwrap_or_default()
}

/// The paths of a configuration that may be read: those inside its folder, and those outside
/// it that the user allowed for this file.
pub fn screen(c: &Config) -> Screened {
    let root = resolved(&c.root);
    let file = config_file(c);
    let store = load_store();
    let allowed_here: Vec<&PathBuf> = store
        .allow
        .iter()
        .filter(|e| e.config == file)
        .flat_map(|e| &e.paths)
        .collect();
    let mut out = Screened::default();
    for p in &c.corpus {
        let r = resolved(p);
        if r.starts_with(&root) || allowed_here.contains(&&r) {
            out.allowed.push(p.clone());
        } else {
            out.refused.push(p.clone());
        }
    }
    out
}

/// Records that the configuration may read these paths outside its folder.
pub fn allow(c: &Config, paths: &[PathBuf]) -> Result<PathBuf, String> {
    let store_file = store_path().ok_or("neither XDG_CONFIG_HOME nor HOME is set")?;
    let dir = store_file
        .parent()
        .ok_or("no folder for the consent file")?;
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut store = load_store();
    let file = config_file(c);
    let add: Vec<PathBuf> = paths.iter().map(|p| resolved(p)).collect();
    match store.allow.iter_mut().find(|e| e.config == file) {
        Some(e) => {
            for p in add {
                if !e.paths.contains(&p) {
                    e.paths.push(p);
                }
            }
        }
        None => store.allow.push(Entry {
            config: file,
            paths: add,
        }),
    }
    let text = toml::to_string(&store).map_err(|e| e.to_string())?;
    // Written whole and renamed into place, so that a reader never sees half a file.
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| e.to_string())?;
    tmp.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
    tmp.persist(&store_file).map_err(|e| e.error.to_string())?;
    Ok(store_file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_resolved_before_they_are_judged() {
        let dir = tempfile::tempdir().unwrap();
        let root = resolved(dir.path());
        std::fs::create_dir(root.join("repo")).unwrap();
        assert_eq!(
            resolved(&root.join("repo/sources/../../../etc")),
            resolved(&root.join("..").join("etc"))
        );
        assert_eq!(
            resolved(&root.join("repo/missing/./x")),
            root.join("repo/missing/x")
        );
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("/etc", root.join("repo/link")).unwrap();
            assert_eq!(
                resolved(&root.join("repo/link")),
                resolved(Path::new("/etc"))
            );
        }
    }
}
