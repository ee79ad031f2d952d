//! The language server as an editor sees it: `sourced lsp` started as a process and spoken to
//! over stdio.

mod client;
mod hostile;
mod soak;

use client::*;
use serde_json::{Value, json};
use std::path::Path;

const QUOTE: &str = "“We believe the overdose problem in the United States is mainly caused by domestic reasons,” said Liu.";
const QUOTE_FILE: &str = "there-is-a-drug-overdose-crisis-in-the-united-states.txt";

/// A line with an emoji and curly quotes before the quotation, so UTF-16 columns differ from
/// bytes and from characters.
fn draft() -> String {
    format!(
        "# Notes 😀\n\nThe “crisis” 😀 is ‘real’, he wrote — {QUOTE}\n\nIn 2022, more than 63,600 people died from fentanyl-related overdoses in the U.S.\n"
    )
}

fn codes(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| d["code"].as_str().unwrap_or_default().to_string())
        .collect()
}

fn editor_capabilities() -> Value {
    json!({
        "general": {"positionEncodings": ["utf-16"]},
        "window": {"workDoneProgress": true},
        "textDocument": {
            "hover": {"contentFormat": ["markdown", "plaintext"]},
            "publishDiagnostics": {"relatedInformation": true, "versionSupport": true},
            "codeAction": {"codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix", "refactor"]}}},
        },
    })
}

/// Applies a code action's edit as the editor would: the edits become incremental changes.
fn apply_action(c: &mut Client, uri: &str, text: &str, version: i64, action: &Value) -> String {
    let edits = action["edit"]["changes"][uri].as_array().unwrap().clone();
    let new_text = apply_edits(text, &edits);
    // Send them last-first so earlier positions stay valid.
    let mut sorted = edits.clone();
    sorted.sort_by_key(|e| {
        std::cmp::Reverse((
            e["range"]["start"]["line"].as_u64().unwrap(),
            e["range"]["start"]["character"].as_u64().unwrap(),
        ))
    });
    let changes: Vec<Value> = sorted
        .iter()
        .map(|e| json!({"range": e["range"], "text": e["newText"]}))
        .collect();
    c.change(uri, version, Value::Array(changes));
    new_text
}

fn actions_at(c: &mut Client, uri: &str, range: &Value, diags: &[Value]) -> Vec<Value> {
    c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": range, "context": {"diagnostics": diags}}),
    )
    .as_array()
    .cloned()
    .unwrap_or_default()
}

fn titled<'a>(actions: &'a [Value], prefix: &str) -> &'a Value {
    actions
        .iter()
        .find(|a| a["title"].as_str().unwrap_or_default().starts_with(prefix))
        .unwrap_or_else(|| panic!("no action `{prefix}` in {actions:?}"))
}

#[test]
fn editing_session_with_the_builtin_corpus() {
    let mut c = Client::start();
    let dir = tempfile::tempdir().unwrap();
    let init = c.initialize(editor_capabilities(), json!({}), Some(dir.path()));
    let caps = &init["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-16");
    assert_eq!(caps["textDocumentSync"]["change"], 2, "incremental sync");
    assert!(caps.get("diagnosticProvider").is_none_or(Value::is_null));

    let uri = file_uri(&dir.path().join("draft.md"));
    let mut text = draft();
    c.open(&uri, "markdown", 1, &text);

    // Asked at once, before the index is ready: the request waits rather than failing.
    let q = text.find("overdose problem").unwrap();
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": pos16(&text, q)}),
    );
    let md = hover["contents"]["value"].as_str().unwrap();
    assert!(md.contains("Verified"), "{md}");
    assert!(md.contains(QUOTE_FILE), "{md}");
    assert!(
        md.contains("**We believe the overdose problem in the United States is mainly caused by domestic reasons"),
        "{md}"
    );
    assert!(md.contains("Liu"), "{md}");
    assert!(md.contains("exact"), "{md}");
    let qstart = text.find('“').unwrap();
    let qstart = text[qstart + 3..].find('“').unwrap() + qstart + 3;
    assert_eq!(hover["range"]["start"], pos16(&text, qstart));

    // Indexing was reported as work-done progress.
    let begin = c.wait_notification("$/progress", |p| p["value"]["kind"] == "begin");
    assert_eq!(begin["value"]["title"], "Indexing sources");
    let end = c.wait_notification("$/progress", |p| p["value"]["kind"] == "end");
    assert!(
        end["value"]["message"]
            .as_str()
            .unwrap()
            .contains("5 documents"),
        "{end}"
    );

    // Diagnostics: the figure, with UTF-16 range and the source sentence as related information.
    let diags = c.diagnostics(&uri, 1);
    assert_eq!(codes(&diags), ["figure-mismatch"], "{diags:?}");
    let fig = text.find("63,600").unwrap();
    assert_eq!(diags[0]["source"], "sourced");
    assert_eq!(diags[0]["range"]["start"], pos16(&text, fig));
    assert_eq!(diags[0]["range"]["end"], pos16(&text, fig + 6));
    let rel = &diags[0]["relatedInformation"][0]["location"];
    assert!(located_text(rel).contains("more than 73,600 people died"));

    // Definition: the exact quoted words in the source file.
    let def = c.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": uri}, "position": pos16(&text, q)}),
    );
    assert!(def["uri"].as_str().unwrap().ends_with(QUOTE_FILE), "{def}");
    let words = located_text(&def);
    assert!(
        words.starts_with("We believe") && words.contains("domestic reasons"),
        "{words}"
    );

    // References: every place in the corpus with the quotation.
    let refs = c.request(
        "textDocument/references",
        json!({"textDocument": {"uri": uri}, "position": pos16(&text, q), "context": {"includeDeclaration": false}}),
    );
    let refs = refs.as_array().unwrap();
    assert!(!refs.is_empty());
    for r in refs {
        assert!(
            located_text(r).contains("mainly caused by domestic reasons"),
            "{r}"
        );
    }

    // An incremental edit after the emoji: "domestic" becomes "foreign".
    let d = text.find("domestic").unwrap();
    c.change(
        &uri,
        2,
        json!([{"range": {"start": pos16(&text, d), "end": pos16(&text, d + "domestic".len())}, "text": "foreign"}]),
    );
    text.replace_range(d..d + "domestic".len(), "foreign");
    let diags = c.diagnostics(&uri, 2);
    let mis = diags
        .iter()
        .find(|x| x["code"] == "misquote")
        .unwrap_or_else(|| panic!("no misquote in {diags:?}"));
    let start = offset16(&text, &mis["range"]["start"]);
    let end = offset16(&text, &mis["range"]["end"]);
    assert!(
        text[start..end].contains("foreign"),
        "{}",
        &text[start..end]
    );
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": pos16(&text, q)}),
    );
    let md = hover["contents"]["value"].as_str().unwrap();
    assert!(md.contains("foreign") && md.contains("domestic"), "{md}");

    // The quick fix restores the wording; after the re-check the warning is gone.
    let actions = actions_at(&mut c, &uri, &mis["range"], std::slice::from_ref(mis));
    let fix = titled(&actions, "Restore");
    assert_eq!(fix["kind"], "quickfix");
    text = apply_action(&mut c, &uri, &text, 3, fix);
    assert!(text.contains("domestic reasons"));
    let diags = c.diagnostics(&uri, 3);
    assert_eq!(codes(&diags), ["figure-mismatch"]);

    // Misattribution and its fix.
    let liu = text.find("said Liu").unwrap() + 5;
    c.change(
        &uri,
        4,
        json!([{"range": {"start": pos16(&text, liu), "end": pos16(&text, liu + 3)}, "text": "Biden"}]),
    );
    text.replace_range(liu..liu + 3, "Biden");
    let diags = c.diagnostics(&uri, 4);
    let mis = diags
        .iter()
        .find(|x| x["code"] == "misattribution")
        .unwrap();
    let actions = actions_at(&mut c, &uri, &mis["range"], std::slice::from_ref(mis));
    text = apply_action(&mut c, &uri, &text, 5, titled(&actions, "Attribute to"));
    assert!(text.contains("said Liu."), "{text}");
    let diags = c.diagnostics(&uri, 5);
    assert_eq!(codes(&diags), ["figure-mismatch"]);

    // Ignoring the figure finding inserts the comment on the line before the paragraph.
    let actions = actions_at(&mut c, &uri, &diags[0]["range"], &diags);
    titled(&actions, "Replace with 73,600");
    text = apply_action(
        &mut c,
        &uri,
        &text,
        6,
        titled(&actions, "Ignore this finding here"),
    );
    assert!(
        text.contains("<!-- sourced-ignore: figure-mismatch -->\nIn 2022"),
        "{text}"
    );
    assert!(c.diagnostics(&uri, 6).is_empty());

    // Citation for the verified quote: a footnote after it and the note at the end.
    let q = text.find("overdose problem").unwrap();
    let p = pos16(&text, q);
    let actions = actions_at(&mut c, &uri, &json!({"start": p, "end": p}), &[]);
    text = apply_action(&mut c, &uri, &text, 7, titled(&actions, "Insert citation"));
    let label = text
        .split("domestic reasons,”[^")
        .nth(1)
        .and_then(|rest| rest.split_once("] said Liu."))
        .map(|(label, _)| label.to_string())
        .unwrap_or_else(|| panic!("no footnote after the quotation: {text}"));
    assert!(
        !label.is_empty() && !label.contains(char::is_whitespace),
        "{label}"
    );
    let note = format!("\n[^{label}]: ");
    assert!(text.contains(&note), "{text}");
    assert!(
        text.trim_end().ends_with(&format!("{QUOTE_FILE}>")),
        "{text}"
    );
    assert!(c.diagnostics(&uri, 7).is_empty());
    // Citing the same source again adds a reference to the same note, never a second note.
    let actions = actions_at(&mut c, &uri, &json!({"start": p, "end": p}), &[]);
    text = apply_action(&mut c, &uri, &text, 8, titled(&actions, "Insert citation"));
    assert_eq!(text.matches(&note).count(), 1, "{text}");
    assert_eq!(text.matches(&format!("[^{label}]")).count(), 3, "{text}");
    assert!(c.diagnostics(&uri, 8).is_empty());

    // Document symbols: the quotations and figures with their status.
    let symbols = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    let details: Vec<String> = symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            format!(
                "{} {}",
                s["name"].as_str().unwrap(),
                s["detail"].as_str().unwrap()
            )
        })
        .collect();
    assert!(
        details
            .iter()
            .any(|d| d.starts_with("“We believe") && d.contains("verified")),
        "{details:?}"
    );

    // Completion inside an opening quotation mark.
    let typed = "\nShe said “We believe the overdose";
    let end = text.len();
    c.change(
        &uri,
        9,
        json!([{"range": {"start": pos16(&text, end), "end": pos16(&text, end)}, "text": typed}]),
    );
    text.push_str(typed);
    let list = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": pos16(&text, text.len())}),
    );
    let items = list["items"].as_array().unwrap();
    let item = items
        .iter()
        .find(|i| {
            i["label"]
                .as_str()
                .unwrap()
                .contains("mainly caused by domestic reasons")
        })
        .unwrap_or_else(|| panic!("no completion in {items:?}"));
    let open = text.rfind('“').unwrap() + '“'.len_utf8();
    assert_eq!(item["textEdit"]["range"]["start"], pos16(&text, open));

    // Workspace symbols search the corpus.
    let syms = c.request(
        "workspace/symbol",
        json!({"query": "fentanyl overdoses 2022"}),
    );
    let syms = syms.as_array().unwrap();
    assert!(!syms.is_empty());
    assert!(
        located_text(&syms[0]["location"])
            .to_lowercase()
            .contains("fentanyl")
    );

    // Commands.
    let files = c.request(
        "workspace/executeCommand",
        json!({"command": "sourced.showSources", "arguments": []}),
    );
    assert_eq!(files.as_array().unwrap().len(), 5);
    let r = c.request(
        "workspace/executeCommand",
        json!({"command": "sourced.reindex", "arguments": []}),
    );
    assert_eq!(r["documents"], 5);

    assert_eq!(c.shutdown(), 0);
}

fn write_corpus(dir: &Path, when: &str) {
    std::fs::write(
        dir.join("bridge.txt"),
        format!(
            "City council report on the river bridge\n\nMarch 3, 2024\n\nThe mayor spoke after the vote. “The bridge will reopen to traffic in {when} after the repairs,” said Mayor Ana Ortiz.\n"
        ),
    )
    .unwrap();
}

const BRIDGE_DRAFT: &str = "Ortiz was clear: “The bridge will reopen to traffic in early June after the repairs,” said Ortiz.\n";

#[test]
fn corpus_from_initialization_options_is_watched_through_the_client() {
    let corpus = tempfile::tempdir().unwrap();
    write_corpus(corpus.path(), "early June");
    let mut c = Client::start();
    let ws = tempfile::tempdir().unwrap();
    let mut caps = editor_capabilities();
    caps["workspace"] = json!({"didChangeWatchedFiles": {"dynamicRegistration": true, "relativePatternSupport": true}});
    c.initialize(caps, json!({"corpus": [corpus.path()]}), Some(ws.path()));
    let uri = file_uri(&ws.path().join("draft.txt"));
    c.open(&uri, "plaintext", 1, BRIDGE_DRAFT);
    assert!(c.diagnostics(&uri, 1).is_empty());
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": pos16(BRIDGE_DRAFT, BRIDGE_DRAFT.find("bridge").unwrap())}),
    );
    let md = hover["contents"]["value"].as_str().unwrap();
    assert!(
        md.contains("City council report") && md.contains("bridge.txt"),
        "{md}"
    );
    let reg = c.wait_server_request("client/registerCapability");
    assert_eq!(
        reg["params"]["registrations"][0]["method"],
        "workspace/didChangeWatchedFiles"
    );

    write_corpus(corpus.path(), "late August");
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&corpus.path().join("bridge.txt")), "type": 2}]}),
    );
    let diags = c.diagnostics_until(&uri, |d| !d.is_empty());
    assert_eq!(codes(&diags), ["misquote"], "{diags:?}");
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn corpus_is_watched_on_disk_when_the_client_cannot() {
    let corpus = tempfile::tempdir().unwrap();
    write_corpus(corpus.path(), "early June");
    let mut c = Client::start();
    c.initialize(json!({}), json!({"corpus": [corpus.path()]}), None);
    let uri = "untitled:draft-1";
    c.open(uri, "plaintext", 1, BRIDGE_DRAFT);
    assert!(c.diagnostics(uri, 1).is_empty());
    write_corpus(corpus.path(), "late August");
    let diags = c.diagnostics_until(uri, |d| !d.is_empty());
    assert_eq!(codes(&diags), ["misquote"], "{diags:?}");
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn settings_choose_the_corpus_and_the_checks() {
    let ws = tempfile::tempdir().unwrap();
    std::fs::create_dir(ws.path().join("a")).unwrap();
    std::fs::create_dir(ws.path().join("b")).unwrap();
    write_corpus(&ws.path().join("a"), "early June");
    std::fs::write(
        ws.path().join("b/other.txt"),
        "An unrelated report\n\nThe harbour was dredged in the spring. Boats returned in May.\n",
    )
    .unwrap();
    let mut c = Client::start();
    *c.settings.lock().unwrap() = json!({"corpus": ["a"]});
    let mut caps = editor_capabilities();
    caps["workspace"] =
        json!({"configuration": true, "didChangeConfiguration": {"dynamicRegistration": true}});
    c.initialize(caps, json!(null), Some(ws.path()));
    let uri = file_uri(&ws.path().join("draft.md"));
    c.open(&uri, "markdown", 1, BRIDGE_DRAFT);
    assert!(c.diagnostics(&uri, 1).is_empty());

    *c.settings.lock().unwrap() = json!({"corpus": ["b"]});
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": null}),
    );
    let diags = c.diagnostics_until(&uri, |d| !d.is_empty());
    assert_eq!(codes(&diags), ["unsourced-quote"]);

    *c.settings.lock().unwrap() = json!({"corpus": ["b"], "checks": {"unsourced-quote": "off"}});
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": null}),
    );
    c.diagnostics_until(&uri, |d| d.is_empty());
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn pull_diagnostics_and_utf8_positions() {
    let mut c = Client::start();
    let caps = json!({
        "general": {"positionEncodings": ["utf-8", "utf-16"]},
        "textDocument": {"diagnostic": {"dynamicRegistration": false}},
    });
    let init = c.initialize(caps, json!({}), None);
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    assert!(init["capabilities"]["diagnosticProvider"].is_object());
    let uri = "untitled:draft-2";
    let text = draft();
    c.open(uri, "markdown", 1, &text);
    let report = c.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": uri}}),
    );
    assert_eq!(report["kind"], "full");
    let items = report["items"].as_array().unwrap();
    assert_eq!(codes(items), ["figure-mismatch"]);
    let fig = text.find("63,600").unwrap();
    assert_eq!(items[0]["range"]["start"], pos8(&text, fig));
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": pos8(&text, text.find("overdose problem").unwrap())}),
    );
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("Verified")
    );
    // Byte columns for edits too.
    let d = text.find("domestic").unwrap();
    c.change(
        uri,
        2,
        json!([{"range": {"start": pos8(&text, d), "end": pos8(&text, d + 8)}, "text": "foreign"}]),
    );
    let report = c.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": uri}}),
    );
    let items = report["items"].as_array().unwrap();
    assert!(codes(items).contains(&"misquote".to_string()), "{items:?}");
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn the_review_page_is_built_from_the_editors_text() {
    let corpus = tempfile::tempdir().unwrap();
    write_corpus(corpus.path(), "late August");
    let mut c = Client::start();
    let ws = tempfile::tempdir().unwrap();
    c.initialize(
        editor_capabilities(),
        json!({"corpus": [corpus.path()]}),
        Some(ws.path()),
    );
    // Never saved: the page shows what the editor holds.
    let uri = file_uri(&ws.path().join("unsaved.md"));
    c.open(&uri, "markdown", 1, BRIDGE_DRAFT);
    let page = c.request(
        "workspace/executeCommand",
        json!({"command": "sourced.report", "arguments": [uri]}),
    );
    let html = page["html"].as_str().unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    assert!(
        html.contains("data-verdict=\"differs\" data-kind=\"quotation\""),
        "{html}"
    );
    assert!(html.contains("bridge.txt, line 5"), "{html}");
    assert!(html.contains("(from initialization options)"), "{html}");
    assert_eq!(page["marks"], 1);
    for bad in [json!([]), json!([5]), json!(["file:///not/open.md"])] {
        let r = c.request_full(
            "workspace/executeCommand",
            json!({"command": "sourced.report", "arguments": bad}),
        );
        assert_eq!(r["error"]["code"], -32602, "{r}");
    }
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn malformed_requests_get_errors_and_the_server_lives_on() {
    let mut c = Client::start();
    c.initialize(json!({}), json!({}), None);
    let r = c.request_full("textDocument/hover", json!({"textDocument": 5}));
    assert_eq!(r["error"]["code"], -32602, "{r}");
    let r = c.request_full("sourced/unknown", json!({}));
    assert_eq!(r["error"]["code"], -32601, "{r}");
    let r = c.request_full(
        "workspace/executeCommand",
        json!({"command": "sourced.nothing"}),
    );
    assert!(r.get("error").is_some(), "{r}");
    c.send_raw("{not json");
    let e = c.wait_notification_or_response(|m| m["error"]["code"] == -32700);
    assert!(e["id"].is_null(), "{e}");
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///nowhere.md"}, "position": {"line": 0, "character": 0}}),
    );
    assert!(hover.is_null());
    // Positions past the end are clamped, not fatal.
    c.open("untitled:x", "markdown", 1, "short");
    c.change(
        "untitled:x",
        2,
        json!([{"range": {"start": {"line": 9, "character": 99}, "end": {"line": 12, "character": 0}}, "text": " text"}]),
    );
    assert!(c.diagnostics("untitled:x", 2).is_empty());
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn diagnostics_are_the_findings_of_sourced_check() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("draft.md");
    let text = draft()
        .replace("domestic", "foreign")
        .replace("said Liu", "said Biden");
    std::fs::write(&path, &text).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sourced"))
        .args(["check", "--format", "json"])
        .arg(&path)
        .env("XDG_CACHE_HOME", dir.path())
        .current_dir(dir.path())
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let cli: Vec<(Value, Value, Value)> = report["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["code"].clone(), d["range"].clone(), d["message"].clone()))
        .collect();
    assert!(cli.len() >= 3, "{cli:?}");

    let mut c = Client::start();
    c.initialize(json!({}), json!({}), Some(dir.path()));
    let uri = file_uri(&path);
    c.open(&uri, "markdown", 1, &text);
    let lsp: Vec<(Value, Value, Value)> = c
        .diagnostics(&uri, 1)
        .iter()
        .map(|d| (d["code"].clone(), d["range"].clone(), d["message"].clone()))
        .collect();
    assert_eq!(lsp, cli);
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn bursts_of_edits_end_with_the_last_text_and_figures_hover() {
    let mut c = Client::start();
    c.initialize(json!({}), json!({}), None);
    let uri = "untitled:burst";
    let mut text = draft();
    c.open(uri, "markdown", 1, &text);
    let fig = text.find("63,600").unwrap();
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": pos16(&text, fig + 2)}),
    );
    let md = hover["contents"]["value"].as_str().unwrap();
    assert!(md.contains("differs") && md.contains("**73,600**"), "{md}");
    let def = c.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": uri}, "position": pos16(&text, fig + 2)}),
    );
    assert_eq!(located_text(&def), "73,600");

    // Typing "foreign" over "domestic" one keystroke at a time, without waiting.
    let d = text.find("domestic").unwrap();
    let p = pos16(&text, d);
    c.change(
        uri,
        2,
        json!([{"range": {"start": p, "end": pos16(&text, d + 8)}, "text": ""}]),
    );
    text.replace_range(d..d + 8, "");
    for (i, ch) in "foreign".chars().enumerate() {
        let at = pos16(&text, d + i);
        c.change(
            uri,
            3 + i as i64,
            json!([{"range": {"start": at, "end": at}, "text": ch.to_string()}]),
        );
        text.insert(d + i, ch);
    }
    let last = 2 + "foreign".len() as i64;
    let diags = c.diagnostics(uri, last);
    assert!(codes(&diags).contains(&"misquote".to_string()), "{diags:?}");
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn pdf_sources_are_cited_by_page() {
    let report = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pages/county-report.pdf");
    let mut c = Client::start();
    c.initialize(editor_capabilities(), json!({"corpus": [report]}), None);
    let uri = "untitled:report-draft";
    let text =
        "“Every clinic we open is a door that stays open all night,” said Dr. Ruth Okafor.\n";
    c.open(uri, "markdown", 1, text);
    let diags = c.diagnostics(uri, 1);
    assert_eq!(codes(&diags), ["misquote"], "{diags:?}");
    let at = pos16(text, text.find("clinic").unwrap());
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": at}),
    );
    let md = hover["contents"]["value"].as_str().unwrap();
    assert!(md.contains("page 3"), "{md}");
    let def = c.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": uri}, "position": at}),
    );
    assert!(
        def["uri"]
            .as_str()
            .unwrap()
            .ends_with("county-report.pdf#page=3"),
        "{def}"
    );
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn a_draft_is_checked_against_the_sources_folder_beside_it() {
    let ws = tempfile::tempdir().unwrap();
    let story = ws.path().join("story");
    std::fs::create_dir_all(story.join("sources")).unwrap();
    write_corpus(&story.join("sources"), "late August");
    let mut c = Client::start();
    c.initialize(editor_capabilities(), json!(null), Some(ws.path()));
    // The workspace root has no corpus of its own; the draft's folder has one.
    let uri = file_uri(&story.join("draft.md"));
    c.open(&uri, "markdown", 1, BRIDGE_DRAFT);
    let diags = c.diagnostics_until(&uri, |d| codes(d) == ["misquote"]);
    assert_eq!(codes(&diags), ["misquote"], "{diags:?}");
    assert_eq!(c.shutdown(), 0);
}
