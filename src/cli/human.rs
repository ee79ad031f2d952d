//! Compiler-style findings for people: file:line:col, severity, code, message, the draft line
//! with the span marked and the source line it was compared with.

use super::Checked;
use crate::check::Severity;
use crate::index::Index;
use crate::text::{LineIndex, escape_name};
use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Level, Origin, Renderer, Snippet};

/// Lines longer than this are not shown, only located: rendering a line costs its length for
/// every finding on it.
const MAX_SNIPPET_BYTES: usize = 2000;

/// The 1-based column, in characters, of `offset` on the line starting at `line_start`.
fn column(text: &str, line_start: usize, offset: usize) -> usize {
    text.get(line_start..offset)
        .map_or(0, |s| s.chars().count())
        + 1
}

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
        let path = escape_name(&c.path.display().to_string());
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
            let long = to - from > MAX_SNIPPET_BYTES;
            let snippet_text = if long {
                String::new()
            } else {
                printable(&c.text[from..to])
            };
            let span = f.range.start - from..f.range.end.min(to) - from;
            let (message, _) = split_message(&f.message);
            // Messages quote the corpus: its control characters are shown, not sent.
            let message = escape_name(message);
            let title = level.primary_title(message).id(f.code.as_str());
            let mut report = vec![if long {
                title.element(
                    Origin::path(path.as_str())
                        .line(first + 1)
                        .char_column(column(&c.text, from, f.range.start)),
                )
            } else {
                title.element(
                    Snippet::source(snippet_text.as_str())
                        .line_start(first + 1)
                        .path(path.as_str())
                        .annotation(AnnotationKind::Primary.span(span)),
                )
            }];
            let mut source_texts = Vec::new();
            for s in &f.sources {
                if let Some(loc) = s.locate(index, false) {
                    source_texts.push((loc, s.clone()));
                }
            }
            for (loc, s) in &source_texts {
                let doc_path = escape_name(&loc.path.display().to_string());
                // The file as it was read into the index: what the location was computed on.
                let Some(doc) = index.documents().get(s.doc) else {
                    continue;
                };
                let file = doc.file_text();
                let flines = LineIndex::new(file);
                let l0 = loc.start.line as usize;
                let l1 = loc.end.line as usize;
                let a = flines.line_range(file, l0).start;
                let b = flines.line_range(file, l1).end;
                if a > b || b > file.len() || loc.file_range.end > file.len() {
                    continue;
                }
                let title = match loc.page {
                    // A PDF's lines are those of its extracted text: the page is what a reader
                    // can find.
                    Some(page) => Level::NOTE.secondary_title(format!(
                        "compared with {doc_path}, page {page}: \"{}\"",
                        escape_name(&crate::check::excerpt(&loc.text, 160))
                    )),
                    None => {
                        Level::NOTE.secondary_title(format!("compared with {doc_path}:{}", l0 + 1))
                    }
                };
                if loc.page.is_some() {
                    report.push(title.element(Origin::path(doc_path.clone())));
                    continue;
                }
                if b - a > MAX_SNIPPET_BYTES {
                    report.push(
                        title.element(
                            Origin::path(doc_path.clone())
                                .line(l0 + 1)
                                .char_column(column(file, a, loc.file_range.start)),
                        ),
                    );
                    continue;
                }
                let text = printable(&file[a..b]);
                let span = loc.file_range.start.saturating_sub(a)
                    ..loc.file_range.end.saturating_sub(a).min(text.len());
                report.push(
                    title.element(
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

/// Text to show in a terminal: control characters other than line ends and tabs become `?`,
/// one per byte, so that the annotated byte ranges still fit.
fn printable(s: &str) -> String {
    s.chars()
        .flat_map(|c| {
            let n = if c.is_control() && !matches!(c, '\n' | '\r' | '\t') {
                c.len_utf8()
            } else {
                0
            };
            let keep = (n == 0).then_some(c);
            keep.into_iter().chain(std::iter::repeat_n('?', n))
        })
        .collect()
}
