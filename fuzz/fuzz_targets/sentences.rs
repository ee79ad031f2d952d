//! Sentence splitting: every sentence is a trimmed, bounded slice on character boundaries, in
//! order.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sourced::corpus::split_sentences;

fuzz_target!(|text: &str| {
    let mut last = 0;
    for r in split_sentences(text) {
        assert!(last <= r.start && r.start < r.end && r.end <= text.len(), "{r:?}");
        assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        assert!(r.len() <= sourced::corpus::MAX_SENTENCE_BYTES);
        last = r.end;
    }
});
