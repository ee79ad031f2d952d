//! PDF reading: any bytes give a document with its pages in order, or a reason, in bounded time.
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
    // As the corpus reads PDFs: with a time limit, since some files send the reader into an
    // endless loop.
    let limit = std::time::Duration::from_secs(2);
    if let Ok(d) = Document::from_pdf_within("f.pdf".into(), bytes.to_vec(), limit) {
        // Leading pages without text start where the first page with text does.
        assert!(d.pages.windows(2).all(|w| w[0] <= w[1]));
        assert!(d.pages.iter().all(|&p| p <= d.text.len()));
        for (k, &start) in d.pages.iter().enumerate() {
            assert!(d.page_at(start).is_some_and(|p| p as usize > k));
        }
    }
});
