use clap::{Parser, Subcommand};
use sourced::cli::{self, CheckArgs, ColorChoice, IndexArgs, OutputFormat, ReportArgs};
use std::io::IsTerminal;
use std::path::PathBuf;

/// Checks the quotations and figures of a draft against its sources.
#[derive(Parser)]
#[command(name = "sourced", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check drafts and print the findings.
    #[command(after_help = "Exit status:\n  \
        0  nothing to report (no finding of warning or error severity)\n  \
        1  findings of warning or error severity\n  \
        2  usage or I/O error: a bad option, an unreadable draft, a corpus path that is missing \
        or holds no readable document")]
    Check {
        /// A corpus file or folder (repeatable); without it, the nearest sourced.toml naming a
        /// corpus or sources/ folder from the draft's folder upward, else the built-in articles.
        #[arg(long = "corpus", value_name = "PATH")]
        corpus: Vec<PathBuf>,
        /// Output for people (human), programs (json), code scanning (sarif) or GitHub Actions
        /// annotations (github).
        #[arg(long, value_enum, default_value = "human")]
        format: OutputFormat,
        /// Colour the human output: auto (when standard output is a terminal and NO_COLOR is
        /// unset), always or never.
        #[arg(long, value_enum, value_name = "WHEN", default_value = "auto")]
        color: ColorChoice,
        /// Skip corpus files larger than this (e.g. 64MiB; default: sourced.toml, else 64 MiB).
        #[arg(long, value_name = "SIZE", value_parser = parse_size)]
        max_file_size: Option<u64>,
        /// Refuse drafts larger than this (e.g. 4MiB; default: sourced.toml, else 4 MiB).
        #[arg(long, value_name = "SIZE", value_parser = parse_size)]
        max_draft_size: Option<u64>,
        /// Drafts to check (Markdown or plain text); `-` reads standard input (as Markdown).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Write the review page of a draft: one self-contained HTML file with every quotation and
    /// figure marked by verdict and the source passages behind them.
    Report {
        /// A corpus file or folder (repeatable); without it, the nearest sourced.toml naming a
        /// corpus or sources/ folder from the draft's folder upward, else the built-in articles.
        #[arg(long = "corpus", value_name = "PATH")]
        corpus: Vec<PathBuf>,
        /// Where to write the page (`-` for standard output); by default DRAFT.report.html beside
        /// the draft.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// The draft (Markdown or plain text).
        #[arg(value_name = "DRAFT")]
        draft: PathBuf,
    },
    /// Build or refresh the kept index of a corpus ahead of time (a large archive), or say what
    /// is indexed.
    Index {
        /// Corpus files or folders; without them, the nearest sourced.toml naming a corpus or
        /// sources/ folder from the current folder upward.
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Say what is indexed, where and how old, without reading the corpus.
        #[arg(long)]
        status: bool,
        /// Skip corpus files larger than this (e.g. 64MiB; default: sourced.toml, else 64 MiB).
        #[arg(long, value_name = "SIZE", value_parser = parse_size)]
        max_file_size: Option<u64>,
    },
    /// Run the language server on standard input and output.
    Lsp {
        /// Accepted for editors that pass it; stdio is the only transport.
        #[arg(long)]
        stdio: bool,
        /// Refuse protocol messages larger than this (e.g. 64MiB).
        #[arg(long, value_name = "SIZE", value_parser = parse_size, default_value_t = sourced::lsp::DEFAULT_MAX_MESSAGE_BYTES as u64)]
        max_message_size: u64,
    },
    /// Let the sourced.toml of this folder (or the nearest above) read the corpus paths it names
    /// outside its folder.
    Allow {
        /// The folder (default: the current one).
        #[arg(value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

fn parse_size(s: &str) -> Result<u64, String> {
    sourced::config::parse_size(s)
}

fn main() {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Check {
            corpus,
            format,
            color,
            max_file_size,
            max_draft_size,
            files,
        } => cli::run_check(CheckArgs {
            corpus,
            format,
            files,
            color: color.enabled(
                std::io::stdout().is_terminal(),
                std::env::var_os("NO_COLOR").as_deref(),
            ),
            max_file_bytes: max_file_size,
            max_draft_bytes: max_draft_size,
        }),
        Command::Report {
            corpus,
            output,
            draft,
        } => cli::run_report(ReportArgs {
            corpus,
            draft,
            output,
        }),
        Command::Index {
            paths,
            status,
            max_file_size,
        } => cli::run_index(IndexArgs {
            paths,
            status,
            max_file_bytes: max_file_size,
        }),
        Command::Lsp {
            stdio: _,
            max_message_size,
        } => sourced::lsp::run(usize::try_from(max_message_size).unwrap_or(usize::MAX)),
        Command::Allow { dir } => cli::run_allow(dir),
    };
    std::process::exit(code);
}
