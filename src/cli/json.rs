//! The JSON report: LSP conventions (0-based lines, UTF-16 columns), stable field names.

use super::{Checked, Corpus};
use crate::index::Index;
use crate::text::{LineIndex, Position};
use serde_json::{Value, json};

fn pos(p: Position) -> Value {
    json!({"line": p.line, "character": p.character})
}

pub fn render(index: &Index, checked: &[Checked], corpus: &Corpus) -> String {
    let files: Vec<Value> = checked
        .iter()
        .map(|c| {
            let lines = LineIndex::new(&c.text);
            let range = |r: &std::ops::Range<usize>| {
                json!({
                    "start": pos(lines.position_utf16(&c.text, r.start)),
                    "end": pos(lines.position_utf16(&c.text, r.end)),
                })
            };
            let diagnostics: Vec<Value> = c
                .analysis
                .findings
                .iter()
                .map(|f| {
                    let sources: Vec<Value> = f
                        .sources
                        .iter()
                        .filter_map(|s| s.locate(index, false))
                        .map(|l| {
                            let mut v = json!({
                                "path": l.path.display().to_string(),
                                "range": {"start": pos(l.start), "end": pos(l.end)},
                                "text": l.text,
                            });
                            if let Some(page) = l.page {
                                v["page"] = json!(page);
                            }
                            v
                        })
                        .collect();
                    let fixes: Vec<Value> = f
                        .fixes
                        .iter()
                        .map(|x| json!({"title": x.title, "range": range(&x.range), "newText": x.replacement}))
                        .collect();
                    json!({
                        "range": range(&f.range),
                        "severity": f.severity.as_str(),
                        "code": f.code.as_str(),
                        "message": f.message,
                        "sources": sources,
                        "fixes": fixes,
                    })
                })
                .collect();
            json!({"path": c.path.display().to_string(), "diagnostics": diagnostics})
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&json!({ "files": files, "corpus": corpus.json() }))
        .unwrap_or_default();
    out.push('\n');
    out
}
