//! Prints how each figure of a draft sentence pairs with the figures of a small corpus:
//! `cargo run --release --example pairs_debug -- "draft sentence" source.txt…`.

use sourced::check::figures::{IdfCache, SourceCache, pair_sentence};
use sourced::check::pairing::FEATURES;
use sourced::corpus::Corpus;
use sourced::index::Index;

fn main() {
    let mut args = std::env::args().skip(1);
    let sentence = args.next().expect("a draft sentence");
    let paths: Vec<std::path::PathBuf> = args.map(Into::into).collect();
    let index = Index::build(Corpus::load(&paths));
    let mut cache = SourceCache::default();
    let mut idf = IdfCache::new(&index);
    let (analysed, pairs) = pair_sentence(&index, &sentence, &sentence, None, &mut cache, &mut idf);
    for (d, ps) in analysed.figures.iter().zip(pairs) {
        println!("{:?} {:?}", &sentence[d.figure.range.clone()], d.role);
        for c in ps.iter().take(5) {
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
