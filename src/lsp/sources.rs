//! Which corpus the server checks against, and the settings that choose it.
//!
//! First match wins: `initializationOptions.corpus`, the `sourced` settings section (`corpus`),
//! then the rule `sourced check` follows (`Config::find_corpus`): from the folder of the draft
//! last opened (else the workspace root) upward, the nearest `sourced.toml` naming a corpus or
//! `sources/` folder; else the built-in articles. Relative paths resolve against the workspace
//! root.

use crate::check::{Code, Severity};
use crate::config::{CheckSetting, Config};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Settings as the client gives them (initialization options or the `sourced` section).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Settings {
    pub corpus: Option<Vec<String>>,
    pub checks: BTreeMap<String, String>,
}

impl Settings {
    /// Reads `{"corpus": [..] | "path", "checks": {"code": "off" | severity}}`; anything else is
    /// ignored.
    pub fn from_json(v: &Value) -> Settings {
        let corpus = match v.get("corpus") {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(vec![s.clone()]),
            Some(Value::Array(a)) => {
                let list: Vec<String> = a
                    .iter()
                    .filter_map(|x| x.as_str())
                    .filter(|s| !s.trim().is_empty())
                    .map(str::to_string)
                    .collect();
                (!list.is_empty()).then_some(list)
            }
            _ => None,
        };
        let checks = v
            .get("checks")
            .and_then(Value::as_object)
            .map(|m| {
                m.iter()
                    .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
                    .collect()
            })
            .unwrap_or_default();
        Settings { corpus, checks }
    }
}

/// Where the corpus came from, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    InitializationOptions,
    Settings,
    ConfigFile,
    SourcesFolder,
    Builtin,
}

impl Origin {
    pub fn describe(self) -> &'static str {
        match self {
            Origin::InitializationOptions => "initialization options",
            Origin::Settings => "the sourced settings",
            Origin::ConfigFile => "sourced.toml",
            Origin::SourcesFolder => "a sources folder",
            Origin::Builtin => "the built-in articles",
        }
    }
}

/// The corpus to load and the check settings to apply.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Files or folders; empty for the built-in corpus.
    pub paths: Vec<PathBuf>,
    pub origin: Origin,
    pub checks: Config,
    /// Problems worth telling the writer (a broken sourced.toml, unknown check names).
    pub warnings: Vec<String>,
    /// Paths sourced.toml names outside its folder that the user has not allowed (left out of
    /// `paths`).
    pub refused: Vec<PathBuf>,
}

impl Plan {
    /// Whether two plans read the same corpus (the checks may differ).
    pub fn same_corpus(&self, other: &Plan) -> bool {
        self.paths == other.paths && self.origin == other.origin
    }
}

fn resolve(root: Option<&Path>, p: &str) -> PathBuf {
    let p = p.trim();
    let path = match (p.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(p),
    };
    if path.is_absolute() {
        return path;
    }
    match root {
        Some(r) => r.join(path),
        None => std::path::absolute(&path).unwrap_or(path),
    }
}

fn apply_checks(
    config: &mut Config,
    checks: &BTreeMap<String, String>,
    warnings: &mut Vec<String>,
) {
    for (name, value) in checks {
        let Some(code) = Code::parse(name) else {
            warnings.push(format!("unknown check `{name}` in the settings"));
            continue;
        };
        let setting = if value.trim() == "off" {
            CheckSetting::Off
        } else if let Some(s) = Severity::parse(value) {
            CheckSetting::On(s)
        } else {
            warnings.push(format!(
                "`{name}`: expected off, error, warning, information or hint"
            ));
            continue;
        };
        config.checks.insert(code, setting);
    }
}

/// Decides the corpus and checks for drafts in `start` (the folder of the draft opened last,
/// else the workspace root) of the workspace at `root`.
pub fn plan(
    root: Option<&Path>,
    start: Option<&Path>,
    init: &Settings,
    settings: &Settings,
) -> Plan {
    let mut warnings = Vec::new();
    let start = start.or(root);
    let file = match start.map(Config::discover) {
        Some(Ok(c)) => c,
        Some(Err(e)) => {
            warnings.push(e);
            None
        }
        None => None,
    };
    let mut checks = Config {
        corpus: Vec::new(),
        checks: file.as_ref().map(|c| c.checks.clone()).unwrap_or_default(),
        limits: file.as_ref().map(|c| c.limits).unwrap_or_default(),
        root: root.map(Path::to_path_buf).unwrap_or_default(),
    };
    let mut refused = Vec::new();
    apply_checks(&mut checks, &init.checks, &mut warnings);
    apply_checks(&mut checks, &settings.checks, &mut warnings);

    let mut found = || match start.map(Config::find_corpus) {
        Some(Ok(found)) => found,
        // Already said with the checks' file, when it is the same one.
        Some(Err(e)) => {
            if !warnings.contains(&e) {
                warnings.push(e);
            }
            None
        }
        None => None,
    };
    let (paths, origin) = if let Some(c) = &init.corpus {
        (
            c.iter().map(|p| resolve(root, p)).collect(),
            Origin::InitializationOptions,
        )
    } else if let Some(c) = &settings.corpus {
        (
            c.iter().map(|p| resolve(root, p)).collect(),
            Origin::Settings,
        )
    } else if let Some(f) = found() {
        refused = f.refused.clone();
        let origin = if f.from_file() {
            Origin::ConfigFile
        } else {
            Origin::SourcesFolder
        };
        (f.paths, origin)
    } else {
        (Vec::new(), Origin::Builtin)
    };
    Plan {
        paths,
        origin,
        checks,
        warnings,
        refused,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn first_match_wins() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let none = Settings::default();
        assert_eq!(plan(Some(root), None, &none, &none).origin, Origin::Builtin);
        std::fs::create_dir(root.join("sources")).unwrap();
        let p = plan(Some(root), None, &none, &none);
        assert_eq!(
            (p.origin, p.paths),
            (Origin::SourcesFolder, vec![root.join("sources")])
        );
        // A draft in a story folder with its own sources is checked against them.
        let story = root.join("story");
        std::fs::create_dir_all(story.join("sources")).unwrap();
        let p = plan(Some(root), Some(&story), &none, &none);
        assert_eq!(p.paths, vec![story.join("sources")]);
        std::fs::write(
            root.join("sourced.toml"),
            "corpus = [\"lib\"]\n[checks]\nmisquote = \"off\"\n",
        )
        .unwrap();
        let p = plan(Some(root), None, &none, &none);
        assert_eq!(
            (p.origin, p.paths),
            (Origin::ConfigFile, vec![root.join("lib")])
        );
        assert_eq!(p.checks.checks[&Code::Misquote], CheckSetting::Off);
        let s = Settings::from_json(&json!({"corpus": "a", "checks": {"misquote": "error"}}));
        let p = plan(Some(root), None, &none, &s);
        assert_eq!(
            (p.origin, p.paths.clone()),
            (Origin::Settings, vec![root.join("a")])
        );
        assert_eq!(
            p.checks.checks[&Code::Misquote],
            CheckSetting::On(Severity::Error)
        );
        let i = Settings::from_json(&json!({"corpus": ["/abs/b"]}));
        let p = plan(Some(root), None, &i, &s);
        assert_eq!(
            (p.origin, p.paths),
            (Origin::InitializationOptions, vec![PathBuf::from("/abs/b")])
        );
    }
}
