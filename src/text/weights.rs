//! How much a word says: the rarer a word is in general English, the more sharing it tells two
//! texts apart. Weights come from a fixed table of stem frequencies (`english.tsv`, made by
//! `examples/english_weights.rs` from the wordfreq lists, CC BY-SA 4.0), not from the corpus, so
//! that the judgement of a figure does not shift when unrelated documents join the corpus.

use rustc_hash::FxHashMap;
use std::sync::OnceLock;

/// Zipf value (log10 frequency per billion words) given to a word the table lacks: names,
/// technical terms, rarer words.
const UNLISTED: f32 = 2.0;

fn table() -> &'static FxHashMap<u64, f32> {
    static TABLE: OnceLock<FxHashMap<u64, f32>> = OnceLock::new();
    TABLE.get_or_init(|| {
        include_str!("english.tsv")
            .lines()
            .filter_map(|line| {
                let (stem, zipf) = line.split_once('\t')?;
                Some((crate::index::hash_str(stem), zipf.parse().ok()?))
            })
            .collect()
    })
}

/// The weight of a word, by its index term key: 9 minus its Zipf value (1.3 for "the", 3.7 for
/// "trade", 5.1 for "tariff", 7 for a word the table lacks).
pub fn weight(key: u64) -> f32 {
    9.0 - table().get(&key).copied().unwrap_or(UNLISTED).min(8.5)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::term_key;

    #[test]
    fn rarer_words_weigh_more() {
        assert!(weight(term_key("tariffs")) > weight(term_key("trade")));
        assert!(weight(term_key("trade")) > weight(term_key("said")));
        assert_eq!(weight(term_key("fentanyl")), 7.0);
        assert_eq!(weight(term_key("tariff")), weight(term_key("tariffs")));
    }
}
