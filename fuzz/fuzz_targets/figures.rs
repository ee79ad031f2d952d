//! Figure extraction and comparison: ranges inside the text, on character boundaries; comparing
//! any two figures answers.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let figures = sourced::figures::extract(text);
    for f in &figures {
        assert!(f.range.start <= f.range.end && f.range.end <= text.len());
        assert!(text.is_char_boundary(f.range.start) && text.is_char_boundary(f.range.end));
        assert!(f.value.is_finite() || f.value.is_nan() || f.value.is_infinite());
    }
    for w in figures.windows(2) {
        let _ = sourced::figures::compare(&w[0], &w[1]);
        let _ = sourced::figures::describe(&w[0]);
    }
});
