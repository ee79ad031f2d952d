//! PDF reading: any bytes give a document with its pages in order, or a reason.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sourced::corpus::Document;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(d) = Document::from_pdf("f.pdf".into(), bytes) {
        assert!(d.pages.windows(2).all(|w| w[0] < w[1]));
        assert!(d.pages.iter().all(|&p| p <= d.text.len()));
    }
});
