//! Prints how each figure of a draft sentence pairs with the figures of a small corpus:
//! `cargo run --release --example pairs_debug -- "draft sentence" source.txt…`.

use sourced::check::figures::{SourceCache, Terms, Topic, pair_sentence};
use sourced::check::pairing::FEATURES;
use sourced::corpus::Corpus;
use sourced::index::Index;

fn main() {
    let mut args = std::env::args().skip(1);
    let sentence = args.next().expect("a draft sentence");
    let paths: Vec<std::path::PathBuf> = args.map(Into::into).collect();
    let index = Index::build(Corpus::load(&paths));
    let mut cache = SourceCache::default();
    let mut terms = Terms::new(&index);
    // The whole draft, for what it is about: `DRAFT=path`.
    let draft = std::env::var("DRAFT")
        .ok()
        .and_then(|p| std::fs::read_to_string(p).ok())
        .unwrap_or_else(|| sentence.clone());
    let words = Topic::draft_words(&draft, &mut terms, None);
    // The paragraph around the sentence: `PARAGRAPH=text`.
    let paragraph = std::env::var("PARAGRAPH").unwrap_or_else(|_| sentence.clone());
    let topic = Topic::new(&paragraph, &words, Topic::near(&words, &index), &mut terms);
    let (analysed, pairs) = pair_sentence(&index, &sentence, &topic, None, &mut cache, &mut terms);
    for (d, ps) in analysed.figures.iter().zip(pairs) {
        println!("{:?} {:?}", &sentence[d.figure.range.clone()], d.role);
        for c in ps.iter().take(
            std::env::var("TOP")
                .ok()
                .and_then(|t| t.parse().ok())
                .unwrap_or(5),
        ) {
            let t = &index.documents()[c.doc].text;
            let on: Vec<String> = FEATURES
                .iter()
                .zip(c.features)
                .filter(|(n, v)| *v != 0.0 && **n != "bias")
                .map(|(n, v)| format!("{n}={v:.2}"))
                .collect();
            println!(
                "  {:.2} {:?} in {:?}\n     {}",
                c.probability,
                &t[c.figure.figure.range.clone()],
                &t[c.sentence.clone()],
                on.join(" ")
            );
        }
    }
}
