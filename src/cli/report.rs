//! `sourced report`: the review page of a draft, written to a file (or standard output).

use super::{analyse, read_draft, setup, shown};
use crate::check::DraftFormat;
use crate::report::{self, Kind, Verdict};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

pub struct ReportArgs {
    pub corpus: Vec<PathBuf>,
    pub draft: PathBuf,
    /// Where to write the page; `-` for standard output; by default beside the draft.
    pub output: Option<PathBuf>,
}

/// The default page for a draft: `piece.md` → `piece.report.html` in the same folder.
pub fn default_output(draft: &Path) -> PathBuf {
    let stem = draft
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "draft".into());
    draft.with_file_name(format!("{stem}.report.html"))
}

/// Runs `sourced report`; returns the process exit code (0 when the page was written).
pub fn run_report(args: ReportArgs) -> i32 {
    let stderr = std::io::stderr();
    let setup = match setup(&args.corpus, std::slice::from_ref(&args.draft), None, None) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let text = match read_draft(&args.draft, setup.limits.draft_bytes) {
        Ok(t) => t,
        Err(e) => {
            let _ = writeln!(stderr.lock(), "error: {}: {e}", shown(&args.draft));
            return 2;
        }
    };
    let analysis = analyse(&setup, &args.draft, &text);
    let name = args.draft.display().to_string();
    let page = report::render(&report::Report {
        name: &name,
        text: &text,
        format: DraftFormat::of_path(&args.draft),
        analysis: &analysis,
        index: &setup.index,
        corpus: &setup.corpus,
        generated: SystemTime::now(),
    });
    let report::Rendered { html, marks } = match page {
        Ok(p) => p,
        Err(e) => {
            let _ = writeln!(stderr.lock(), "error: could not build the page: {e}");
            return 2;
        }
    };
    let output = args.output.unwrap_or_else(|| default_output(&args.draft));
    if output.as_os_str() == "-" {
        let mut stdout = std::io::stdout().lock();
        return if stdout.write_all(html.as_bytes()).is_ok() {
            0
        } else {
            2
        };
    }
    if let Err(e) = std::fs::write(&output, &html) {
        let _ = writeln!(stderr.lock(), "error: {}: {e}", output.display());
        return 2;
    }
    let counts: Vec<String> = Verdict::ALL
        .iter()
        .map(|&v| {
            let n = marks.count(Kind::Quotation, v) + marks.count(Kind::Figure, v);
            format!("{n} {}", v.as_str().replace('-', " "))
        })
        .collect();
    let _ = writeln!(
        stderr.lock(),
        "wrote {} ({} marks: {})",
        output.display(),
        marks.marks.len(),
        counts.join(", ")
    );
    0
}
