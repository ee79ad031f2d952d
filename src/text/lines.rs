//! The one place where byte offsets become line/column positions and back.
//! Lines end at `\n`, `\r\n` or a lone `\r`, as the Language Server Protocol defines them;
//! columns count UTF-16 code units (the protocol's default) or bytes (when `utf-8` is negotiated).

/// A 0-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Position {
    pub line: u32,
    pub character: u32,
}

#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset at which each line starts.
    starts: Vec<usize>,
    len: usize,
    /// Within long lines, every `CHECKPOINT` bytes or so: a byte offset and its UTF-16 column, so
    /// that a column is counted from nearby rather than from the start of a line of megabytes.
    checkpoints: Vec<(usize, u32)>,
}

const CHECKPOINT: usize = 4096;

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                b'\r' => {
                    if bytes.get(i + 1) == Some(&b'\n') {
                        i += 1;
                    }
                    starts.push(i + 1);
                }
                _ => {}
            }
            i += 1;
        }
        let mut checkpoints = Vec::new();
        for (k, &start) in starts.iter().enumerate() {
            let end = starts.get(k + 1).copied().unwrap_or(text.len());
            if end - start <= CHECKPOINT {
                continue;
            }
            let mut units = 0u32;
            let mut next = start + CHECKPOINT;
            for (i, c) in text[start..end].char_indices() {
                if start + i >= next {
                    checkpoints.push((start + i, units));
                    next = start + i + CHECKPOINT;
                }
                units += c.len_utf16() as u32;
            }
        }
        LineIndex {
            starts,
            len: text.len(),
            checkpoints,
        }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The 0-based line holding a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.len);
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    /// Byte range of a line, without its line end.
    pub fn line_range(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let start = self.starts.get(line).copied().unwrap_or(self.len);
        let mut end = self.starts.get(line + 1).copied().unwrap_or(self.len);
        let bytes = text.as_bytes();
        while end > start && matches!(bytes.get(end - 1), Some(b'\n' | b'\r')) {
            end -= 1;
        }
        start..end
    }

    /// Byte offset → line and UTF-16 column. Offsets inside a character or past the end are
    /// clamped to the nearest boundary before them.
    pub fn position_utf16(&self, text: &str, offset: usize) -> Position {
        let offset = floor_boundary(text, offset);
        let line = self.line_of(offset);
        let mut start = self.starts[line];
        let mut character = 0;
        let k = self.checkpoints.partition_point(|&(b, _)| b <= offset);
        if let Some(&(b, units)) = k.checked_sub(1).map(|k| &self.checkpoints[k])
            && b >= start
        {
            (start, character) = (b, units);
        }
        character += text[start..offset].encode_utf16().count() as u32;
        Position {
            line: line as u32,
            character,
        }
    }

    /// Byte offset → line and byte column.
    pub fn position_utf8(&self, text: &str, offset: usize) -> Position {
        let offset = floor_boundary(text, offset);
        let line = self.line_of(offset);
        Position {
            line: line as u32,
            character: (offset - self.starts[line]) as u32,
        }
    }

    /// Line and UTF-16 column → byte offset. A column past the end of its line lands at the line
    /// end; a line past the end lands at the end of the text (as the protocol asks).
    pub fn offset_utf16(&self, text: &str, pos: Position) -> usize {
        let line = pos.line as usize;
        if line >= self.starts.len() {
            return self.len;
        }
        let range = self.line_range(text, line);
        let mut units = 0u32;
        for (i, c) in text[range.clone()].char_indices() {
            if units >= pos.character {
                return range.start + i;
            }
            units += c.len_utf16() as u32;
        }
        range.end
    }

    /// Line and byte column → byte offset, clamped to the line and to a character boundary.
    pub fn offset_utf8(&self, text: &str, pos: Position) -> usize {
        let line = pos.line as usize;
        if line >= self.starts.len() {
            return self.len;
        }
        let range = self.line_range(text, line);
        let offset = (range.start + pos.character as usize).min(range.end);
        floor_boundary(text, offset)
    }
}

fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_columns_differ_from_bytes_after_an_emoji() {
        let text = "ab\n😀 “x” said";
        let idx = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(
            idx.position_utf16(text, x),
            Position {
                line: 1,
                character: 4
            }
        );
        assert_eq!(
            idx.position_utf8(text, x),
            Position {
                line: 1,
                character: 8
            }
        );
        assert_eq!(
            idx.offset_utf16(
                text,
                Position {
                    line: 1,
                    character: 4
                }
            ),
            x
        );
    }

    #[test]
    fn crlf_and_lone_cr_end_lines() {
        let text = "a\r\nb\rc\nd";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 4);
        assert_eq!(idx.position_utf16(text, text.find('c').unwrap()).line, 2);
        assert_eq!(idx.line_range(text, 0), 0..1);
        assert_eq!(
            idx.offset_utf16(
                text,
                Position {
                    line: 3,
                    character: 0
                }
            ),
            text.find('d').unwrap()
        );
    }

    #[test]
    fn out_of_range_positions_are_clamped() {
        let text = "short\nline";
        let idx = LineIndex::new(text);
        assert_eq!(
            idx.offset_utf16(
                text,
                Position {
                    line: 0,
                    character: 99
                }
            ),
            5
        );
        assert_eq!(
            idx.offset_utf16(
                text,
                Position {
                    line: 9,
                    character: 0
                }
            ),
            text.len()
        );
        assert_eq!(idx.position_utf16(text, 999).line, 1);
    }

    #[test]
    fn columns_of_a_long_line_are_counted_from_nearby() {
        let text = format!("x\n{}\nend", "a😀é b".repeat(3000));
        let idx = LineIndex::new(&text);
        for (i, _) in text.char_indices().step_by(7) {
            let line_start = text[..i].rfind('\n').map_or(0, |p| p + 1);
            let p = idx.position_utf16(&text, i);
            assert_eq!(
                p.character,
                text[line_start..i].encode_utf16().count() as u32
            );
            assert_eq!(idx.offset_utf16(&text, p), i, "offset {i}");
        }
    }

    #[test]
    fn round_trip_every_boundary() {
        let text = "é😀\r\nx\u{2028}y\rz “q”";
        let idx = LineIndex::new(text);
        for (i, c) in text.char_indices() {
            // The `\n` of a `\r\n` pair is inside a line end, not a position of its own.
            if c == '\n' && text[..i].ends_with('\r') {
                continue;
            }
            let p = idx.position_utf16(text, i);
            assert_eq!(idx.offset_utf16(text, p), i, "offset {i}");
            let p8 = idx.position_utf8(text, i);
            assert_eq!(idx.offset_utf8(text, p8), i, "offset {i}");
        }
    }
}
