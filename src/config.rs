//! `sourced.toml`: the corpus of a project and which checks run at what severity.
//!
//! ```toml
//! corpus = ["sources/"]
//! [checks]
//! sources-disagree = "off"
//! figure-mismatch = "error"
//! ```

use crate::check::{Code, Finding, Severity};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "sourced.toml";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckSetting {
    Off,
    On(Severity),
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Config {
    /// Corpus paths, resolved against the folder of the file.
    pub corpus: Vec<PathBuf>,
    pub checks: BTreeMap<Code, CheckSetting>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    corpus: Vec<String>,
    #[serde(default)]
    checks: BTreeMap<String, String>,
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
        Ok(Config {
            corpus: raw.corpus.iter().map(|p| root.join(p)).collect(),
            checks,
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
