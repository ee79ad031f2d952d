//! The whole check of a draft against the built-in corpus: findings and fixes on character
//! boundaries of the draft, sources located in their files.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sourced::check::{DraftFormat, analyse};
use sourced::corpus::builtin;
use sourced::index::Index;
use std::sync::OnceLock;

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| Index::build(builtin::builtin()))
}

fuzz_target!(|data: (bool, &str)| {
    let (markdown, text) = data;
    let format = if markdown {
        DraftFormat::Markdown
    } else {
        DraftFormat::Plain
    };
    let a = analyse(index(), text, format);
    for f in &a.findings {
        assert!(f.range.start <= f.range.end && f.range.end <= text.len());
        assert!(text.is_char_boundary(f.range.start) && text.is_char_boundary(f.range.end));
        for x in &f.fixes {
            assert!(text.is_char_boundary(x.range.start) && text.is_char_boundary(x.range.end));
        }
        for s in &f.sources {
            let loc = s.locate(index(), false).expect("a source location");
            assert!(loc.file_range.end <= index().documents()[s.doc].file_text().len());
        }
    }
});
