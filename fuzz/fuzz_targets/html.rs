//! HTML text extraction: every offset of the visible text maps into the file, and a document
//! built from the file locates every sentence in it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sourced::corpus::{Document, Format};

fuzz_target!(|html: &str| {
    let doc = Document::from_contents("f.html".into(), html.to_string(), Format::Html);
    let file = doc.file_text();
    for s in doc.sentences.iter() {
        assert!(s.end <= doc.text.len());
        let r = doc.file_range(s.clone());
        assert!(r.start <= r.end && r.end <= file.len(), "{r:?} of {}", file.len());
        assert!(file.is_char_boundary(r.start) && file.is_char_boundary(r.end));
    }
});
