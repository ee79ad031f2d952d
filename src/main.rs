use clap::{Parser, Subcommand};
use sourced::cli::{self, CheckArgs, OutputFormat, ReportArgs};
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
    Check {
        /// A corpus file or folder (repeatable); without it, the built-in articles.
        #[arg(long = "corpus", value_name = "PATH")]
        corpus: Vec<PathBuf>,
        /// Output for people (human) or programs (json).
        #[arg(long, value_enum, default_value = "human")]
        format: OutputFormat,
        /// Drafts to check (Markdown or plain text).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Write the review page of a draft: one self-contained HTML file with every quotation and
    /// figure marked by verdict and the source passages behind them.
    Report {
        /// A corpus file or folder (repeatable); without it, the built-in articles.
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
    /// Run the language server on standard input and output.
    Lsp {
        /// Accepted for editors that pass it; stdio is the only transport.
        #[arg(long)]
        stdio: bool,
    },
}

fn main() {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Check {
            corpus,
            format,
            files,
        } => cli::run_check(CheckArgs {
            corpus,
            format,
            files,
            color: std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
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
        Command::Lsp { stdio: _ } => sourced::lsp::run(),
    };
    std::process::exit(code);
}
