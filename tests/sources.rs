//! Real-world sources: a saved news page is read for its article alone, and findings point at the
//! line of the page where the source sentence is.

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

/// Runs `sourced check` with these arguments in `dir`, with a cache of its own.
fn check(args: &[&std::ffi::OsStr], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sourced"))
        .arg("check")
        .args(args)
        .current_dir(dir)
        .env("XDG_CACHE_HOME", dir.join(".cache"))
        .output()
        .unwrap()
}

fn os(s: &str) -> &std::ffi::OsStr {
    s.as_ref()
}

#[test]
fn a_saved_page_is_checked_by_its_article_and_located_on_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let page = include_str!("pages/saved-news.html");
    std::fs::create_dir(d.join("src")).unwrap();
    std::fs::write(d.join("src/courier.html"), page).unwrap();
    let draft = "The CDC counted 75,702 deaths linked to synthetic opioids in 2023.\n\n\
“We are seeing the first real signs that expanded treatment is saving lives,” said Dr. Alan Reyes.\n\n\
The newsroom says it uses cookies to improve your experience.\n";
    std::fs::write(d.join("draft.md"), draft).unwrap();
    let out = check(
        &["--format", "json", "--corpus", "src", "draft.md"].map(os),
        d,
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    let diags = v["files"][0]["diagnostics"].as_array().unwrap();
    let codes: Vec<&str> = diags.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert!(codes.contains(&"figure-mismatch"), "{diags:#?}");
    assert!(codes.contains(&"misquote"), "{diags:#?}");
    // The cookie banner is not a source: nothing is said about the third paragraph.
    assert!(
        diags.iter().all(|d| d["range"]["start"]["line"] != 4),
        "{diags:#?}"
    );
    let line_of = |needle: &str| page.lines().position(|l| l.contains(needle)).unwrap() as u64;
    for d in diags {
        let src = &d["sources"][0];
        assert!(src["path"].as_str().unwrap().ends_with("courier.html"));
        let line = src["range"]["start"]["line"].as_u64().unwrap();
        let text = src["text"].as_str().unwrap();
        let opening: Vec<&str> = text.split_whitespace().take(3).collect();
        let want = if text.starts_with('“') {
            line_of("&ldquo;We are seeing")
        } else {
            line_of(&opening.join(" "))
        };
        assert_eq!(line, want, "{text}");
    }
    assert!(Path::new(&d.join("src/courier.html")).exists());
}

const REPORT_DRAFT: &str = "The county recorded 421 overdose deaths in 2023.\n\n\
“Every clinic we open is a door that stays open all night,” said Dr. Ruth Okafor.\n";

#[test]
fn a_pdf_report_is_read_with_its_pages() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("draft.md"), REPORT_DRAFT).unwrap();
    let report = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pages/county-report.pdf");
    let out = check(
        &[
            os("--format"),
            os("json"),
            os("--corpus"),
            report.as_os_str(),
            os("draft.md"),
        ],
        d,
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    let found: Vec<(String, u64)> = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["sources"][0]["page"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("figure-mismatch".to_string(), 2),
            ("misquote".to_string(), 3)
        ],
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // People read the page.
    let human = check(&[os("--corpus"), report.as_os_str(), os("draft.md")], d);
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(text.contains("county-report.pdf, page 2"), "{text}");

    // A file that says it is a PDF and is not one is skipped by name.
    std::fs::write(d.join("broken.pdf"), "%PDF-1.7 not really").unwrap();
    let out = check(
        &[
            os("--corpus"),
            os("broken.pdf"),
            os("--corpus"),
            report.as_os_str(),
            os("draft.md"),
        ],
        d,
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("broken.pdf: not a readable PDF"), "{err}");
}

/// Found by fuzzing: bytes on which the PDF reader panics are a file that cannot be read.
#[test]
fn a_pdf_that_breaks_the_reader_is_skipped_by_name() {
    let bytes = include_bytes!("pages/breaks-pdf-reader.bin");
    let e = sourced::corpus::Document::from_pdf("x.pdf".into(), bytes).unwrap_err();
    assert!(e.contains("not a readable PDF"), "{e}");
}

/// Found by fuzzing: a PDF on which the reader never finishes is skipped after its time, and
/// not tried again.
#[test]
fn a_pdf_that_hangs_the_reader_is_given_up_on() {
    let bytes = include_bytes!("pages/hangs-pdf-reader.bin").to_vec();
    let limit = std::time::Duration::from_secs(2);
    let started = std::time::Instant::now();
    let e = sourced::corpus::Document::from_pdf_within("x.pdf".into(), bytes.clone(), limit)
        .unwrap_err();
    assert!(e.contains("did not finish within 2 s"), "{e}");
    let again =
        sourced::corpus::Document::from_pdf_within("x.pdf".into(), bytes, limit).unwrap_err();
    assert!(again.contains("before"), "{again}");
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}
