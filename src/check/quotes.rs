//! Tracing quotations: candidate passages by rare shared words, word alignment, verdict,
//! speakers on both sides.

use super::{
    Analysis, Code, Draft, Finding, Fix, QuoteReport, QuoteStatus, SourceRef, WordDiff, excerpt,
};
use crate::corpus::Document;
use crate::index::{Index, Retrieval, term_hashes};
use crate::quotes::align::{Alignment, Edit, QuoteToken, align};
use crate::quotes::{self, Quotation, QuoteSpans, Speaker, quote_tokens};
use crate::text;
use rustc_hash::FxHashMap;
use std::ops::Range;
use std::rc::Rc;

/// Quotations shorter than this many words are judged only when found verbatim: short quoted
/// phrases are scare quotes, titles and terms as often as they are quotations.
const MIN_WORDS_TO_JUDGE: usize = 5;
/// Quotations longer than this are not traced: no one quotes pages, and such a "quotation" is
/// almost always text after a quotation mark left open. Alignment costs the product of the
/// quotation's and the passage's lengths.
const MAX_WORDS_TO_JUDGE: usize = 400;

/// Work shared by the quotations of one check: the same words quoted twice are looked up once,
/// and a source passage's speaker is read once. Both stay small: they start afresh when full.
#[derive(Default)]
struct Shared {
    matches: FxHashMap<String, Rc<Vec<Match>>>,
    speakers: FxHashMap<(usize, usize, usize), Option<Speaker>>,
}

const SHARED_ENTRIES: usize = 512;

impl Shared {
    fn matches(&mut self, inner: &str, compute: impl FnOnce() -> Vec<Match>) -> Rc<Vec<Match>> {
        if let Some(m) = self.matches.get(inner) {
            return m.clone();
        }
        if self.matches.len() >= SHARED_ENTRIES {
            self.matches.clear();
        }
        let m = Rc::new(compute());
        self.matches.insert(inner.to_string(), m.clone());
        m
    }

    fn speaker(&mut self, index: &Index, doc: usize, passage: Range<usize>) -> Option<Speaker> {
        let key = (doc, passage.start, passage.end);
        if let Some(s) = self.speakers.get(&key) {
            return s.clone();
        }
        if self.speakers.len() >= SHARED_ENTRIES * 16 {
            self.speakers.clear();
        }
        let s = source_speaker(&index.documents()[doc], passage);
        self.speakers.insert(key, s.clone());
        s
    }
}

/// A candidate passage and how the quotation aligns with it.
struct Match {
    doc: usize,
    /// Byte range of the passage in the document's text.
    passage: Range<usize>,
    alignment: Alignment,
    /// Normalised words of the window the alignment ran on, and their byte ranges.
    window: Vec<text::Word>,
}

pub fn check_quotes(
    index: &Index,
    draft: &Draft,
    subject: &super::figures::Subject,
    analysis: &mut Analysis,
    memo: Option<&super::memo::Memo>,
) {
    let quote_ranges = QuoteSpans::new(draft.quotations.iter().map(|q| q.range.clone()));
    let mut shared = Shared::default();
    for q in &draft.quotations {
        // What a quotation's verdict depends on: its words, its sentence and the few sentences
        // before it (where a pronoun's person is named).
        let key = memo.map(|_| {
            let i = draft.sentences.partition_point(|s| s.end <= q.range.start);
            let from = draft
                .sentences
                .get(i.saturating_sub(3))
                .map_or(0, |s| s.start)
                .min(q.range.start);
            let to = draft
                .sentences
                .get(i)
                .map_or(q.range.end, |s| s.end)
                .max(q.range.end);
            let others: Vec<(usize, usize)> = quote_ranges
                .overlapping(from..to)
                .map(|r| {
                    (
                        r.start.wrapping_sub(q.range.start),
                        r.end.wrapping_sub(q.range.start),
                    )
                })
                .collect();
            super::memo::key(&(
                "quote",
                &draft.prose[from..to],
                q.range.start - from,
                q.inner.start - q.range.start,
                q.inner.end - q.range.start,
                q.range.end - q.range.start,
                q.block,
                others,
                &subject.words,
            ))
        });
        if let (Some(m), Some(k)) = (memo, key)
            && m.replay(k, q.range.start, analysis)
        {
            continue;
        }
        let mut local = Analysis::default();
        if let Some(report) = check_quote(
            index,
            draft,
            subject,
            q,
            &quote_ranges,
            &mut shared,
            &mut local,
        ) {
            local.quotes.push(report);
        }
        if let (Some(m), Some(k)) = (memo, key) {
            m.store(k, q.range.start, &local);
        }
        analysis.findings.extend(local.findings);
        analysis.quotes.extend(local.quotes);
    }
}

/// A report with a verdict and nothing found yet.
fn bare_report(q: &Quotation, status: QuoteStatus) -> QuoteReport {
    QuoteReport {
        quotation: q.clone(),
        status,
        passage: None,
        sentence: None,
        diffs: Vec::new(),
        draft_speaker: None,
        source_speaker: None,
        also_in: Vec::new(),
    }
}

fn word_count(tokens: &[(QuoteToken, Option<Range<usize>>)]) -> usize {
    tokens
        .iter()
        .filter(|(t, _)| matches!(t, QuoteToken::Word(_)))
        .count()
}

fn check_quote(
    index: &Index,
    draft: &Draft,
    subject: &super::figures::Subject,
    q: &Quotation,
    quote_ranges: &QuoteSpans,
    shared: &mut Shared,
    analysis: &mut Analysis,
) -> Option<QuoteReport> {
    let prose = &draft.prose;
    let tokens: Vec<(QuoteToken, Option<Range<usize>>)> = quote_tokens(prose, q.inner.clone())
        .into_iter()
        .filter_map(|(t, r)| match t {
            QuoteToken::Word(w) => comparable(&w).map(|w| (QuoteToken::Word(w), r)),
            QuoteToken::Editorial(w) => comparable(&w).map(|w| (QuoteToken::Editorial(w), r)),
            QuoteToken::Gap => Some((QuoteToken::Gap, r)),
        })
        .collect();
    let n_words = word_count(&tokens);
    if n_words == 0 {
        return None;
    }
    if n_words > MAX_WORDS_TO_JUDGE {
        return Some(bare_report(q, QuoteStatus::Unchecked));
    }
    let toks: Vec<QuoteToken> = tokens.iter().map(|(t, _)| t.clone()).collect();
    let matches = shared.matches(&prose[q.inner.clone()], || {
        let mut matches = candidates(index, subject, &prose[q.inner.clone()], &toks, n_words);
        matches.sort_by_key(|m| {
            (
                m.alignment.cost,
                std::cmp::Reverse(m.alignment.matched),
                m.doc,
            )
        });
        matches
    });
    let best = matches.first();
    let exact: Vec<&Match> = matches.iter().filter(|m| m.alignment.cost == 0).collect();
    let status = match best {
        Some(m) if m.alignment.cost == 0 => QuoteStatus::Verified,
        Some(m) if n_words >= 4 && is_close(&m.alignment, n_words) => QuoteStatus::Misquote,
        // A short phrase with one word changed is a misquote when the source quotes that phrase.
        Some(m)
            if n_words == 3
                && m.alignment.cost == 1
                && m.alignment.matched == 2
                && m.alignment
                    .edits
                    .iter()
                    .any(|e| matches!(e, Edit::Changed { .. }))
                && quoted_in_source(&index.documents()[m.doc], &m.passage) =>
        {
            QuoteStatus::Misquote
        }
        _ if n_words >= MIN_WORDS_TO_JUDGE => QuoteStatus::Unsourced,
        _ => QuoteStatus::Unchecked,
    };
    let mut report = bare_report(q, status);
    let sentence = draft.sentence_of(q.range.start);
    let mut draft_speaker = if q.block {
        None
    } else {
        quotes::speaker_of(prose, sentence.clone(), q.range.clone(), quote_ranges)
    };
    if let Some(s) = &draft_speaker
        && s.pronoun
    {
        draft_speaker = quotes::resolve_pronoun(
            prose,
            &draft.sentences,
            s.range.start.min(q.range.start),
            quote_ranges,
        );
    }
    report.draft_speaker = draft_speaker.clone();

    match status {
        QuoteStatus::Unsourced => {
            let mut message = "unsourced-quote: no source has this quotation".to_string();
            if let Some(m) = best.filter(|m| m.alignment.matched * 2 >= n_words) {
                let doc = &index.documents()[m.doc];
                message.push_str(&format!(
                    "; the closest passage, in {}, reads \"{}\"",
                    doc.file_name(),
                    excerpt(&doc.text[m.passage.clone()], 120)
                ));
            }
            analysis.findings.push(Finding {
                code: Code::UnsourcedQuote,
                severity: Code::UnsourcedQuote.default_severity(),
                range: q.inner.clone(),
                message,
                sources: Vec::new(),
                fixes: Vec::new(),
            });
            return Some(report);
        }
        QuoteStatus::Unchecked => return Some(report),
        _ => {}
    }
    let m = best?;
    let doc = &index.documents()[m.doc];
    let sentence_ref = sentence_around(m.doc, doc, m.passage.clone());
    report.passage = Some(SourceRef {
        doc: m.doc,
        range: m.passage.clone(),
    });
    report.sentence = Some(sentence_ref.clone());
    // Other places with the same words: one per passage (overlapping windows find it twice).
    for x in exact.iter() {
        let overlaps = |r: &SourceRef| {
            r.doc == x.doc && r.range.start < x.passage.end && x.passage.start < r.range.end
        };
        if (x.doc == m.doc && x.passage.start < m.passage.end && m.passage.start < x.passage.end)
            || report.also_in.iter().any(overlaps)
        {
            continue;
        }
        report.also_in.push(SourceRef {
            doc: x.doc,
            range: x.passage.clone(),
        });
    }

    // Who the sources say spoke: the best match's speaker, and every exact match's.
    let speaker_in_source = shared.speaker(index, m.doc, m.passage.clone());
    report.source_speaker = speaker_in_source.as_ref().map(|s| s.name.clone());

    if status == QuoteStatus::Misquote {
        report.diffs = diffs(prose, &tokens, &doc.text, m);
        let message = misquote_message(doc, &report.diffs);
        let restored = restore(prose, q, m, doc);
        analysis.findings.push(Finding {
            code: Code::Misquote,
            severity: Code::Misquote.default_severity(),
            range: diff_range(&tokens, &m.alignment, q),
            message,
            sources: vec![sentence_ref.clone()],
            fixes: restored
                .map(|replacement| Fix {
                    title: "Restore the source's wording".into(),
                    range: q.inner.clone(),
                    replacement,
                })
                .into_iter()
                .collect(),
        });
    }

    if let (Some(ds), Some(ss)) = (&draft_speaker, &speaker_in_source)
        && !ds.pronoun
        && !ss.pronoun
        && !ds.same_as(ss)
        && !one_person(&doc.text, ds, ss)
    {
        // Another source may give the same words to the draft's speaker.
        let elsewhere = matches
            .iter()
            .filter(|x| x.alignment.cost <= m.alignment.cost)
            .any(|x| {
                shared
                    .speaker(index, x.doc, x.passage.clone())
                    .is_some_and(|s| ds.same_as(&s))
            });
        if !elsewhere {
            report.status = QuoteStatus::Misattributed;
            analysis.findings.push(Finding {
                code: Code::Misattribution,
                severity: Code::Misattribution.default_severity(),
                // The words are right; the name is what to correct.
                range: ds.range.clone(),
                message: format!(
                    "misattribution: {} attributes these words to {}, not {}",
                    doc.file_name(),
                    ss.name,
                    ds.name
                ),
                sources: vec![sentence_ref.clone()],
                fixes: vec![Fix {
                    title: format!("Attribute to {}", ss.name),
                    range: ds.range.clone(),
                    replacement: ss.name.clone(),
                }],
            });
        }
    }
    Some(report)
}

/// A word as quotations are compared: possessives folded ("AMD's", "AMD 's" and "AMD" agree),
/// a stray "s" left by a split possessive dropped.
fn comparable(norm: &str) -> Option<String> {
    if norm == "s" {
        return None;
    }
    let w = norm
        .strip_suffix("'s")
        .or_else(|| norm.strip_suffix('\''))
        .unwrap_or(norm);
    Some(w.to_string())
}

/// Whether an alignment is clearly the same passage with words changed: most of the quotation
/// matches, and the differences are few.
fn is_close(a: &Alignment, n_words: usize) -> bool {
    let allowed = (n_words as f32 * 0.3).floor().max(1.0) as usize;
    a.cost <= allowed && a.matched * 10 >= n_words * 7 && a.matched >= 3
}

/// Finds the passages that may hold a quotation and aligns it with each.
/// Sentences of the text that discusses the draft's subject, besides those found in the whole
/// corpus, where a quotation is looked for: a large archive cannot crowd them out.
const NEAR_CANDIDATES: usize = 6;

fn candidates(
    index: &Index,
    subject: &super::figures::Subject,
    inner: &str,
    toks: &[QuoteToken],
    n_words: usize,
) -> Vec<Match> {
    let terms = term_hashes(inner);
    if terms.is_empty() {
        return Vec::new();
    }
    let distinct = {
        let mut t = terms.clone();
        t.sort_unstable();
        t.dedup();
        t.len()
    };
    let min_hits = distinct.clamp(1, 2);
    let mut out: Vec<Match> = Vec::new();
    let mut seen_windows: Vec<(usize, Range<usize>)> = Vec::new();
    let mut keys = terms.clone();
    keys.sort_unstable();
    keys.dedup();
    let mut near: Vec<(u32, usize)> = subject
        .near
        .iter()
        .map(|(sid, words)| {
            let hits = keys
                .iter()
                .filter(|k| words.binary_search(k).is_ok())
                .count();
            (*sid, hits)
        })
        .filter(|&(_, hits)| hits >= min_hits)
        .collect();
    near.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    near.truncate(NEAR_CANDIDATES);
    let mut found = index.sentences_with(&terms, min_hits, 16);
    for (sid, _) in near {
        if !found.contains(&sid) {
            found.push(sid);
        }
    }
    for sid in found {
        let sref = index.sentence(sid);
        let doc_i = sref.doc as usize;
        let doc = &index.documents()[doc_i];
        let s = sref.sentence as usize;
        // A window from the sentence before to enough sentences after to hold the quotation.
        let first = s.saturating_sub(1);
        let mut last = s;
        let mut words_in = 0;
        while last + 1 < doc.sentences.len() && last < s + 8 {
            words_in += doc.text[doc.sentences.at(last)].split_whitespace().count();
            if words_in > n_words + 12 {
                break;
            }
            last += 1;
        }
        let window = doc.sentences.at(first).start..doc.sentences.at(last).end;
        if seen_windows
            .iter()
            .any(|(d, w)| *d == doc_i && w.start <= window.start && window.end <= w.end)
        {
            continue;
        }
        seen_windows.push((doc_i, window.clone()));
        let words: Vec<text::Word> = text::words_in(&doc.text, window.clone())
            .into_iter()
            .filter_map(|w| {
                comparable(&w.norm).map(|norm| text::Word {
                    range: w.range,
                    norm,
                })
            })
            .collect();
        let norms: Vec<&str> = words.iter().map(|w| w.norm.as_str()).collect();
        let Some(mut a) = align(toks, &norms) else {
            continue;
        };
        // Words the source itself put in [brackets] are its editor's: leaving them out of a
        // quotation changes nothing.
        let bracketed = |k: usize| {
            let before = &doc.text[..words[k].range.start];
            before
                .rfind('[')
                .is_some_and(|open| before.rfind(']').is_none_or(|close| close < open))
        };
        let dropped_before = a.edits.len();
        a.edits
            .retain(|e| !matches!(e, Edit::Dropped { s } if bracketed(*s)));
        a.cost -= dropped_before - a.edits.len();
        if a.matched == 0 || a.source_start >= words.len() {
            continue;
        }
        let start = words[a.source_start].range.start;
        let end = words[a.source_end.saturating_sub(1).max(a.source_start)]
            .range
            .end;
        out.push(Match {
            doc: doc_i,
            passage: start..end,
            alignment: a,
            window: words,
        });
    }
    out
}

/// The sentence(s) of a document holding a passage.
fn sentence_around(doc_index: usize, doc: &Document, passage: Range<usize>) -> SourceRef {
    let first = doc
        .sentence_at(passage.start)
        .map(|i| doc.sentences.at(i).start);
    let last = doc
        .sentence_at(passage.end.saturating_sub(1))
        .map(|i| doc.sentences.at(i).end);
    SourceRef {
        doc: doc_index,
        range: first.unwrap_or(passage.start)..last.unwrap_or(passage.end).max(passage.end),
    }
}

/// Who a source gives a passage to: the speaker of the quotation that holds it there; for a
/// quotation with no attribution of its own, the attribution just before it ("…," he added.
/// “It's going to …”) or the speaker of the quotation it continues.
fn source_speaker(doc: &Document, passage: Range<usize>) -> Option<Speaker> {
    let quotations = source_quotations_near(doc, &passage);
    let spans = QuoteSpans::new(quotations.iter().cloned());
    let holder_at = quotations
        .iter()
        .position(|q| q.start <= passage.start && passage.end <= q.end)?;
    let resolve = |sp: Speaker, at: usize| -> Option<Speaker> {
        if sp.pronoun {
            // The few sentences before the pronoun are where its person is named.
            let before = sp.range.start.min(at);
            let i = doc.sentences.partition_point(|s| s.end <= before);
            let near = doc
                .sentences
                .slice(i.saturating_sub(5)..(i + 2).min(doc.sentences.len()));
            quotes::resolve_pronoun(&doc.text, &near, before, &spans)
        } else {
            Some(sp)
        }
    };
    let speaker_at = |i: usize| -> Option<Speaker> {
        let holder = quotations[i].clone();
        let first = doc
            .sentence_at(holder.start)
            .map_or(holder.start, |i| doc.sentences.at(i).start);
        let last = doc
            .sentence_at(holder.end.saturating_sub(1))
            .map_or(holder.end, |i| doc.sentences.at(i).end);
        let sp = quotes::speaker_of(&doc.text, first..last, holder.clone(), &spans)?;
        resolve(sp, holder.start)
    };
    if let Some(sp) = speaker_at(holder_at) {
        return Some(sp);
    }
    let holder = quotations[holder_at].clone();
    let this_sentence = doc.sentence_at(holder.start)?;
    // Only a quotation that is a sentence of its own takes its speaker from elsewhere.
    if doc.sentences.at(this_sentence).start + 3 < holder.start {
        return None;
    }
    // The sentence before may end with the attribution: "…,” he added.
    if this_sentence > 0 {
        let prev = doc.sentences.at(this_sentence - 1);
        if let Some(sp) = quotes::speaker_of(&doc.text, prev.clone(), prev.end..prev.end, &spans) {
            return resolve(sp, prev.end);
        }
    }
    // Or it continues an earlier quotation, a sentence or two back.
    for prev in (0..holder_at).rev().take(3) {
        let prev_sentence = doc.sentence_at(quotations[prev].end.saturating_sub(1))?;
        if this_sentence.saturating_sub(prev_sentence) > 3 {
            break;
        }
        if let Some(sp) = speaker_at(prev) {
            return Some(sp);
        }
    }
    None
}

/// The quotations of a source around a passage: enough text before it to resolve a pronoun,
/// starting at a line start so that quotation marks pair as written.
fn source_quotations_near(doc: &Document, passage: &Range<usize>) -> Vec<Range<usize>> {
    let from = char_floor(&doc.text, passage.start.saturating_sub(4000));
    let from = doc.text[..from].rfind('\n').map_or(0, |i| i + 1);
    let region = from..char_floor(&doc.text, (passage.end + 1000).min(doc.text.len()));
    quotes::find_source_quotations(&doc.text[region.clone()])
        .into_iter()
        .map(|q| q.range.start + region.start..q.range.end + region.start)
        .collect()
}

/// Whether the source has the passage inside quotation marks.
fn quoted_in_source(doc: &Document, passage: &Range<usize>) -> bool {
    source_quotations_near(doc, passage)
        .iter()
        .any(|q| q.start <= passage.start && passage.end <= q.end)
}

fn char_floor(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Quote word `q` as the draft writes it (not its normalised form).
fn quote_word(prose: &str, tokens: &[(QuoteToken, Option<Range<usize>>)], q: usize) -> String {
    match tokens.get(q) {
        Some((QuoteToken::Word(w) | QuoteToken::Editorial(w), r)) => r
            .as_ref()
            .and_then(|r| prose.get(r.clone()))
            .map_or_else(|| w.clone(), str::to_string),
        _ => "…".into(),
    }
}

/// Source word `s` of the window as the source writes it.
fn source_word(source: &str, m: &Match, s: usize) -> String {
    m.window.get(s).map_or_else(String::new, |w| {
        source
            .get(w.range.clone())
            .map_or_else(|| w.norm.clone(), str::to_string)
    })
}

/// The word differences, in the words as written on both sides.
fn diffs(
    prose: &str,
    tokens: &[(QuoteToken, Option<Range<usize>>)],
    source: &str,
    m: &Match,
) -> Vec<WordDiff> {
    m.alignment
        .edits
        .iter()
        .filter_map(|e| match *e {
            Edit::Changed { q, s } => Some(WordDiff::Changed {
                source: source_word(source, m, s),
                draft: quote_word(prose, tokens, q),
            }),
            Edit::Added { q } => Some(WordDiff::Added {
                draft: quote_word(prose, tokens, q),
            }),
            Edit::Dropped { s } => Some(WordDiff::Dropped {
                source: source_word(source, m, s),
            }),
            Edit::Same { .. } => None,
        })
        .collect()
}

fn misquote_message(doc: &Document, diffs: &[WordDiff]) -> String {
    let parts: Vec<String> = diffs
        .iter()
        .take(3)
        .map(|d| match d {
            WordDiff::Changed { source, draft } => format!("says \"{source}\", not \"{draft}\""),
            WordDiff::Added { draft } => format!("has no \"{draft}\""),
            WordDiff::Dropped { source } => {
                format!("has \"{source}\", which the quotation leaves out")
            }
        })
        .collect();
    let more = if diffs.len() > 3 {
        format!(" (and {} more differences)", diffs.len() - 3)
    } else {
        String::new()
    };
    format!("misquote: {} {}{}", doc.file_name(), parts.join("; "), more)
}

/// The draft bytes a misquote warning underlines: from the first to the last differing word.
fn diff_range(
    tokens: &[(QuoteToken, Option<Range<usize>>)],
    a: &Alignment,
    q: &Quotation,
) -> Range<usize> {
    let mut lo = usize::MAX;
    let mut hi = 0;
    let mut touch = |qi: usize| {
        // A dropped word sits between quote words: mark the neighbour.
        if let Some((_, Some(r))) = tokens.get(qi) {
            lo = lo.min(r.start);
            hi = hi.max(r.end);
        }
    };
    let mut last_q = 0;
    for e in &a.edits {
        match *e {
            Edit::Changed { q, .. } | Edit::Added { q } => touch(q),
            Edit::Dropped { .. } => touch(last_q.min(tokens.len().saturating_sub(1))),
            Edit::Same { q, .. } => last_q = q + 1,
        }
    }
    if lo < hi { lo..hi } else { q.inner.clone() }
}

/// The quotation with the source's words put back: the source passage as written, keeping the
/// draft's ellipses out (a restored quote is the full passage).
fn restore(prose: &str, q: &Quotation, m: &Match, doc: &Document) -> Option<String> {
    if q.block {
        return None;
    }
    let passage = &doc.text[m.passage.clone()];
    // Keep the draft's trailing punctuation inside the marks ("…," he said).
    let inner = &prose[q.inner.clone()];
    let trail: String = inner
        .chars()
        .rev()
        .take_while(|c| matches!(c, ',' | '.' | '!' | '?' | ';' | ':'))
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let mut out = passage.split_whitespace().collect::<Vec<_>>().join(" ");
    if !trail.is_empty() && !out.ends_with(['.', ',', '!', '?', ';', ':']) {
        out.push_str(&trail);
    }
    Some(out)
}

/// Whether a source names two speakers as one person: a first name and a surname side by side
/// ("Candee Wilhelm"), or one as the other's relation ("Wilhelm's widow, Candee").
fn one_person(text: &str, a: &crate::quotes::Speaker, b: &crate::quotes::Speaker) -> bool {
    let (na, nb) = (a.name_words(), b.name_words());
    let words = crate::text::words(text);
    let is = |w: &crate::text::Word, names: &[String]| {
        names.contains(&w.norm.trim_end_matches("'s").to_string())
    };
    words
        .windows(2)
        .any(|p| (is(&p[0], &na) && is(&p[1], &nb)) || (is(&p[0], &nb) && is(&p[1], &na)))
        || words.windows(3).any(|t| {
            let possessive = |w: &crate::text::Word| w.norm.ends_with("'s");
            let comma = text[t[1].range.end..t[2].range.start].contains(',');
            comma
                && possessive(&t[0])
                && ((is(&t[0], &na) && is(&t[2], &nb)) || (is(&t[0], &nb) && is(&t[2], &na)))
        })
}
