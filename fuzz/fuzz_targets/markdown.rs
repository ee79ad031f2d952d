//! Markdown prose: the same length as the text, valid UTF-8 where the text is, block quotes and
//! blocks inside it.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let p = sourced::corpus::markup::markdown_prose(text);
    assert_eq!(p.prose.len(), text.len());
    for r in p.block_quotes.iter().chain(&p.blocks) {
        assert!(r.start <= r.end && r.end <= text.len());
    }
    for (r, _) in &p.comments {
        assert!(r.end <= text.len());
    }
});
