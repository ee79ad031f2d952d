//! `sourced check`: findings for files on the command line, for people (compiler-style) or for
//! programs (JSON with LSP positions). `sourced report`: the review page of one draft.

mod human;
mod json;
mod report;

pub use report::{ReportArgs, run_report};

use crate::check::{self, Analysis, DraftFormat, Severity};
use crate::config::{Config, FILE_NAME};
use crate::corpus::{Corpus, builtin};
use crate::index::Index;
use crate::report::CorpusInfo;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    Human,
    Json,
}

pub struct CheckArgs {
    pub corpus: Vec<PathBuf>,
    pub format: OutputFormat,
    pub files: Vec<PathBuf>,
    pub color: bool,
}

/// A checked file: its path as given, its text and what was found.
pub struct Checked {
    pub path: PathBuf,
    pub text: String,
    pub analysis: Analysis,
}

/// Loads the corpus the command line asks for: the given paths, else the one `sourced.toml`
/// names, else the built-in articles.
pub fn load_corpus(paths: &[PathBuf], config: Option<&Config>) -> Corpus {
    if !paths.is_empty() {
        return Corpus::load(paths);
    }
    match config {
        Some(c) if !c.corpus.is_empty() => Corpus::load(&c.corpus),
        _ => builtin::builtin(),
    }
}

/// What the corpus is, for the review page: the same choice as `load_corpus`.
fn describe_corpus(paths: &[PathBuf], config: Option<&Config>) -> String {
    if !paths.is_empty() {
        return CorpusInfo::describe(paths, None);
    }
    match config {
        Some(c) if !c.corpus.is_empty() => CorpusInfo::describe(&c.corpus, Some(FILE_NAME)),
        _ => CorpusInfo::describe(&[], None),
    }
}

/// The project's configuration and the indexed corpus a command checks against.
struct Setup {
    config: Option<Config>,
    index: Index,
    corpus: CorpusInfo,
}

/// Reads `sourced.toml`, loads the corpus (naming skipped files on standard error) and indexes
/// it; on failure, the exit code.
fn setup(corpus_paths: &[PathBuf]) -> Result<Setup, i32> {
    let stderr = std::io::stderr();
    let cwd = std::env::current_dir().unwrap_or_default();
    let config = match Config::discover(&cwd) {
        Ok(c) => c,
        Err(e) => {
            let _ = writeln!(stderr.lock(), "error: {e}");
            return Err(2);
        }
    };
    let corpus = load_corpus(corpus_paths, config.as_ref());
    for s in &corpus.skipped {
        let _ = writeln!(
            stderr.lock(),
            "warning: skipped {}: {}",
            s.path.display(),
            s.reason
        );
    }
    if corpus.documents.is_empty() {
        let _ = writeln!(stderr.lock(), "error: the corpus has no readable documents");
        return Err(2);
    }
    let info = CorpusInfo {
        description: describe_corpus(corpus_paths, config.as_ref()),
        indexed: SystemTime::now(),
    };
    Ok(Setup {
        config,
        index: Index::build(corpus),
        corpus: info,
    })
}

/// A draft's text, or the message saying why it cannot be read.
fn read_draft(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "{}: not valid UTF-8 (at byte {})",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })
}

/// Checks a draft with the project's check settings applied.
fn analyse(setup: &Setup, path: &Path, text: &str) -> Analysis {
    let mut analysis = check::analyse(&setup.index, text, DraftFormat::of_path(path));
    if let Some(c) = &setup.config {
        c.apply(&mut analysis.findings);
    }
    analysis
}

/// Runs `sourced check`; returns the process exit code.
pub fn run_check(args: CheckArgs) -> i32 {
    let stderr = std::io::stderr();
    let setup = match setup(&args.corpus) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let index = &setup.index;
    let mut checked = Vec::new();
    let mut io_error = false;
    for path in &args.files {
        let text = match read_draft(path) {
            Ok(t) => t,
            Err(e) => {
                let _ = writeln!(stderr.lock(), "error: {e}");
                io_error = true;
                continue;
            }
        };
        let analysis = analyse(&setup, path, &text);
        checked.push(Checked {
            path: path.clone(),
            text,
            analysis,
        });
    }
    let out = match args.format {
        OutputFormat::Human => human::render(index, &checked, args.color),
        OutputFormat::Json => json::render(index, &checked),
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
