//! Compiler-style findings for people: file:line:col, severity, code, message, the draft line
//! with the span marked and the source line it was compared with.

use super::Checked;
use crate::check::{Code, Fix, Severity};
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
    let mut count = Counts::default();
    for c in checked {
        let path = escape_name(&c.path.display().to_string());
        let lines = LineIndex::new(&c.text);
        for f in &c.analysis.findings {
            count.add(f.severity);
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
            let primary = if long {
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
            };
            // What the fix puts back, under the draft line.
            let primary = f.fixes.iter().fold(primary, |g, x| {
                g.element(Level::HELP.message(help(f.code, x)))
            });
            let mut report = vec![primary];
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
                let named = source_name(doc);
                let title = match loc.page {
                    // A PDF's lines are those of its extracted text: the page is what a reader
                    // can find.
                    Some(page) => Level::NOTE.secondary_title(format!(
                        "compared with {named}, {doc_path}, page {page}: \"{}\"",
                        escape_name(&crate::check::excerpt(&loc.text, 160))
                    )),
                    // The snippet's origin names the file and line.
                    None => Level::NOTE.secondary_title(format!("compared with {named}")),
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
    out.push_str(&count.summary(checked.len()));
    out.push('\n');
    out
}

/// Findings by severity, for the closing line.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Counts {
    errors: usize,
    warnings: usize,
    /// Information and hints.
    notes: usize,
}

impl Counts {
    fn add(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Information | Severity::Hint => self.notes += 1,
        }
    }

    /// "2 files checked: 1 error, 3 warnings, 0 notes".
    fn summary(self, files: usize) -> String {
        format!(
            "{} checked: {}, {}, {}",
            plural(files, "file"),
            plural(self.errors, "error"),
            plural(self.warnings, "warning"),
            plural(self.notes, "note"),
        )
    }
}

/// "1 error", "2 errors".
fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// A source as a reader knows it: its title (and date) in quotation marks, else its file name.
fn source_name(doc: &crate::corpus::Document) -> String {
    let title = crate::check::excerpt(doc.headline_and_outlet().0, 100);
    if title.is_empty() {
        return doc.file_name();
    }
    let title = escape_name(&title);
    let byline: Vec<String> = doc.byline().into_iter().map(escape_name).collect();
    if byline.is_empty() {
        format!("\u{201c}{title}\u{201d}")
    } else {
        format!("\u{201c}{title}\u{201d} ({})", byline.join(", "))
    }
}

/// The `help:` line of a fix: what the source has, in the writer's terms.
fn help(code: Code, fix: &Fix) -> String {
    let replacement = escape_name(&crate::check::excerpt(&fix.replacement, 160));
    if code == Code::FigureMismatch {
        return format!("the source says {replacement}");
    }
    let mut title = escape_name(&fix.title);
    if let Some(first) = title.chars().next() {
        title.replace_range(..first.len_utf8(), &first.to_lowercase().to_string());
    }
    if fix.title.contains(fix.replacement.trim()) {
        title
    } else {
        format!("{title}: \u{201c}{replacement}\u{201d}")
    }
}

/// Findings' messages start with their code; the renderer shows the code separately.
pub(super) fn split_message(m: &str) -> (&str, &str) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_counts_each_severity_with_plurals() {
        let mut c = Counts::default();
        for s in [
            Severity::Error,
            Severity::Warning,
            Severity::Warning,
            Severity::Information,
            Severity::Hint,
        ] {
            c.add(s);
        }
        assert_eq!(c.summary(1), "1 file checked: 1 error, 2 warnings, 2 notes");
        assert_eq!(
            Counts::default().summary(3),
            "3 files checked: 0 errors, 0 warnings, 0 notes"
        );
    }

    #[test]
    fn help_lines_say_what_the_fix_puts_back() {
        let fix = |title: &str, replacement: &str| Fix {
            title: title.into(),
            range: 0..1,
            replacement: replacement.into(),
        };
        assert_eq!(
            help(Code::FigureMismatch, &fix("Replace with 22,000", "22,000")),
            "the source says 22,000"
        );
        assert_eq!(
            help(Code::Misattribution, &fix("Attribute to Liu", "Liu")),
            "attribute to Liu"
        );
        assert_eq!(
            help(
                Code::Misquote,
                &fix("Restore the source's wording", "We act.")
            ),
            "restore the source's wording: \u{201c}We act.\u{201d}"
        );
    }
}
