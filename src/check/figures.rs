//! Pairing each figure of the draft with the source figure that states the same quantity, and
//! judging whether they agree.
//!
//! Retrieval is by the words of the sentence, not by the number: BM25 over stems finds the source
//! sentences about the same thing. Every figure, draft and source alike, is analysed once for
//! what it measures (`figures::role`); a draft figure and a source figure of a comparable kind
//! are then scored by one calibrated probability that they state the same quantity
//! (`pairing`). Only a confident pairing that disagrees, with no plausible source agreeing, is a
//! warning.

use super::pairing::{self, Features, SourceContext, covered};
use super::pairing_weights::THRESHOLD;
use super::{Analysis, Code, Draft, FigureReport, FigureStatus, Finding, Fix, SourceRef, excerpt};
use crate::figures::role::{
    AnalysedFigure, AnalysedSentence, analyse as analyse_sentence, similarity_key,
};
use crate::figures::{self, Comparison, Hedge, Kind};
use crate::index::{BLOCK, Index, Postings, Retrieval, term_hashes};
use crate::text;
use rustc_hash::FxHashMap;
use std::ops::Range;
use std::rc::Rc;
use std::sync::Arc;

/// Figures of one draft sentence that are paired with sources.
const MAX_FIGURES_PER_SENTENCE: usize = 16;
/// Source sentences retrieved by BM25 per draft sentence…
const RETRIEVED: usize = 40;
/// …and kept after reranking.
const CANDIDATE_SENTENCES: usize = 40;
/// A retrieved sentence this similar to the draft's brings its neighbours in: a sentence that
/// tells the same event may leave its date or count to the sentence beside it.
const NEIGHBOUR_SIMILARITY: f32 = 0.35;
/// Sentences either side of a source sentence that make the passage it belongs to.
const PASSAGE: usize = 3;
/// An agreeing source figure supports the draft's figure when it is at least this share as
/// likely as the likeliest pairing: a plausible agreeing source is enough to stay quiet
/// (precision first), a far-fetched one is not.
pub const SUPPORT_SHARE: f32 = 0.3;
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

/// Analysed source sentences, and what is known of their surroundings, shared by every draft
/// sentence of one check.
#[derive(Default)]
pub struct SourceCache {
    analysed: FxHashMap<u32, Rc<AnalysedSentence>>,
    /// Relevance of source sentences' surroundings to the draft's topic, for the topic of
    /// `topic_key`.
    topic: FxHashMap<u32, f32>,
    topic_key: u64,
}

impl SourceCache {
    fn analysed(&mut self, index: &Index, sid: u32) -> Rc<AnalysedSentence> {
        self.analysed
            .entry(sid)
            .or_insert_with(|| Rc::new(analyse_sentence(index.sentence_text(sid))))
            .clone()
    }
}

/// Distinct content words of a text as index term keys, sorted, numbers left out.
fn sentence_keys(text: &str) -> Vec<u64> {
    let mut s: Vec<u64> = text::words(text)
        .iter()
        .filter_map(|w| similarity_key(&w.norm))
        .collect();
    s.sort_unstable();
    s.dedup();
    s
}

/// Words of a paragraph that say what it is about: the rarest in the corpus. A passage about the
/// same thing holds them; one that shares only common words with the paragraph does not.
const DISTINCTIVE: usize = 10;

/// The `n` rarest of some words, rarest first.
fn rarest(mut keys: Vec<u64>, n: usize, terms: &mut Terms) -> Vec<u64> {
    keys.sort_by(|a, b| terms.idf(*b).total_cmp(&terms.idf(*a)).then(a.cmp(b)));
    keys.truncate(n);
    keys
}

/// What a whole draft is about: its rarest words the corpus knows, and the sentences of the
/// source text that discusses them most. Read once per check, shared by quotations and figures.
pub struct Subject {
    pub words: Vec<u64>,
    pub near: Arc<Vec<(u32, Vec<u64>)>>,
}

impl Subject {
    /// Reads what a draft is about; with a memo, paragraphs already read are not read again.
    pub fn of(index: &Index, prose: &str, memo: Option<&super::memo::Memo>) -> Subject {
        let mut terms = Terms::new(index);
        let mut keys: Vec<u64> = Vec::new();
        for (_, paragraph) in crate::quotes::paragraphs(prose) {
            match memo {
                Some(m) => keys.extend(m.words(paragraph, || sentence_keys(paragraph))),
                None => keys.extend(sentence_keys(paragraph)),
            }
        }
        keys.sort_unstable();
        keys.dedup();
        let words = Topic::known_words(keys, &mut terms, None);
        let near = match memo {
            Some(m) => m.near(&words, || Topic::near(&words, index)),
            None => Topic::near(&words, index),
        };
        Subject { words, near }
    }
}

/// What the draft around a sentence is about: the paragraph's words, and the draft's rarest words
/// that the corpus knows (a word no source has cannot tell sources apart, and a half-typed word
/// must not change what the draft is about).
pub struct Topic {
    paragraph: Vec<u64>,
    draft: Vec<u64>,
    /// The sentences of the source text that discusses the draft's subject most, with their
    /// words.
    near: Arc<Vec<(u32, Vec<u64>)>>,
}

/// Blocks of source text searched for a draft sentence beyond the whole corpus: those that
/// discuss the draft's subject most (with the blocks beside them), so that a large archive cannot
/// crowd their sentences out.
const TOPIC_BLOCKS: usize = 4;
/// Sentences retrieved from those documents.
const TOPIC_RETRIEVED: usize = 40;

/// Words of a whole draft that say what it is about.
const TOPIC_WORDS: usize = 64;

impl Topic {
    /// The words of a whole draft that say what it is about. `skip_doc` is a document of the
    /// corpus that holds the draft itself (for fitting), whose words do not count as known.
    pub fn draft_words(draft: &str, terms: &mut Terms, skip_doc: Option<usize>) -> Vec<u64> {
        Topic::known_words(sentence_keys(draft), terms, skip_doc)
    }

    /// Of some words, the rarest that the corpus knows (outside `skip_doc`).
    fn known_words(keys: Vec<u64>, terms: &mut Terms, skip_doc: Option<usize>) -> Vec<u64> {
        let index = terms.index;
        let known_elsewhere = |h: u64| {
            let postings = index.postings(h);
            match skip_doc {
                None => !postings.is_empty(),
                Some(own) => {
                    let r = index.document_sentences(own);
                    postings.iter().any(|s| !r.contains(&s))
                }
            }
        };
        let known: Vec<u64> = keys.into_iter().filter(|&h| known_elsewhere(h)).collect();
        rarest(known, TOPIC_WORDS, terms)
    }

    /// The sentences of the blocks of source text that discuss a draft's subject most (with
    /// the blocks beside them), with their words: read once per draft.
    pub fn near(draft_words: &[u64], index: &Index) -> Arc<Vec<(u32, Vec<u64>)>> {
        let mut blocks: Vec<u32> = index
            .top_blocks(draft_words, TOPIC_BLOCKS)
            .into_iter()
            .flat_map(|b| [b.saturating_sub(1), b, b + 1])
            .collect();
        blocks.sort_unstable();
        blocks.dedup();
        let count = index.sentence_count() as u32;
        Arc::new(
            blocks
                .iter()
                .flat_map(|b| b * BLOCK..((b + 1) * BLOCK).min(count))
                .map(|sid| (sid, sentence_keys(index.sentence_text(sid))))
                .collect(),
        )
    }

    pub fn new(
        paragraph: &str,
        draft_words: &[u64],
        near: Arc<Vec<(u32, Vec<u64>)>>,
        terms: &mut Terms,
    ) -> Topic {
        Topic {
            paragraph: rarest(sentence_keys(paragraph), DISTINCTIVE, terms),
            draft: draft_words.to_vec(),
            near,
        }
    }

    /// A key for remembering verdicts that depend on the topic.
    pub fn key(&self) -> (&[u64], &[u64]) {
        (&self.paragraph, &self.draft)
    }
}

/// Sentences either side of a source sentence that make the stretch of text whose subject is
/// compared with the draft's (a file may hold many articles).
const STRETCH: u32 = 10;

/// The index's terms as a check uses them: idf and postings, looked up once per check.
pub struct Terms<'a> {
    index: &'a Index,
    known: FxHashMap<u64, (f32, Postings<'a>)>,
}

impl<'a> Terms<'a> {
    pub fn new(index: &'a Index) -> Terms<'a> {
        Terms {
            index,
            known: FxHashMap::default(),
        }
    }

    fn get(&mut self, key: u64) -> &(f32, Postings<'a>) {
        let index = self.index;
        self.known
            .entry(key)
            .or_insert_with(|| (text::weight(key), index.postings(key)))
    }

    /// How much sharing a word says (from general English, not from the corpus, so that
    /// unrelated documents in the corpus change no weight).
    pub fn idf(&mut self, key: u64) -> f32 {
        self.get(key).0
    }

    /// The idf weight of `words` that sentences `first..end` hold, over their whole weight.
    fn held(&mut self, words: &[u64], first: u32, end: u32) -> f32 {
        let (mut total, mut shared) = (0.0f32, 0.0f32);
        for &k in words {
            let (w, postings) = self.get(k);
            total += *w;
            if postings.within(first, end) {
                shared += *w;
            }
        }
        if total > 0.0 { shared / total } else { 0.0 }
    }
}

/// Sentence ids `sid - before ..= sid + after`, kept inside the sentence's document.
fn around(index: &Index, sid: u32, before: u32, after: u32) -> (u32, u32) {
    let doc = index.document_sentences(index.sentence(sid).doc as usize);
    (
        sid.saturating_sub(before).max(doc.start),
        (sid + after + 1).min(doc.end),
    )
}

/// Share of the idf weight of the draft's topic words that the stretch of source text around a
/// sentence holds.
fn topic_relevance(
    index: &Index,
    sid: u32,
    topic: &Topic,
    cache: &mut SourceCache,
    terms: &mut Terms,
) -> f32 {
    if let Some(&t) = cache.topic.get(&sid) {
        return t;
    }
    let (first, end) = around(index, sid, STRETCH, STRETCH);
    let t = terms.held(&topic.draft, first, end);
    cache.topic.insert(sid, t);
    t
}

/// The source sentences that may state a draft sentence's figures: the best by BM25, reranked
/// by how much of the draft sentence they hold and how much of the paragraph their passage
/// holds (a large archive fills the first BM25 places with sentences that share a word or two),
/// and the neighbours of close ones.
fn retrieve(
    index: &Index,
    sentence: &str,
    stems: &[u64],
    topic: &Topic,
    terms: &mut Terms,
    skip_doc: Option<usize>,
) -> Vec<u32> {
    let query = term_hashes(sentence);
    if query.is_empty() {
        return Vec::new();
    }
    let paragraph = &topic.paragraph;
    // The sentences of the text that discusses the draft's subject, by how much of the draft
    // sentence they hold.
    let mut near: Vec<(u32, f32)> = topic
        .near
        .iter()
        .map(|(sid, words)| (*sid, covered(stems, words, &mut |k| terms.idf(k))))
        .filter(|&(_, c)| c > 0.0)
        .collect();
    near.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    near.truncate(TOPIC_RETRIEVED);
    let mut pool: Vec<u32> = index
        .search(&query, RETRIEVED)
        .into_iter()
        .chain(near)
        .map(|(sid, _)| sid)
        .collect();
    pool.sort_unstable();
    pool.dedup();
    let mut scored: Vec<(u32, f32, f32)> = pool
        .into_iter()
        .filter(|&sid| Some(index.sentence(sid).doc as usize) != skip_doc)
        .map(|sid| {
            let similarity = terms.held(stems, sid, sid + 1);
            let (first, end) = around(index, sid, PASSAGE as u32, PASSAGE as u32);
            let relevance = terms.held(paragraph, first, end);
            (sid, similarity, similarity + relevance)
        })
        .collect();
    scored.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
    scored.truncate(CANDIDATE_SENTENCES);
    let mut found: Vec<u32> = scored.iter().map(|x| x.0).collect();
    for &(sid, similarity, _) in &scored {
        if similarity < NEIGHBOUR_SIMILARITY {
            continue;
        }
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
    draft_stems: &[u64],
    topic: &Topic,
    cache: &mut SourceCache,
    terms: &mut Terms,
) -> SourceContext {
    let doc = index.document_sentences(index.sentence(sid).doc as usize);
    let mut window = 0.0f32;
    for n in [sid.wrapping_sub(1), sid + 1] {
        if doc.contains(&n) {
            window = window.max(terms.held(draft_stems, n, n + 1));
        }
    }
    let (first, end) = around(index, sid, PASSAGE as u32, PASSAGE as u32);
    SourceContext {
        window,
        relevance: terms.held(&topic.paragraph, first, end),
        topic: topic_relevance(index, sid, topic, cache, terms),
    }
}

/// Pairs every figure of a draft sentence with the source figures that may state the same
/// quantity, most likely first. `skip_doc` leaves one document out (for fitting on a corpus
/// that holds the sentence itself).
pub fn pair_sentence(
    index: &Index,
    sentence: &str,
    topic: &Topic,
    skip_doc: Option<usize>,
    cache: &mut SourceCache,
    terms: &mut Terms,
) -> (AnalysedSentence, Vec<Vec<Candidate>>) {
    let analysed = analyse_sentence(sentence);
    if analysed.figures.is_empty() {
        return (analysed, Vec::new());
    }
    let key = super::memo::key(&topic.draft);
    if cache.topic_key != key {
        cache.topic.clear();
        cache.topic_key = key;
    }
    let found = retrieve(index, sentence, &analysed.stems, topic, terms, skip_doc);
    let mut pairs: Vec<Vec<Candidate>> = vec![Vec::new(); analysed.figures.len()];
    for sid in found {
        let source = cache.analysed(index, sid);
        if source.figures.is_empty() {
            continue;
        }
        let context = source_context(index, sid, &analysed.stems, topic, cache, terms);
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
                    pairing::features(d, &analysed, s, &source, context, &mut |x| terms.idf(x));
                let mut figure = s.clone();
                figure.figure.range =
                    s.figure.range.start + range.start..s.figure.range.end + range.start;
                pairs[i].push(Candidate {
                    doc,
                    sentence: range.clone(),
                    figure,
                    probability: pairing::confidence(
                        &features,
                        &pairing::weights(),
                        pairing::topic_floor(),
                    ),
                    features,
                });
            }
        }
    }
    for p in &mut pairs {
        p.sort_by(|a, b| b.probability.total_cmp(&a.probability));
    }
    (analysed, pairs)
}

/// One source figure states one quantity: a source figure that another figure of the draft
/// sentence pairs with more likely, and agrees with, is not held against this one.
fn settle_claims(analysed: &AnalysedSentence, pairs: &mut [Vec<Candidate>]) {
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
}

pub fn check_figures(
    index: &Index,
    draft: &Draft,
    subject: &Subject,
    analysis: &mut Analysis,
    memo: Option<&super::memo::Memo>,
) {
    let mut terms = Terms::new(index);
    let mut cache = SourceCache::default();
    // Quotations traced to a source are judged word by word, their figures with them; figures
    // of quotations no source has are checked as figures.
    let traced = analysis
        .quotes
        .iter()
        .filter(|q| {
            matches!(
                q.status,
                super::QuoteStatus::Verified
                    | super::QuoteStatus::Misquote
                    | super::QuoteStatus::Misattributed
            )
        })
        .map(|q| q.quotation.inner.clone());
    // Looked up by bisection, and the paragraph's stems computed once per paragraph: a draft of
    // many sentences and quotations costs no more than its length.
    let traced = crate::quotes::QuoteSpans::new(traced);
    let paragraphs = crate::quotes::paragraphs(&draft.prose);
    let draft_words = &subject.words;
    let near = &subject.near;
    for sentence in &draft.sentences {
        let at = paragraphs.partition_point(|(start, _)| *start <= sentence.start);
        let found = at
            .checked_sub(1)
            .filter(|&i| sentence.start < paragraphs[i].0 + paragraphs[i].1.len());
        let paragraph = found.map_or(&draft.prose[sentence.clone()], |i| paragraphs[i].1);
        // A list item or heading is its own subject; the blank-line paragraph is the fallback.
        let paragraph = match draft.block_of(sentence) {
            Some(b) if b.len() < paragraph.len() => &draft.prose[b],
            _ => paragraph,
        };
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
            super::memo::key(&(
                "figures",
                &draft.prose[sentence.clone()],
                paragraph,
                draft_words,
                &skipped,
            ))
        });
        if let (Some(m), Some(k)) = (memo, key)
            && m.replay(k, sentence.start, analysis)
        {
            continue;
        }
        let topic = Topic::new(paragraph, draft_words, near.clone(), &mut terms);
        let mut local = Analysis::default();
        let text = &draft.prose[sentence.clone()];
        let (analysed, mut pairs) =
            pair_sentence(index, text, &topic, None, &mut cache, &mut terms);
        settle_claims(&analysed, &mut pairs);
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
            c.probability >= best.probability.max(THRESHOLD) * SUPPORT_SHARE
                && figures::agree(&d.figure, &c.figure.figure)
        })
        .collect();
    if !supporting.is_empty() {
        return Verdict::Agrees(supporting);
    }
    // A narrower or broader count ("3,000 pedestrian deaths" against "12,000 road deaths") is
    // another quantity: it may stand beside the draft's figure, never against it.
    let narrows = best.features[pairing::feature("modifier_extra")] > 0.0
        && best.features[pairing::feature("noun_same")] > 0.0
        && !d.role.modifiers.is_empty()
        && !best.figure.role.modifiers.is_empty();
    if best.probability >= THRESHOLD
        && !narrows
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
                    "figure-mismatch: {} gives {}, not {}: {}",
                    doc.file_name(),
                    source_hedged,
                    draft_text,
                    crate::text::quoted(&excerpt(source_sentence, 140), '"', '"')
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
