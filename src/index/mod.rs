//! The corpus index: postings from word stems to sentences, for BM25 retrieval of the
//! sentences a draft sentence or a quotation speaks of. Built once, queried per check; nothing
//! per query scans the corpus.

use crate::corpus::{Corpus, Document};
use crate::text;
use rustc_hash::{FxHashMap, FxHasher};
use std::hash::{Hash, Hasher};
use std::ops::Range;

/// Consecutive sentences that make one block for finding where a subject is discussed.
pub const BLOCK: u32 = 16;

/// A sentence of the corpus: its document and its byte range in the document's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SentenceRef {
    pub doc: u32,
    pub sentence: u32,
}

pub struct Index {
    corpus: Corpus,
    /// Per global sentence id: the document and the sentence number within it.
    sentences: Vec<SentenceRef>,
    /// Content words per sentence (for BM25 length normalisation).
    lengths: Vec<u16>,
    average_length: f32,
    /// Stem hashes, sorted, and the term id of each.
    term_keys: Vec<u64>,
    term_ids: Vec<u32>,
    /// Postings in one array: the sentences of term t are `postings[offsets[t]..offsets[t+1]]`.
    offsets: Vec<u32>,
    postings: Vec<u32>,
    /// The first sentence id of each document, and one past the last.
    doc_starts: Vec<u32>,
}

/// The key of a stem (or a year) in the index, as `term_hashes` and `idf` take it.
pub fn hash_str(s: &str) -> u64 {
    let mut h = FxHasher::default();
    s.hash(&mut h);
    h.finish()
}

/// The key of a normalised word in the index: its stem hashed (a number or year as written).
/// Stemming is the costly part of reading text, so keys are remembered per word.
pub fn term_key(norm: &str) -> u64 {
    thread_local! {
        static KEYS: std::cell::RefCell<FxHashMap<String, u64>> =
            std::cell::RefCell::new(FxHashMap::default());
    }
    KEYS.with(|keys| {
        let mut keys = keys.borrow_mut();
        if let Some(&k) = keys.get(norm) {
            return k;
        }
        let k = if text::is_numeric(norm) {
            hash_str(norm)
        } else {
            hash_str(&text::stem(norm))
        };
        // A long session meets many words: start afresh rather than grow without bound.
        if keys.len() >= 200_000 {
            keys.clear();
        }
        keys.insert(norm.to_string(), k);
        k
    })
}

/// The content terms of a text with their stems hashed, as the index sees them.
pub fn term_hashes(text: &str) -> Vec<u64> {
    text::content_stems(text)
        .iter()
        .map(|s| hash_str(s))
        .collect()
}

impl Index {
    pub fn build(corpus: Corpus) -> Index {
        // Two passes over the words keep the peak memory near the final size: the first assigns
        // term ids and counts each term's sentences, the second fills one postings array.
        // Stemming is the costly part: each distinct word is stemmed once.
        let mut word_terms: FxHashMap<u64, u32> = FxHashMap::default();
        let mut stem_ids: FxHashMap<u64, u32> = FxHashMap::default();
        let mut counts: Vec<u32> = Vec::new();
        let mut sentences = Vec::new();
        let mut lengths = Vec::new();
        let mut total_len = 0u64;
        let mut seen: Vec<u32> = Vec::new();
        let sentence_terms = |text: &str,
                              word_terms: &mut FxHashMap<u64, u32>,
                              stem_ids: &mut FxHashMap<u64, u32>,
                              seen: &mut Vec<u32>|
         -> u32 {
            seen.clear();
            let mut len = 0u32;
            for w in text::words(text) {
                if !text::is_content_word(&w.norm) {
                    continue;
                }
                len += 1;
                let term = *word_terms.entry(hash_str(&w.norm)).or_insert_with(|| {
                    let stem_key = if text::is_numeric(&w.norm) {
                        hash_str(&w.norm)
                    } else {
                        hash_str(&text::stem(&w.norm))
                    };
                    let next = stem_ids.len() as u32;
                    *stem_ids.entry(stem_key).or_insert(next)
                });
                if !seen.contains(&term) {
                    seen.push(term);
                }
            }
            len
        };
        for (d, doc) in corpus.documents.iter().enumerate() {
            for (s, range) in doc.sentences.iter().enumerate() {
                sentences.push(SentenceRef {
                    doc: d as u32,
                    sentence: s as u32,
                });
                let len = sentence_terms(
                    &doc.text[range.clone()],
                    &mut word_terms,
                    &mut stem_ids,
                    &mut seen,
                );
                if counts.len() < stem_ids.len() {
                    counts.resize(stem_ids.len(), 0);
                }
                for &t in &seen {
                    counts[t as usize] += 1;
                }
                lengths.push(len.min(u16::MAX as u32) as u16);
                total_len += len as u64;
            }
        }
        let mut offsets = Vec::with_capacity(counts.len() + 1);
        let mut acc = 0u32;
        for &c in &counts {
            offsets.push(acc);
            acc += c;
        }
        offsets.push(acc);
        drop(counts);
        let mut fill: Vec<u32> = offsets[..offsets.len() - 1].to_vec();
        let mut postings = vec![0u32; acc as usize];
        let mut id = 0u32;
        for doc in &corpus.documents {
            for range in &doc.sentences {
                sentence_terms(
                    &doc.text[range.clone()],
                    &mut word_terms,
                    &mut stem_ids,
                    &mut seen,
                );
                for &t in &seen {
                    postings[fill[t as usize] as usize] = id;
                    fill[t as usize] += 1;
                }
                id += 1;
            }
        }
        drop(fill);
        drop(word_terms);
        // The term dictionary as two sorted arrays: smaller than a hash map, searched by bisection.
        let mut pairs: Vec<(u64, u32)> = stem_ids.into_iter().collect();
        pairs.sort_unstable();
        let (term_keys, term_ids): (Vec<u64>, Vec<u32>) = pairs.into_iter().unzip();
        let average_length = if sentences.is_empty() {
            1.0
        } else {
            (total_len as f32 / sentences.len() as f32).max(1.0)
        };
        let mut doc_starts = Vec::with_capacity(corpus.documents.len() + 1);
        let mut first = 0u32;
        for doc in &corpus.documents {
            doc_starts.push(first);
            first += doc.sentences.len() as u32;
        }
        doc_starts.push(first);
        Index {
            corpus,
            sentences,
            lengths,
            average_length,
            term_keys,
            term_ids,
            offsets,
            postings,
            doc_starts,
        }
    }

    pub fn corpus(&self) -> &Corpus {
        &self.corpus
    }

    pub fn documents(&self) -> &[Document] {
        &self.corpus.documents
    }

    pub fn sentence_count(&self) -> usize {
        self.sentences.len()
    }

    pub fn sentence(&self, id: u32) -> SentenceRef {
        self.sentences[id as usize]
    }

    /// Byte range of a sentence in its document's text.
    pub fn sentence_range(&self, id: u32) -> Range<usize> {
        let s = self.sentences[id as usize];
        self.corpus.documents[s.doc as usize].sentences[s.sentence as usize].clone()
    }

    pub fn sentence_text(&self, id: u32) -> &str {
        let s = self.sentences[id as usize];
        let doc = &self.corpus.documents[s.doc as usize];
        &doc.text[doc.sentences[s.sentence as usize].clone()]
    }

    /// Global id of a document's sentence.
    pub fn sentence_id(&self, doc: usize, sentence: usize) -> Option<u32> {
        // Sentences are numbered document by document.
        let first = self.sentences.partition_point(|s| (s.doc as usize) < doc);
        let id = first + sentence;
        (self
            .sentences
            .get(id)
            .is_some_and(|s| s.doc as usize == doc))
        .then_some(id as u32)
    }

    fn postings_of(&self, term_hash: u64) -> &[u32] {
        match self.term_keys.binary_search(&term_hash) {
            Ok(i) => {
                let t = self.term_ids[i] as usize;
                &self.postings[self.offsets[t] as usize..self.offsets[t + 1] as usize]
            }
            Err(_) => &[],
        }
    }

    /// Terms so common that they cannot tell sentences apart are left out of retrieval; on a
    /// large corpus their postings would also cost most of the time.
    fn useful_terms(&self, terms: &[u64], max_terms: usize) -> Vec<u64> {
        let mut unique: Vec<u64> = terms.to_vec();
        unique.sort_unstable();
        unique.dedup();
        let limit = (self.sentences.len() / 200).max(2000);
        unique.retain(|&t| {
            let n = self.postings_of(t).len();
            n > 0 && n <= limit
        });
        unique.sort_by_key(|&t| self.postings_of(t).len());
        unique.truncate(max_terms);
        unique
    }

    /// Sentences that hold a term.
    pub fn frequency(&self, term_hash: u64) -> usize {
        self.postings_of(term_hash).len()
    }

    /// The sentences that hold a term, in order.
    pub fn postings(&self, term_hash: u64) -> &[u32] {
        self.postings_of(term_hash)
    }

    /// Whether a sentence in `first..end` (sentence ids) holds a term whose postings are given.
    pub fn within(postings: &[u32], first: u32, end: u32) -> bool {
        let i = postings.partition_point(|&s| s < first);
        postings.get(i).is_some_and(|&s| s < end)
    }

    /// The sentence ids of a document: `first..end`.
    pub fn document_sentences(&self, doc: usize) -> std::ops::Range<u32> {
        match (self.doc_starts.get(doc), self.doc_starts.get(doc + 1)) {
            (Some(&a), Some(&b)) => a..b,
            _ => 0..0,
        }
    }

    /// Whether any sentence of a document holds a term (postings are sorted by sentence).
    pub fn document_has(&self, doc: usize, term_hash: u64) -> bool {
        let (Some(&lo), Some(&hi)) = (self.doc_starts.get(doc), self.doc_starts.get(doc + 1))
        else {
            return false;
        };
        let list = self.postings_of(term_hash);
        let i = list.partition_point(|&s| s < lo);
        list.get(i).is_some_and(|&s| s < hi)
    }

    /// Inverse document frequency of a term (sentences as documents).
    pub fn idf(&self, term_hash: u64) -> f32 {
        let n = self.sentences.len() as f32;
        let df = self.postings_of(term_hash).len() as f32;
        ((n - df + 0.5) / (df + 0.5) + 1.0).ln()
    }

    /// The `k` sentences that best match the given terms by BM25, best first, with scores.
    pub fn search(&self, terms: &[u64], k: usize) -> Vec<(u32, f32)> {
        self.search_where(terms, k, |_| true)
    }

    /// Like `search`, over the sentences of the given blocks only (sorted block numbers, see
    /// `top_blocks`).
    pub fn search_in(&self, terms: &[u64], k: usize, blocks: &[u32]) -> Vec<(u32, f32)> {
        if blocks.is_empty() {
            return Vec::new();
        }
        self.search_where(terms, k, |s| blocks.binary_search(&(s / BLOCK)).is_ok())
    }

    fn search_where(&self, terms: &[u64], k: usize, keep: impl Fn(u32) -> bool) -> Vec<(u32, f32)> {
        const K1: f32 = 1.2;
        const B: f32 = 0.75;
        let mut scores: FxHashMap<u32, f32> = FxHashMap::default();
        for t in self.useful_terms(terms, 10) {
            let list = self.postings_of(t);
            if list.is_empty() {
                continue;
            }
            let idf = self.idf(t);
            for &s in list.iter().filter(|&&s| keep(s)) {
                let len = self.lengths[s as usize] as f32;
                // Each sentence holds a term once in the postings: tf = 1.
                let w = idf * (K1 + 1.0) / (1.0 + K1 * (1.0 - B + B * len / self.average_length));
                *scores.entry(s).or_insert(0.0) += w;
            }
        }
        let mut ranked: Vec<(u32, f32)> = scores.into_iter().collect();
        ranked.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.truncate(k);
        ranked
    }

    /// The `n` blocks of `BLOCK` consecutive sentences that hold the most idf weight of the given
    /// terms, best first: where a text's subject is discussed. Blocks rather than documents, so
    /// that a file holding a thousand articles does not outweigh one article.
    pub fn top_blocks(&self, terms: &[u64], n: usize) -> Vec<u32> {
        let mut scores: FxHashMap<u32, f32> = FxHashMap::default();
        for t in self.useful_terms(terms, terms.len()) {
            let idf = self.idf(t);
            let mut last = u32::MAX;
            for &s in self.postings_of(t) {
                // Postings are in sentence order, so a block's sentences come together.
                if s / BLOCK != last {
                    last = s / BLOCK;
                    *scores.entry(last).or_insert(0.0) += idf;
                }
            }
        }
        let mut ranked: Vec<(u32, f32)> = scores.into_iter().collect();
        ranked.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.truncate(n);
        ranked.into_iter().map(|(b, _)| b).collect()
    }

    /// Sentences holding at least `min_hits` of the given terms, most hits first; terms so common
    /// that they say little are passed over.
    pub fn sentences_with(&self, terms: &[u64], min_hits: usize, k: usize) -> Vec<u32> {
        // The rarest eight terms are enough to find a passage. Words the corpus lacks (a changed
        // word of a misquote) cannot count against a sentence.
        let useful = self.useful_terms(terms, 8);
        let min_hits = min_hits.min(useful.len()).max(1);
        let mut hits: FxHashMap<u32, u32> = FxHashMap::default();
        for &t in &useful {
            for &s in self.postings_of(t) {
                *hits.entry(s).or_insert(0) += 1;
            }
        }
        let mut ranked: Vec<(u32, u32)> = hits
            .into_iter()
            .filter(|&(_, h)| h as usize >= min_hits)
            .collect();
        ranked.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.truncate(k);
        ranked.into_iter().map(|(s, _)| s).collect()
    }

    /// Approximate heap bytes held by the index structures (not the corpus texts).
    pub fn index_bytes(&self) -> usize {
        self.sentences.capacity() * std::mem::size_of::<SentenceRef>()
            + self.lengths.capacity() * 2
            + self.term_keys.capacity() * 8
            + self.term_ids.capacity() * 4
            + self.offsets.capacity() * 4
            + self.postings.capacity() * 4
            + self.doc_starts.capacity() * 4
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Document, Format};

    fn corpus(texts: &[&str]) -> Corpus {
        Corpus {
            documents: texts
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    Document::from_contents(format!("d{i}.txt").into(), t.to_string(), Format::Text)
                })
                .collect(),
            skipped: vec![],
        }
    }

    #[test]
    fn search_ranks_by_shared_rare_words() {
        let idx = Index::build(corpus(&[
            "The cat sat on the mat. Dogs bark at night.",
            "Fentanyl overdoses killed thousands of people. The cat slept.",
        ]));
        assert_eq!(idx.sentence_count(), 4);
        let hits = idx.search(
            &term_hashes("How many people died of fentanyl overdose?"),
            3,
        );
        assert_eq!(
            idx.sentence_text(hits[0].0),
            "Fentanyl overdoses killed thousands of people."
        );
        let hits = idx.sentences_with(&term_hashes("cats"), 1, 10);
        assert_eq!(hits.len(), 2);
        assert_eq!(idx.sentence_id(1, 1), Some(3));
        assert!(idx.document_has(1, hash_str("fentanyl")));
        assert!(!idx.document_has(0, hash_str("fentanyl")));
        assert!(idx.document_has(0, hash_str("dog")) && idx.document_has(1, hash_str("cat")));
        assert_eq!(idx.sentence_id(1, 2), None);
    }
}
