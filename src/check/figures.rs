//! Pairing each figure of the draft with the source figure that states the same quantity, and
//! judging whether they agree.
//!
//! Retrieval is by the words of the sentence, not by the number: BM25 over stems finds the source
//! sentences about the same thing. Every figure, draft and source alike, is analysed once for
//! what it measures (`figures::role`); a draft figure and a source figure of a comparable kind
//! are then scored by one calibrated probability that they state the same quantity
//! (`pairing`). Only a confident pairing that disagrees, with no plausible source agreeing, is a
//! warning.

use super::pairing::{self, Features, SourceContext};
use super::pairing_weights::THRESHOLD;
use super::{Analysis, Code, Draft, FigureReport, FigureStatus, Finding, Fix, SourceRef, excerpt};
use crate::figures::role::{AnalysedFigure, AnalysedSentence, analyse as analyse_sentence};
use crate::figures::{self, Comparison, Hedge, Kind};
use crate::index::{Index, term_hashes};
use crate::text;
use rustc_hash::FxHashMap;
use std::ops::Range;
use std::rc::Rc;

/// Figures of one draft sentence that are paired with sources.
const MAX_FIGURES_PER_SENTENCE: usize = 16;
/// Source sentences retrieved per draft sentence.
const CANDIDATE_SENTENCES: usize = 12;
/// A retrieved sentence this similar to the draft's brings its neighbours in: a sentence that
/// tells the same event may leave its date or count to the sentence beside it.
const NEIGHBOUR_SIMILARITY: f32 = 0.35;
/// Sentences either side of a source sentence that make the passage it belongs to.
const PASSAGE: usize = 3;
/// An agreeing source figure supports the draft's figure from this share of the threshold on:
/// a plausible agreeing source is enough to stay quiet.
const SUPPORT_SHARE: f32 = 0.5;
/// Both pairings must be at least this likely before sources are said to disagree.
const DISAGREEMENT: f32 = 0.8;

/// A source figure paired with a draft figure.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub doc: usize,
    /// The source sentence, bytes of the document's text.
    pub sentence: Range<usize>,
    /// The source figure, its range in the document's text.
    pub figure: AnalysedFigure,
    pub features: Features,
    pub probability: f32,
}

/// A draft paragraph by its address and length.
type ParagraphKey = (usize, usize);

/// Analysed source sentences and their words, shared by every draft sentence of one check.
#[derive(Default)]
pub struct SourceCache {
    analysed: FxHashMap<u32, Rc<AnalysedSentence>>,
    stems: FxHashMap<u32, Rc<Vec<String>>>,
    /// The stems of the last draft paragraph (its address and length): the sentences of a
    /// paragraph come one after another.
    paragraph: Option<(ParagraphKey, Rc<Vec<String>>)>,
}

impl SourceCache {
    fn analysed(&mut self, index: &Index, sid: u32) -> Rc<AnalysedSentence> {
        self.analysed
            .entry(sid)
            .or_insert_with(|| Rc::new(analyse_sentence(index.sentence_text(sid))))
            .clone()
    }

    fn paragraph_stems(&mut self, paragraph: &str) -> Rc<Vec<String>> {
        let key = (paragraph.as_ptr() as usize, paragraph.len());
        match &self.paragraph {
            Some((k, stems)) if *k == key => stems.clone(),
            _ => {
                let stems = Rc::new(sentence_stems(paragraph));
                self.paragraph = Some((key, stems.clone()));
                stems
            }
        }
    }

    fn stems(&mut self, index: &Index, sid: u32) -> Rc<Vec<String>> {
        self.stems
            .entry(sid)
            .or_insert_with(|| Rc::new(sentence_stems(index.sentence_text(sid))))
            .clone()
    }
}

/// Distinct content stems of a text, numbers left out.
fn sentence_stems(text: &str) -> Vec<String> {
    let mut s: Vec<String> = text::words(text)
        .iter()
        .filter(|w| text::is_content_word(&w.norm) && !text::is_numeric(&w.norm))
        .map(|w| text::stem(&w.norm))
        .collect();
    s.sort();
    s.dedup();
    s
}

/// Share of the idf weight of `a` that `b` holds.
fn covered(a: &[String], b: &[String], idf: &mut dyn FnMut(&str) -> f32) -> f32 {
    let total: f32 = a.iter().map(|s| idf(s)).sum();
    if total <= 0.0 {
        return 0.0;
    }
    a.iter()
        .filter(|s| b.contains(s))
        .map(|s| idf(s))
        .sum::<f32>()
        / total
}

/// Idf of stems, looked up once per check.
pub struct IdfCache<'a> {
    index: &'a Index,
    cache: FxHashMap<String, f32>,
}

impl<'a> IdfCache<'a> {
    pub fn new(index: &'a Index) -> IdfCache<'a> {
        IdfCache {
            index,
            cache: FxHashMap::default(),
        }
    }

    pub fn get(&mut self, stem: &str) -> f32 {
        if let Some(&v) = self.cache.get(stem) {
            return v;
        }
        let v = self.index.idf(crate::index::hash_str(stem));
        self.cache.insert(stem.to_string(), v);
        v
    }
}

/// The source sentences that may state a draft sentence's figures: the best by BM25, and the
/// neighbours of close ones.
fn retrieve(
    index: &Index,
    sentence: &str,
    stems: &[String],
    cache: &mut SourceCache,
    idf: &mut IdfCache,
    skip_doc: Option<usize>,
) -> Vec<u32> {
    let terms = term_hashes(sentence);
    if terms.is_empty() {
        return Vec::new();
    }
    let mut found: Vec<u32> = index
        .search(
            &terms,
            CANDIDATE_SENTENCES + usize::from(skip_doc.is_some()) * 8,
        )
        .into_iter()
        .map(|(sid, _)| sid)
        .filter(|&sid| Some(index.sentence(sid).doc as usize) != skip_doc)
        .take(CANDIDATE_SENTENCES)
        .collect();
    let close: Vec<u32> = found
        .iter()
        .copied()
        .filter(|&sid| {
            let s = cache.stems(index, sid);
            covered(stems, &s, &mut |x| idf.get(x)) >= NEIGHBOUR_SIMILARITY
        })
        .collect();
    for sid in close {
        let doc = index.sentence(sid).doc;
        for n in [sid.wrapping_sub(1), sid + 1] {
            if (n as usize) < index.sentence_count()
                && index.sentence(n).doc == doc
                && !found.contains(&n)
            {
                found.push(n);
            }
        }
    }
    found
}

/// What the source passage around a sentence says of the draft sentence and its paragraph.
fn source_context(
    index: &Index,
    sid: u32,
    draft_stems: &[String],
    paragraph_stems: &[String],
    cache: &mut SourceCache,
    idf: &mut IdfCache,
) -> SourceContext {
    let doc = index.sentence(sid).doc;
    let same_doc = |n: u32| (n as usize) < index.sentence_count() && index.sentence(n).doc == doc;
    let mut window = 0.0f32;
    for n in [sid.wrapping_sub(1), sid + 1] {
        if same_doc(n) {
            let s = cache.stems(index, n);
            window = window.max(covered(draft_stems, &s, &mut |x| idf.get(x)));
        }
    }
    let mut passage: Vec<String> = Vec::new();
    let first = sid.saturating_sub(PASSAGE as u32);
    for n in first..=sid + PASSAGE as u32 {
        if same_doc(n) {
            passage.extend(cache.stems(index, n).iter().cloned());
        }
    }
    passage.sort();
    passage.dedup();
    SourceContext {
        window,
        relevance: covered(paragraph_stems, &passage, &mut |x| idf.get(x)),
    }
}

/// Pairs every figure of a draft sentence with the source figures that may state the same
/// quantity, most likely first. `skip_doc` leaves one document out (for fitting on a corpus
/// that holds the sentence itself).
pub fn pair_sentence(
    index: &Index,
    sentence: &str,
    paragraph: &str,
    skip_doc: Option<usize>,
    cache: &mut SourceCache,
    idf: &mut IdfCache,
) -> (AnalysedSentence, Vec<Vec<Candidate>>) {
    let analysed = analyse_sentence(sentence);
    if analysed.figures.is_empty() {
        return (analysed, Vec::new());
    }
    let paragraph_stems = cache.paragraph_stems(paragraph);
    let found = retrieve(index, sentence, &analysed.stems, cache, idf, skip_doc);
    let mut pairs: Vec<Vec<Candidate>> = vec![Vec::new(); analysed.figures.len()];
    for sid in found {
        let source = cache.analysed(index, sid);
        if source.figures.is_empty() {
            continue;
        }
        let context = source_context(index, sid, &analysed.stems, &paragraph_stems, cache, idf);
        let doc = index.sentence(sid).doc as usize;
        let range = index.sentence_range(sid);
        // A sentence with more figures than this is a table run together: the rest are not
        // paired, which keeps the work per sentence bounded.
        for (i, d) in analysed
            .figures
            .iter()
            .enumerate()
            .take(MAX_FIGURES_PER_SENTENCE)
        {
            for s in source
                .figures
                .iter()
                .filter(|s| pairing::compatible(&d.figure, &s.figure))
            {
                let features =
                    pairing::features(d, &analysed, s, &source, context, &mut |x| idf.get(x));
                let mut figure = s.clone();
                figure.figure.range =
                    s.figure.range.start + range.start..s.figure.range.end + range.start;
                pairs[i].push(Candidate {
                    doc,
                    sentence: range.clone(),
                    figure,
                    probability: pairing::probability(&features, &pairing::weights()),
                    features,
                });
            }
        }
    }
    for p in &mut pairs {
        p.sort_by(|a, b| b.probability.total_cmp(&a.probability));
    }
    // One source figure states one quantity: a source figure that another figure of this sentence
    // pairs with more likely, and agrees with, is not held against this one.
    let claims: Vec<(usize, (usize, usize), f32)> = pairs
        .iter()
        .enumerate()
        .flat_map(|(i, ps)| {
            let d = &analysed.figures[i].figure;
            ps.iter()
                .filter(move |c| figures::agree(d, &c.figure.figure))
                .map(move |c| (i, (c.doc, c.figure.figure.range.start), c.probability))
        })
        .collect();
    for (i, ps) in pairs.iter_mut().enumerate() {
        ps.retain(|c| {
            let key = (c.doc, c.figure.figure.range.start);
            !claims
                .iter()
                .any(|&(j, k, p)| j != i && k == key && p > c.probability)
        });
    }
    (analysed, pairs)
}

pub fn check_figures(
    index: &Index,
    draft: &Draft,
    analysis: &mut Analysis,
    memo: Option<&super::memo::Memo>,
) {
    let mut idf = IdfCache::new(index);
    let mut cache = SourceCache::default();
    // Quotations traced to a source are judged word by word, their figures with them; figures
    // of quotations no source has are checked as figures.
    let traced = analysis
        .quotes
        .iter()
        .filter(|q| {
            matches!(
                q.status,
                super::QuoteStatus::Verified | super::QuoteStatus::Misquote
            )
        })
        .map(|q| q.quotation.inner.clone());
    // Looked up by bisection, and the paragraph's stems computed once per paragraph: a draft of
    // many sentences and quotations costs no more than its length.
    let traced = crate::quotes::QuoteSpans::new(traced);
    let paragraphs = crate::quotes::paragraphs(&draft.prose);
    let mut paragraph_stems: Option<(usize, Vec<String>)> = None;
    for sentence in &draft.sentences {
        let at = paragraphs.partition_point(|(start, _)| *start <= sentence.start);
        let found = at
            .checked_sub(1)
            .filter(|&i| sentence.start < paragraphs[i].0 + paragraphs[i].1.len());
        let paragraph = found.map_or(&draft.prose[sentence.clone()], |i| paragraphs[i].1);
        let skipped: Vec<(usize, usize)> = traced
            .overlapping(sentence.clone())
            .map(|q| {
                (
                    q.start.wrapping_sub(sentence.start),
                    q.end.wrapping_sub(sentence.start),
                )
            })
            .collect();
        let key = memo.map(|_| {
            let here = found.unwrap_or(usize::MAX);
            if paragraph_stems
                .as_ref()
                .is_none_or(|(i, _)| *i != here || here == usize::MAX)
            {
                paragraph_stems = Some((here, sentence_stems(paragraph)));
            }
            let stems = paragraph_stems.as_ref().map(|(_, s)| s);
            super::memo::key(&("figures", &draft.prose[sentence.clone()], stems, &skipped))
        });
        if let (Some(m), Some(k)) = (memo, key)
            && m.replay(k, sentence.start, analysis)
        {
            continue;
        }
        let mut local = Analysis::default();
        let text = &draft.prose[sentence.clone()];
        let (analysed, pairs) = pair_sentence(index, text, paragraph, None, &mut cache, &mut idf);
        for (d, ps) in analysed.figures.iter().zip(pairs) {
            let r = &d.figure.range;
            if skipped.iter().any(|&(a, b)| a <= r.start && r.end <= b) {
                continue;
            }
            judge(index, draft, sentence, d, ps, &mut local);
        }
        if let (Some(m), Some(k)) = (memo, key) {
            m.store(k, sentence.start, &local);
        }
        analysis.findings.extend(local.findings);
        analysis.figures.extend(local.figures);
    }
}

/// The verdict on one draft figure, from its pairings.
#[derive(Debug)]
pub enum Verdict<'a> {
    /// No source figure is likely enough to state the same quantity.
    Unpaired,
    Agrees(Vec<&'a Candidate>),
    Differs(&'a Candidate),
}

/// Decides a draft figure's verdict from its pairings (most likely first).
pub fn decide<'a>(d: &AnalysedFigure, pairs: &'a [Candidate]) -> Verdict<'a> {
    let Some(first) = pairs.first() else {
        return Verdict::Unpaired;
    };
    // A vaguer source date ("last August") cannot vouch for "August 2021" when a source that
    // gives the year ("August 2022") says otherwise.
    let as_specific = |c: &Candidate| {
        let (a, b) = (d.figure.date, c.figure.figure.date);
        (a.year.is_none() || b.year.is_some()) && (a.day.is_none() || b.day.is_some())
    };
    let specific_disagreement = pairs.iter().any(|c| {
        c.probability >= THRESHOLD
            && as_specific(c)
            && figures::compare(&d.figure, &c.figure.figure) == Comparison::Differ
    });
    let counts =
        |c: &&Candidate| d.figure.kind != Kind::Date || as_specific(c) || !specific_disagreement;
    let best = pairs.iter().find(counts).unwrap_or(first);
    let supporting: Vec<&Candidate> = pairs
        .iter()
        .filter(counts)
        .filter(|c| {
            c.probability >= THRESHOLD * SUPPORT_SHARE
                && figures::agree(&d.figure, &c.figure.figure)
        })
        .collect();
    if !supporting.is_empty() {
        return Verdict::Agrees(supporting);
    }
    if best.probability >= THRESHOLD
        && figures::compare(&d.figure, &best.figure.figure) == Comparison::Differ
    {
        return Verdict::Differs(best);
    }
    Verdict::Unpaired
}

fn judge(
    index: &Index,
    draft: &Draft,
    sentence: &Range<usize>,
    d: &AnalysedFigure,
    pairs: Vec<Candidate>,
    analysis: &mut Analysis,
) {
    let offset = sentence.start;
    let draft_range = d.figure.range.start + offset..d.figure.range.end + offset;
    let draft_text = &draft.prose[draft_range.clone()];
    let mut placed_figure = d.figure.clone();
    placed_figure.range = draft_range.clone();
    let refs = |xs: &[&Candidate]| -> Vec<(SourceRef, SourceRef)> {
        xs.iter()
            .map(|x| {
                (
                    SourceRef {
                        doc: x.doc,
                        range: x.figure.figure.range.clone(),
                    },
                    SourceRef {
                        doc: x.doc,
                        range: x.sentence.clone(),
                    },
                )
            })
            .collect()
    };
    match decide(d, &pairs) {
        Verdict::Unpaired => {}
        Verdict::Agrees(supporting) => {
            analysis.figures.push(FigureReport {
                figure: placed_figure,
                status: FigureStatus::Agrees,
                sources: refs(&supporting),
            });
            if let Some(f) = disagreement(index, d, &supporting, &pairs, draft_range) {
                analysis.findings.push(f);
            }
        }
        Verdict::Differs(best) => {
            let doc = &index.documents()[best.doc];
            let source_sentence = &doc.text[best.sentence.clone()];
            let source_text = &doc.text[best.figure.figure.range.clone()];
            let source_hedged = hedged_text(&doc.text, best);
            let replacement =
                if d.figure.hedge == Hedge::Exact && best.figure.figure.hedge != Hedge::Exact {
                    source_hedged.clone()
                } else {
                    source_text.to_string()
                };
            analysis.figures.push(FigureReport {
                figure: placed_figure,
                status: FigureStatus::Differs,
                sources: refs(&[best]),
            });
            analysis.findings.push(Finding {
                code: Code::FigureMismatch,
                severity: Code::FigureMismatch.default_severity(),
                range: draft_range.clone(),
                message: format!(
                    "figure-mismatch: {} gives {}, not {}: \"{}\"",
                    doc.file_name(),
                    source_hedged,
                    draft_text,
                    excerpt(source_sentence, 140)
                ),
                sources: vec![SourceRef {
                    doc: best.doc,
                    range: best.sentence.clone(),
                }],
                fixes: vec![Fix {
                    title: format!("Replace with {replacement}"),
                    range: draft_range,
                    replacement,
                }],
            });
        }
    }
}

/// Two sources that state the same quantity differently, both confidently paired: the same
/// counted noun and, for comparisons, the same comparator ("ten times faster than a car" and
/// "three times faster than a train" do not disagree).
fn disagreement(
    index: &Index,
    d: &AnalysedFigure,
    supporting: &[&Candidate],
    pairs: &[Candidate],
    draft_range: Range<usize>,
) -> Option<Finding> {
    let first = supporting.first()?;
    if first.probability < DISAGREEMENT {
        return None;
    }
    let same_role = |a: &AnalysedFigure, b: &AnalysedFigure| {
        let noun = match (&a.role.noun, &b.role.noun) {
            (Some(x), Some(y)) => pairing::same_noun(x, y),
            _ => false,
        };
        noun && a.role.comparator == b.role.comparator
    };
    let other = pairs.iter().find(|c| {
        c.probability >= DISAGREEMENT
            && c.doc != first.doc
            && same_role(&c.figure, &first.figure)
            && figures::compare(&c.figure.figure, &first.figure.figure) == Comparison::Differ
            && figures::compare(&first.figure.figure, &c.figure.figure) == Comparison::Differ
            && figures::compare(&d.figure, &c.figure.figure) == Comparison::Differ
    })?;
    let a = &index.documents()[first.doc];
    let b = &index.documents()[other.doc];
    Some(Finding {
        code: Code::SourcesDisagree,
        severity: Code::SourcesDisagree.default_severity(),
        range: draft_range,
        message: format!(
            "sources-disagree: {} gives {}, {} gives {}",
            a.file_name(),
            &a.text[first.figure.figure.range.clone()],
            b.file_name(),
            &b.text[other.figure.figure.range.clone()]
        ),
        sources: vec![
            SourceRef {
                doc: first.doc,
                range: first.sentence.clone(),
            },
            SourceRef {
                doc: other.doc,
                range: other.sentence.clone(),
            },
        ],
        fixes: Vec::new(),
    })
}

/// The source figure as written, with its hedge ("more than 73,600").
fn hedged_text(doc_text: &str, c: &Candidate) -> String {
    let sentence = &doc_text[c.sentence.clone()];
    let words = text::words(sentence);
    let f = &c.figure.figure;
    let start = words
        .get(f.words.start)
        .map_or(f.range.start, |w| w.range.start + c.sentence.start)
        .min(f.range.start);
    doc_text[start..f.range.end].to_string()
}
