//! `sourced report` as users run it: the page marks every finding of `sourced check` with its
//! verdict, shows the source passages, escapes whatever drafts and sources hold, and stays small
//! for long drafts.

#[path = "../benches/common/mod.rs"]
mod common;

use regex::Regex;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the binary in `cwd` with its own cache folder for the built-in articles.
fn run(cwd: &Path, cache: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sourced"))
        .args(args)
        .current_dir(cwd)
        .env("XDG_CACHE_HOME", cache)
        .output()
        .expect("run sourced")
}

/// Runs the binary and expects success.
fn run_ok(cwd: &Path, cache: &Path, args: &[&str]) -> Output {
    let out = run(cwd, cache, args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The report of the example draft (planted errors, built-in corpus), on standard output.
fn example_page() -> String {
    let cache = tempfile::tempdir().unwrap();
    let out = run_ok(
        &root(),
        cache.path(),
        &["report", "examples/draft.md", "-o", "-"],
    );
    String::from_utf8(out.stdout).unwrap()
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&#60;", "<")
        .replace("&#62;", ">")
        .replace("&#38;", "&")
        .replace("&amp;", "&")
}

/// A mark of the draft as the page shows it: verdict, kind, and its words (fragments joined).
#[derive(Debug, Default)]
struct PageMark {
    verdict: String,
    kind: String,
    words: String,
    source_value: Option<String>,
}

/// The marks of the draft, by id, read off the `<mark data-m>` fragments.
fn page_marks(html: &str) -> BTreeMap<usize, PageMark> {
    let start = html
        .find("<article class=\"draft\"")
        .expect("draft article");
    let end = html[start..].find("</article>").unwrap() + start;
    let token = Regex::new(r"<mark ([^>]*)>|</mark>|<span class=.source-value. data-m=.(\d+).>([^<]*)</span>|<[^>]*>|[^<]+").unwrap();
    let attr = |attrs: &str, name: &str| {
        Regex::new(&format!("{name}=\"([^\"]*)\""))
            .unwrap()
            .captures(attrs)
            .map(|c| c[1].to_string())
    };
    let mut marks: BTreeMap<usize, PageMark> = BTreeMap::new();
    let mut stack: Vec<Option<usize>> = Vec::new();
    for t in token.captures_iter(&html[start..end]) {
        let whole = &t[0];
        if let Some(attrs) = t.get(1) {
            let id = attr(attrs.as_str(), "data-m").map(|s| s.parse().unwrap());
            if let Some(id) = id {
                let m = marks.entry(id).or_default();
                m.verdict = attr(attrs.as_str(), "data-verdict").unwrap();
                m.kind = attr(attrs.as_str(), "data-kind").unwrap();
            }
            stack.push(id);
        } else if whole == "</mark>" {
            stack.pop();
        } else if let Some(id) = t.get(2) {
            let m = marks.entry(id.as_str().parse().unwrap()).or_default();
            m.source_value = Some(unescape(&t[3]));
        } else if !whole.starts_with('<') {
            for id in stack.iter().flatten() {
                marks.get_mut(id).unwrap().words.push_str(&unescape(whole));
            }
        }
    }
    marks
}

/// A detail section of the side panel: verdict and inner HTML, by mark id.
fn details(html: &str) -> BTreeMap<usize, (String, String)> {
    let re = Regex::new(r#"(?s)<section class="detail[^"]*" data-m="(\d+)" data-verdict="([^"]+)"[^>]*>(.*?)</section>"#).unwrap();
    re.captures_iter(html)
        .map(|c| (c[1].parse().unwrap(), (c[2].to_string(), c[3].to_string())))
        .collect()
}

fn mark_with<'a>(marks: &'a BTreeMap<usize, PageMark>, words: &str) -> (usize, &'a PageMark) {
    marks
        .iter()
        .find(|(_, m)| m.words.contains(words))
        .map(|(id, m)| (*id, m))
        .unwrap_or_else(|| panic!("no mark holds {words:?}: {marks:#?}"))
}

#[test]
fn planted_errors_are_marked_with_their_verdicts_and_sources() {
    let html = example_page();
    let marks = page_marks(&html);
    let panel = details(&html);
    let want = [
        ("63,600", "figure", "differs", Some("73,600")),
        ("three-quarters", "figure", "differs", Some("two-thirds")),
        (
            "“We’re losing thousands of people to fentanyl,”",
            "quotation",
            "misattributed",
            Some("Trump"),
        ),
        ("global drug", "quotation", "differs", Some("international")),
        (
            "“We will win this fight within a year,”",
            "quotation",
            "not-found",
            None,
        ),
        (
            "mainly caused by domestic reasons",
            "quotation",
            "traced",
            None,
        ),
    ];
    for (words, kind, verdict, source) in want {
        let (id, m) = mark_with(&marks, words);
        assert_eq!(
            (m.kind.as_str(), m.verdict.as_str()),
            (kind, verdict),
            "{words}"
        );
        assert_eq!(m.source_value.as_deref(), source, "{words}");
        let (v, inner) = &panel[&id];
        assert_eq!(v, verdict, "{words}");
        if verdict != "not-found" {
            assert!(inner.contains("class=\"passage\""), "{words}: {inner}");
            assert!(inner.contains("<mark class=\"hit\">"), "{words}: {inner}");
        }
    }
    // The figure's passage: the source sentence with its figure highlighted, title and file.
    let (id, _) = mark_with(&marks, "63,600");
    let inner = &panel[&id].1;
    assert!(
        inner.contains("<mark class=\"hit\">73,600</mark> people died"),
        "{inner}"
    );
    assert!(
        inner.contains("president-joe-biden-says-us-will-resume-counternarcotics.txt, line "),
        "{inner}"
    );
    assert!(inner.contains("href=\"file:///"), "{inner}");
    // The misquote's passage highlights the source's own words.
    let (id, _) = mark_with(&marks, "global drug");
    assert!(panel[&id].1.contains("international drug markets"));
    // Every mark has its panel entry, and no entry is without a mark.
    assert_eq!(
        marks.keys().collect::<Vec<_>>(),
        panel.keys().collect::<Vec<_>>()
    );
}

#[test]
fn every_finding_of_check_json_is_on_a_mark_with_its_verdict() {
    let cache = tempfile::tempdir().unwrap();
    let json = run(
        &root(),
        cache.path(),
        &["check", "--format", "json", "examples/draft.md"],
    );
    let v: Value = serde_json::from_slice(&json.stdout).unwrap();
    let diags = v["files"][0]["diagnostics"].as_array().unwrap();
    assert!(diags.len() >= 5, "{diags:?}");
    let html = example_page();
    let panel = details(&html);
    let marks = page_marks(&html);
    let note = Regex::new(r#"(?s)<p class="note">(.*?)</p>"#).unwrap();
    for d in diags {
        let code = d["code"].as_str().unwrap();
        let message = d["message"].as_str().unwrap();
        let message = message
            .strip_prefix(&format!("{code}: "))
            .unwrap_or(message);
        let verdict = match code {
            "figure-mismatch" | "misquote" => "differs",
            "misattribution" => "misattributed",
            "unsourced-quote" => "not-found",
            _ => "traced",
        };
        let holder = panel.iter().find(|(_, (_, inner))| {
            note.captures_iter(inner)
                .any(|c| unescape(&c[1]) == message)
        });
        let (id, (v, _)) = holder.unwrap_or_else(|| panic!("no mark notes {message:?}"));
        assert_eq!(v, verdict, "{message}");
        assert_eq!(marks[id].verdict, verdict, "{message}");
    }
}

#[test]
fn the_summary_counts_the_marks() {
    let html = example_page();
    let marks = page_marks(&html);
    let row = Regex::new(r#"(?s)<tr class="v-[a-z-]+" data-verdict="([a-z-]+)">.*?<td data-kind="quotation">(\d+)</td>\s*<td data-kind="figure">(\d+)</td>"#).unwrap();
    let rows: Vec<_> = row.captures_iter(&html).collect();
    assert_eq!(rows.len(), 4);
    for r in rows {
        for (kind, n) in [("quotation", &r[2]), ("figure", &r[3])] {
            let counted = marks
                .values()
                .filter(|m| m.verdict == r[1] && m.kind == kind)
                .count();
            assert_eq!(n.parse::<usize>().unwrap(), counted, "{} {kind}", &r[1]);
        }
    }
    assert!(html.contains("the built-in articles ("), "corpus described");
    assert!(
        html.contains("<dd>5 (") && html.contains(" sentences"),
        "documents"
    );
    let share = Regex::new(r#"<dd class="share" data-kind="quotation">(\d+) of (\d+)"#).unwrap();
    let c = share.captures(&html).unwrap();
    let quotes: Vec<_> = marks.values().filter(|m| m.kind == "quotation").collect();
    assert_eq!(c[2].parse::<usize>().unwrap(), quotes.len());
    let found = quotes.iter().filter(|m| m.verdict != "not-found").count();
    assert_eq!(c[1].parse::<usize>().unwrap(), found);
}

/// The hostile fixture, with one more source whose very file name is markup.
fn hostile_page() -> String {
    let dir = tempfile::tempdir().unwrap();
    let fixture = root().join("tests/report/hostile");
    let sources = dir.path().join("sources");
    std::fs::create_dir(&sources).unwrap();
    for f in std::fs::read_dir(fixture.join("sources")).unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, sources.join(f.file_name().unwrap())).unwrap();
    }
    std::fs::write(
        sources.join("<img src=x onerror=alert(1)>.txt"),
        "Port authority statement <script>alert(2)</script>\n\n“The harbour dredging will finish in September,” the port authority said.\n",
    )
    .unwrap();
    std::fs::copy(fixture.join("draft.md"), dir.path().join("draft.md")).unwrap();
    let mut draft = std::fs::read_to_string(dir.path().join("draft.md")).unwrap();
    draft.push_str("\n“The harbour dredging will finish in September,” the port authority said.\n");
    std::fs::write(dir.path().join("draft.md"), draft).unwrap();
    run_ok(
        dir.path(),
        dir.path(),
        &["report", "--corpus", "sources", "draft.md"],
    );
    std::fs::read_to_string(dir.path().join("draft.report.html")).unwrap()
}

#[test]
fn markup_in_drafts_and_sources_stays_text() {
    let html = hostile_page();
    // One script element: the page's own, last in the body.
    assert_eq!(html.to_lowercase().matches("<script").count(), 1);
    let script_at = html.find("<script>").unwrap();
    assert!(html[script_at..].starts_with("<script>// The review page's one script"));
    // No element the draft or a source wrote: no image, no event handler, no script URL.
    let tag = Regex::new(r#"<([a-zA-Z][a-zA-Z0-9]*)((?:[^>"']|"[^"]*"|'[^']*')*)>"#).unwrap();
    let attribute = Regex::new(r#"\s([^\s=/>]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?"#).unwrap();
    for t in tag.captures_iter(&html) {
        for a in attribute.captures_iter(&t[2]) {
            assert!(
                !a[1].to_lowercase().starts_with("on"),
                "handler attribute in {}",
                &t[0]
            );
        }
    }
    assert!(!html.to_lowercase().contains("<img"));
    assert!(!html.to_lowercase().contains("<b "));
    assert!(!html.to_lowercase().contains("href=\"javascript"));
    // What they wrote is shown as text, from the draft and from the sources.
    for shown in [
        "&lt;script&gt;window.__pwned = \"draft\"&lt;/script&gt;",
        "&#60;script&#62;window.__pwned = &#34;title&#34;&#60;/script&#62; Harbour report",
        "&#60;img src=x onerror=&#34;window.__pwned = &#39;neighbour&#39;&#34;&#62;",
        "&#60;script&#62;window.__pwned = &#34;html title&#34;&#60;/script&#62; Ferry notice",
        "&#60;img src=x onerror=alert(1)&#62;.txt, line",
        "Port authority statement &#60;script&#62;alert(2)&#60;/script&#62;",
    ] {
        assert!(html.contains(shown), "{shown} missing");
    }
    // A file name with markup is percent-encoded in links.
    assert!(
        html.contains("/sources/%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E.txt\""),
        "encoded file URL"
    );
}

#[test]
fn the_security_policy_allows_only_the_inline_style_and_script_by_hash() {
    let html = hostile_page();
    let csp = unescape(
        &Regex::new(r#"<meta http-equiv="Content-Security-Policy" content="([^"]+)">"#)
            .unwrap()
            .captures(&html)
            .expect("a CSP meta tag")[1],
    );
    let body = |tag: &str| {
        let open = format!("<{tag}>");
        let start = html.find(&open).unwrap() + open.len();
        let end = html[start..].find(&format!("</{tag}>")).unwrap() + start;
        html[start..end].to_string()
    };
    let hash = |s: &str| {
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD.encode(Sha256::digest(s.as_bytes()))
    };
    assert!(csp.starts_with("default-src 'none';"), "{csp}");
    assert!(
        csp.contains(&format!("script-src 'sha256-{}'", hash(&body("script")))),
        "{csp}"
    );
    assert!(
        csp.contains(&format!("style-src 'sha256-{}'", hash(&body("style")))),
        "{csp}"
    );
    assert!(!csp.contains("unsafe"), "{csp}");
    // The page loads nothing: no external address anywhere but in the draft's own links.
    let external = Regex::new(r#"(?i)(src|href)\s*=\s*"(https?:|//)"#).unwrap();
    assert!(external.find(&html).is_none());
}

#[test]
fn a_five_thousand_word_draft_makes_a_page_under_two_megabytes() {
    use sourced::check::{DraftFormat, analyse};
    use sourced::report::{CorpusInfo, Report, render};
    // The built-in articles, read from the repository's copy.
    let corpus = sourced::corpus::Corpus::load(&[root().join("seeds")]);
    assert_eq!(corpus.documents.len(), 5);
    let index = sourced::index::Index::build(corpus);
    let draft = common::long_draft();
    assert!(draft.split_whitespace().count() >= 5000);
    let analysis = analyse(&index, &draft, DraftFormat::Markdown);
    let corpus = CorpusInfo {
        description: CorpusInfo::describe(&[], None),
        indexed: std::time::SystemTime::now(),
    };
    let page = render(&Report {
        name: "long.md",
        text: &draft,
        format: DraftFormat::Markdown,
        analysis: &analysis,
        index: &index,
        corpus: &corpus,
        generated: std::time::SystemTime::now(),
    })
    .unwrap();
    assert!(page.html.len() < 2_000_000, "{} bytes", page.html.len());
    assert!(page.marks.marks.len() > 100, "{}", page.marks.marks.len());
    let marks = page_marks(&page.html);
    assert_eq!(marks.len(), page.marks.marks.len());
}

#[test]
fn pages_go_beside_the_draft_or_where_asked() {
    let dir = tempfile::tempdir().unwrap();
    let draft = "Notes\n\nIn 2022, more than 63,600 people died from fentanyl-related overdoses in the U.S.\n";
    std::fs::create_dir(dir.path().join("pieces")).unwrap();
    std::fs::write(dir.path().join("pieces/notes.txt"), draft).unwrap();
    let out = run_ok(dir.path(), dir.path(), &["report", "pieces/notes.txt"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("wrote pieces/notes.report.html"),
        "{stderr}"
    );
    assert!(stderr.contains("1 differs"), "{stderr}");
    let html = std::fs::read_to_string(dir.path().join("pieces/notes.report.html")).unwrap();
    // A plain-text draft keeps its paragraphs.
    assert!(
        html.contains("<p>Notes</p>"),
        "plain text is not read as Markdown"
    );

    run_ok(
        dir.path(),
        dir.path(),
        &["report", "pieces/notes.txt", "-o", "out.html"],
    );
    assert!(dir.path().join("out.html").exists());

    let out = run(dir.path(), dir.path(), &["report", "missing.md"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.md"));
    let out = run(
        dir.path(),
        dir.path(),
        &["report", "pieces/notes.txt", "-o", "no/such/folder/x.html"],
    );
    assert_eq!(out.status.code(), Some(2));
}

/// The example draft with markup spliced in at random places (emphasis, code, entities, escapes,
/// raw HTML, line breaks, block quotes, tables): marks stay well formed, every mark has its
/// entry, and nothing panics.
#[test]
fn markup_spliced_into_quotations_and_figures_keeps_the_page_well_formed() {
    use sourced::check::{DraftFormat, analyse};
    use sourced::report::{CorpusInfo, Report, render};
    const SPLICES: &[&str] = &[
        "*",
        "_",
        "**",
        "`",
        "<b>",
        "</b>",
        "&amp;",
        "&#8220;",
        "\\*",
        "\r\n",
        "\n\n",
        "\n> ",
        "[",
        "](x)",
        "<!--",
        "-->",
        "|",
        "\n| a | b |\n|---|---|\n",
        "😀",
        "\"",
        "“",
        "”",
    ];
    let base = std::fs::read_to_string(root().join("examples/draft.md")).unwrap();
    let index =
        sourced::index::Index::build(sourced::corpus::Corpus::load(&[root().join("seeds")]));
    let corpus = CorpusInfo {
        description: "seeds".into(),
        indexed: std::time::SystemTime::now(),
    };
    // A linear congruential generator: the same rounds on every run.
    let mut state: u64 = 0x2026_1203;
    let mut next = |n: usize| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as usize % n.max(1)
    };
    for round in 0..60 {
        let mut text = base.clone();
        for _ in 0..1 + next(12) {
            let mut at = next(text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            text.insert_str(at, SPLICES[next(SPLICES.len())]);
        }
        for format in [DraftFormat::Markdown, DraftFormat::Plain] {
            let analysis = analyse(&index, &text, format);
            let page = render(&Report {
                name: "spliced.md",
                text: &text,
                format,
                analysis: &analysis,
                index: &index,
                corpus: &corpus,
                generated: std::time::SystemTime::now(),
            })
            .unwrap();
            let html = page.html;
            assert_eq!(
                html.matches("<mark ").count(),
                html.matches("</mark>").count(),
                "round {round} {format:?}: {text:?}"
            );
            assert_eq!(html.to_lowercase().matches("<script").count(), 1);
            assert!(!html.contains("<b>"), "round {round}: {text:?}");
            let marks = page_marks(&html);
            let panel = details(&html);
            assert_eq!(
                marks.len(),
                page.marks.marks.len(),
                "round {round}: {text:?}"
            );
            assert!(marks.keys().all(|id| panel.contains_key(id)));
        }
    }
}

#[test]
fn a_silenced_finding_keeps_its_verdict_on_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let draft = "“China needs to enforce laws that prevent the export of fentanyl precursors to global drug markets,” said Sen. Bill Cassidy, R-La.\n";
    std::fs::write(dir.path().join("d.md"), draft).unwrap();
    std::fs::write(
        dir.path().join("sourced.toml"),
        "[checks]\nmisquote = \"off\"\n",
    )
    .unwrap();
    let out = run(
        dir.path(),
        dir.path(),
        &["check", "--format", "json", "d.md"],
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["files"][0]["diagnostics"].as_array().unwrap().len(), 0);
    let out = run(dir.path(), dir.path(), &["report", "d.md", "-o", "-"]);
    let html = String::from_utf8(out.stdout).unwrap();
    let marks = page_marks(&html);
    let (id, m) = mark_with(&marks, "global drug");
    assert_eq!(m.verdict, "differs");
    assert!(details(&html)[&id].1.contains("class=\"note silenced\""));
}
