//! PDF reading: any bytes give a document with its pages in order, or a reason.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sourced::corpus::Document;
use std::sync::Once;

static HOOK: Once = Once::new();

fuzz_target!(|bytes: &[u8]| {
    // The PDF reader's own panics are caught by `from_pdf` (a file that cannot be read); the
    // fuzzer's hook would abort on them first. Panics anywhere else still abort.
    HOOK.call_once(|| {
        let fuzzer_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let file = info.location().map(|l| l.file()).unwrap_or_default();
            if !(file.contains("pdf-extract") || file.contains("lopdf")) {
                fuzzer_hook(info);
            }
        }));
    });
    if let Ok(d) = Document::from_pdf("f.pdf".into(), bytes) {
        assert!(d.pages.windows(2).all(|w| w[0] < w[1]));
        assert!(d.pages.iter().all(|&p| p <= d.text.len()));
    }
});
