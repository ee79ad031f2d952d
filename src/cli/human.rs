//! Compiler-style findings for people: file:line:col, severity, code, message, the draft line
//! with the span marked and the source line it was compared with.

use super::Checked;
use crate::check::Severity;
use crate::index::Index;
use crate::text::LineIndex;
use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};

pub fn render(index: &Index, checked: &[Checked], color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
    .decor_style(DecorStyle::Unicode);
    let mut out = String::new();
    let (mut warnings, mut infos) = (0usize, 0usize);
    for c in checked {
        let path = c.path.display().to_string();
        let lines = LineIndex::new(&c.text);
        for f in &c.analysis.findings {
            match f.severity {
                Severity::Error | Severity::Warning => warnings += 1,
                _ => infos += 1,
            }
            let level = match f.severity {
                Severity::Error => Level::ERROR,
                Severity::Warning => Level::WARNING,
                Severity::Information => Level::INFO,
                Severity::Hint => Level::NOTE,
            };
            // The draft lines holding the finding.
            let first = lines.line_of(f.range.start);
            let last = lines.line_of(f.range.end.saturating_sub(1).max(f.range.start));
            let from = lines.line_range(&c.text, first).start;
            let to = lines
                .line_range(&c.text, last)
                .end
                .max(f.range.end.min(c.text.len()));
            let snippet_text = &c.text[from..to];
            let span = f.range.start - from..f.range.end.min(to) - from;
            let (message, _) = split_message(&f.message);
            let mut report = vec![
                level.primary_title(message).id(f.code.as_str()).element(
                    Snippet::source(snippet_text)
                        .line_start(first + 1)
                        .path(path.as_str())
                        .annotation(AnnotationKind::Primary.span(span)),
                ),
            ];
            let mut source_texts = Vec::new();
            for s in &f.sources {
                if let Some(loc) = s.locate(index, false) {
                    source_texts.push((loc, s.clone()));
                }
            }
            for (loc, _) in &source_texts {
                let doc_path = loc.path.display().to_string();
                let file = std::fs::read_to_string(&loc.path).ok();
                let Some(file) = file else { continue };
                let flines = LineIndex::new(&file);
                let l0 = loc.start.line as usize;
                let l1 = loc.end.line as usize;
                let a = flines.line_range(&file, l0).start;
                let b = flines.line_range(&file, l1).end;
                if a > b || b > file.len() || loc.file_range.end > file.len() {
                    continue;
                }
                let text = file[a..b].to_string();
                let span = loc.file_range.start.saturating_sub(a)
                    ..(loc.file_range.end - a).min(text.len());
                report.push(
                    Level::NOTE
                        .secondary_title(format!("compared with {doc_path}:{}", l0 + 1))
                        .element(
                            Snippet::source(text)
                                .line_start(l0 + 1)
                                .path(doc_path.clone())
                                .annotation(AnnotationKind::Context.span(span)),
                        ),
                );
            }
            out.push_str(&renderer.render(&report));
            out.push_str("\n\n");
        }
    }
    let files = checked.len();
    out.push_str(&format!(
        "{} file{} checked: {} warning{}, {} note{}\n",
        files,
        if files == 1 { "" } else { "s" },
        warnings,
        if warnings == 1 { "" } else { "s" },
        infos,
        if infos == 1 { "" } else { "s" },
    ));
    out
}

/// Findings' messages start with their code; the renderer shows the code separately.
fn split_message(m: &str) -> (&str, &str) {
    match m.split_once(": ") {
        Some((code, rest)) if crate::check::Code::parse(code).is_some() => (rest, code),
        _ => (m, ""),
    }
}
