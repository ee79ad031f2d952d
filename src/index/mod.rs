//! The corpus index: postings from word stems to sentences, for BM25 retrieval of the
//! sentences a draft sentence or a quotation speaks of. Built once, queried per check; nothing
//! per query scans the corpus.

mod retrieval;
pub mod segment;
pub mod store;

use crate::corpus::{Corpus, Document};
use crate::text;
pub use retrieval::Retrieval;
use rustc_hash::{FxHashMap, FxHasher};
use segment::Segment;
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::sync::Arc;

/// Consecutive sentences that make one block for finding where a subject is discussed.
pub const BLOCK: u32 = 16;

/// A sentence of the corpus: its document and its byte range in the document's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SentenceRef {
    pub doc: u32,
    pub sentence: u32,
}

/// The index of a corpus: its documents, and the word postings of their sentences in one or
/// more segments (one built in memory, or many read from disk, see `store`). Sentences are
/// numbered across segments in document order, so that the numbering, and every verdict, is the
/// same however the documents are split into segments.
pub struct Index {
    corpus: Corpus,
    segments: Vec<Segment>,
    /// The first sentence number of each segment, and one past the last.
    sentence_bases: Vec<u32>,
    /// The first document of each segment, and one past the last.
    doc_bases: Vec<u32>,
    average_length: f32,
    /// Where terms' postings lie in each segment, remembered: with many segments, finding a
    /// term costs a search in each, and a draft asks for the same terms again and again.
    located: std::sync::Mutex<FxHashMap<u64, Located>>,
}

/// Where a term's postings lie: each segment holding it, and the range in its postings.
type Located = Arc<[(u32, Range<u32>)]>;

/// The sentences that hold a term, in order, gathered from the segments.
#[derive(Clone, Default, Debug)]
pub struct Postings<'a> {
    /// Each segment's first sentence number and its sentences (numbered within it).
    parts: Vec<(u32, &'a [u32])>,
}

impl<'a> Postings<'a> {
    pub fn len(&self) -> usize {
        self.parts.iter().map(|p| p.1.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.parts.iter().all(|p| p.1.is_empty())
    }

    /// Sentence numbers, in order.
    pub fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.parts
            .iter()
            .flat_map(|&(base, list)| list.iter().map(move |&s| s + base))
    }

    /// Whether a sentence in `first..end` holds the term.
    pub fn within(&self, first: u32, end: u32) -> bool {
        self.parts.iter().any(|&(base, list)| {
            let (lo, hi) = (first.saturating_sub(base), end.saturating_sub(base));
            if hi == 0 || end <= base {
                return false;
            }
            let i = list.partition_point(|&s| s < lo);
            list.get(i).is_some_and(|&s| s < hi)
        })
    }
}

/// The key of a stem (or a year) in the index, as `term_hashes` and `idf` take it.
pub fn hash_str(s: &str) -> u64 {
    let mut h = FxHasher::default();
    s.hash(&mut h);
    h.finish()
}

/// The key of a normalised word in the index: its stem hashed (a number or year as written).
pub fn term_key(norm: &str) -> u64 {
    content_key(norm).unwrap_or_else(|| stem_key(norm))
}

fn stem_key(norm: &str) -> u64 {
    if text::is_numeric(norm) {
        hash_str(norm)
    } else {
        hash_str(&text::stem(norm))
    }
}

/// A 64-bit hash of a normalised word, by which its key is remembered.
pub fn word_hash(norm: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(norm.as_bytes());
    h.write_usize(norm.len());
    h.finish()
}

/// The key of a normalised word when it is a content word (what the index keeps). Stemming is
/// the costly part of reading text, so answers are remembered per word, by a 64-bit hash of the
/// word: comparing hashes, not strings, is what makes reading a large archive fast.
pub fn content_key(norm: &str) -> Option<u64> {
    /// Marks a word that is not a content word.
    const NOT_CONTENT: u64 = u64::MAX;
    thread_local! {
        static KEYS: std::cell::RefCell<FxHashMap<u64, u64>> =
            std::cell::RefCell::new(FxHashMap::default());
    }
    let word = word_hash(norm);
    let known = KEYS.with(|keys| keys.borrow().get(&word).copied());
    let key = known.unwrap_or_else(|| {
        let key = if text::is_content_word(norm) {
            stem_key(norm)
        } else {
            NOT_CONTENT
        };
        KEYS.with(|keys| {
            let mut keys = keys.borrow_mut();
            // A long session meets many words: start afresh rather than grow without bound.
            if keys.len() >= 1 << 20 {
                keys.clear();
            }
            keys.insert(word, key);
        });
        key
    });
    (key != NOT_CONTENT).then_some(key)
}

/// The content terms of a text with their stems hashed, as the index sees them.
pub fn term_hashes(text: &str) -> Vec<u64> {
    text::content_stems(text)
        .iter()
        .map(|s| hash_str(s))
        .collect()
}

impl Index {
    /// Indexes a corpus in memory.
    pub fn build(corpus: Corpus) -> Index {
        let bytes = segment::write(&corpus.documents, false, &[]);
        let seg = Segment::open(Arc::new(bytes)).expect("a segment just written reads back");
        Index::from_segments(corpus, vec![seg])
    }

    /// An index of documents whose postings are in the given segments, in document order.
    pub fn from_segments(corpus: Corpus, segments: Vec<Segment>) -> Index {
        let mut sentence_bases = vec![0u32];
        let mut doc_bases = vec![0u32];
        let mut words = 0u64;
        for seg in &segments {
            let n = seg.sentence_count() as u32;
            for s in 0..n {
                words += u64::from(seg.length(s));
            }
            sentence_bases.push(sentence_bases.last().copied().unwrap_or(0) + n);
            doc_bases.push(doc_bases.last().copied().unwrap_or(0) + seg.document_count() as u32);
        }
        let total = sentence_bases.last().copied().unwrap_or(0);
        let average_length = if total == 0 {
            1.0
        } else {
            (words as f32 / total as f32).max(1.0)
        };
        Index {
            corpus,
            segments,
            sentence_bases,
            doc_bases,
            average_length,
            located: Default::default(),
        }
    }

    pub fn corpus(&self) -> &Corpus {
        &self.corpus
    }

    /// Records more files that were not read (for reporting; the index is unchanged).
    pub fn add_skipped(&mut self, skipped: Vec<crate::corpus::Skipped>) {
        self.corpus.skipped.extend(skipped);
    }

    pub fn documents(&self) -> &[Document] {
        &self.corpus.documents
    }

    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    pub fn sentence_count(&self) -> usize {
        self.sentence_bases.last().copied().unwrap_or(0) as usize
    }

    /// The segment holding sentence `id`, and the sentence's number within it.
    fn locate(&self, id: u32) -> Option<(usize, u32)> {
        if id as usize >= self.sentence_count() {
            return None;
        }
        let k = self.sentence_bases.partition_point(|&b| b <= id) - 1;
        Some((k, id - self.sentence_bases[k]))
    }

    pub fn sentence(&self, id: u32) -> SentenceRef {
        let Some((k, local)) = self.locate(id) else {
            return SentenceRef {
                doc: 0,
                sentence: 0,
            };
        };
        let seg = &self.segments[k];
        let d = seg.sentence_doc(local);
        SentenceRef {
            doc: self.doc_bases[k] + d,
            sentence: local - seg.document_sentences(d).start,
        }
    }

    /// Byte range of a sentence in its document's text.
    pub fn sentence_range(&self, id: u32) -> Range<usize> {
        let s = self.sentence(id);
        self.corpus
            .documents
            .get(s.doc as usize)
            .map_or(0..0, |d| d.sentences.at(s.sentence as usize))
    }

    pub fn sentence_text(&self, id: u32) -> &str {
        let s = self.sentence(id);
        let Some(doc) = self.corpus.documents.get(s.doc as usize) else {
            return "";
        };
        doc.text
            .get(doc.sentences.at(s.sentence as usize))
            .unwrap_or("")
    }

    /// The sentence numbers of a document: `first..end`.
    pub fn document_sentences(&self, doc: usize) -> Range<u32> {
        let k = self.doc_bases.partition_point(|&b| b as usize <= doc);
        if k == 0 || k >= self.doc_bases.len() {
            return 0..0;
        }
        let k = k - 1;
        let r = self.segments[k].document_sentences(doc as u32 - self.doc_bases[k]);
        r.start + self.sentence_bases[k]..r.end + self.sentence_bases[k]
    }

    /// Global id of a document's sentence.
    pub fn sentence_id(&self, doc: usize, sentence: usize) -> Option<u32> {
        let r = self.document_sentences(doc);
        let id = r.start + sentence as u32;
        (id < r.end).then_some(id)
    }

    /// The sentences that hold a term, in order.
    pub fn postings(&self, term_hash: u64) -> Postings<'_> {
        let known = self
            .located
            .lock()
            .ok()
            .and_then(|m| m.get(&term_hash).cloned());
        let located = known.unwrap_or_else(|| {
            let found: Located = self
                .segments
                .iter()
                .enumerate()
                .map(|(i, seg)| (i as u32, seg.postings_range(term_hash)))
                .filter(|(_, r)| !r.is_empty())
                .collect();
            if let Ok(mut m) = self.located.lock() {
                // A long session meets many words: start afresh rather than grow without bound.
                if m.len() >= 1 << 16 {
                    m.clear();
                }
                m.insert(term_hash, found.clone());
            }
            found
        });
        Postings {
            parts: located
                .iter()
                .map(|(i, r)| {
                    let i = *i as usize;
                    (
                        self.sentence_bases[i],
                        self.segments[i].postings_in(r.clone()),
                    )
                })
                .collect(),
        }
    }

    /// Terms so common that they cannot tell sentences apart are left out of retrieval; on a
    /// large corpus their postings would also cost most of the time.
    fn useful_terms(&self, terms: &[u64], max_terms: usize) -> Vec<(u64, Postings<'_>)> {
        let mut unique: Vec<u64> = terms.to_vec();
        unique.sort_unstable();
        unique.dedup();
        let limit = (self.sentence_count() / 200).max(2000);
        let mut useful: Vec<(u64, Postings<'_>)> = unique
            .into_iter()
            .map(|t| (t, self.postings(t)))
            .filter(|(_, p)| {
                let n = p.len();
                n > 0 && n <= limit
            })
            .collect();
        useful.sort_by_key(|(t, p)| (p.len(), *t));
        useful.truncate(max_terms);
        useful
    }

    /// Sentences that hold a term.
    pub fn frequency(&self, term_hash: u64) -> usize {
        self.postings(term_hash).len()
    }

    /// Whether any sentence of a document holds a term.
    pub fn document_has(&self, doc: usize, term_hash: u64) -> bool {
        let r = self.document_sentences(doc);
        self.postings(term_hash).within(r.start, r.end)
    }

    /// Inverse document frequency of a term (sentences as documents).
    pub fn idf(&self, term_hash: u64) -> f32 {
        let n = self.sentence_count() as f32;
        let df = self.frequency(term_hash) as f32;
        ((n - df + 0.5) / (df + 0.5) + 1.0).ln()
    }

    fn length(&self, id: u32) -> u16 {
        self.locate(id)
            .map_or(0, |(k, local)| self.segments[k].length(local))
    }

    /// Bytes of the index structures (the segments; for a segment read from disk, its mapped
    /// file, whose pages the system keeps or drops as needed).
    pub fn index_bytes(&self) -> usize {
        self.segments.iter().map(Segment::len).sum()
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
        assert_eq!(
            idx.sentence(3),
            SentenceRef {
                doc: 1,
                sentence: 1
            }
        );
        assert_eq!(
            idx.sentence_text(2),
            "Fentanyl overdoses killed thousands of people."
        );
        assert_eq!(idx.sentence_id(1, 2), None);
    }

    #[test]
    fn postings_across_segments_read_as_one_list() {
        let docs = corpus(&[
            "The cat sat on the mat. Dogs bark at night.",
            "Fentanyl overdoses killed thousands of people. The cat slept.",
            "A cat again.",
        ]);
        let one = Index::build(docs.clone());
        let segs: Vec<Segment> = [0..1, 1..3]
            .into_iter()
            .map(|r| {
                Segment::open(Arc::new(segment::write(&docs.documents[r], false, &[]))).unwrap()
            })
            .collect();
        let two = Index::from_segments(docs, segs);
        let cat = hash_str("cat");
        assert_eq!(
            one.postings(cat).iter().collect::<Vec<_>>(),
            two.postings(cat).iter().collect::<Vec<_>>()
        );
        assert_eq!(two.postings(cat).iter().collect::<Vec<_>>(), [0, 3, 4]);
        assert!(two.postings(cat).within(3, 4) && !two.postings(cat).within(1, 3));
        for id in 0..5 {
            assert_eq!(one.sentence(id), two.sentence(id));
            assert_eq!(one.sentence_text(id), two.sentence_text(id));
        }
        let q = term_hashes("a cat and dogs at night");
        assert_eq!(one.search(&q, 5), two.search(&q, 5));
        assert_eq!(two.document_sentences(2), 4..5);
    }
}
