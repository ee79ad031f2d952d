//! Byte ↔ line/UTF-16 positions, and edits applied to an open document: positions anywhere (past
//! the end, inside a surrogate pair) land on character boundaries; a position of a boundary comes
//! back to it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sourced::lsp::{Encoding, OpenDocument, Positions};
use sourced::text::{LineIndex, Position};
use tower_lsp_server::ls_types as lsp;

fuzz_target!(|data: (&str, Vec<(u8, u8, u8, u8, String)>)| {
    let (text, edits) = data;
    let lines = LineIndex::new(text);
    for (i, c) in text.char_indices() {
        if c == '\n' && text[..i].ends_with('\r') {
            continue;
        }
        let p = lines.position_utf16(text, i);
        assert_eq!(lines.offset_utf16(text, p), i);
        let p8 = lines.position_utf8(text, i);
        assert_eq!(lines.offset_utf8(text, p8), i);
    }
    let mut doc = OpenDocument::new(text, 1, "markdown".into());
    for (k, (l0, c0, l1, c1, new)) in edits.into_iter().take(16).enumerate() {
        let enc = if k % 2 == 0 { Encoding::Utf16 } else { Encoding::Utf8 };
        let change = lsp::TextDocumentContentChangeEvent {
            range: Some(lsp::Range::new(
                lsp::Position::new(l0 as u32, c0 as u32),
                lsp::Position::new(l1 as u32, c1 as u32),
            )),
            range_length: None,
            text: new,
        };
        doc.apply(&change, enc);
        let now = doc.text();
        let pos = Positions::new(&now, enc);
        let o = pos.offset(lsp::Position::new(l0 as u32, c0 as u32));
        assert!(now.is_char_boundary(o));
        let _ = pos.position(o);
        let _ = Position::default();
    }
});
