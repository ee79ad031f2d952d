//! Builds `src/text/english.tsv`, the frequency of English word stems in general use, from a word
//! frequency list (`word<TAB>zipf` lines on standard input): each stem gets the summed frequency
//! of its words, as a Zipf value (log10 of the frequency per billion words).
//!
//! The list comes from wordfreq 3.1.1 (`small_en`, data under CC BY-SA 4.0):
//!
//! ```sh
//! pip download wordfreq==3.1.1 --no-deps -d /tmp/wf && unzip -q -o /tmp/wf/*.whl -d /tmp/wf/x
//! pip install msgpack
//! python3 -c 'import gzip,msgpack; d=msgpack.unpackb(gzip.open("/tmp/wf/x/wordfreq/data/small_en.msgpack.gz").read())
//! [print(f"{w}\t{9-i/100:.2f}") for i,ws in enumerate(d[1:]) for w in ws]' \
//!   | cargo run --release --example english_weights > src/text/english.tsv
//! ```

use std::collections::BTreeMap;
use std::io::BufRead;

fn main() {
    let mut stems: BTreeMap<String, f64> = BTreeMap::new();
    for line in std::io::stdin().lock().lines().map_while(Result::ok) {
        let Some((word, zipf)) = line.split_once('\t') else {
            continue;
        };
        let Ok(zipf) = zipf.trim().parse::<f64>() else {
            continue;
        };
        // Only plain words: the tokenizer never makes anything else.
        let norm = sourced::text::normalise_word(word);
        if norm.is_empty() || !norm.chars().all(|c| c.is_alphabetic() || c == '\'') {
            continue;
        }
        *stems.entry(sourced::text::stem(&norm)).or_insert(0.0) += 10f64.powf(zipf);
    }
    for (stem, frequency) in stems {
        println!("{stem}\t{:.2}", frequency.log10());
    }
}
