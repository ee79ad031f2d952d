//! The review page: one self-contained HTML file for the editor or fact-checker who receives a
//! finished piece. The draft rendered from its Markdown with every quotation and figure marked by
//! the engine's verdict, the source passage behind each mark, and a summary at the top.
//!
//! The page loads nothing: its one style sheet and one script are inline and allowed by hash in
//! its Content-Security-Policy, so nothing else, whatever a draft or a source holds, can run.
//! Everything from a draft or a source is escaped, by pulldown-cmark for the draft and by the
//! askama template for the rest.

mod draft;
mod marks;

pub use marks::{Kind, Mark, Marks, Passage, Verdict, marks};

use crate::check::{Analysis, Draft, DraftFormat};
use crate::corpus::Document;
use crate::index::Index;
use crate::text::LineIndex;
use askama::Template;
use base64::Engine as _;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::ops::Range;
use std::time::SystemTime;
use tower_lsp_server::ls_types::Uri;

const STYLE: &str = include_str!("page.css");
const SCRIPT: &str = include_str!("page.js");

/// Longest source text shown around a highlight, in bytes, before it is cut to a window.
const MAX_SENTENCE: usize = 1200;
/// Longest neighbouring sentence shown, in characters.
const MAX_NEIGHBOUR: usize = 320;

/// The corpus a report was checked against.
#[derive(Debug, Clone)]
pub struct CorpusInfo {
    /// Where it came from: its paths, or the built-in articles' folder.
    pub description: String,
    /// When the index was built.
    pub indexed: SystemTime,
}

impl CorpusInfo {
    /// Describes a corpus by its paths and, when they were not given directly, where they were
    /// named; no paths means the built-in articles.
    pub fn describe(paths: &[std::path::PathBuf], named_in: Option<&str>) -> String {
        if paths.is_empty() {
            return format!(
                "the built-in articles ({})",
                crate::corpus::builtin::cache_dir().display()
            );
        }
        let list = paths
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ");
        match named_in {
            Some(origin) => format!("{list} (from {origin})"),
            None => list,
        }
    }
}

/// What a report is made of: a checked draft and the index it was checked against.
pub struct Report<'a> {
    /// The draft's name as shown (its path as given).
    pub name: &'a str,
    pub text: &'a str,
    pub format: DraftFormat,
    pub analysis: &'a Analysis,
    pub index: &'a Index,
    pub corpus: &'a CorpusInfo,
    pub generated: SystemTime,
}

/// A built page and the marks it shows.
pub struct Rendered {
    pub html: String,
    pub marks: Marks,
}

/// Builds the page.
pub fn render(r: &Report) -> Result<Rendered, askama::Error> {
    let draft = Draft::new(r.text, r.format);
    let marks = marks(r.index, &draft, r.analysis);
    // Marks come in the draft's order, as the renderer needs them.
    let spans: Vec<draft::Span> = marks
        .marks
        .iter()
        .map(|m| draft::Span {
            range: m.range.clone(),
            id: m.id,
            verdict: m.verdict.as_str(),
            kind: m.kind.as_str(),
            title: m.verdict.label(m.kind),
            note: (m.verdict != Verdict::Traced)
                .then(|| m.source_says.clone())
                .flatten(),
        })
        .collect();
    let draft_html = draft::render(r.text, r.format, &spans);
    let mut sources = Sources::new(r.index.documents());
    let details = marks
        .marks
        .iter()
        .map(|m| Detail::new(m, r.text, &mut sources))
        .collect();
    let page = Page {
        name: r.name,
        version: env!("CARGO_PKG_VERSION"),
        generated: timestamp(r.generated),
        csp: format!(
            "default-src 'none'; style-src '{}'; script-src '{}'; base-uri 'none'; form-action 'none'",
            csp_hash(STYLE),
            csp_hash(SCRIPT)
        ),
        style: STYLE,
        script: SCRIPT,
        draft_html,
        rows: Verdict::ALL
            .iter()
            .map(|&v| TallyRow {
                verdict: v.as_str(),
                label: v.label(Kind::Quotation),
                figure_label: v.label(Kind::Figure),
                quotations: marks.count(Kind::Quotation, v),
                figures: marks.count(Kind::Figure, v),
            })
            .collect(),
        quotations: Share::of(&marks, Kind::Quotation),
        figures: Share::of(&marks, Kind::Figure),
        unchecked_quotes: marks.unchecked_quotes,
        corpus: CorpusView {
            description: r.corpus.description.clone(),
            documents: r.index.documents().len(),
            sentences: r.index.sentence_count(),
            skipped: r.index.corpus().skipped.len(),
            indexed: timestamp(r.corpus.indexed),
        },
        details,
    };
    Ok(Rendered {
        html: page.render()?,
        marks,
    })
}

/// A CSP source expression for an inline element's exact text.
fn csp_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "sha256-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// A time as UTC to the minute: "2026-12-03 09:27 UTC".
fn timestamp(t: SystemTime) -> String {
    let s = humantime::format_rfc3339_seconds(t).to_string();
    // "2026-12-03T09:27:13Z"
    match (s.get(..10), s.get(11..16)) {
        (Some(day), Some(time)) => format!("{day} {time} UTC"),
        _ => s,
    }
}

#[derive(Template)]
#[template(path = "page.html")]
struct Page<'a> {
    name: &'a str,
    version: &'static str,
    generated: String,
    csp: String,
    style: &'static str,
    script: &'static str,
    draft_html: String,
    rows: Vec<TallyRow>,
    quotations: Share,
    figures: Share,
    unchecked_quotes: usize,
    corpus: CorpusView,
    details: Vec<Detail>,
}

struct TallyRow {
    verdict: &'static str,
    label: &'static str,
    figure_label: &'static str,
    quotations: usize,
    figures: usize,
}

/// How many of a kind trace to a source (whatever they say), of how many.
struct Share {
    found: usize,
    total: usize,
    percent: String,
}

impl Share {
    fn of(marks: &Marks, kind: Kind) -> Share {
        let (found, total) = (marks.found(kind), marks.total(kind));
        let percent = if total == 0 {
            "–".to_string()
        } else {
            format!("{:.0} %", 100.0 * found as f64 / total as f64)
        };
        Share {
            found,
            total,
            percent,
        }
    }
}

struct CorpusView {
    description: String,
    documents: usize,
    sentences: usize,
    skipped: usize,
    indexed: String,
}

/// One mark's entry in the side panel (and in the printed list).
struct Detail {
    id: usize,
    verdict: &'static str,
    kind: &'static str,
    label: &'static str,
    words: String,
    source_says: Option<String>,
    notes: Vec<String>,
    passages: Vec<PassageView>,
    also_in: Vec<PassageView>,
    draft_speaker: Option<String>,
    source_speaker: Option<String>,
    silenced: bool,
    sources_disagree: bool,
}

impl Detail {
    fn new(m: &Mark, text: &str, sources: &mut Sources) -> Detail {
        Detail {
            id: m.id,
            verdict: m.verdict.as_str(),
            kind: m.kind.as_str(),
            label: m.verdict.label(m.kind),
            words: crate::check::excerpt(text.get(m.range.clone()).unwrap_or_default(), 400),
            source_says: m.source_says.clone(),
            notes: m.notes.clone(),
            passages: m.passages.iter().filter_map(|p| sources.view(p)).collect(),
            also_in: m.also_in.iter().filter_map(|p| sources.view(p)).collect(),
            draft_speaker: m.draft_speaker.clone(),
            source_speaker: m.source_speaker.clone(),
            silenced: m.silenced,
            sources_disagree: m.sources_disagree,
        }
    }
}

/// A source passage as the panel shows it: where it is, the sentence with the matched words
/// cut out for highlighting, and its neighbours.
struct PassageView {
    title: String,
    file_name: String,
    date: Option<String>,
    path: String,
    url: String,
    line: usize,
    before: String,
    lead: String,
    hit: String,
    tail: String,
    after: String,
}

/// The corpus's documents, with a line index per document built once.
struct Sources<'a> {
    docs: &'a [Document],
    lines: HashMap<usize, LineIndex>,
}

impl<'a> Sources<'a> {
    fn new(docs: &'a [Document]) -> Self {
        Sources {
            docs,
            lines: HashMap::new(),
        }
    }

    fn view(&mut self, p: &Passage) -> Option<PassageView> {
        let doc = self.docs.get(p.doc)?;
        let text = &doc.text;
        let sentence = clamp(text, p.sentence.clone())?;
        let highlight = p
            .highlight
            .clone()
            .and_then(|h| clamp(text, h))
            .filter(|h| sentence.start <= h.start && h.end <= sentence.end)
            .unwrap_or(sentence.start..sentence.start);
        let shown = window(text, sentence.clone(), highlight.clone());
        let first = doc.sentence_at(sentence.start);
        let last = doc.sentence_at(sentence.end.saturating_sub(1)).or(first);
        let neighbour = |i: Option<usize>| {
            i.and_then(|i| doc.sentences.get(i))
                .and_then(|r| text.get(r.clone()))
                .map(|s| crate::check::excerpt(s, MAX_NEIGHBOUR))
                .unwrap_or_default()
        };
        let file = doc.file_text();
        let line = self
            .lines
            .entry(p.doc)
            .or_insert_with(|| LineIndex::new(file))
            .line_of(doc.file_range(sentence.clone()).start)
            + 1;
        let file_name = doc.file_name();
        Some(PassageView {
            title: doc.title.clone(),
            date: doc.date.clone(),
            path: doc.path.display().to_string(),
            url: Uri::from_file_path(&doc.path)
                .map(|u| u.to_string())
                .unwrap_or_default(),
            line,
            before: if shown.start == sentence.start {
                neighbour(first.and_then(|i| i.checked_sub(1)))
            } else {
                String::new()
            },
            lead: cut(
                text,
                shown.start..highlight.start,
                shown.start > sentence.start,
                false,
            ),
            hit: text.get(highlight.clone()).unwrap_or_default().to_string(),
            tail: cut(
                text,
                highlight.end..shown.end,
                false,
                shown.end < sentence.end,
            ),
            after: if shown.end == sentence.end {
                neighbour(last.map(|i| i + 1))
            } else {
                String::new()
            },
            file_name,
        })
    }
}

/// A range moved inside the text and onto character boundaries, or nothing if empty.
fn clamp(text: &str, r: Range<usize>) -> Option<Range<usize>> {
    let mut start = r.start.min(text.len());
    let mut end = r.end.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    (start < end).then_some(start..end)
}

/// The part of a long sentence shown around its highlight, so one run-on "sentence" (a file
/// without punctuation) cannot swell the page.
fn window(text: &str, sentence: Range<usize>, highlight: Range<usize>) -> Range<usize> {
    if sentence.len() <= MAX_SENTENCE {
        return sentence;
    }
    let room = MAX_SENTENCE.saturating_sub(highlight.len()) / 2;
    let start = highlight.start.saturating_sub(room).max(sentence.start);
    let end = (highlight.end + room).min(sentence.end);
    clamp(text, start..end).unwrap_or(sentence)
}

/// Text of a range with "…" where the window cut it.
fn cut(text: &str, r: Range<usize>, cut_before: bool, cut_after: bool) -> String {
    let s = text.get(r).unwrap_or_default();
    let mut out = String::new();
    if cut_before {
        out.push('…');
    }
    out.push_str(s);
    if cut_after {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_csp_source_expressions() {
        // The SHA-256 of "" in base64, as CSP spells it.
        assert_eq!(
            csp_hash(""),
            "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
        );
    }

    #[test]
    fn timestamps_are_utc_minutes() {
        let t = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000);
        assert_eq!(timestamp(t), "2023-11-14 22:13 UTC");
    }

    #[test]
    fn long_sentences_are_cut_around_the_highlight() {
        let text = format!("{}needle{}", "a ".repeat(2000), " b".repeat(2000));
        let h = text.find("needle").unwrap();
        let w = window(&text, 0..text.len(), h..h + 6);
        assert!(w.len() <= MAX_SENTENCE);
        assert!(w.start <= h && h + 6 <= w.end);
        assert_eq!(
            cut(&text, w.start..h, true, false).chars().next(),
            Some('…')
        );
    }

    #[test]
    fn ranges_are_clamped_to_character_boundaries() {
        let text = "é1";
        assert_eq!(clamp(text, 1..9), Some(0..3));
        assert_eq!(clamp(text, 5..9), None);
    }
}
