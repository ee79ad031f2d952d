//! `sourced check`: findings for files on the command line, for people (compiler-style) or for
//! programs (JSON with LSP positions).

mod human;
mod json;

use crate::check::{self, Analysis, DraftFormat, Severity};
use crate::config::Config;
use crate::corpus::{Corpus, builtin};
use crate::index::Index;
use std::io::Write;
use std::path::PathBuf;

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

/// Runs `sourced check`; returns the process exit code.
pub fn run_check(args: CheckArgs) -> i32 {
    let stderr = std::io::stderr();
    let cwd = std::env::current_dir().unwrap_or_default();
    let config = match Config::discover(&cwd) {
        Ok(c) => c,
        Err(e) => {
            let _ = writeln!(stderr.lock(), "error: {e}");
            return 2;
        }
    };
    let corpus = load_corpus(&args.corpus, config.as_ref());
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
        return 2;
    }
    let index = Index::build(corpus);
    let mut checked = Vec::new();
    let mut io_error = false;
    for path in &args.files {
        let text = match std::fs::read(path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(t) => t,
                Err(e) => {
                    let _ = writeln!(
                        stderr.lock(),
                        "error: {}: not valid UTF-8 (at byte {})",
                        path.display(),
                        e.utf8_error().valid_up_to()
                    );
                    io_error = true;
                    continue;
                }
            },
            Err(e) => {
                let _ = writeln!(stderr.lock(), "error: {}: {e}", path.display());
                io_error = true;
                continue;
            }
        };
        let mut analysis = check::analyse(&index, &text, DraftFormat::of_path(path));
        if let Some(c) = &config {
            c.apply(&mut analysis.findings);
        }
        checked.push(Checked {
            path: path.clone(),
            text,
            analysis,
        });
    }
    let out = match args.format {
        OutputFormat::Human => human::render(&index, &checked, args.color),
        OutputFormat::Json => json::render(&index, &checked),
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
