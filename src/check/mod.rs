//! Checking a draft against the index: every quotation traced to its source passage, every
//! figure paired with the source figure that speaks of the same thing. The judgement lives here.

pub mod figures;
mod ignore;
pub mod memo;
pub mod pairing;
mod pairing_weights;
mod quotes;

use crate::corpus::{markup, split_sentences};
use crate::figures::Figure;
use crate::index::Index;
use crate::quotes::{Quotation, Speaker, find_quotations};
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Code {
    FigureMismatch,
    Misquote,
    Misattribution,
    UnsourcedQuote,
    SourcesDisagree,
}

impl Code {
    pub const ALL: [Code; 5] = [
        Code::FigureMismatch,
        Code::Misquote,
        Code::Misattribution,
        Code::UnsourcedQuote,
        Code::SourcesDisagree,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Code::FigureMismatch => "figure-mismatch",
            Code::Misquote => "misquote",
            Code::Misattribution => "misattribution",
            Code::UnsourcedQuote => "unsourced-quote",
            Code::SourcesDisagree => "sources-disagree",
        }
    }

    pub fn parse(s: &str) -> Option<Code> {
        Code::ALL.into_iter().find(|c| c.as_str() == s.trim())
    }

    pub fn default_severity(self) -> Severity {
        match self {
            Code::SourcesDisagree => Severity::Information,
            _ => Severity::Warning,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    Information,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "information",
            Severity::Hint => "hint",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s.trim() {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "information" | "info" => Some(Severity::Information),
            "hint" => Some(Severity::Hint),
            _ => None,
        }
    }
}

/// A passage of a source document: document index and byte range in its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRef {
    pub doc: usize,
    pub range: Range<usize>,
}

/// An edit a writer may accept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub range: Range<usize>,
    pub replacement: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub code: Code,
    pub severity: Severity,
    /// Bytes of the draft.
    pub range: Range<usize>,
    pub message: String,
    /// What the finding was compared with: the source sentences.
    pub sources: Vec<SourceRef>,
    pub fixes: Vec<Fix>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteStatus {
    Verified,
    Misquote,
    /// The words are in a source, which gives them to someone else.
    Misattributed,
    Unsourced,
    /// Too short to judge (scare quotes, titles) and not found verbatim.
    Unchecked,
}

/// A word-level difference between a quotation and its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WordDiff {
    Changed { source: String, draft: String },
    Added { draft: String },
    Dropped { source: String },
}

#[derive(Debug, Clone)]
pub struct QuoteReport {
    pub quotation: Quotation,
    pub status: QuoteStatus,
    /// The matched passage (the quoted words in the source).
    pub passage: Option<SourceRef>,
    /// The source sentence(s) holding the passage.
    pub sentence: Option<SourceRef>,
    pub diffs: Vec<WordDiff>,
    pub draft_speaker: Option<Speaker>,
    pub source_speaker: Option<String>,
    /// Other places in the corpus with the same words.
    pub also_in: Vec<SourceRef>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FigureStatus {
    Agrees,
    Differs,
}

#[derive(Debug, Clone)]
pub struct FigureReport {
    pub figure: Figure,
    pub status: FigureStatus,
    /// The source figures it was paired with: the passage of the figure and its sentence.
    pub sources: Vec<(SourceRef, SourceRef)>,
}

#[derive(Debug, Clone, Default)]
pub struct Analysis {
    pub findings: Vec<Finding>,
    pub quotes: Vec<QuoteReport>,
    /// Figures that were paired with a source (those that were not are not reported).
    pub figures: Vec<FigureReport>,
}

/// How to read a draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftFormat {
    Markdown,
    Plain,
}

impl DraftFormat {
    pub fn of_path(path: &std::path::Path) -> DraftFormat {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("md" | "markdown" | "mdx" | "qmd" | "rmd") => DraftFormat::Markdown,
            _ => DraftFormat::Plain,
        }
    }
}

/// A draft prepared for checking: its prose with markup blanked (same byte offsets as the text),
/// sentences, quotations and silencing comments.
pub struct Draft {
    pub prose: String,
    pub sentences: Vec<Range<usize>>,
    pub quotations: Vec<Quotation>,
    pub ignores: Vec<ignore::Ignore>,
    /// Markdown's paragraphs, headings and list items, in order: what a sentence is about is
    /// read from its own block, so one item of a list is not read as the whole list.
    pub blocks: Vec<Range<usize>>,
}

impl Draft {
    pub fn new(text: &str, format: DraftFormat) -> Draft {
        let (prose, block_quotes, comments, mut blocks) = match format {
            DraftFormat::Markdown => {
                let m = markup::markdown_prose(text);
                (m.prose, m.block_quotes, m.comments, m.blocks)
            }
            DraftFormat::Plain => (text.to_string(), Vec::new(), Vec::new(), Vec::new()),
        };
        blocks.sort_by_key(|b| b.start);
        // CRLF and LF drafts are one text to the checks.
        let prose = crate::text::fold_line_ends(prose);
        let sentences = split_sentences(&prose);
        let quotations = find_quotations(&prose, &block_quotes);
        let ignores = ignore::parse(&prose, &comments);
        Draft {
            prose,
            sentences,
            quotations,
            ignores,
            blocks,
        }
    }

    /// The Markdown block (paragraph, heading or list item) holding a sentence, when the draft
    /// has blocks and one holds it.
    pub fn block_of(&self, sentence: &Range<usize>) -> Option<Range<usize>> {
        let i = self.blocks.partition_point(|b| b.start <= sentence.start);
        let b = self.blocks.get(i.checked_sub(1)?)?;
        (sentence.start < b.end && b.end <= self.prose.len()).then(|| b.clone())
    }

    fn sentence_of(&self, offset: usize) -> Range<usize> {
        let i = self.sentences.partition_point(|s| s.end <= offset);
        self.sentences
            .get(i)
            .filter(|s| s.start <= offset)
            .cloned()
            .unwrap_or(offset..offset)
    }
}

/// Checks a draft against the index.
pub fn analyse(index: &Index, text: &str, format: DraftFormat) -> Analysis {
    let draft = Draft::new(text, format);
    analyse_draft(index, &draft)
}

pub fn analyse_draft(index: &Index, draft: &Draft) -> Analysis {
    // Within one draft, a sentence or quotation repeated in the same surroundings is judged
    // once: the same verdict, at the cost of one.
    analyse_memo(index, draft, Some(&memo::Memo::new()))
}

/// Checks a draft, reusing the verdicts of sentences and quotations that have not changed since
/// an earlier check with the same memo (and the same index): an edit re-checks only what it
/// touched.
pub fn analyse_with_memo(
    index: &Index,
    text: &str,
    format: DraftFormat,
    memo: &memo::Memo,
) -> Analysis {
    let draft = Draft::new(text, format);
    analyse_memo(index, &draft, Some(memo))
}

fn analyse_memo(index: &Index, draft: &Draft, memo: Option<&memo::Memo>) -> Analysis {
    let mut analysis = Analysis::default();
    if let Some(m) = memo {
        m.begin_check();
    }
    let subject = figures::Subject::of(index, &draft.prose, memo);
    quotes::check_quotes(index, draft, &subject, &mut analysis, memo);
    figures::check_figures(index, draft, &subject, &mut analysis, memo);
    if let Some(m) = memo {
        m.end_check();
    }
    analysis
        .findings
        .retain(|f| !ignore::silenced(&draft.ignores, f));
    analysis
        .findings
        .sort_by(|a, b| a.range.start.cmp(&b.range.start).then(a.code.cmp(&b.code)));
    analysis
}

/// A short excerpt of a text for messages.
pub(crate) fn excerpt(s: &str, max_chars: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= max_chars {
        return s;
    }
    let cut: String = s.chars().take(max_chars).collect();
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests;

/// Where a source passage is in its file, in line/column terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub path: std::path::PathBuf,
    /// Byte range in the file.
    pub file_range: Range<usize>,
    pub start: crate::text::Position,
    pub end: crate::text::Position,
    /// The passage's text as the corpus reads it (visible text for HTML).
    pub text: String,
    /// For a PDF: the page, counted from 1 (lines and columns are those of its text).
    pub page: Option<u32>,
}

impl SourceRef {
    /// Resolves a passage to its file and UTF-16 positions (or byte columns with `utf8`).
    pub fn locate(&self, index: &Index, utf8: bool) -> Option<Location> {
        let doc = index.documents().get(self.doc)?;
        let range = self.range.start.min(doc.text.len())..self.range.end.min(doc.text.len());
        let file_range = doc.file_range(range.clone());
        let file = doc.file_text();
        let lines = crate::text::LineIndex::new(file);
        let (start, end) = if utf8 {
            (
                lines.position_utf8(file, file_range.start),
                lines.position_utf8(file, file_range.end),
            )
        } else {
            (
                lines.position_utf16(file, file_range.start),
                lines.position_utf16(file, file_range.end),
            )
        };
        Some(Location {
            path: doc.path.clone(),
            file_range,
            start,
            end,
            page: doc.page_at(range.start),
            text: doc.text.get(range).unwrap_or_default().to_string(),
        })
    }
}
