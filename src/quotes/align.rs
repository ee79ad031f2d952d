//! Word alignment of a quotation against a source passage: a semi-global edit distance over
//! normalised words, free at the passage's ends, where an ellipsis in the quotation may stand
//! for any number of left-out words and a [bracketed] insertion may replace words.

/// One word of a quotation as the aligner sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuoteToken {
    Word(String),
    /// "…" or "...": any number of source words may be left out here.
    Gap,
    /// A word inside [brackets]: the writer's own, free to match or not.
    Editorial(String),
}

/// What happened to each word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// Quote word `q` matches source word `s`.
    Same { q: usize, s: usize },
    /// Quote word `q` stands where the source has word `s`.
    Changed { q: usize, s: usize },
    /// Quote word `q` is not in the source.
    Added { q: usize },
    /// Source word `s` is missing from the quote.
    Dropped { s: usize },
}

#[derive(Debug, Clone)]
pub struct Alignment {
    /// Number of changed, added and dropped words (editorial and elided words are free).
    pub cost: usize,
    /// First and one-past-last source word covered.
    pub source_start: usize,
    pub source_end: usize,
    pub edits: Vec<Edit>,
    /// Quote words that matched exactly.
    pub matched: usize,
}

const INDEL: u32 = 2;
const CHANGE: u32 = 3;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    Start,
    Diagonal,
    Up,
    Left,
}

/// Aligns a quotation with a source passage. `source` holds normalised words.
pub fn align(quote: &[QuoteToken], source: &[&str]) -> Option<Alignment> {
    let n = quote.len();
    let m = source.len();
    if n == 0 || m == 0 {
        return None;
    }
    let w = m + 1;
    let big = u32::MAX / 4;
    let mut cost = vec![big; (n + 1) * w];
    let mut step = vec![Step::Start; (n + 1) * w];
    // Semi-global: the quote may start anywhere in the source.
    cost[..=m].fill(0);
    for i in 1..=n {
        let tok = &quote[i - 1];
        for j in 0..=m {
            let idx = i * w + j;
            let (free_up, free_left) = match tok {
                QuoteToken::Gap => (true, true),
                QuoteToken::Editorial(_) => (true, true),
                QuoteToken::Word(_) => (false, false),
            };
            // Up: this quote word has no source word. A changed word costs more than an added or
            // a dropped one, but less than both, so "and prc" against "and the prc" reads as a
            // dropped "the", not as "prc" changed into "the".
            let mut best = cost[(i - 1) * w + j] + if free_up { 0 } else { INDEL };
            let mut how = Step::Up;
            if j > 0 {
                let diag_cost = match tok {
                    QuoteToken::Word(word) => {
                        if word == source[j - 1] {
                            0
                        } else {
                            CHANGE
                        }
                    }
                    QuoteToken::Editorial(_) => 0,
                    QuoteToken::Gap => CHANGE,
                };
                let d = cost[(i - 1) * w + j - 1] + diag_cost;
                if d < best || (d == best && how == Step::Up) {
                    best = d;
                    how = Step::Diagonal;
                }
                // Left: a source word left out. Free inside an ellipsis or an editorial insertion.
                let l = cost[i * w + j - 1] + if free_left { 0 } else { INDEL };
                if l < best {
                    best = l;
                    how = Step::Left;
                }
            }
            cost[idx] = best;
            step[idx] = how;
        }
    }
    // Semi-global: the quote may end anywhere. Among equally good ends the latest wins: it
    // matched the quote's last words instead of calling them added.
    let (mut j, _) = (0..=m)
        .map(|j| (j, cost[n * w + j]))
        .min_by_key(|&(j, c)| (c, std::cmp::Reverse(j)))?;
    let source_end = j;
    let mut i = n;
    let mut edits = Vec::new();
    let mut matched = 0;
    while i > 0 {
        match step[i * w + j] {
            Step::Diagonal => {
                let q = i - 1;
                let s = j - 1;
                match &quote[q] {
                    QuoteToken::Word(word) if word == source[s] => {
                        matched += 1;
                        edits.push(Edit::Same { q, s });
                    }
                    QuoteToken::Word(_) => edits.push(Edit::Changed { q, s }),
                    _ => {}
                }
                i -= 1;
                j -= 1;
            }
            Step::Up => {
                if matches!(quote[i - 1], QuoteToken::Word(_)) {
                    edits.push(Edit::Added { q: i - 1 });
                }
                i -= 1;
            }
            Step::Left => {
                if matches!(quote[i - 1], QuoteToken::Word(_)) {
                    edits.push(Edit::Dropped { s: j - 1 });
                }
                j -= 1;
            }
            Step::Start => break,
        }
    }
    edits.reverse();
    // A word added at either end, where the source goes on with another word, is that word
    // changed: "fragmented and uncoordinated" against "fragmented and decentralized".
    let mut source_end = source_end;
    if let Some(Edit::Added { q }) = edits.last().cloned()
        && source_end < m
        && edits.len() > 1
    {
        *edits.last_mut().expect("non-empty") = Edit::Changed { q, s: source_end };
        source_end += 1;
    }
    let first_source = edits.iter().find_map(|e| match e {
        Edit::Same { s, .. } | Edit::Changed { s, .. } | Edit::Dropped { s } => Some(*s),
        Edit::Added { .. } => None,
    });
    if let (Some(Edit::Added { q }), Some(fs)) = (edits.first().cloned(), first_source)
        && fs > 0
        && edits.len() > 1
    {
        edits[0] = Edit::Changed { q, s: fs - 1 };
    }
    let total = edits
        .iter()
        .filter(|e| !matches!(e, Edit::Same { .. }))
        .count();
    let source_start = edits
        .iter()
        .find_map(|e| match e {
            Edit::Same { s, .. } | Edit::Changed { s, .. } | Edit::Dropped { s } => Some(*s),
            Edit::Added { .. } => None,
        })
        .unwrap_or(j);
    Some(Alignment {
        cost: total,
        source_start,
        source_end: source_end.max(source_start),
        edits,
        matched,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> Vec<QuoteToken> {
        s.split_whitespace()
            .map(|w| match w {
                "…" => QuoteToken::Gap,
                w if w.starts_with('[') => {
                    QuoteToken::Editorial(w.trim_matches(['[', ']']).to_string())
                }
                w => QuoteToken::Word(w.to_string()),
            })
            .collect()
    }

    fn src(s: &str) -> Vec<&str> {
        s.split_whitespace().collect()
    }

    #[test]
    fn exact_fragment_inside_a_sentence() {
        let s = src("he said that the deal is done today");
        let a = align(&q("the deal is done"), &s).unwrap();
        assert_eq!(a.cost, 0);
        assert_eq!((a.source_start, a.source_end), (3, 7));
    }

    #[test]
    fn a_changed_word_is_one_edit() {
        let s = src("overprescribing by doctors ineffective government crackdowns");
        let a = align(
            &q("overprescribing by nurses ineffective government crackdowns"),
            &s,
        )
        .unwrap();
        assert_eq!(a.cost, 1);
        assert!(a.edits.contains(&Edit::Changed { q: 2, s: 2 }));
    }

    #[test]
    fn dropped_and_added_words() {
        let s = src("we are restarting cooperation between the united states and the prc");
        let a = align(
            &q("we are restarting cooperation between the united states and prc"),
            &s,
        )
        .unwrap();
        assert_eq!(a.cost, 1);
        assert!(
            a.edits.iter().any(|e| matches!(e, Edit::Dropped { .. })),
            "{a:?}"
        );
        let a = align(&q("we are now restarting cooperation"), &s).unwrap();
        assert_eq!(a.cost, 1);
        assert!(a.edits.contains(&Edit::Added { q: 2 }));
    }

    #[test]
    fn a_changed_last_word_reads_as_changed() {
        let s = src("remains fragmented and decentralized among local governments");
        let a = align(&q("fragmented and uncoordinated"), &s).unwrap();
        assert_eq!(a.cost, 1);
        assert_eq!(a.edits.last(), Some(&Edit::Changed { q: 2, s: 3 }));
        assert_eq!((a.source_start, a.source_end), (1, 4));
        let a = align(&q("uncoordinated and decentralized"), &s).unwrap();
        assert_eq!(a.edits.first(), Some(&Edit::Changed { q: 0, s: 1 }));
    }

    #[test]
    fn ellipsis_and_brackets_are_free() {
        let s = src(
            "china has strict controls on fentanyl there has never been a problem from fentanyl produced legally",
        );
        let a = align(&q("china has strict controls … never been a problem"), &s).unwrap();
        assert_eq!(a.cost, 0);
        let s = src("it is evident that the people's republic of china plays a significant role");
        let a = align(
            &q("it is evident that [china] plays a significant role"),
            &s,
        )
        .unwrap();
        assert_eq!(a.cost, 0);
    }
}
