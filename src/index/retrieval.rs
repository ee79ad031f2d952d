//! The seam between retrieval and judging: the queries that find candidate source sentences for
//! a draft's quotation or figure. The judging reads what they return (sentence numbers, then the
//! sentences and their documents) and decides alone, so the verdicts do not depend on what
//! serves these queries: the in-process index here, or a search cluster shared by a newsroom
//! (docs/scaling.md).

use super::{BLOCK, Index};
use rustc_hash::FxHashMap;

/// Candidate retrieval, by terms (`term_key` of each content word).
pub trait Retrieval {
    /// The `k` sentences that best match the given terms by BM25, best first, with scores.
    fn search(&self, terms: &[u64], k: usize) -> Vec<(u32, f32)>;

    /// The `n` blocks of `BLOCK` consecutive sentences that hold the most idf weight of the given
    /// terms, best first: where a text's subject is discussed. Blocks rather than documents, so
    /// that a file holding a thousand articles does not outweigh one article.
    fn top_blocks(&self, terms: &[u64], n: usize) -> Vec<u32>;

    /// Sentences holding at least `min_hits` of the given terms, most hits first; terms so common
    /// that they say little are passed over.
    fn sentences_with(&self, terms: &[u64], min_hits: usize, k: usize) -> Vec<u32>;
}

impl Retrieval for Index {
    /// The `k` sentences that best match the given terms by BM25, best first, with scores.
    fn search(&self, terms: &[u64], k: usize) -> Vec<(u32, f32)> {
        const K1: f32 = 1.2;
        const B: f32 = 0.75;
        let mut scores: FxHashMap<u32, f32> = FxHashMap::default();
        let n = self.sentence_count() as f32;
        for (_, list) in self.useful_terms(terms, 10) {
            let df = list.len() as f32;
            let idf = ((n - df + 0.5) / (df + 0.5) + 1.0).ln();
            for s in list.iter() {
                let len = self.length(s) as f32;
                // Each sentence holds a term once in the postings: tf = 1.
                let w = idf * (K1 + 1.0) / (1.0 + K1 * (1.0 - B + B * len / self.average_length));
                *scores.entry(s).or_insert(0.0) += w;
            }
        }
        let mut ranked: Vec<(u32, f32)> = scores.into_iter().collect();
        best_first(&mut ranked, k, |a, b| {
            b.1.total_cmp(&a.1).then(a.0.cmp(&b.0))
        });
        ranked
    }

    /// The `n` blocks of `BLOCK` consecutive sentences that hold the most idf weight of the given
    /// terms, best first: where a text's subject is discussed. Blocks rather than documents, so
    /// that a file holding a thousand articles does not outweigh one article.
    fn top_blocks(&self, terms: &[u64], n: usize) -> Vec<u32> {
        let mut scores: FxHashMap<u32, f32> = FxHashMap::default();
        let total = self.sentence_count() as f32;
        for (_, list) in self.useful_terms(terms, terms.len()) {
            let df = list.len() as f32;
            let idf = ((total - df + 0.5) / (df + 0.5) + 1.0).ln();
            let mut last = u32::MAX;
            for s in list.iter() {
                // Postings are in sentence order, so a block's sentences come together.
                if s / BLOCK != last {
                    last = s / BLOCK;
                    *scores.entry(last).or_insert(0.0) += idf;
                }
            }
        }
        let mut ranked: Vec<(u32, f32)> = scores.into_iter().collect();
        best_first(&mut ranked, n, |a, b| {
            b.1.total_cmp(&a.1).then(a.0.cmp(&b.0))
        });
        ranked.into_iter().map(|(b, _)| b).collect()
    }

    /// Sentences holding at least `min_hits` of the given terms, most hits first; terms so common
    /// that they say little are passed over.
    fn sentences_with(&self, terms: &[u64], min_hits: usize, k: usize) -> Vec<u32> {
        // The rarest eight terms are enough to find a passage. Words the corpus lacks (a changed
        // word of a misquote) cannot count against a sentence.
        let useful = self.useful_terms(terms, 8);
        let min_hits = min_hits.min(useful.len()).max(1);
        let mut hits: FxHashMap<u32, u32> = FxHashMap::default();
        for (_, list) in &useful {
            for s in list.iter() {
                *hits.entry(s).or_insert(0) += 1;
            }
        }
        let mut ranked: Vec<(u32, u32)> = hits
            .into_iter()
            .filter(|&(_, h)| h as usize >= min_hits)
            .collect();
        best_first(&mut ranked, k, |a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.into_iter().map(|(s, _)| s).collect()
    }
}

/// The first `k` items in order, the rest dropped: a selection, then a sort of the `k` alone (the
/// order is total, so the result is the same as sorting everything).
fn best_first<T>(items: &mut Vec<T>, k: usize, order: impl Fn(&T, &T) -> std::cmp::Ordering) {
    if k == 0 {
        items.clear();
        return;
    }
    if items.len() > k {
        items.select_nth_unstable_by(k - 1, &order);
        items.truncate(k);
    }
    items.sort_unstable_by(order);
}
