//! `sourced.report`: the review page of an open document, built from the same check as its
//! diagnostics (the editor's text, the server's index and check settings).

use super::server::Checked;
use super::sources::Origin;
use crate::report::{self, CorpusInfo, Report};
use serde_json::{Value, json};
use std::time::SystemTime;
use tower_lsp_server::ls_types::Uri;

/// The page as `{"html": …, "marks": n}`, or why it could not be built.
pub fn page(checked: &Checked, uri: &Uri) -> Result<Value, String> {
    let plan = &checked.engine.plan;
    let named_in = (plan.origin != Origin::Builtin).then(|| plan.origin.describe());
    let corpus = CorpusInfo {
        description: CorpusInfo::describe(&plan.paths, named_in),
        indexed: checked.engine.indexed,
    };
    let name = uri
        .to_file_path()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| uri.as_str().to_string());
    let rendered = report::render(&Report {
        name: &name,
        text: &checked.text,
        format: checked.format,
        analysis: &checked.analysis,
        index: &checked.engine.index,
        corpus: &corpus,
        generated: SystemTime::now(),
    })
    .map_err(|e| format!("could not build the review page: {e}"))?;
    Ok(json!({"html": rendered.html, "marks": rendered.marks.marks.len()}))
}
