use clap::{Parser, Subcommand};
use sourced::cli::{self, CheckArgs, OutputFormat};
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
        Command::Lsp { stdio: _ } => sourced::lsp::run(),
    };
    std::process::exit(code);
}
