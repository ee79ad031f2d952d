//! Quotations and speakers: quotation ranges inside the text, their words and speakers read
//! without a panic, pronouns resolved.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sourced::quotes::{
    QuoteSpans, find_quotations, find_source_quotations, quote_tokens, resolve_pronoun, speaker_of,
};

fuzz_target!(|data: (&str, Vec<(u16, u16)>)| {
    let (text, blocks) = data;
    // Block quotes as the Markdown reader would give them, possibly nonsense.
    let blocks: Vec<std::ops::Range<usize>> = blocks
        .iter()
        .take(8)
        .map(|&(a, b)| a as usize..b as usize)
        .collect();
    let quotes = find_quotations(text, &blocks);
    let spans = QuoteSpans::new(quotes.iter().map(|q| q.range.clone()));
    let sentences = sourced::corpus::split_sentences(text);
    for q in quotes.iter().take(64) {
        assert!(q.range.start <= q.inner.start && q.inner.end <= q.range.end);
        assert!(q.range.end <= text.len());
        let _ = quote_tokens(text, q.inner.clone());
        let sentence = sentences
            .iter()
            .find(|s| s.start <= q.range.start && q.range.start < s.end)
            .cloned()
            .unwrap_or(q.range.clone());
        if let Some(s) = speaker_of(text, sentence, q.range.clone(), &spans) {
            assert!(s.range.end <= text.len());
            let _ = s.name_words();
            if s.pronoun {
                let _ = resolve_pronoun(text, &sentences, s.range.start, &spans);
            }
        }
    }
    for q in find_source_quotations(text) {
        assert!(q.range.end <= text.len());
    }
});
