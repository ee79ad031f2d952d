//! Open documents: a rope edited in place by incremental changes, and the conversion between
//! protocol positions and byte offsets (the column arithmetic is `text::LineIndex`'s).

use crate::text::{LineIndex, Position};
use ropey::Rope;
use tower_lsp_server::ls_types::{self as lsp, TextDocumentContentChangeEvent};

/// How the client counts columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    #[default]
    Utf16,
    Utf8,
}

impl Encoding {
    pub fn is_utf8(self) -> bool {
        self == Encoding::Utf8
    }
}

/// An open draft.
#[derive(Debug, Clone)]
pub struct OpenDocument {
    pub rope: Rope,
    pub version: i32,
    pub language: String,
    /// Bumped on every change, including those without a new protocol version.
    pub revision: u64,
}

impl OpenDocument {
    pub fn new(text: &str, version: i32, language: String) -> OpenDocument {
        OpenDocument {
            rope: Rope::from_str(text),
            version,
            language,
            revision: 0,
        }
    }

    /// Byte offset of a protocol position. Lines come from the rope (its line breaks are those of
    /// the protocol: `\n`, `\r\n`, `\r`); the column within the line is converted by `LineIndex`.
    pub fn offset(&self, pos: lsp::Position, enc: Encoding) -> usize {
        let line = pos.line as usize;
        if line >= self.rope.len_lines() {
            return self.rope.len_bytes();
        }
        let line_start = self.rope.line_to_byte(line);
        let line_text = self.rope.line(line).to_string();
        let idx = LineIndex::new(&line_text);
        let p = Position {
            line: 0,
            character: pos.character,
        };
        line_start
            + match enc {
                Encoding::Utf16 => idx.offset_utf16(&line_text, p),
                Encoding::Utf8 => idx.offset_utf8(&line_text, p),
            }
    }

    /// Applies one change: a range replacement, or the whole text when there is no range.
    pub fn apply(&mut self, change: &TextDocumentContentChangeEvent, enc: Encoding) {
        match change.range {
            None => self.rope = Rope::from_str(&change.text),
            Some(range) => {
                let start = self.offset(range.start, enc);
                let end = self.offset(range.end, enc).max(start);
                let cs = self.rope.byte_to_char(start);
                let ce = self.rope.byte_to_char(end);
                self.rope.remove(cs..ce);
                self.rope.insert(cs, &change.text);
            }
        }
        self.revision += 1;
    }

    pub fn text(&self) -> String {
        self.rope.to_string()
    }
}

/// Converts byte offsets of one text to protocol positions and back.
pub struct Positions<'a> {
    pub text: &'a str,
    pub lines: LineIndex,
    pub enc: Encoding,
}

impl<'a> Positions<'a> {
    pub fn new(text: &'a str, enc: Encoding) -> Positions<'a> {
        Positions {
            text,
            lines: LineIndex::new(text),
            enc,
        }
    }

    pub fn position(&self, offset: usize) -> lsp::Position {
        let p = match self.enc {
            Encoding::Utf16 => self.lines.position_utf16(self.text, offset),
            Encoding::Utf8 => self.lines.position_utf8(self.text, offset),
        };
        lsp::Position::new(p.line, p.character)
    }

    pub fn range(&self, r: &std::ops::Range<usize>) -> lsp::Range {
        lsp::Range::new(self.position(r.start), self.position(r.end))
    }

    pub fn offset(&self, pos: lsp::Position) -> usize {
        let p = Position {
            line: pos.line,
            character: pos.character,
        };
        match self.enc {
            Encoding::Utf16 => self.lines.offset_utf16(self.text, p),
            Encoding::Utf8 => self.lines.offset_utf8(self.text, p),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(l0: u32, c0: u32, l1: u32, c1: u32, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(lsp::Range::new(
                lsp::Position::new(l0, c0),
                lsp::Position::new(l1, c1),
            )),
            range_length: None,
            text: text.into(),
        }
    }

    #[test]
    fn edits_after_an_emoji_use_utf16_columns() {
        let mut d = OpenDocument::new("a\r\n😀 “x” said\rend", 1, "markdown".into());
        // 😀 is two UTF-16 units, the space one, “ one: x is at column 4.
        d.apply(&change(1, 4, 1, 5, "yz"), Encoding::Utf16);
        assert_eq!(d.text(), "a\r\n😀 “yz” said\rend");
        d.apply(&change(2, 0, 2, 3, "fin"), Encoding::Utf16);
        assert_eq!(d.text(), "a\r\n😀 “yz” said\rfin");
        // Byte columns: x… now y at byte 8 of the line.
        d.apply(&change(1, 8, 1, 10, "q"), Encoding::Utf8);
        assert_eq!(d.text(), "a\r\n😀 “q” said\rfin");
    }

    #[test]
    fn out_of_range_edits_clamp() {
        let mut d = OpenDocument::new("ab\ncd", 1, "plaintext".into());
        d.apply(&change(0, 99, 0, 99, "!"), Encoding::Utf16);
        d.apply(&change(9, 0, 9, 0, "?"), Encoding::Utf16);
        assert_eq!(d.text(), "ab!\ncd?");
    }

    #[test]
    fn positions_round_trip() {
        let text = "😀 “x”\r\nb";
        let p = Positions::new(text, Encoding::Utf16);
        let x = text.find('x').unwrap();
        assert_eq!(p.position(x), lsp::Position::new(0, 4));
        assert_eq!(p.offset(lsp::Position::new(0, 4)), x);
    }
}
