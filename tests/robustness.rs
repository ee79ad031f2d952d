//! Never a panic on input: random text with quotation marks, digits, dashes, Markdown and
//! multi-byte characters goes through every stage; every range lands on character boundaries.

use sourced::check::{DraftFormat, analyse};
use sourced::corpus::{Corpus, Document, Format, builtin};
use sourced::index::Index;
use sourced::text::{LineIndex, Position};

#[path = "adversarial/mod.rs"]
mod adversarial;
use adversarial::Rng;

/// Random text from pieces that have broken parsers: quotation marks, digits, dashes, Markdown
/// and multi-byte characters.
trait RandomText {
    fn text(&mut self, len: usize) -> String;
}

impl RandomText for Rng {
    fn text(&mut self, len: usize) -> String {
        const PIECES: &[&str] = &[
            "\"",
            "“",
            "”",
            "‘",
            "’",
            "'",
            " ",
            " ",
            " ",
            "\n",
            "\n\n",
            "\r\n",
            "\r",
            "…",
            "...",
            "[",
            "]",
            "—",
            "-",
            ",",
            ".",
            "$",
            "%",
            "€",
            "1",
            "7",
            "42",
            "1,500",
            "2019",
            "Nov.",
            "July",
            "said",
            "he",
            "Biden",
            "Liu",
            "more than",
            "nearly",
            "times",
            "percent",
            "million",
            "two-thirds",
            "fentanyl",
            "the",
            "overdose",
            "> ",
            "# ",
            "`",
            "```",
            "<!--",
            "-->",
            "sourced-ignore",
            "😀",
            "é",
            "\u{a0}",
            "\u{2028}",
            "a.m.",
            "U.S.",
            "forty-two",
            "12-fold",
            "18 to 49",
            "between",
            "and",
            "aged",
            "33-year-old",
            ":",
            ";",
            "(",
            ")",
            "*",
            "_",
        ];
        (0..len)
            .map(|_| PIECES[(self.next() % PIECES.len() as u64) as usize])
            .collect()
    }
}

#[test]
fn random_drafts_never_panic_and_ranges_are_boundaries() {
    let index = Index::build(builtin::builtin());
    let mut rng = Rng(0x5eed_2026);
    for round in 0..400 {
        let len = (rng.next() % 120) as usize;
        let text = rng.text(len);
        for format in [DraftFormat::Markdown, DraftFormat::Plain] {
            let a = analyse(&index, &text, format);
            for f in &a.findings {
                assert!(
                    f.range.start <= f.range.end && f.range.end <= text.len(),
                    "round {round}: {text:?}"
                );
                assert!(text.is_char_boundary(f.range.start) && text.is_char_boundary(f.range.end));
                for x in &f.fixes {
                    assert!(
                        text.is_char_boundary(x.range.start) && text.is_char_boundary(x.range.end)
                    );
                }
            }
        }
        let lines = LineIndex::new(&text);
        for k in 0..5u32 {
            let p = Position {
                line: k,
                character: (rng.next() % 50) as u32,
            };
            let o = lines.offset_utf16(&text, p);
            assert!(text.is_char_boundary(o));
            let _ = lines.position_utf16(&text, o);
        }
    }
}

#[test]
fn random_sources_index_and_answer() {
    let mut rng = Rng(42);
    let mut docs = Vec::new();
    for i in 0..30 {
        let len = (rng.next() % 200) as usize;
        let fmt = [Format::Text, Format::Markdown, Format::Html][i % 3];
        let mut t = rng.text(len);
        if fmt == Format::Html {
            t = format!("<html><title>t{i}</title><p>{t}</p><script>x</script></html>");
        }
        docs.push(Document::from_contents(format!("d{i}").into(), t, fmt));
    }
    let index = Index::build(Corpus {
        documents: docs,
        skipped: vec![],
    });
    for _ in 0..200 {
        let len = (rng.next() % 80) as usize;
        let draft = rng.text(len);
        let a = analyse(&index, &draft, DraftFormat::Markdown);
        for f in &a.findings {
            for s in &f.sources {
                let loc = s.locate(&index, false).expect("a source location");
                let doc = &index.documents()[s.doc];
                assert!(loc.file_range.end <= doc.file_text().len());
            }
        }
    }
}

/// Texts that once made checking grow with the square (or the cube) of their length: each must
/// now cost about its length. A quarter megabyte of each took from seconds to many minutes.
#[test]
fn adversarial_drafts_are_checked_in_near_linear_time() {
    let index = Index::build(builtin::builtin());
    for (name, text) in adversarial::drafts(256 * 1024) {
        let started = std::time::Instant::now();
        let a = analyse(&index, &text, DraftFormat::Markdown);
        let took = started.elapsed();
        assert!(
            took.as_secs_f64() < 4.0,
            "{name}: {took:?} for {} bytes",
            text.len()
        );
        for f in &a.findings {
            assert!(text.is_char_boundary(f.range.start) && text.is_char_boundary(f.range.end));
        }
    }
}
