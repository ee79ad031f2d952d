//! One segment of the index: the word postings of some documents' sentences in flat arrays, and,
//! when the segment is kept on disk, the documents' texts. The same bytes serve in memory and
//! from a memory-mapped file, so one reader covers both.
//!
//! Layout (little-endian): a header (magic, format version, the oldest version still read, the
//! byte order mark, the number of sections), a table of sections (offset and length, each section
//! 8-aligned), the sections, and a footer (CRC-32 of every byte but the texts, magic). Sections:
//! document records (JSON), texts, sentence spans (`u32` start and end in the document's text),
//! each sentence's document, each document's first sentence, sentence lengths (`u16` words), term
//! keys (`u64`, sorted), term offsets (`u32`) and postings (`u32` sentence numbers, in order).

use crate::corpus::{Document, HtmlSource, Spans, Text, stored::Bytes};
use crate::text;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::ops::Range;
use std::path::PathBuf;

const MAGIC: &[u8; 8] = b"SRCDSEG\0";
const END: &[u8; 8] = b"SRCDEND\0";
/// The format written. Term keys hash stems, so the hash, the stemmer and the tokenizer are part
/// of the format: a change to any of them is a new version. So is a change to what is read of a
/// file beside its text (2: titles and dates from meta tags and front matter), and how sentences
/// are cut (3: a time keeps the day or zone after it).
pub const FORMAT_VERSION: u32 = 3;
/// The oldest format still read.
pub const OLDEST_READABLE: u32 = 3;
const BYTE_ORDER: u32 = 0x0102_0304;
const HEADER: usize = 24;
const FOOTER: usize = 16;

#[derive(Clone, Copy)]
enum Section {
    Records = 0,
    Texts,
    Spans,
    SentenceDocs,
    DocStarts,
    Lengths,
    TermKeys,
    TermOffsets,
    Postings,
}
const SECTIONS: usize = 9;

/// Where a text lies in the texts section: offset and length.
pub type TextAt = (u64, u64);

/// What a segment keeps of a document beside its text: enough to serve it without the file.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Record {
    pub path: PathBuf,
    pub title: String,
    pub date: Option<String>,
    pub pages: Vec<usize>,
    /// The document's text in the texts section.
    pub text: TextAt,
    /// For HTML: the page's own text in the texts section, and the map back to it.
    pub html: Option<(TextAt, Vec<(usize, usize)>)>,
    /// The file as it was read: size, modification time (nanoseconds) and content hash, to tell
    /// a changed file.
    pub stamp: Stamp,
}

#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Stamp {
    pub size: u64,
    pub modified: u128,
    pub hash: u64,
}

/// A readable segment.
#[derive(Clone)]
pub struct Segment {
    bytes: Bytes,
    sections: [Range<usize>; SECTIONS],
}

impl std::fmt::Debug for Segment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Segment({} documents, {} sentences)",
            self.document_count(),
            self.sentence_count()
        )
    }
}

fn align8(v: &mut Vec<u8>) {
    while !v.len().is_multiple_of(8) {
        v.push(0);
    }
}

/// Term ids of the words of a segment: each distinct word (by a hash of its normalised form)
/// is stemmed and looked up once per segment, so that reading a word costs one probe of a table
/// the size of the segment's vocabulary.
struct Vocabulary {
    words: FxHashMap<u64, u32>,
    terms: FxHashMap<u64, u32>,
    keys: Vec<u64>,
    counts: Vec<u32>,
    norm: String,
}

impl Vocabulary {
    const NOT_CONTENT: u32 = u32::MAX;

    fn new() -> Vocabulary {
        // Sized for a segment of a large archive, so that the tables are not grown word by word.
        Vocabulary {
            words: FxHashMap::with_capacity_and_hasher(1 << 16, Default::default()),
            terms: FxHashMap::with_capacity_and_hasher(1 << 15, Default::default()),
            keys: Vec::new(),
            counts: Vec::new(),
            norm: String::new(),
        }
    }

    /// The term ids of a sentence's content words, in order, and their count.
    fn each_term(&mut self, text: &str, mut each: impl FnMut(u32)) -> u32 {
        let mut len = 0u32;
        for r in text::word_ranges(text) {
            text::normalise_word_into(&text[r], &mut self.norm);
            let word = super::word_hash(&self.norm);
            let t = match self.words.get(&word) {
                Some(&t) => t,
                None => {
                    let t = match super::content_key(&self.norm) {
                        Some(k) => {
                            let next = self.keys.len() as u32;
                            *self.terms.entry(k).or_insert_with(|| {
                                self.keys.push(k);
                                self.counts.push(0);
                                next
                            })
                        }
                        None => Self::NOT_CONTENT,
                    };
                    self.words.insert(word, t);
                    t
                }
            };
            if t != Self::NOT_CONTENT {
                len += 1;
                each(t);
            }
        }
        len
    }
}

/// Writes the segment of some documents. With `keep_texts`, the documents' texts are written too
/// (for a segment kept on disk); `stamps` gives each document's file stamp.
pub fn write(docs: &[Document], keep_texts: bool, stamps: &[Stamp]) -> Vec<u8> {
    // Term ids in the order terms are met, the (term, sentence) pairs, and sentence facts.
    let mut vocabulary = Vocabulary::new();
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    let mut spans: Vec<u32> = Vec::new();
    let mut sentence_docs: Vec<u32> = Vec::new();
    let mut doc_starts: Vec<u32> = Vec::with_capacity(docs.len() + 1);
    let mut lengths: Vec<u16> = Vec::new();
    let mut seen: Vec<u32> = Vec::new();
    let mut sid = 0u32;
    for (d, doc) in docs.iter().enumerate() {
        doc_starts.push(sid);
        for range in doc.sentences.iter() {
            seen.clear();
            let len = vocabulary.each_term(doc.text.get(range.clone()).unwrap_or(""), |t| {
                if !seen.contains(&t) {
                    seen.push(t);
                }
            });
            let counts = &mut vocabulary.counts;
            for &t in &seen {
                counts[t as usize] += 1;
                pairs.push((t, sid));
            }
            spans.push(range.start as u32);
            spans.push(range.end as u32);
            sentence_docs.push(d as u32);
            lengths.push(len.min(u16::MAX as u32) as u16);
            sid += 1;
        }
    }
    doc_starts.push(sid);
    let Vocabulary { keys, counts, .. } = vocabulary;
    // Terms in key order, postings by term in sentence order.
    let mut order: Vec<u32> = (0..keys.len() as u32).collect();
    order.sort_unstable_by_key(|&t| keys[t as usize]);
    let mut rank = vec![0u32; keys.len()];
    for (r, &t) in order.iter().enumerate() {
        rank[t as usize] = r as u32;
    }
    let mut offsets = Vec::with_capacity(keys.len() + 1);
    let mut acc = 0u32;
    for &t in &order {
        offsets.push(acc);
        acc += counts[t as usize];
    }
    offsets.push(acc);
    let mut fill: Vec<u32> = offsets[..offsets.len() - 1].to_vec();
    let mut postings = vec![0u32; acc as usize];
    for &(t, s) in &pairs {
        let r = rank[t as usize] as usize;
        postings[fill[r] as usize] = s;
        fill[r] += 1;
    }
    drop(pairs);
    let sorted_keys: Vec<u64> = order.iter().map(|&t| keys[t as usize]).collect();

    // Texts are laid out in document order (each document's text, then its page's text for
    // HTML) and copied straight into the output: no second copy of the corpus is held.
    let mut texts_len = 0u64;
    let mut records = Vec::with_capacity(docs.len());
    for (d, doc) in docs.iter().enumerate() {
        let mut put = |s: &str| {
            let at = texts_len;
            if keep_texts {
                texts_len += s.len() as u64;
            }
            (at, if keep_texts { s.len() as u64 } else { 0 })
        };
        let text = put(&doc.text);
        let html = doc
            .html
            .as_ref()
            .map(|h| (put(&h.file_text), h.map.clone()));
        records.push(Record {
            path: doc.path.clone(),
            title: doc.title.clone(),
            date: doc.date.clone(),
            pages: doc.pages.clone(),
            text,
            html,
            stamp: stamps.get(d).copied().unwrap_or_default(),
        });
    }
    let records = serde_json::to_vec(&records).unwrap_or_default();

    let mut out = Vec::with_capacity(
        HEADER
            + SECTIONS * 16
            + records.len()
            + texts_len as usize
            + postings.len() * 4
            + (spans.len() + sentence_docs.len() + doc_starts.len()) * 4
            + lengths.len() * 2
            + sorted_keys.len() * 12
            + 128,
    );
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&OLDEST_READABLE.to_le_bytes());
    out.extend_from_slice(&BYTE_ORDER.to_ne_bytes());
    out.extend_from_slice(&(SECTIONS as u32).to_le_bytes());
    let table = out.len();
    out.resize(table + SECTIONS * 16, 0);
    // Each section 8-aligned, its offset and length entered in the table.
    let place = |out: &mut Vec<u8>, section: Section, fill: &mut dyn FnMut(&mut Vec<u8>)| {
        align8(out);
        let at = out.len();
        fill(out);
        let entry = table + section as usize * 16;
        out[entry..entry + 8].copy_from_slice(&(at as u64).to_le_bytes());
        let len = (out.len() - at) as u64;
        out[entry + 8..entry + 16].copy_from_slice(&len.to_le_bytes());
    };
    place(&mut out, Section::Records, &mut |o| {
        o.extend_from_slice(&records)
    });
    place(&mut out, Section::Texts, &mut |o| {
        if keep_texts {
            for doc in docs {
                o.extend_from_slice(doc.text.as_bytes());
                if let Some(h) = &doc.html {
                    o.extend_from_slice(h.file_text.as_bytes());
                }
            }
        }
    });
    let arrays: [(Section, &[u8]); 7] = [
        (Section::Spans, bytemuck::cast_slice(&spans)),
        (Section::SentenceDocs, bytemuck::cast_slice(&sentence_docs)),
        (Section::DocStarts, bytemuck::cast_slice(&doc_starts)),
        (Section::Lengths, bytemuck::cast_slice(&lengths)),
        (Section::TermKeys, bytemuck::cast_slice(&sorted_keys)),
        (Section::TermOffsets, bytemuck::cast_slice(&offsets)),
        (Section::Postings, bytemuck::cast_slice(&postings)),
    ];
    for (section, bytes) in arrays {
        place(&mut out, section, &mut |o| o.extend_from_slice(bytes));
    }
    align8(&mut out);
    let crc = checksum(&out, texts_range(&out));
    out.extend_from_slice(&crc.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(END);
    out
}

/// Writes the checksum of a segment's bytes again after they were changed: for tests and fuzzing
/// that reach the checks behind the checksum.
pub fn reseal(bytes: &mut [u8]) {
    if bytes.len() < HEADER + SECTIONS * 16 + FOOTER {
        return;
    }
    let body_end = bytes.len() - FOOTER;
    let texts = texts_range(bytes);
    let crc = checksum(&bytes[..body_end], texts);
    bytes[body_end..body_end + 4].copy_from_slice(&crc.to_le_bytes());
}

/// Where the texts section lies, read from a written table.
fn texts_range(bytes: &[u8]) -> Range<usize> {
    let at = HEADER + Section::Texts as usize * 16;
    let off = u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap_or([0; 8])) as usize;
    let len = u64::from_le_bytes(bytes[at + 8..at + 16].try_into().unwrap_or([0; 8])) as usize;
    off..off.saturating_add(len)
}

/// CRC-32 of all bytes but the texts (those are checked as UTF-8 when first read): a damaged or
/// truncated index is told at once for the price of its arrays, not of the whole archive.
fn checksum(bytes: &[u8], texts: Range<usize>) -> u32 {
    let mut h = crc32fast::Hasher::new();
    h.update(&bytes[..texts.start.min(bytes.len())]);
    h.update(&bytes[texts.end.min(bytes.len())..]);
    h.finalize()
}

impl Segment {
    /// Opens a segment written by `write`, or says why it cannot be used (foreign, truncated,
    /// damaged, of another format version or byte order).
    pub fn open(bytes: Bytes) -> Result<Segment, String> {
        Segment::open_checked(bytes, true)
    }

    /// Opens a segment this process has just written: the header and section table are checked,
    /// the checksum and the arrays are not read (their pages are touched only when used).
    pub fn open_written(bytes: Bytes) -> Result<Segment, String> {
        Segment::open_checked(bytes, false)
    }

    fn open_checked(bytes: Bytes, verify: bool) -> Result<Segment, String> {
        let b: &[u8] = bytes.as_ref().as_ref();
        if b.len() < HEADER + SECTIONS * 16 + FOOTER || &b[..8] != MAGIC {
            return Err("not an index segment".into());
        }
        if &b[b.len() - 8..] != END {
            return Err("truncated".into());
        }
        let word = |at: usize| u32::from_le_bytes(b[at..at + 4].try_into().unwrap_or([0; 4]));
        let version = word(8);
        if !(OLDEST_READABLE..=FORMAT_VERSION).contains(&version) {
            return Err(format!(
                "format version {version}, this build reads {OLDEST_READABLE} to {FORMAT_VERSION}"
            ));
        }
        if u32::from_ne_bytes(b[16..20].try_into().unwrap_or([0; 4])) != BYTE_ORDER {
            return Err("written on a machine of another byte order".into());
        }
        if word(20) as usize != SECTIONS {
            return Err("an unknown section table".into());
        }
        let body_end = b.len() - FOOTER;
        let mut sections: [Range<usize>; SECTIONS] = Default::default();
        for (i, s) in sections.iter_mut().enumerate() {
            let at = HEADER + i * 16;
            let off = u64::from_le_bytes(b[at..at + 8].try_into().unwrap_or([0; 8])) as usize;
            let len = u64::from_le_bytes(b[at + 8..at + 16].try_into().unwrap_or([0; 8])) as usize;
            let end = off.checked_add(len).filter(|&e| e <= body_end);
            if end.is_none() || !off.is_multiple_of(8) || off < HEADER + SECTIONS * 16 {
                return Err("a section outside the file".into());
            }
            *s = off..off + len;
        }
        if verify {
            let stored = word(body_end);
            if checksum(&b[..body_end], sections[Section::Texts as usize].clone()) != stored {
                return Err("damaged (checksum)".into());
            }
        }
        let seg = Segment { bytes, sections };
        if verify {
            seg.consistent()?;
        }
        Ok(seg)
    }

    fn section(&self, s: Section) -> &[u8] {
        &self.bytes.as_ref().as_ref()[self.sections[s as usize].clone()]
    }

    fn u32s(&self, s: Section) -> &[u32] {
        bytemuck::try_cast_slice(self.section(s)).unwrap_or(&[])
    }

    /// Checks that the arrays fit one another, so that no lookup can go out of bounds.
    fn consistent(&self) -> Result<(), String> {
        let bad = |what: &str| Err(format!("inconsistent ({what})"));
        let sentences = self.sentence_count();
        let docs = self.document_count();
        if self.u32s(Section::Spans).len() != sentences * 2
            || self.section(Section::Lengths).len() != sentences * 2
            || self.section(Section::SentenceDocs).len() != sentences * 4
        {
            return bad("sentence arrays");
        }
        let starts = self.u32s(Section::DocStarts);
        if starts.windows(2).any(|w| w[0] > w[1]) || starts.last() != Some(&(sentences as u32)) {
            return bad("document starts");
        }
        if self
            .u32s(Section::SentenceDocs)
            .iter()
            .any(|&d| d as usize >= docs)
        {
            return bad("sentence documents");
        }
        let keys: &[u64] = bytemuck::try_cast_slice(self.section(Section::TermKeys)).unwrap_or(&[]);
        let offsets = self.u32s(Section::TermOffsets);
        let postings = self.u32s(Section::Postings);
        if offsets.len() != keys.len() + 1
            || offsets.windows(2).any(|w| w[0] > w[1])
            || offsets.last().copied() != Some(postings.len() as u32)
            || keys.windows(2).any(|w| w[0] >= w[1])
        {
            return bad("terms");
        }
        if postings.iter().any(|&s| s as usize >= sentences) {
            return bad("postings");
        }
        Ok(())
    }

    pub fn sentence_count(&self) -> usize {
        self.u32s(Section::SentenceDocs).len()
    }

    pub fn document_count(&self) -> usize {
        self.u32s(Section::DocStarts).len().saturating_sub(1)
    }

    /// The document (within the segment) of a sentence (within the segment).
    pub fn sentence_doc(&self, s: u32) -> u32 {
        self.u32s(Section::SentenceDocs)
            .get(s as usize)
            .copied()
            .unwrap_or(0)
    }

    /// A document's sentences, numbered within the segment.
    pub fn document_sentences(&self, d: u32) -> Range<u32> {
        let starts = self.u32s(Section::DocStarts);
        match (starts.get(d as usize), starts.get(d as usize + 1)) {
            (Some(&a), Some(&b)) => a..b,
            _ => 0..0,
        }
    }

    /// Content words of a sentence.
    pub fn length(&self, s: u32) -> u16 {
        let lengths: &[u16] =
            bytemuck::try_cast_slice(self.section(Section::Lengths)).unwrap_or(&[]);
        lengths.get(s as usize).copied().unwrap_or(0)
    }

    /// The sentences that hold a term, in order.
    pub fn postings(&self, key: u64) -> &[u32] {
        self.postings_in(self.postings_range(key))
    }

    /// Where a term's postings lie in the postings array (empty when the term is absent).
    pub fn postings_range(&self, key: u64) -> Range<u32> {
        let keys: &[u64] = bytemuck::try_cast_slice(self.section(Section::TermKeys)).unwrap_or(&[]);
        let Ok(t) = keys.binary_search(&key) else {
            return 0..0;
        };
        let offsets = self.u32s(Section::TermOffsets);
        match (offsets.get(t), offsets.get(t + 1)) {
            (Some(&a), Some(&b)) if a <= b => a..b,
            _ => 0..0,
        }
    }

    /// The postings in a range given by `postings_range`.
    pub fn postings_in(&self, r: Range<u32>) -> &[u32] {
        self.u32s(Section::Postings)
            .get(r.start as usize..r.end as usize)
            .unwrap_or(&[])
    }

    /// Bytes held in memory by the segment (none for a mapped file's pages).
    pub fn len(&self) -> usize {
        self.bytes.as_ref().as_ref().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The documents kept in the segment, their texts read in place from its bytes.
    pub fn documents(&self) -> Result<Vec<Document>, String> {
        let records: Vec<Record> = serde_json::from_slice(self.section(Section::Records))
            .map_err(|e| format!("unreadable document records ({e})"))?;
        if records.len() != self.document_count() {
            return Err("inconsistent (document records)".into());
        }
        let texts = self.sections[Section::Texts as usize].clone();
        let spans = self.sections[Section::Spans as usize].start;
        let within = |(at, len): (u64, u64)| -> Result<Range<usize>, String> {
            let start = texts.start + at as usize;
            let end = start.checked_add(len as usize).filter(|&e| e <= texts.end);
            end.map(|e| start..e)
                .ok_or_else(|| "a text outside the file".to_string())
        };
        records
            .into_iter()
            .enumerate()
            .map(|(d, r)| {
                let sentences = self.document_sentences(d as u32);
                // Sentences in order and within their text, so that no slice can fail.
                let all = self.u32s(Section::Spans);
                let own = all
                    .get(sentences.start as usize * 2..sentences.end as usize * 2)
                    .unwrap_or(&[]);
                let ordered = own.windows(2).all(|w| w[0] <= w[1]);
                if own.len() != sentences.len() * 2
                    || !ordered
                    || own.last().is_some_and(|&e| u64::from(e) > r.text.1)
                {
                    return Err("inconsistent (sentence spans)".to_string());
                }
                Ok(Document {
                    text: Text::mapped(self.bytes.clone(), within(r.text)?),
                    sentences: Spans::Mapped {
                        bytes: self.bytes.clone(),
                        offset: spans + sentences.start as usize * 8,
                        count: sentences.len(),
                    },
                    html: match r.html {
                        Some((range, map)) => Some(HtmlSource {
                            file_text: Text::mapped(self.bytes.clone(), within(range)?).to_string(),
                            map,
                        }),
                        None => None,
                    },
                    path: r.path,
                    title: r.title,
                    date: r.date,
                    pages: r.pages,
                })
            })
            .collect()
    }

    /// The file stamps of the documents kept in the segment.
    pub fn stamps(&self) -> Result<Vec<(PathBuf, Stamp)>, String> {
        let records: Vec<Record> = serde_json::from_slice(self.section(Section::Records))
            .map_err(|e| format!("unreadable document records ({e})"))?;
        Ok(records.into_iter().map(|r| (r.path, r.stamp)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Format;
    use std::sync::Arc;

    fn docs() -> Vec<Document> {
        vec![
            Document::from_contents(
                "a.txt".into(),
                "The cat sat on the mat. Dogs bark at night.".into(),
                Format::Text,
            ),
            Document::from_contents(
                "b.txt".into(),
                "Fentanyl overdoses killed thousands in 2022. The cat slept.".into(),
                Format::Text,
            ),
        ]
    }

    #[test]
    fn a_written_segment_reads_back() {
        let bytes: Bytes = Arc::new(write(&docs(), true, &[]));
        let seg = Segment::open(bytes).unwrap();
        assert_eq!(seg.sentence_count(), 4);
        assert_eq!(seg.document_count(), 2);
        assert_eq!(seg.postings(super::super::term_key("cat")), [0, 3]);
        assert_eq!(seg.postings(super::super::term_key("2022")), [2]);
        assert_eq!(seg.document_sentences(1), 2..4);
        let back = seg.documents().unwrap();
        assert_eq!(&*back[1].text, &*docs()[1].text);
        assert_eq!(
            back[1].sentences.iter().collect::<Vec<_>>(),
            docs()[1].sentences.iter().collect::<Vec<_>>()
        );
    }

    #[test]
    fn damaged_truncated_foreign_and_newer_segments_are_refused() {
        let good = write(&docs(), true, &[]);
        let open = |b: Vec<u8>| Segment::open(Arc::new(b));
        assert!(open(good.clone()).is_ok());
        assert!(open(good[..good.len() - 3].to_vec()).is_err());
        assert!(open(b"hello world".to_vec()).is_err());
        let mut newer = good.clone();
        newer[8..12].copy_from_slice(&(FORMAT_VERSION + 1).to_le_bytes());
        assert!(open(newer).unwrap_err().contains("format version"));
        let mut damaged = good.clone();
        let at = good.len() - FOOTER - 10;
        damaged[at] ^= 0xff;
        assert!(open(damaged).is_err());
        // A damaged text is caught when read: the text reads as empty.
        let mut text_damaged = good.clone();
        let t = texts_range(&good).start;
        text_damaged[t] = 0xff;
        let seg = open(text_damaged).unwrap();
        assert_eq!(&*seg.documents().unwrap()[0].text, "");
    }
}
