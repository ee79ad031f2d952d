//! Remembered verdicts: the findings of a sentence or a quotation, kept relative to where it
//! starts, so that an unchanged part of a draft is not judged again after an edit elsewhere.

use super::Analysis;
use rustc_hash::{FxHashMap, FxHasher};
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::sync::Mutex;

/// Entries kept before the memo starts afresh.
const MAX_ENTRIES: usize = 50_000;
/// Above this many entries, those no check has used in the last `KEEP_ROUNDS` checks are
/// dropped: a long session of edits does not keep every version of every sentence.
const TRIM_ABOVE: usize = 2_000;
const KEEP_ROUNDS: u64 = 8;

struct Entry {
    verdicts: Analysis,
    /// The check that last stored or replayed it.
    round: u64,
}

/// Verdicts by the hash of what they depend on. Valid for one index: make a new memo when the
/// corpus changes.
#[derive(Default)]
pub struct Memo {
    entries: Mutex<FxHashMap<u64, Entry>>,
    round: std::sync::atomic::AtomicU64,
    /// Words of paragraphs by the hash of their text, and the last subject read from them.
    words: Mutex<FxHashMap<u64, Vec<u64>>>,
    subject: Mutex<Option<(u64, Near)>>,
}

/// Source sentences near a draft's subject, with their words.
pub type Near = std::sync::Arc<Vec<(u32, Vec<u64>)>>;

pub fn key(what: &impl Hash) -> u64 {
    let mut h = FxHasher::default();
    what.hash(&mut h);
    h.finish()
}

fn shift(r: &mut Range<usize>, from: usize, to: usize) {
    r.start = r.start.wrapping_sub(from).wrapping_add(to);
    r.end = r.end.wrapping_sub(from).wrapping_add(to);
}

/// Moves every draft position of an analysis from being relative to `from` to being relative to
/// `to` (wrapping arithmetic: positions before the anchor come back exactly).
fn moved(a: &Analysis, from: usize, to: usize) -> Analysis {
    let mut a = a.clone();
    for f in &mut a.findings {
        shift(&mut f.range, from, to);
        for x in &mut f.fixes {
            shift(&mut x.range, from, to);
        }
    }
    for q in &mut a.quotes {
        shift(&mut q.quotation.range, from, to);
        shift(&mut q.quotation.inner, from, to);
        if let Some(s) = &mut q.draft_speaker {
            shift(&mut s.range, from, to);
        }
    }
    for f in &mut a.figures {
        shift(&mut f.figure.range, from, to);
    }
    a
}

impl Memo {
    pub fn new() -> Memo {
        Memo::default()
    }

    fn current_round(&self) -> u64 {
        self.round.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Starts a check: what it replays or stores counts as used by it.
    pub fn begin_check(&self) {
        self.round
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    /// Ends a check: entries unused for a while are dropped once there are many.
    pub fn end_check(&self) {
        let now = self.current_round();
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() > TRIM_ABOVE {
            entries.retain(|_, e| now.saturating_sub(e.round) < KEEP_ROUNDS);
            entries.shrink_to_fit();
        }
    }

    /// Adds the remembered verdicts for `key`, placed at `at`; false when there are none.
    pub fn replay(&self, key: u64, at: usize, into: &mut Analysis) -> bool {
        let now = self.current_round();
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let Some(e) = entries.get_mut(&key) else {
            return false;
        };
        e.round = now;
        let a = moved(&e.verdicts, 0, at);
        into.findings.extend(a.findings);
        into.quotes.extend(a.quotes);
        into.figures.extend(a.figures);
        true
    }

    /// Remembers the verdicts of a part of the draft that starts at `at`.
    pub fn store(&self, key: u64, at: usize, verdicts: &Analysis) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= MAX_ENTRIES {
            entries.clear();
        }
        let round = self.current_round();
        entries.insert(
            key,
            Entry {
                verdicts: moved(verdicts, at, 0),
                round,
            },
        );
    }

    /// The words of a paragraph, read once while its text stays the same.
    pub fn words(&self, text: &str, read: impl FnOnce() -> Vec<u64>) -> Vec<u64> {
        let k = key(&text);
        let mut words = self.words.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(w) = words.get(&k) {
            return w.clone();
        }
        if words.len() >= MAX_ENTRIES {
            words.clear();
        }
        let w = read();
        words.insert(k, w.clone());
        w
    }

    /// The source sentences near a draft's subject, found again only when its words change.
    pub fn near(&self, subject_words: &[u64], find: impl FnOnce() -> Near) -> Near {
        let k = key(&subject_words);
        let mut last = self.subject.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((lk, near)) = last.as_ref()
            && *lk == k
        {
            return near.clone();
        }
        let near = find();
        *last = Some((k, near.clone()));
        near
    }

    pub fn len(&self) -> usize {
        self.entries.lock().map_or(0, |e| e.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
