//! SARIF 2.1.0 for code-scanning services: one run, a rule per finding code, a result per
//! finding with the draft region and the source passages as related locations. Lines and columns
//! count from 1; columns are UTF-16 code units (`columnKind`), as in the JSON output.

use super::{Checked, Corpus};
use crate::check::{Code, Severity};
use crate::index::Index;
use crate::text::{LineIndex, Position};
use serde_json::{Value, json};
use std::ops::Range;
use std::path::Path;

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// SARIF levels: there is no "hint"; information and hints are notes.
fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information | Severity::Hint => "note",
    }
}

fn description(code: Code) -> &'static str {
    match code {
        Code::FigureMismatch => "A figure differs from the source figure about the same thing.",
        Code::Misquote => "A quotation's words differ from the source passage.",
        Code::Misattribution => "The source gives the quoted words to someone else.",
        Code::UnsourcedQuote => "No source has the quotation.",
        Code::SourcesDisagree => "The sources give different figures for the same thing.",
    }
}

/// A path as a URI reference: relative paths stay relative, absolute ones become `file:` URIs;
/// bytes outside the unreserved set (and `/`) are percent-encoded.
fn uri(path: &Path) -> String {
    let s = path.to_string_lossy();
    let mut out = String::with_capacity(s.len());
    if path.is_absolute() {
        out.push_str("file://");
    }
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A region from 0-based LSP positions: 1-based lines and columns, the end column just past the
/// last character.
fn region(start: Position, end: Position) -> Value {
    json!({
        "startLine": start.line + 1,
        "startColumn": start.character + 1,
        "endLine": end.line + 1,
        "endColumn": end.character + 1,
    })
}

fn draft_region(c: &Checked, lines: &LineIndex, r: &Range<usize>) -> Value {
    region(
        lines.position_utf16(&c.text, r.start),
        lines.position_utf16(&c.text, r.end),
    )
}

pub fn render(index: &Index, checked: &[Checked], corpus: &Corpus) -> String {
    let rules: Vec<Value> = Code::ALL
        .iter()
        .map(|&code| {
            json!({
                "id": code.as_str(),
                "shortDescription": {"text": description(code)},
                "defaultConfiguration": {"level": level(code.default_severity())},
            })
        })
        .collect();
    let mut results = Vec::new();
    for c in checked {
        let lines = LineIndex::new(&c.text);
        let draft = json!({"uri": uri(&c.path)});
        for f in &c.analysis.findings {
            let related: Vec<Value> = f
                .sources
                .iter()
                .filter_map(|s| s.locate(index, false))
                .enumerate()
                .map(|(i, l)| {
                    let excerpt = crate::check::excerpt(&l.text, 300);
                    let mut physical = json!({"artifactLocation": {"uri": uri(&l.path)}});
                    // A PDF's lines are those of its extracted text, not of the file.
                    let text = match l.page {
                        Some(page) => format!("page {page}: {excerpt}"),
                        None => {
                            physical["region"] = region(l.start, l.end);
                            excerpt
                        }
                    };
                    json!({"id": i, "physicalLocation": physical, "message": {"text": text}})
                })
                .collect();
            let fixes: Vec<Value> = f
                .fixes
                .iter()
                .map(|x| {
                    json!({
                        "description": {"text": x.title},
                        "artifactChanges": [{
                            "artifactLocation": draft,
                            "replacements": [{
                                "deletedRegion": draft_region(c, &lines, &x.range),
                                "insertedContent": {"text": x.replacement},
                            }],
                        }],
                    })
                })
                .collect();
            let rule_index = Code::ALL.iter().position(|&k| k == f.code).unwrap_or(0);
            let mut result = json!({
                "ruleId": f.code.as_str(),
                "ruleIndex": rule_index,
                "level": level(f.severity),
                "message": {"text": super::human::split_message(&f.message).0},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": draft,
                        "region": draft_region(c, &lines, &f.range),
                    },
                }],
            });
            if !related.is_empty() {
                result["relatedLocations"] = Value::Array(related);
            }
            if !fixes.is_empty() {
                result["fixes"] = Value::Array(fixes);
            }
            results.push(result);
        }
    }
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "sourced",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "utf16CodeUnits",
            "results": results,
            "properties": {"corpus": corpus.json()},
        }],
    });
    let mut out = serde_json::to_string_pretty(&log).unwrap_or_default();
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri(Path::new("drafts/a b.md")), "drafts/a%20b.md");
        assert_eq!(uri(Path::new("/srv/x%y.txt")), "file:///srv/x%25y.txt");
        assert_eq!(uri(Path::new("<stdin>")), "%3Cstdin%3E");
        assert_eq!(uri(Path::new("é.md")), "%C3%A9.md");
    }
}
