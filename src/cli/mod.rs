//! `sourced check`: findings for files on the command line, for people (compiler-style) or for
//! programs (JSON with LSP positions). `sourced report`: the review page of one draft.

mod github;
mod human;
mod index;
mod json;
mod progress;
mod report;
mod sarif;

pub use index::{IndexArgs, run_index};

pub use report::{ReportArgs, run_report};

use crate::check::{self, Analysis, DraftFormat, Severity};
use crate::config::Limits;
use crate::config::{Config, FILE_NAME};
use crate::corpus::{Skipped, builtin};
use crate::index::{Index, store};
use crate::report::CorpusInfo;
use crate::trust;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// Compiler-style, for people.
    Human,
    /// One JSON object with LSP positions.
    Json,
    /// SARIF 2.1.0, for code-scanning services.
    Sarif,
    /// GitHub Actions workflow annotations, one line per finding.
    Github,
}

/// When to colour the human output.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// When standard output is a terminal and `NO_COLOR` is unset.
    #[default]
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to colour, given whether the output is a terminal and whether `NO_COLOR` is set
    /// (to anything but the empty string, as no-color.org asks).
    pub fn enabled(self, terminal: bool, no_color: Option<&std::ffi::OsStr>) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => terminal && no_color.is_none_or(|v| v.is_empty()),
        }
    }
}

pub struct CheckArgs {
    pub corpus: Vec<PathBuf>,
    pub format: OutputFormat,
    /// Drafts; `-` is standard input.
    pub files: Vec<PathBuf>,
    /// Whether to colour the human output (see `ColorChoice::enabled`).
    pub color: bool,
    /// Overrides of the limits in `sourced.toml`.
    pub max_file_bytes: Option<u64>,
    pub max_draft_bytes: Option<u64>,
}

/// The corpus an output names: what it is and how many documents it holds.
pub struct Corpus<'a> {
    pub description: &'a str,
    pub documents: usize,
}

impl Corpus<'_> {
    /// "the built-in articles (5 documents)".
    fn header(&self) -> String {
        format!(
            "{} ({} document{})",
            self.description,
            self.documents,
            if self.documents == 1 { "" } else { "s" }
        )
    }

    fn json(&self) -> serde_json::Value {
        serde_json::json!({"description": self.description, "documents": self.documents})
    }
}

/// A checked file: its path as given, its text and what was found.
pub struct Checked {
    pub path: PathBuf,
    pub text: String,
    pub analysis: Analysis,
}

/// The corpus a command checks against, chosen by one rule: the `--corpus` paths given, else
/// the corpus found from the drafts' folder upward (`Config::find_corpus`: the nearest
/// `sourced.toml` naming one, or `sources/` folder), else the built-in articles.
struct Chosen {
    /// Files or folders; empty for the built-in articles.
    roots: Vec<PathBuf>,
    /// Paths `sourced.toml` names outside its folder without the user's consent, with why.
    refused: Vec<Skipped>,
    /// What it is, for every output.
    description: String,
}

fn choose_corpus(paths: &[PathBuf], start: &Path) -> Result<Chosen, String> {
    if !paths.is_empty() {
        return Ok(Chosen {
            roots: paths.to_vec(),
            refused: Vec::new(),
            description: CorpusInfo::describe(paths, None),
        });
    }
    let Some(found) = Config::find_corpus(start)? else {
        return Ok(Chosen {
            roots: Vec::new(),
            refused: Vec::new(),
            description: CorpusInfo::describe(&[], None),
        });
    };
    let folder = found.named_in.parent().unwrap_or(Path::new("."));
    let refused = found
        .refused
        .iter()
        .map(|path| Skipped {
            path: path.clone(),
            reason: format!(
                "outside the folder of {FILE_NAME} and not allowed; `sourced allow` in {} allows it",
                crate::text::escape_name(&folder.display().to_string())
            ),
        })
        .collect();
    let description = if found.from_file() {
        CorpusInfo::describe(&found.paths, Some(&found.named_in.display().to_string()))
    } else {
        CorpusInfo::describe(&found.paths, None)
    };
    Ok(Chosen {
        roots: found.paths,
        refused,
        description,
    })
}

/// Indexes the chosen corpus. A large corpus is kept indexed in the user's cache and refreshed
/// where its files changed; progress shows on standard error when it is a terminal.
fn load_index(chosen: &Chosen, max_file: u64) -> Index {
    if chosen.roots.is_empty() && chosen.refused.is_empty() {
        return Index::build(builtin::builtin());
    }
    let bar = progress::Bar::new("indexing");
    let (mut index, kept) = store::load(&chosen.roots, max_file, &|p| bar.show(p));
    bar.finish();
    if let store::Kept::NotStored(why) = kept {
        eprintln!("note: the index is not kept between runs: {why}");
    }
    index.add_skipped(chosen.refused.clone());
    index
}

/// The corpus paths that gave no document: missing, or holding nothing readable. A mistyped
/// folder beside a good one must not pass unnoticed.
fn empty_roots(index: &Index, roots: &[PathBuf]) -> Vec<String> {
    roots
        .iter()
        .filter(|root| {
            // Documents are named by absolute paths.
            let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
            !index.documents().iter().any(|d| d.path.starts_with(&root))
        })
        .map(|root| {
            let why = if std::fs::symlink_metadata(root).is_err() {
                "no such file or folder"
            } else {
                "no readable document"
            };
            format!("corpus {}: {why}", shown(root))
        })
        .collect()
}

/// The name a draft is shown by.
fn shown(path: &Path) -> String {
    crate::text::escape_name(&path.display().to_string())
}

/// The project's configuration and the indexed corpus a command checks against.
struct Setup {
    config: Option<Config>,
    limits: Limits,
    index: Index,
    corpus: CorpusInfo,
    /// What the corpus is, shown with every output: its paths or the built-in articles.
    label: String,
}

/// The folder the corpus and `sourced.toml` are looked for from: the first draft's, else (for
/// standard input) the current one.
fn drafts_folder(drafts: &[PathBuf]) -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_default();
    drafts
        .iter()
        .find(|d| d.as_os_str() != "-")
        .and_then(|d| std::path::absolute(d).ok())
        .and_then(|d| d.parent().map(Path::to_path_buf))
        .unwrap_or(cwd)
}

/// Reads `sourced.toml`, loads the corpus (naming skipped files on standard error) and indexes
/// it; on failure, the exit code. Both are looked for from the drafts' folder upward; the
/// limits given override those of `sourced.toml`.
fn setup(
    corpus_paths: &[PathBuf],
    drafts: &[PathBuf],
    max_file_bytes: Option<u64>,
    max_draft_bytes: Option<u64>,
) -> Result<Setup, i32> {
    let stderr = std::io::stderr();
    let start = drafts_folder(drafts);
    let fail = |e: String| {
        let _ = writeln!(stderr.lock(), "error: {}", crate::text::escape_name(&e));
        2
    };
    let config = Config::discover(&start).map_err(fail)?;
    let chosen = choose_corpus(corpus_paths, &start).map_err(fail)?;
    let mut limits = config.as_ref().map(|c| c.limits).unwrap_or_default();
    limits.file_bytes = max_file_bytes.unwrap_or(limits.file_bytes);
    limits.draft_bytes = max_draft_bytes.unwrap_or(limits.draft_bytes);
    let index = load_index(&chosen, limits.file_bytes);
    let roots = &chosen.roots;
    for s in &index.corpus().skipped {
        let _ = writeln!(
            stderr.lock(),
            "warning: skipped {}: {}",
            shown(&s.path),
            s.reason
        );
    }
    if index.documents().is_empty() {
        let _ = writeln!(stderr.lock(), "error: the corpus has no readable documents");
        return Err(2);
    }
    let empty = empty_roots(&index, roots);
    for e in &empty {
        let _ = writeln!(stderr.lock(), "error: {e}");
    }
    if !empty.is_empty() {
        return Err(2);
    }
    let info = CorpusInfo {
        description: chosen.description.clone(),
        indexed: SystemTime::now(),
    };
    let label = if roots.is_empty() {
        "the built-in articles".to_string()
    } else {
        crate::text::escape_name(&info.description)
    };
    Ok(Setup {
        config,
        limits,
        index,
        corpus: info,
        label,
    })
}

/// Reads a draft (or standard input for `-`) within the size limit.
fn read_draft(path: &Path, limit: u64) -> Result<String, String> {
    let bytes = if path == Path::new("-") {
        crate::files::read_limited(std::io::stdin().lock(), limit)
    } else {
        crate::files::read_named(path, limit)
    };
    let bytes = bytes.map_err(|e| e.to_string())?;
    if bytes.is_empty() {
        return Ok(String::new());
    }
    crate::corpus::decode(bytes)
}

/// How a draft is read: standard input as Markdown, the usual form of a draft.
fn format_of(path: &Path) -> DraftFormat {
    if path == Path::new("-") {
        DraftFormat::Markdown
    } else {
        DraftFormat::of_path(path)
    }
}

/// Checks a draft with the project's check settings applied.
fn analyse(setup: &Setup, path: &Path, text: &str) -> Analysis {
    let mut analysis = check::analyse(&setup.index, text, format_of(path));
    if let Some(c) = &setup.config {
        c.apply(&mut analysis.findings);
    }
    analysis
}

/// Runs `sourced check`; returns the process exit code.
pub fn run_check(args: CheckArgs) -> i32 {
    let stderr = std::io::stderr();
    let setup = match setup(
        &args.corpus,
        &args.files,
        args.max_file_bytes,
        args.max_draft_bytes,
    ) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let index = &setup.index;
    let mut checked = Vec::new();
    let mut io_error = false;
    for path in &args.files {
        let text = match read_draft(path, setup.limits.draft_bytes) {
            Ok(t) => t,
            Err(e) => {
                let _ = writeln!(stderr.lock(), "error: {}: {e}", shown(path));
                io_error = true;
                continue;
            }
        };
        let analysis = analyse(&setup, path, &text);
        checked.push(Checked {
            path: if path == Path::new("-") {
                PathBuf::from("<stdin>")
            } else {
                path.clone()
            },
            text,
            analysis,
        });
    }
    let corpus = Corpus {
        description: &setup.label,
        documents: index.documents().len(),
    };
    if matches!(args.format, OutputFormat::Human | OutputFormat::Github) {
        let _ = writeln!(stderr.lock(), "checking against: {}", corpus.header());
    }
    let out = match args.format {
        OutputFormat::Human => human::render(index, &checked, args.color),
        OutputFormat::Json => json::render(index, &checked, &corpus),
        OutputFormat::Sarif => sarif::render(index, &checked, &corpus),
        OutputFormat::Github => github::render(&checked),
    };
    let mut stdout = std::io::stdout().lock();
    if stdout.write_all(out.as_bytes()).is_err() {
        return 2;
    }
    if io_error {
        return 2;
    }
    let warned = checked.iter().any(|c| {
        c.analysis
            .findings
            .iter()
            .any(|f| matches!(f.severity, Severity::Error | Severity::Warning))
    });
    i32::from(warned)
}

/// Runs `sourced allow`: lets the `sourced.toml` of a folder (or the nearest above it) read the
/// corpus paths it names outside its folder. Returns the process exit code.
pub fn run_allow(dir: Option<PathBuf>) -> i32 {
    let start = dir.unwrap_or_else(|| std::env::current_dir().unwrap_or_default());
    let config = match Config::discover(&start) {
        Ok(Some(c)) => c,
        Ok(None) => {
            eprintln!(
                "error: no {} in {} or above",
                crate::config::FILE_NAME,
                shown(&start)
            );
            return 2;
        }
        Err(e) => {
            eprintln!("error: {}", crate::text::escape_name(&e));
            return 2;
        }
    };
    let outside = trust::screen(&config).refused;
    if outside.is_empty() {
        println!(
            "{} names no path outside {} that is not allowed yet",
            crate::config::FILE_NAME,
            shown(&config.root)
        );
        return 0;
    }
    match trust::allow(&config, &outside) {
        Ok(store) => {
            for p in &outside {
                println!("allowed {}", shown(p));
            }
            println!("(kept in {})", shown(&store));
            0
        }
        Err(e) => {
            eprintln!("error: {e}");
            2
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ColorChoice;
    use std::ffi::OsStr;

    #[test]
    fn color_follows_the_terminal_and_no_color_unless_forced() {
        let set = Some(OsStr::new("1"));
        assert!(ColorChoice::Auto.enabled(true, None));
        assert!(!ColorChoice::Auto.enabled(true, set));
        assert!(ColorChoice::Auto.enabled(true, Some(OsStr::new(""))));
        assert!(!ColorChoice::Auto.enabled(false, None));
        assert!(ColorChoice::Always.enabled(false, set));
        assert!(!ColorChoice::Never.enabled(true, None));
    }
}
