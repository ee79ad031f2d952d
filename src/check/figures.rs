//! Pairing each figure of the draft with the source figure that speaks of the same thing, and
//! judging whether they agree.
//!
//! Retrieval is by the words of the sentence, not by the number: BM25 over stems finds the source
//! sentences about the same thing; a draft figure is then paired with a source figure of the same
//! kind by their surroundings (the counted noun, the comparator, the subject, the nearby words).
//! Only a confident pairing that disagrees, with no other source agreeing, is a warning.

use super::{Analysis, Code, Draft, FigureReport, FigureStatus, Finding, Fix, SourceRef, excerpt};
use crate::figures::{self, Figure, Hedge, Kind};
use crate::index::{Index, term_hashes};
use crate::text;
use rustc_hash::FxHashMap;
use std::ops::Range;

/// Source sentences considered per draft sentence.
const CANDIDATE_SENTENCES: usize = 12;
/// A candidate sentence this similar to the draft's brings its neighbours in as candidates…
const NEIGHBOUR_SIMILARITY: f32 = 0.35;
/// …with this share of its similarity.
const NEIGHBOUR_WEIGHT: f32 = 0.7;
/// Words either side of a figure that make its surroundings.
const CONTEXT_WORDS: usize = 8;

/// A figure with the words around it, ready for pairing.
struct Placed {
    figure: Figure,
    /// Stem → weight of the words around the figure (nearer words weigh more).
    context: FxHashMap<String, f32>,
    /// The first content word after the figure: what is counted ("people", "countries").
    noun: Option<String>,
    /// For an age, the name next to it: "Orozco, 81", "the 40-year-old Thompson".
    person: Option<String>,
}

/// How confident a pairing must be before a difference is reported, by kind. Years, ordinals and
/// durations recur everywhere in news, so they need more agreement in the surroundings.
fn threshold(kind: Kind) -> f32 {
    match kind {
        Kind::Year | Kind::Ordinal | Kind::Duration => 0.4,
        // A date, a time of day or an age is specific: a related sentence is enough.
        Kind::Date | Kind::Time | Kind::Age => 0.2,
        _ => 0.25,
    }
}

/// Content words a draft sentence needs before its similarity to a source sentence is trusted
/// in full.
const MIN_CONTENT_WORDS: f32 = 4.0;
/// What a source sentence that contradicts the draft sentence's other figures loses.
const INCONSISTENT: f32 = 0.2;
/// Both pairings must be at least this strong before sources are said to disagree.
const DISAGREEMENT: f32 = 0.45;
/// How much more a count with no counted noun needs.
const BARE_MARGIN: f32 = 0.15;

/// A pairing counts as support for the draft's figure from this score on.
const SUPPORT: f32 = 0.2;
/// …and when it is not far weaker than the best pairing, which may disagree.
const SUPPORT_SHARE: f32 = 0.5;
/// Several sources stating the draft's value in related sentences support it from this score on.
const CORROBORATION: f32 = 0.15;

/// A candidate source sentence: document, byte range, similarity to the draft sentence, figures.
type Candidate = (usize, Range<usize>, f32, Vec<Placed>);

struct Pair {
    score: f32,
    doc: usize,
    sentence: Range<usize>,
    figure: Figure,
    source_text: String,
    /// What the source figure counts.
    noun: Option<String>,
}

pub fn check_figures(
    index: &Index,
    draft: &Draft,
    analysis: &mut Analysis,
    memo: Option<&super::memo::Memo>,
) {
    let mut idf_cache: FxHashMap<String, f32> = FxHashMap::default();
    let mut idf = |stem: &str| -> f32 {
        if let Some(&v) = idf_cache.get(stem) {
            return v;
        }
        let h = crate::index::hash_str(stem);
        let v = index.idf(h);
        idf_cache.insert(stem.to_string(), v);
        v
    };
    for sentence in &draft.sentences {
        let key = memo.map(|_| {
            let quoted: Vec<(usize, usize)> = draft
                .quotations
                .iter()
                .filter(|q| q.inner.start < sentence.end && sentence.start < q.inner.end)
                .map(|q| {
                    (
                        q.inner.start.wrapping_sub(sentence.start),
                        q.inner.end.wrapping_sub(sentence.start),
                    )
                })
                .collect();
            super::memo::key(&("figures", &draft.prose[sentence.clone()], quoted))
        });
        if let (Some(m), Some(k)) = (memo, key)
            && m.replay(k, sentence.start, analysis)
        {
            continue;
        }
        let mut local = Analysis::default();
        check_sentence(index, draft, sentence, &mut idf, &mut local);
        if let (Some(m), Some(k)) = (memo, key) {
            m.store(k, sentence.start, &local);
        }
        analysis.findings.extend(local.findings);
        analysis.figures.extend(local.figures);
    }
}

/// Checks the figures of one draft sentence.
fn check_sentence(
    index: &Index,
    draft: &Draft,
    sentence: &Range<usize>,
    idf: &mut dyn FnMut(&str) -> f32,
    analysis: &mut Analysis,
) {
    let text = &draft.prose[sentence.clone()];
    let in_quote = |r: &Range<usize>| {
        draft.quotations.iter().any(|q| {
            q.inner.start <= r.start + sentence.start && r.end + sentence.start <= q.inner.end
        })
    };
    let figs: Vec<Figure> = figures::extract(text)
        .into_iter()
        .filter(|f| !in_quote(&f.range))
        .collect();
    if figs.is_empty() {
        return;
    }
    let terms = term_hashes(text);
    if terms.is_empty() {
        return;
    }
    let draft_stems = unique_stems(text);
    let draft_weight: f32 = draft_stems.iter().map(|s| idf(s)).sum();
    if draft_weight <= 0.0 {
        return;
    }
    let placed: Vec<Placed> = place(text, figs, idf);
    let draft_names = names(text);
    // Source sentences and their figures, with the sentence similarity.
    let mut sources: Vec<Candidate> = Vec::new();
    // The retrieved sentences with their similarity to the draft's sentence.
    let mut sims: Vec<(u32, f32)> = index
        .search(&terms, CANDIDATE_SENTENCES)
        .into_iter()
        .map(|(sid, _)| {
            let stext = index.sentence_text(sid);
            let s_stems = unique_stems(stext);
            let shared: f32 = draft_stems
                .iter()
                .filter(|s| s_stems.contains(s))
                .map(|s| idf(s))
                .sum();
            // A draft sentence of one or two words resembles anything that holds them.
            let evidence = (draft_stems.len() as f32 / MIN_CONTENT_WORDS).min(1.0);
            let mut sim = evidence * shared / draft_weight;
            // Sentences about different people or places rarely speak of the same figure.
            let source_names = names(stext);
            if !draft_names.is_empty()
                && !source_names.is_empty()
                && !draft_names.iter().any(|n| source_names.contains(n))
            {
                sim -= 0.3;
            }
            (sid, sim)
        })
        .collect();
    // A sentence that tells the same event may leave its date or count to the sentence beside
    // it: those are candidates too, with part of its similarity.
    let close: Vec<(u32, f32)> = sims
        .iter()
        .copied()
        .filter(|&(_, sim)| sim >= NEIGHBOUR_SIMILARITY)
        .collect();
    for (sid, sim) in close {
        let doc = index.sentence(sid).doc;
        for n in [sid.wrapping_sub(1), sid + 1] {
            if (n as usize) >= index.sentence_count() || index.sentence(n).doc != doc {
                continue;
            }
            let inherited = sim * NEIGHBOUR_WEIGHT;
            match sims.iter_mut().find(|(s, _)| *s == n) {
                Some(entry) => entry.1 = entry.1.max(inherited),
                None => sims.push((n, inherited)),
            }
        }
    }
    for (sid, sim) in sims {
        let stext = index.sentence_text(sid);
        let sfigs = figures::extract(stext);
        if sfigs.is_empty() {
            continue;
        }
        let doc = index.sentence(sid).doc as usize;
        sources.push((
            doc,
            index.sentence_range(sid),
            sim,
            place(stext, sfigs, idf),
        ));
    }
    let mut all_pairs: Vec<Vec<Pair>> = placed
        .iter()
        .enumerate()
        .map(|(i, p)| pairs_for(index, p, &others_of(&placed, i), &sources))
        .collect();
    // One source figure speaks of one thing: a source figure that another figure of this
    // sentence matches better, and agrees with, is not held against this one.
    let placed_ref = &placed;
    let claims: Vec<(usize, usize, f32)> = all_pairs
        .iter()
        .enumerate()
        .flat_map(|(i, pairs)| {
            pairs
                .iter()
                .filter(move |x| figures::agree(&placed_ref[i].figure, &x.figure))
                .map(move |x| (i, x.doc * 1_000_000_007 + x.figure.range.start, x.score))
        })
        .collect();
    for (i, pairs) in all_pairs.iter_mut().enumerate() {
        pairs.retain(|x| {
            let key = x.doc * 1_000_000_007 + x.figure.range.start;
            !claims
                .iter()
                .any(|&(j, k, score)| j != i && k == key && score > x.score)
        });
    }
    for (p, pairs) in placed.iter().zip(all_pairs) {
        judge(index, draft, sentence, p, pairs, analysis);
    }
}

/// Capitalised words that are not the first of the sentence: the names a sentence speaks of.
fn names(text: &str) -> Vec<String> {
    let words = text::words(text);
    words
        .iter()
        .skip(1)
        .filter(|w| {
            text[w.range.clone()]
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
        })
        .filter(|w| text::is_content_word(&w.norm) && figures::month(&w.norm).is_none())
        .map(|w| w.norm.trim_end_matches("'s").to_string())
        .collect()
}

fn unique_stems(text: &str) -> Vec<String> {
    let mut s = text::content_stems(text);
    s.sort();
    s.dedup();
    s
}

/// Attaches to each figure the words around it.
fn place(text: &str, figs: Vec<Figure>, idf: &mut dyn FnMut(&str) -> f32) -> Vec<Placed> {
    let words = text::words(text);
    let figure_words: Vec<Range<usize>> = figs.iter().map(|f| f.words.clone()).collect();
    let in_any_figure = |k: usize| figure_words.iter().any(|r| r.contains(&k));
    figs.into_iter()
        .map(|figure| {
            let mut context: FxHashMap<String, f32> = FxHashMap::default();
            let lo = figure.words.start.saturating_sub(CONTEXT_WORDS);
            let hi = (figure.words.end + CONTEXT_WORDS).min(words.len());
            for (k, w) in words.iter().enumerate().take(hi).skip(lo) {
                // Other figures are not surroundings, but the years nearby are ("between 1999
                // and 2021").
                if figure.words.contains(&k)
                    || (in_any_figure(k) && !text::is_content_word(&w.norm))
                {
                    continue;
                }
                if !text::is_content_word(&w.norm) {
                    continue;
                }
                let dist = if k < figure.words.start {
                    figure.words.start - k
                } else {
                    k + 1 - figure.words.end
                };
                let stem = if text::is_numeric(&w.norm) {
                    w.norm.clone()
                } else {
                    text::stem(&w.norm)
                };
                // Words beyond a clause boundary say less about this figure.
                let between = if k < figure.words.start {
                    &text[w.range.end..words[figure.words.start].range.start]
                } else {
                    &text[words[figure.words.end - 1].range.end..w.range.start]
                };
                let mut clause = 1.0f32;
                for c in between.chars() {
                    match c {
                        ',' => clause *= 0.5,
                        ';' | ':' | '—' | '–' | '(' | ')' => clause *= 0.35,
                        _ => {}
                    }
                }
                let weight = clause * idf(&stem) / (1.0 + 0.25 * (dist as f32 - 1.0));
                let e = context.entry(stem).or_insert(0.0);
                *e = e.max(weight);
            }
            // What is counted comes right after the figure, in the same clause.
            let clause_end = words
                .get(figure.words.end)
                .map_or(text.len(), |w| w.range.start);
            let clause_goes_on = !text[figure.range.end.min(clause_end)..clause_end]
                .contains(['.', ';', ':', '!', '?', ')']);
            let noun = words[figure.words.end.min(words.len())..]
                .iter()
                .take(3)
                .filter(|_| clause_goes_on)
                .find(|w| !text::is_stopword(&w.norm) && !text::is_numeric(&w.norm))
                .map(|w| text::stem(&w.norm));
            let person = (figure.kind == Kind::Age)
                .then(|| {
                    let capital = |w: &&text::Word| {
                        text[w.range.clone()]
                            .chars()
                            .next()
                            .is_some_and(char::is_uppercase)
                            && text::is_content_word(&w.norm)
                    };
                    let before = figure
                        .words
                        .start
                        .checked_sub(1)
                        .and_then(|k| words.get(k))
                        .filter(capital);
                    let after = words.get(figure.words.end).filter(capital);
                    before
                        .or(after)
                        .map(|w| w.norm.trim_end_matches("'s").to_string())
                })
                .flatten();
            Placed {
                figure,
                context,
                noun,
                person,
            }
        })
        .collect()
}

fn compatible(a: &Figure, b: &Figure) -> bool {
    // A month and year ("June 2008") and a year speak of the same year.
    let month_year =
        |f: &Figure| f.kind == Kind::Date && f.date.day.is_none() && f.date.year.is_some();
    if (month_year(a) && b.kind == Kind::Year) || (a.kind == Kind::Year && month_year(b)) {
        return true;
    }
    if a.kind != b.kind {
        return false;
    }
    // Quantities a thousand times apart are not the same quantity misreported ("22" against
    // "22.4 billion").
    if matches!(a.kind, Kind::Count | Kind::Money | Kind::Measure) {
        let (x, y) = (a.value.abs().max(1e-9), b.value.abs().max(1e-9));
        if x.max(y) / x.min(y) > 1000.0 {
            return false;
        }
    }
    match a.kind {
        Kind::Money => a.unit.is_empty() || b.unit.is_empty() || a.unit == b.unit,
        Kind::Measure => a.unit == b.unit,
        // A date with a day and one without a day may speak of different things.
        Kind::Date => a.date.day.is_some() == b.date.day.is_some() || a.date.day.is_none(),
        _ => true,
    }
}

/// How strongly a draft figure and a source figure seem to speak of the same thing.
fn pair_score(d: &Placed, s: &Placed, sentence_sim: f32) -> f32 {
    // Shared surroundings over all surroundings of both: words around the source figure that the
    // draft lacks ("$281 million … in cash") count against the pairing too.
    let total: f32 = d.context.values().sum::<f32>() + s.context.values().sum::<f32>();
    let local = if total > 0.0 {
        2.0 * d
            .context
            .iter()
            .filter_map(|(k, w)| s.context.get(k).map(|sw| w.min(*sw)))
            .sum::<f32>()
            / total
    } else {
        0.0
    };
    let noun = match (&d.noun, &s.noun) {
        (Some(a), Some(b)) if a == b => 0.1,
        (Some(_), Some(_)) => -0.05,
        _ => 0.0,
    };
    // An age belongs to a person: the same name makes the pairing, another name unmakes it.
    let person = match (&d.person, &s.person) {
        (Some(a), Some(b)) if a == b => 0.15,
        (Some(_), Some(_)) => -0.15,
        _ => 0.0,
    };
    0.5 * sentence_sim + 0.5 * local + noun + person
}

/// The draft sentence's figures other than the `i`th.
fn others_of(placed: &[Placed], i: usize) -> Vec<&Figure> {
    placed
        .iter()
        .enumerate()
        .filter(|&(j, _)| j != i)
        .map(|(_, p)| &p.figure)
        .collect()
}

/// Whether a source sentence contradicts the draft sentence's other figures and agrees with
/// none of them: such a sentence ("three Democrats and three Republicans" against "five
/// Republicans and two Democrats") tells of something else. A draft sentence may join facts of
/// several sources, so one agreeing figure is enough to keep it.
fn contradicts_the_rest(others: &[&Figure], figs: &[Placed]) -> bool {
    let (mut agreeing, mut contradicting) = (0, 0);
    for o in others {
        let same_kind: Vec<&Placed> = figs.iter().filter(|f| compatible(o, &f.figure)).collect();
        if same_kind.is_empty() {
            continue;
        }
        if same_kind.iter().any(|f| figures::agree(o, &f.figure)) {
            agreeing += 1;
        } else {
            contradicting += 1;
        }
    }
    agreeing == 0 && contradicting > 0
}

/// Every source figure of the same kind in the candidate sentences, scored against `p`.
fn pairs_for(index: &Index, p: &Placed, others: &[&Figure], sources: &[Candidate]) -> Vec<Pair> {
    let mut pairs: Vec<Pair> = Vec::new();
    for (doc, range, sim, figs) in sources {
        let stext = &index.documents()[*doc].text[range.clone()];
        let inconsistent = contradicts_the_rest(others, figs);
        for s in figs.iter().filter(|s| compatible(&p.figure, &s.figure)) {
            let score = pair_score(p, s, *sim) - if inconsistent { INCONSISTENT } else { 0.0 };
            let mut figure = s.figure.clone();
            figure.range = figure.range.start + range.start..figure.range.end + range.start;
            pairs.push(Pair {
                score,
                doc: *doc,
                sentence: range.clone(),
                source_text: stext[s.figure.range.clone()].to_string(),
                figure,
                noun: s.noun.clone(),
            });
        }
    }
    pairs.sort_by(|a, b| b.score.total_cmp(&a.score));
    pairs
}

fn judge(
    index: &Index,
    draft: &Draft,
    sentence: &Range<usize>,
    p: &Placed,
    pairs: Vec<Pair>,
    analysis: &mut Analysis,
) {
    let offset = sentence.start;
    if pairs.is_empty() {
        return;
    }
    let draft_range = p.figure.range.start + offset..p.figure.range.end + offset;
    let draft_text = &draft.prose[draft_range.clone()];
    // Support: a pairing that agrees and is not far weaker than the best one, or several
    // sources that each state the draft's value in a related sentence.
    // A vaguer source date ("last August") cannot vouch for "August 2021" when a source that
    // gives the year ("August 2022") says otherwise.
    let as_specific = |x: &Pair| {
        let (d, s) = (p.figure.date, x.figure.date);
        (d.year.is_none() || s.year.is_some()) && (d.day.is_none() || s.day.is_some())
    };
    let specific_disagreement = pairs.iter().any(|x| {
        x.score >= threshold(p.figure.kind)
            && as_specific(x)
            && !figures::agree(&p.figure, &x.figure)
    });
    let counts =
        |x: &&Pair| p.figure.kind != Kind::Date || as_specific(x) || !specific_disagreement;
    let best = pairs.iter().find(counts).unwrap_or(&pairs[0]);
    let agreeing: Vec<&Pair> = pairs
        .iter()
        .filter(|x| x.score >= CORROBORATION && figures::agree(&p.figure, &x.figure))
        .filter(counts)
        .collect();
    let mut agreeing_docs: Vec<usize> = agreeing.iter().map(|x| x.doc).collect();
    agreeing_docs.sort_unstable();
    agreeing_docs.dedup();
    let supporting: Vec<&Pair> = if agreeing_docs.len() >= 2 {
        agreeing
    } else {
        agreeing
            .into_iter()
            .filter(|x| x.score >= SUPPORT.max(best.score * SUPPORT_SHARE))
            .collect()
    };
    let confident: Vec<&Pair> = pairs
        .iter()
        .filter(|x| x.score >= threshold(p.figure.kind) && x.score >= best.score - 0.1)
        .collect();
    let mut placed_figure = p.figure.clone();
    placed_figure.range = draft_range.clone();
    let refs = |xs: &[&Pair]| -> Vec<(SourceRef, SourceRef)> {
        xs.iter()
            .map(|x| {
                (
                    SourceRef {
                        doc: x.doc,
                        range: x.figure.range.clone(),
                    },
                    SourceRef {
                        doc: x.doc,
                        range: x.sentence.clone(),
                    },
                )
            })
            .collect()
    };
    if !supporting.is_empty() {
        analysis.figures.push(FigureReport {
            figure: placed_figure.clone(),
            status: FigureStatus::Agrees,
            sources: refs(&supporting),
        });
        // Sources that disagree with each other about the same thing.
        let disagreeing: Vec<&Pair> = confident
            .iter()
            .copied()
            .filter(|x| {
                !figures::agree(&x.figure, &supporting[0].figure)
                    && !figures::agree(&supporting[0].figure, &x.figure)
            })
            .collect();
        // Only two confident pairings that count the same thing are the same fact reported
        // differently; 73,600 fentanyl deaths and 110,000 overdose deaths are two facts.
        if let Some(other) = disagreeing.first()
            && supporting[0].score >= DISAGREEMENT
            && other.score >= DISAGREEMENT
            && other.doc != supporting[0].doc
            && other.noun.is_some()
            && other.noun == supporting[0].noun
        {
            let a = &index.documents()[supporting[0].doc];
            let b = &index.documents()[other.doc];
            analysis.findings.push(Finding {
                code: Code::SourcesDisagree,
                severity: Code::SourcesDisagree.default_severity(),
                range: draft_range,
                message: format!(
                    "sources-disagree: {} gives {}, {} gives {}",
                    a.file_name(),
                    supporting[0].source_text,
                    b.file_name(),
                    other.source_text
                ),
                sources: vec![
                    SourceRef {
                        doc: supporting[0].doc,
                        range: supporting[0].sentence.clone(),
                    },
                    SourceRef {
                        doc: other.doc,
                        range: other.sentence.clone(),
                    },
                ],
                fixes: Vec::new(),
            });
        }
        return;
    }
    // A bare number that counts nothing named ("rises to 20.") needs a stronger pairing.
    let bare = p.figure.kind == Kind::Count && p.noun.is_none();
    // A month alone ("in August") says little: as much agreement as a year.
    let month_only =
        p.figure.kind == Kind::Date && p.figure.date.day.is_none() && p.figure.date.year.is_none();
    let base = if month_only {
        threshold(Kind::Year)
    } else {
        threshold(p.figure.kind)
    };
    let needed = base + if bare { BARE_MARGIN } else { 0.0 };
    if best.score < needed || figures::agree(&p.figure, &best.figure) {
        return;
    }
    let doc = &index.documents()[best.doc];
    let source_sentence = &doc.text[best.sentence.clone()];
    let source_hedged = hedged_text(&doc.text, best);
    let replacement = if p.figure.hedge == Hedge::Exact && best.figure.hedge != Hedge::Exact {
        source_hedged.clone()
    } else {
        best.source_text.clone()
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

/// The source figure as written, with its hedge ("more than 73,600").
fn hedged_text(doc_text: &str, pair: &Pair) -> String {
    let words = text::words(&doc_text[pair.sentence.clone()]);
    let start = words
        .get(pair.figure.words.start)
        .map_or(pair.figure.range.start, |w| {
            w.range.start + pair.sentence.start
        })
        .min(pair.figure.range.start);
    doc_text[start..pair.figure.range.end].to_string()
}
