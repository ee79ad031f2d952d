//! How HTML pages are read: for each `NAME/source.html` under a folder (with the article as a
//! reader would keep it in `NAME/expected.html`, when there is one), the share of the article's
//! words the corpus keeps, the share of kept words that are the article's, and whether every
//! sentence maps back into the file.
//!
//! cargo run --release --example html_pages -- FOLDER

use sourced::corpus::{Document, Format};
use std::collections::HashMap;

fn word_counts(text: &str) -> HashMap<String, usize> {
    let mut m = HashMap::new();
    for r in sourced::text::word_ranges(text) {
        *m.entry(text[r].to_lowercase()).or_insert(0) += 1;
    }
    m
}

fn shared(a: &HashMap<String, usize>, b: &HashMap<String, usize>) -> usize {
    a.iter()
        .map(|(w, n)| (*n).min(b.get(w).copied().unwrap_or(0)))
        .sum()
}

fn main() {
    let dir = std::env::args().nth(1).expect("a folder of pages");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("source.html").exists())
        .collect();
    names.sort();
    for page in names {
        let html = std::fs::read_to_string(page.join("source.html")).unwrap_or_default();
        let started = std::time::Instant::now();
        let doc = Document::from_contents(page.join("source.html"), html.clone(), Format::Html);
        let took = started.elapsed();
        let whole = sourced::corpus::markup::visible_text_only(&html);
        // The first and the last character of every word are in the file where they are mapped
        // (or the reference that stands for them is).
        let file = doc.file_text();
        let at = |offset: usize, c: char| {
            let f = doc.file_range(offset..offset + c.len_utf8()).start;
            file[f..].starts_with(c) || file[f..].starts_with('&')
        };
        let unmapped: Vec<String> = sourced::text::word_ranges(&doc.text)
            .into_iter()
            .filter_map(|r| {
                let word = &doc.text[r.clone()];
                let first = word.chars().next()?;
                let last = word.chars().next_back()?;
                let ok = at(r.start, first) && at(r.end - last.len_utf8(), last);
                (!ok).then(|| word.to_string())
            })
            .collect();
        let mapped = unmapped.is_empty();
        if !mapped && std::env::var_os("SHOW").is_some() {
            eprintln!("{:?}", &unmapped[..unmapped.len().min(5)]);
        }
        let kept = word_counts(&doc.text);
        let (recall, precision) = match std::fs::read_to_string(page.join("expected.html")) {
            Ok(expected) => {
                let want = word_counts(&sourced::corpus::markup::visible_text_only(&expected));
                let both = shared(&want, &kept) as f64;
                let total_want: usize = want.values().sum();
                let total_kept: usize = kept.values().sum();
                eprintln!("  {both} shared of {total_want} wanted and {total_kept} kept");
                (
                    both / total_want.max(1) as f64,
                    both / total_kept.max(1) as f64,
                )
            }
            Err(_) => (f64::NAN, f64::NAN),
        };
        println!(
            "{:24} page {:>7} B, visible {:>6} B, kept {:>6} B; article words kept {:.2}, kept words in the article {:.2}; sentences mapped: {}; {:>4} ms",
            page.file_name().unwrap().to_string_lossy(),
            html.len(),
            whole.len(),
            doc.text.len(),
            recall,
            precision,
            if mapped { "yes" } else { "NO" },
            took.as_millis()
        );
    }
}
