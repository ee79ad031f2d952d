//! A document's text and sentence spans, held in memory or read in place from a memory-mapped
//! index file: an archive of gigabytes is served without being copied into the process.

use std::fmt;
use std::ops::{Deref, Range};
use std::sync::{Arc, OnceLock};

/// Bytes shared by the documents of one index file.
pub type Bytes = Arc<dyn AsRef<[u8]> + Send + Sync>;

/// A document's text.
#[derive(Clone)]
pub enum Text {
    Owned(String),
    /// A stretch of an index file, checked to be UTF-8 the first time it is read (a damaged file
    /// reads as empty text rather than as garbage).
    Mapped {
        bytes: Bytes,
        range: Range<usize>,
        valid: Arc<OnceLock<bool>>,
    },
}

impl Text {
    pub fn mapped(bytes: Bytes, range: Range<usize>) -> Text {
        Text::Mapped {
            bytes,
            range,
            valid: Arc::new(OnceLock::new()),
        }
    }
}

impl Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            Text::Owned(s) => s,
            Text::Mapped {
                bytes,
                range,
                valid,
            } => {
                let all = bytes.as_ref().as_ref();
                let Some(b) = all.get(range.clone()) else {
                    return "";
                };
                if *valid.get_or_init(|| std::str::from_utf8(b).is_ok()) {
                    // Checked just above (once): the stretch is UTF-8.
                    unsafe { std::str::from_utf8_unchecked(b) }
                } else {
                    ""
                }
            }
        }
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text::Owned(s)
    }
}

impl Default for Text {
    fn default() -> Text {
        Text::Owned(String::new())
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Text({} bytes)", self.len())
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        **self == **other
    }
}

/// A document's sentences as byte ranges of its text.
#[derive(Clone)]
pub enum Spans {
    Owned(Vec<Range<usize>>),
    /// `count` pairs of little-endian `u32` (start, end) at `offset` of an index file.
    Mapped {
        bytes: Bytes,
        offset: usize,
        count: usize,
    },
}

impl Spans {
    fn pairs(&self) -> &[[u32; 2]] {
        match self {
            Spans::Owned(_) => &[],
            Spans::Mapped {
                bytes,
                offset,
                count,
            } => {
                let all = bytes.as_ref().as_ref();
                all.get(*offset..offset + count * 8)
                    .and_then(|b| bytemuck::try_cast_slice(b).ok())
                    .unwrap_or(&[])
            }
        }
    }

    pub fn len(&self) -> usize {
        match self {
            Spans::Owned(v) => v.len(),
            Spans::Mapped { .. } => self.pairs().len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn get(&self, i: usize) -> Option<Range<usize>> {
        match self {
            Spans::Owned(v) => v.get(i).cloned(),
            Spans::Mapped { .. } => self
                .pairs()
                .get(i)
                .map(|p| u32::from_le(p[0]) as usize..u32::from_le(p[1]) as usize),
        }
    }

    /// The `i`th sentence, or an empty range past the end.
    pub fn at(&self, i: usize) -> Range<usize> {
        self.get(i).unwrap_or(0..0)
    }

    pub fn iter(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        (0..self.len()).map(|i| self.at(i))
    }

    /// The first sentence for which `pred` is false (sentences are in order).
    pub fn partition_point(&self, pred: impl Fn(&Range<usize>) -> bool) -> usize {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            if pred(&self.at(mid)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }

    /// The sentences `range` as owned ranges.
    pub fn slice(&self, range: Range<usize>) -> Vec<Range<usize>> {
        range.filter_map(|i| self.get(i)).collect()
    }
}

impl From<Vec<Range<usize>>> for Spans {
    fn from(v: Vec<Range<usize>>) -> Spans {
        Spans::Owned(v)
    }
}

impl Default for Spans {
    fn default() -> Spans {
        Spans::Owned(Vec::new())
    }
}

impl fmt::Debug for Spans {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Spans({} sentences)", self.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mapped_text_and_spans_read_like_owned_ones() {
        let mut file = b"Hello world. Bye.".to_vec();
        file.extend_from_slice(&[0, 0, 0]);
        let spans_at = file.len();
        for v in [0u32, 12, 13, 17] {
            file.extend_from_slice(&v.to_le_bytes());
        }
        let bytes: Bytes = Arc::new(file);
        let text = Text::mapped(bytes.clone(), 0..17);
        assert_eq!(&*text, "Hello world. Bye.");
        let spans = Spans::Mapped {
            bytes,
            offset: spans_at,
            count: 2,
        };
        assert_eq!(spans.len(), 2);
        assert_eq!(&text[spans.at(1)], "Bye.");
        assert_eq!(spans.partition_point(|r| r.end <= 12), 1);
        assert_eq!(spans.get(2), None);
    }

    #[test]
    fn damaged_text_reads_as_empty() {
        let bytes: Bytes = Arc::new(vec![0xff, 0xfe, b'a']);
        assert_eq!(&*Text::mapped(bytes.clone(), 0..3), "");
        assert_eq!(&*Text::mapped(bytes, 2..9), "");
    }
}
