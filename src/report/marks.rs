//! What the review page marks: every quotation and figure of the draft with the engine's verdict
//! on it, the findings that explain it and the source passages behind it. Nothing is judged here:
//! verdicts are read off `Analysis`, the same one `sourced check` prints.

use crate::check::{
    Analysis, Code, Draft, FigureReport, FigureStatus, Finding, QuoteReport, QuoteStatus,
    SourceRef, WordDiff,
};
use crate::corpus::Document;
use crate::index::Index;
use std::ops::Range;

/// A mark's verdict, as the page shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Verdict {
    /// The source says the same: a verified quotation, a figure that agrees.
    Traced,
    /// A quotation with changed words, a figure the source states otherwise.
    Differs,
    /// The source gives the words to someone else.
    Misattributed,
    /// No source has the quotation, or no source states the figure.
    NotFound,
}

impl Verdict {
    pub const ALL: [Verdict; 4] = [
        Verdict::Traced,
        Verdict::Differs,
        Verdict::Misattributed,
        Verdict::NotFound,
    ];

    /// The name used in class names and `data-verdict`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Traced => "traced",
            Verdict::Differs => "differs",
            Verdict::Misattributed => "misattributed",
            Verdict::NotFound => "not-found",
        }
    }

    pub fn label(self, kind: Kind) -> &'static str {
        match (self, kind) {
            (Verdict::Traced, Kind::Quotation) => "Verified",
            (Verdict::Traced, Kind::Figure) => "Traced",
            (Verdict::Differs, _) => "Differs from the source",
            (Verdict::Misattributed, _) => "Misattributed",
            (Verdict::NotFound, Kind::Quotation) => "Not found in any source",
            (Verdict::NotFound, Kind::Figure) => "No source states it",
        }
    }

    /// Where a finding's code puts a mark that has nothing else to go by.
    fn of_code(code: Code) -> Verdict {
        match code {
            Code::FigureMismatch | Code::Misquote => Verdict::Differs,
            Code::Misattribution => Verdict::Misattributed,
            Code::UnsourcedQuote => Verdict::NotFound,
            Code::SourcesDisagree => Verdict::Traced,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Quotation,
    Figure,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Quotation => "quotation",
            Kind::Figure => "figure",
        }
    }

    fn of_code(code: Code) -> Kind {
        match code {
            Code::FigureMismatch | Code::SourcesDisagree => Kind::Figure,
            Code::Misquote | Code::Misattribution | Code::UnsourcedQuote => Kind::Quotation,
        }
    }
}

/// A source sentence shown beside a mark, with the words to highlight in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    pub doc: usize,
    /// Bytes of the document's text: the sentence, or the sentences, holding the words.
    pub sentence: Range<usize>,
    /// The matched words, within `sentence`.
    pub highlight: Option<Range<usize>>,
}

/// A quotation or figure of the draft and what the engine found about it.
#[derive(Debug, Clone)]
pub struct Mark {
    /// 1-based, in the order of the draft.
    pub id: usize,
    pub kind: Kind,
    /// Bytes of the draft.
    pub range: Range<usize>,
    pub verdict: Verdict,
    /// The messages of the findings on it, without their code.
    pub notes: Vec<String>,
    /// What the source has instead, briefly: its figure, its words, its speaker.
    pub source_says: Option<String>,
    pub passages: Vec<Passage>,
    /// Other places in the corpus with the same words.
    pub also_in: Vec<Passage>,
    /// The speaker the draft names, and the one the source names.
    pub draft_speaker: Option<String>,
    pub source_speaker: Option<String>,
    /// Where the draft names the speaker (a misattribution is reported there).
    pub speaker_range: Option<Range<usize>>,
    /// The verdict stands without its finding: silenced in the draft or switched off in
    /// `sourced.toml`.
    pub silenced: bool,
    /// The sources state this figure differently among themselves.
    pub sources_disagree: bool,
}

impl Mark {
    fn new(kind: Kind, range: Range<usize>, verdict: Verdict) -> Mark {
        Mark {
            id: 0,
            kind,
            range,
            verdict,
            notes: Vec::new(),
            source_says: None,
            passages: Vec::new(),
            also_in: Vec::new(),
            draft_speaker: None,
            source_speaker: None,
            speaker_range: None,
            silenced: false,
            sources_disagree: false,
        }
    }
}

/// Every mark of a draft, in order, and what was left unmarked.
#[derive(Debug, Clone, Default)]
pub struct Marks {
    pub marks: Vec<Mark>,
    /// Quotations too short to judge (scare quotes, titles) that no source has verbatim.
    pub unchecked_quotes: usize,
}

impl Marks {
    /// How many marks of a kind have a verdict.
    pub fn count(&self, kind: Kind, verdict: Verdict) -> usize {
        self.marks
            .iter()
            .filter(|m| m.kind == kind && m.verdict == verdict)
            .count()
    }

    /// How many marks of a kind were found in a source, whatever they say.
    pub fn found(&self, kind: Kind) -> usize {
        self.marks
            .iter()
            .filter(|m| m.kind == kind && m.verdict != Verdict::NotFound)
            .count()
    }

    pub fn total(&self, kind: Kind) -> usize {
        self.marks.iter().filter(|m| m.kind == kind).count()
    }
}

/// The marks of a checked draft. Figures the engine paired with no source are marked as stated
/// by none, so that the page accounts for every figure.
pub fn marks(index: &Index, draft: &Draft, analysis: &Analysis) -> Marks {
    let docs = index.documents();
    let mut out = Marks::default();
    for q in &analysis.quotes {
        match quote_mark(docs, q) {
            Some(m) => out.marks.push(m),
            None => out.unchecked_quotes += 1,
        }
    }
    for f in &analysis.figures {
        let m = figure_mark(docs, f);
        match out
            .marks
            .iter_mut()
            .find(|x| x.kind == Kind::Figure && x.range == m.range)
        {
            Some(x) => x.passages.extend(m.passages),
            None => out.marks.push(m),
        }
    }
    let mut explained = vec![Vec::new(); out.marks.len()];
    for f in &analysis.findings {
        let i = match mark_of(&out.marks, f) {
            Some(i) => i,
            None => {
                out.marks.push(Mark::new(
                    Kind::of_code(f.code),
                    f.range.clone(),
                    Verdict::of_code(f.code),
                ));
                explained.push(Vec::new());
                out.marks.len() - 1
            }
        };
        explained[i].push(f.code);
        apply_finding(docs, &mut out.marks[i], f);
    }
    for (m, codes) in out.marks.iter_mut().zip(&explained) {
        let needed = match (m.kind, m.verdict) {
            (Kind::Quotation, Verdict::Differs) => Some(Code::Misquote),
            (Kind::Quotation, Verdict::NotFound) => Some(Code::UnsourcedQuote),
            (Kind::Figure, Verdict::Differs) => Some(Code::FigureMismatch),
            _ => None,
        };
        m.silenced = needed.is_some_and(|c| !codes.contains(&c));
    }
    unpaired_figures(draft, &mut out.marks);
    out.marks
        .sort_by_key(|m| (m.range.start, std::cmp::Reverse(m.range.end)));
    for (i, m) in out.marks.iter_mut().enumerate() {
        m.id = i + 1;
    }
    out
}

fn quote_mark(docs: &[Document], q: &QuoteReport) -> Option<Mark> {
    let verdict = match q.status {
        QuoteStatus::Verified => Verdict::Traced,
        QuoteStatus::Misquote => Verdict::Differs,
        QuoteStatus::Misattributed => Verdict::Misattributed,
        QuoteStatus::Unsourced => Verdict::NotFound,
        QuoteStatus::Unchecked => return None,
    };
    let mut m = Mark::new(Kind::Quotation, q.quotation.range.clone(), verdict);
    if let Some(sentence) = &q.sentence {
        m.passages.push(Passage {
            doc: sentence.doc,
            sentence: sentence.range.clone(),
            highlight: q.passage.as_ref().map(|p| p.range.clone()),
        });
    }
    m.also_in = q
        .also_in
        .iter()
        .filter_map(|r| sentence_passage(docs, r))
        .collect();
    m.draft_speaker = q.draft_speaker.as_ref().map(|s| s.name.clone());
    m.speaker_range = q.draft_speaker.as_ref().map(|s| s.range.clone());
    m.source_speaker = q.source_speaker.clone();
    if verdict == Verdict::Differs {
        let words: Vec<&str> = q
            .diffs
            .iter()
            .filter_map(|d| match d {
                WordDiff::Changed { source, .. } | WordDiff::Dropped { source } => {
                    Some(source.as_str())
                }
                WordDiff::Added { .. } => None,
            })
            .collect();
        m.source_says = (!words.is_empty()).then(|| words.join(" … "));
    }
    Some(m)
}

fn figure_mark(docs: &[Document], f: &FigureReport) -> Mark {
    let verdict = match f.status {
        FigureStatus::Agrees => Verdict::Traced,
        FigureStatus::Differs => Verdict::Differs,
    };
    let mut m = Mark::new(Kind::Figure, f.figure.range.clone(), verdict);
    m.passages = f
        .sources
        .iter()
        .map(|(figure, sentence)| Passage {
            doc: sentence.doc,
            sentence: sentence.range.clone(),
            highlight: Some(figure.range.clone()),
        })
        .collect();
    if verdict == Verdict::Differs {
        m.source_says = f
            .sources
            .first()
            .and_then(|(figure, _)| docs.get(figure.doc)?.text.get(figure.range.clone()))
            .map(str::to_string);
    }
    m
}

/// The mark a finding speaks of: the innermost quotation holding a quotation finding, the
/// figure a figure finding is on.
fn mark_of(marks: &[Mark], f: &Finding) -> Option<usize> {
    let kind = Kind::of_code(f.code);
    let inside = |m: &Mark| m.range.start <= f.range.start && f.range.end <= m.range.end;
    let overlaps = |m: &Mark| m.range.start < f.range.end && f.range.start < m.range.end;
    let candidates = || marks.iter().enumerate().filter(|(_, m)| m.kind == kind);
    // A misattribution is on the speaker's name: its quotation is the one misattributed there.
    let attributed = || {
        candidates().filter(|(_, m)| {
            f.code == Code::Misattribution && m.speaker_range.as_ref() == Some(&f.range)
        })
    };
    attributed()
        .filter(|(_, m)| m.verdict == Verdict::Misattributed)
        .chain(attributed())
        .map(|(i, _)| i)
        .next()
        .or_else(|| {
            candidates()
                .filter(|(_, m)| m.range == f.range)
                .map(|(i, _)| i)
                .next()
        })
        .or_else(|| {
            candidates()
                .filter(|(_, m)| inside(m))
                .min_by_key(|(_, m)| m.range.len())
                .map(|(i, _)| i)
        })
        .or_else(|| {
            candidates()
                .filter(|(_, m)| overlaps(m))
                .map(|(i, _)| i)
                .next()
        })
}

fn apply_finding(docs: &[Document], m: &mut Mark, f: &Finding) {
    let prefix = format!("{}: ", f.code.as_str());
    m.notes.push(
        f.message
            .strip_prefix(&prefix)
            .unwrap_or(&f.message)
            .to_string(),
    );
    match f.code {
        Code::Misattribution => {
            if m.verdict == Verdict::Traced {
                m.verdict = Verdict::Misattributed;
            }
            if m.source_says.is_none() {
                m.source_says = f
                    .fixes
                    .first()
                    .map(|x| x.replacement.clone())
                    .or_else(|| m.source_speaker.clone());
            }
        }
        Code::FigureMismatch => {
            // The fix carries the source's figure with its hedge ("more than 73,600").
            if let Some(x) = f.fixes.first() {
                m.source_says = Some(x.replacement.clone());
            }
        }
        Code::SourcesDisagree => m.sources_disagree = true,
        Code::Misquote | Code::UnsourcedQuote => {}
    }
    for s in &f.sources {
        let covered = m.passages.iter().any(|p| {
            p.doc == s.doc && p.sentence.start <= s.range.start && s.range.end <= p.sentence.end
        });
        if !covered && let Some(p) = sentence_passage(docs, s) {
            m.passages.push(p);
        }
    }
}

/// The sentences of a document around a passage, with the passage highlighted.
fn sentence_passage(docs: &[Document], r: &SourceRef) -> Option<Passage> {
    let doc = docs.get(r.doc)?;
    let sentence = match doc.sentence_at(r.range.start) {
        Some(first) => {
            let last = doc
                .sentence_at(r.range.end.saturating_sub(1).max(r.range.start))
                .unwrap_or(first)
                .max(first);
            doc.sentences.at(first).start..doc.sentences.at(last).end.max(r.range.end)
        }
        // Between sentences (a heading, a byline): the passage alone.
        None => r.range.clone(),
    };
    let highlight = (r.range != sentence).then(|| r.range.clone());
    Some(Passage {
        doc: r.doc,
        sentence,
        highlight,
    })
}

/// Figures of the draft that no mark covers: the engine paired them with no source.
fn unpaired_figures(draft: &Draft, marks: &mut Vec<Mark>) {
    let mut taken: Vec<Range<usize>> = marks.iter().map(|m| m.range.clone()).collect();
    taken.sort_by_key(|r| r.start);
    // The furthest end so far: marks before the first that reaches past a figure end before it.
    let reach: Vec<usize> = taken
        .iter()
        .scan(0, |end, r| {
            *end = r.end.max(*end);
            Some(*end)
        })
        .collect();
    for s in &draft.sentences {
        let Some(text) = draft.prose.get(s.clone()) else {
            continue;
        };
        for f in crate::figures::extract(text) {
            let r = f.range.start + s.start..f.range.end + s.start;
            let from = reach.partition_point(|&end| end <= r.start);
            let overlaps = taken[from.min(taken.len())..]
                .iter()
                .take_while(|t| t.start < r.end)
                .any(|t| r.start < t.end);
            if !overlaps {
                marks.push(Mark::new(Kind::Figure, r, Verdict::NotFound));
            }
        }
    }
}
