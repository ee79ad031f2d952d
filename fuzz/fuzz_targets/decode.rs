//! Decoding a file's bytes: UTF-8 (with or without a byte-order mark) or UTF-16 with one, else
//! refused with a reason; a decoded file becomes a document of every format.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sourced::corpus::{Document, Format, decode};

fuzz_target!(|bytes: &[u8]| {
    match decode(bytes.to_vec()) {
        Ok(text) => {
            if bytes.len() >= 3 && bytes.starts_with(b"\xef\xbb\xbf") {
                assert_eq!(text.len(), bytes.len());
            }
            for format in [Format::Text, Format::Markdown, Format::Html] {
                let d = Document::from_contents("f".into(), text.clone(), format);
                assert!(d.sentences.iter().all(|s| s.end <= d.text.len()));
            }
        }
        Err(reason) => assert!(!reason.is_empty()),
    }
});
