//! `sourced.toml`: the corpus of a project and which checks run at what severity.
//!
//! ```toml
//! corpus = ["sources/"]
//! [checks]
//! sources-disagree = "off"
//! figure-mismatch = "error"
//! [limits]
//! file-size = "64 MiB"   # larger corpus files are skipped
//! draft-size = "4 MiB"   # larger drafts are not checked
//! ```

use crate::check::{Code, Finding, Severity};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "sourced.toml";
/// A folder of this name beside the drafts (or above them) is their corpus.
pub const SOURCES_FOLDER: &str = "sources";

/// A corpus found beside the drafts (see `Config::find_corpus`).
#[derive(Debug, Clone, PartialEq)]
pub struct FoundCorpus {
    /// Files or folders to read.
    pub paths: Vec<PathBuf>,
    /// Paths the `sourced.toml` names outside its folder that the user has not allowed.
    pub refused: Vec<PathBuf>,
    /// The `sourced.toml` that names the corpus, or the `sources/` folder itself.
    pub named_in: PathBuf,
}

impl FoundCorpus {
    /// Whether a `sourced.toml` named the corpus (else it is a `sources/` folder).
    pub fn from_file(&self) -> bool {
        self.named_in.file_name().is_some_and(|n| n == FILE_NAME)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckSetting {
    Off,
    On(Severity),
}

/// How much is read: every input is bounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest corpus file read; larger ones are skipped by name.
    pub file_bytes: u64,
    /// Largest draft checked.
    pub draft_bytes: u64,
}

impl Limits {
    pub const DEFAULT_FILE_BYTES: u64 = 64 << 20;
    pub const DEFAULT_DRAFT_BYTES: u64 = 4 << 20;
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            file_bytes: Limits::DEFAULT_FILE_BYTES,
            draft_bytes: Limits::DEFAULT_DRAFT_BYTES,
        }
    }
}

/// Reads a size as written in settings: "64 MiB", "10MB", "500 KiB" or a number of bytes.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let s = s.trim();
    // "10 bytes" reads as people write it; the crate knows "10 B".
    let plain = s
        .strip_suffix("bytes")
        .or_else(|| s.strip_suffix("byte"))
        .map(str::trim_end)
        .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    if let Some(n) = plain {
        return n.parse().map_err(|_| format!("`{s}` is too large a size"));
    }
    s.parse::<bytesize::ByteSize>()
        .map(|b| b.as_u64())
        .map_err(|_| {
            format!("`{s}` is not a size (write it as 64 MiB, 10 MB or a number of bytes)")
        })
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Config {
    /// Corpus paths, resolved against the folder of the file.
    pub corpus: Vec<PathBuf>,
    pub checks: BTreeMap<Code, CheckSetting>,
    pub limits: Limits,
    /// The folder holding the file (paths outside it need the user's consent).
    pub root: PathBuf,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    corpus: Vec<String>,
    #[serde(default)]
    checks: BTreeMap<String, String>,
    #[serde(default)]
    limits: RawLimits,
}

#[derive(serde::Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawLimits {
    file_size: Option<SizeValue>,
    draft_size: Option<SizeValue>,
}

/// A size written as a string with a unit or as a number of bytes.
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum SizeValue {
    Bytes(u64),
    Text(String),
}

impl SizeValue {
    fn bytes(&self, name: &str) -> Result<u64, String> {
        match self {
            SizeValue::Bytes(b) => Ok(*b),
            SizeValue::Text(t) => parse_size(t).map_err(|e| format!("limits.{name}: {e}")),
        }
    }
}

impl Config {
    /// Parses a configuration; relative corpus paths resolve against `root`.
    pub fn parse(text: &str, root: &Path) -> Result<Config, String> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| e.message().to_string())?;
        let mut checks = BTreeMap::new();
        for (name, value) in raw.checks {
            let code = Code::parse(&name).ok_or_else(|| {
                format!(
                    "unknown check `{name}` (known: {})",
                    Code::ALL.map(Code::as_str).join(", ")
                )
            })?;
            let setting = if value.trim() == "off" {
                CheckSetting::Off
            } else {
                CheckSetting::On(Severity::parse(&value).ok_or_else(|| {
                    format!(
                        "`{name}`: expected off, error, warning, information or hint, not `{value}`"
                    )
                })?)
            };
            checks.insert(code, setting);
        }
        let mut limits = Limits::default();
        if let Some(v) = &raw.limits.file_size {
            limits.file_bytes = v.bytes("file-size")?;
        }
        if let Some(v) = &raw.limits.draft_size {
            limits.draft_bytes = v.bytes("draft-size")?;
        }
        Ok(Config {
            corpus: raw.corpus.iter().map(|p| root.join(p)).collect(),
            checks,
            limits,
            root: root.to_path_buf(),
        })
    }

    /// Reads `sourced.toml` from a folder, if there is one.
    pub fn load(dir: &Path) -> Result<Option<Config>, String> {
        let path = dir.join(FILE_NAME);
        match std::fs::read_to_string(&path) {
            Ok(text) => Config::parse(&text, dir)
                .map(Some)
                .map_err(|e| format!("{}: {e}", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(format!("{}: {e}", path.display())),
        }
    }

    /// Finds `sourced.toml` in a folder or the nearest folder above it.
    pub fn discover(start: &Path) -> Result<Option<Config>, String> {
        for dir in start.ancestors() {
            if let Some(c) = Config::load(dir)? {
                return Ok(Some(c));
            }
        }
        Ok(None)
    }

    /// The corpus for drafts in `start` when none is given: from that folder upward, the first
    /// folder holding a `sourced.toml` that names a corpus or a `sources/` folder (the file wins
    /// in the same folder). `None` means the built-in articles.
    pub fn find_corpus(start: &Path) -> Result<Option<FoundCorpus>, String> {
        let start = std::path::absolute(start).unwrap_or_else(|_| start.to_path_buf());
        for dir in start.ancestors() {
            if let Some(c) = Config::load(dir)?.filter(|c| !c.corpus.is_empty()) {
                // The file comes with the folder it is in: what it names outside that folder
                // waits for the user's consent.
                let screened = crate::trust::screen(&c);
                return Ok(Some(FoundCorpus {
                    paths: screened.allowed,
                    refused: screened.refused,
                    named_in: dir.join(FILE_NAME),
                }));
            }
            let folder = dir.join(SOURCES_FOLDER);
            if folder.is_dir() {
                return Ok(Some(FoundCorpus {
                    paths: vec![folder.clone()],
                    refused: Vec::new(),
                    named_in: folder,
                }));
            }
        }
        Ok(None)
    }

    /// Drops switched-off checks and applies severities.
    pub fn apply(&self, findings: &mut Vec<Finding>) {
        findings.retain(|f| self.checks.get(&f.code) != Some(&CheckSetting::Off));
        for f in findings.iter_mut() {
            if let Some(CheckSetting::On(s)) = self.checks.get(&f.code) {
                f.severity = *s;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_corpus_and_checks() {
        let c = Config::parse(
            "corpus = [\"sources/\"]\n[checks]\nsources-disagree = \"off\"\nmisquote = \"error\"\n",
            Path::new("/w"),
        )
        .unwrap();
        assert_eq!(c.corpus, [PathBuf::from("/w/sources/")]);
        assert_eq!(c.checks[&Code::SourcesDisagree], CheckSetting::Off);
        assert_eq!(c.checks[&Code::Misquote], CheckSetting::On(Severity::Error));
    }

    #[test]
    fn the_corpus_is_the_nearest_sourced_toml_or_sources_folder_above_the_draft() {
        let dir = tempfile::tempdir().unwrap();
        let top = dir.path().join("desk");
        let story = top.join("story/drafts");
        std::fs::create_dir_all(&story).unwrap();
        let found = |p: &Path| Config::find_corpus(p).unwrap();
        // Nothing up to the temporary folder (whose parents hold no corpus either).
        assert!(found(&story).is_none_or(|f| !f.named_in.starts_with(dir.path())));
        std::fs::create_dir_all(top.join("sources")).unwrap();
        let f = found(&story).unwrap();
        assert_eq!(f.paths, [top.join("sources")]);
        assert!(!f.from_file());
        // A sourced.toml without a corpus is passed over; one with a corpus, nearer, wins.
        std::fs::write(
            top.join("story/sourced.toml"),
            "[checks]\nmisquote = \"off\"\n",
        )
        .unwrap();
        assert_eq!(found(&story).unwrap().paths, [top.join("sources")]);
        std::fs::write(top.join("story/sourced.toml"), "corpus = [\"notes\"]\n").unwrap();
        let f = found(&story).unwrap();
        assert_eq!(f.paths, [top.join("story/notes")]);
        assert!(f.from_file());
        // A sources folder in the draft's own folder is nearer still.
        std::fs::create_dir_all(story.join("sources")).unwrap();
        assert_eq!(found(&story).unwrap().paths, [story.join("sources")]);
        // A broken file on the way is an error, not a silent fall-back.
        std::fs::write(story.join("sourced.toml"), "corpus = [").unwrap();
        assert!(Config::find_corpus(&story).is_err());
    }

    #[test]
    fn limits_take_units() {
        let c = Config::parse(
            "[limits]\nfile-size = \"2 MiB\"\ndraft-size = 1000\n",
            Path::new("/"),
        )
        .unwrap();
        assert_eq!(c.limits.file_bytes, 2 << 20);
        assert_eq!(c.limits.draft_bytes, 1000);
        assert_eq!(parse_size("10 bytes"), Ok(10));
        assert_eq!(parse_size("1.5 KiB"), Ok(1536));
        assert!(parse_size("-3").is_err());
        let e = Config::parse("[limits]\nfile-size = \"big\"\n", Path::new("/")).unwrap_err();
        assert!(e.contains("file-size"), "{e}");
        assert_eq!(
            Config::parse("", Path::new("/")).unwrap().limits,
            Limits::default()
        );
    }

    #[test]
    fn rejects_unknown_names_clearly() {
        let e = Config::parse("[checks]\nfigures = \"off\"\n", Path::new("/")).unwrap_err();
        assert!(e.contains("unknown check `figures`"), "{e}");
        let e = Config::parse("[checks]\nmisquote = \"loud\"\n", Path::new("/")).unwrap_err();
        assert!(e.contains("loud"), "{e}");
        assert!(Config::parse("corpus = 3", Path::new("/")).is_err());
    }

    #[test]
    fn apply_switches_off_and_changes_severity() {
        let c = Config::parse(
            "[checks]\nmisquote = \"off\"\nfigure-mismatch = \"hint\"\n",
            Path::new("/"),
        )
        .unwrap();
        let f = |code| Finding {
            code,
            severity: Severity::Warning,
            range: 0..1,
            message: String::new(),
            sources: vec![],
            fixes: vec![],
        };
        let mut v = vec![f(Code::Misquote), f(Code::FigureMismatch)];
        c.apply(&mut v);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].severity, Severity::Hint);
    }
}
