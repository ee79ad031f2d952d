//! Real-world sources: a saved news page is read for its article alone, and findings point at the
//! line of the page where the source sentence is.

use serde_json::Value;
use std::path::Path;
use std::process::Command;

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
    let out = Command::new(env!("CARGO_BIN_EXE_sourced"))
        .args(["check", "--format", "json", "--corpus", "src", "draft.md"])
        .current_dir(d)
        .env("XDG_CACHE_HOME", d.join(".cache"))
        .output()
        .unwrap();
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
