//! What a figure measures, read once when its sentence is analysed: the counted noun and its
//! modifiers, the words of its clause by closeness, the names and times around it, the
//! comparator of a multiplier, the person of an age. Drafts and sources go through the same
//! analysis, so pairing compares two analysed figures and never re-reads text.

use super::{Figure, Kind, extract, month};
use crate::index::term_key;
use crate::text::{self, Word};

/// What a figure speaks of.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Role {
    /// Stem of what is counted or measured: "death" in "24 deaths", "adult" in "15% of adults".
    pub noun: Option<String>,
    /// Stems before the counted noun in its phrase: "road" in "12,000 road deaths".
    pub modifiers: Vec<String>,
    /// Content words of the sentence (as index term keys) with their closeness to the figure: 1
    /// beside it, less with distance and with each clause boundary between.
    pub context: Vec<(u64, f32)>,
    /// What a multiplier or comparison is measured against: "heroin" in "50 times stronger than
    /// heroin".
    pub comparator: Option<String>,
    /// For an age, the person it belongs to (a name, lower case).
    pub person: Option<String>,
    /// The nearest content word before the figure in its clause, as a stem: often the verb
    /// ("killed 5", "injured 30").
    pub left: Option<String>,
    /// The nearest name in the figure's clause, lower case: whose figure it is ("Klitschko
    /// (53-3, 47 KOs)").
    pub name: Option<String>,
}

/// A figure with its role.
#[derive(Debug, Clone, PartialEq)]
pub struct AnalysedFigure {
    pub figure: Figure,
    pub role: Role,
}

/// A sentence read for its figures.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AnalysedSentence {
    pub figures: Vec<AnalysedFigure>,
    /// Distinct content words as index term keys, sorted, numbers and years left out: what the
    /// sentence is about.
    pub stems: Vec<u64>,
    /// Distinct names: capitalised content words after the first word, lower case.
    pub names: Vec<String>,
}

/// Words around a figure that count as its surroundings.
const CONTEXT_WORDS: usize = 10;

/// Verbs that end a counted noun phrase: "24 people died".
fn ends_phrase(norm: &str) -> bool {
    matches!(
        norm,
        "said"
            | "says"
            | "say"
            | "told"
            | "died"
            | "die"
            | "dies"
            | "killed"
            | "according"
            | "including"
            | "remain"
            | "remained"
            | "left"
            | "took"
            | "take"
            | "made"
            | "make"
            | "went"
            | "came"
            | "got"
            | "get"
            | "became"
            | "become"
            | "per"
            | "each"
            | "ago"
            | "later"
            | "earlier"
    )
}

fn capitalised(text: &str, w: &Word) -> bool {
    text[w.range.clone()]
        .chars()
        .next()
        .is_some_and(char::is_uppercase)
}

fn similarity_stem(w: &Word) -> Option<String> {
    (text::is_content_word(&w.norm) && !text::is_numeric(&w.norm)).then(|| text::stem(&w.norm))
}

/// The index key of a content word, numbers and years left out.
pub fn similarity_key(norm: &str) -> Option<u64> {
    (text::is_content_word(norm) && !text::is_numeric(norm)).then(|| term_key(norm))
}

/// Reads a sentence's figures and what each speaks of.
pub fn analyse(sentence: &str) -> AnalysedSentence {
    let words = text::words(sentence);
    let figures = extract(sentence);
    let mut stems: Vec<u64> = words
        .iter()
        .filter_map(|w| similarity_key(&w.norm))
        .collect();
    stems.sort_unstable();
    stems.dedup();
    let mut names: Vec<String> = words
        .iter()
        .skip(1)
        .filter(|w| capitalised(sentence, w) && text::is_content_word(&w.norm))
        .filter(|w| !text::is_numeric(&w.norm) && month(&w.norm).is_none())
        .map(|w| w.norm.trim_end_matches("'s").to_string())
        .collect();
    names.sort();
    names.dedup();
    let figure_words: Vec<std::ops::Range<usize>> =
        figures.iter().map(|f| f.words.clone()).collect();
    let figures = figures
        .into_iter()
        .map(|figure| {
            let role = role_of(sentence, &words, &figure, &figure_words);
            AnalysedFigure { figure, role }
        })
        .collect();
    AnalysedSentence {
        figures,
        stems,
        names,
    }
}

/// How much a clause boundary between two words separates them.
fn clause_factor(between: &str) -> f32 {
    let mut f = 1.0f32;
    for (i, c) in between.char_indices() {
        match c {
            ',' => f *= 0.5,
            ';' | ':' | '—' | '–' | '(' | ')' | '"' | '“' | '”' => f *= 0.35,
            '.' if !abbreviation_dot(between, i) => f *= 0.2,
            '!' | '?' => f *= 0.2,
            _ => {}
        }
    }
    f
}

/// Whether the period at byte `i` of `text` closes an abbreviation ("U.S.", "Nov.", "a.m.",
/// "Mr.") or sits inside a word rather than ending a clause.
fn abbreviation_dot(text: &str, i: usize) -> bool {
    let next_is_space = text[i + 1..].chars().next().is_none_or(char::is_whitespace);
    let letters = text[..i]
        .chars()
        .rev()
        .take_while(|c| c.is_alphabetic())
        .count();
    !next_is_space || (1..=3).contains(&letters)
}

/// "the 40-year-old Thompson", "a 30-year-old congregation": an age written before what it
/// belongs to.
fn attributive_age(text: &str, figure: &Figure) -> bool {
    text[figure.range.clone()]
        .to_ascii_lowercase()
        .ends_with("old")
}

fn role_of(
    text: &str,
    words: &[Word],
    figure: &Figure,
    figure_words: &[std::ops::Range<usize>],
) -> Role {
    let in_other_figure =
        |k: usize| figure_words.iter().any(|r| r.contains(&k)) && !figure.words.contains(&k);
    // Surroundings.
    let mut context: Vec<(u64, f32)> = Vec::new();
    let lo = figure.words.start.saturating_sub(CONTEXT_WORDS);
    let hi = (figure.words.end + CONTEXT_WORDS).min(words.len());
    for (k, w) in words.iter().enumerate().take(hi).skip(lo) {
        if figure.words.contains(&k) || in_other_figure(k) {
            continue;
        }
        let Some(stem) = similarity_key(&w.norm) else {
            continue;
        };
        let (dist, between) = if k < figure.words.start {
            let first = &words[figure.words.start];
            (
                figure.words.start - k,
                &text[w.range.end..first.range.start.max(w.range.end)],
            )
        } else {
            let last = &words[figure.words.end - 1];
            (
                k + 1 - figure.words.end,
                &text[last.range.end.min(w.range.start)..w.range.start],
            )
        };
        let weight = clause_factor(between) / (1.0 + 0.25 * (dist as f32 - 1.0));
        match context.iter_mut().find(|(s, _)| *s == stem) {
            Some(e) => e.1 = e.1.max(weight),
            None => context.push((stem, weight)),
        }
    }
    let (noun, modifiers) = counted_noun(text, words, figure);
    let comparator = matches!(figure.kind, Kind::Multiplier | Kind::Percent)
        .then(|| {
            words[figure.words.end.min(words.len())..]
                .iter()
                .take(6)
                .position(|w| w.norm == "than")
                .and_then(|p| {
                    words[figure.words.end + p + 1..]
                        .iter()
                        .take(3)
                        .find_map(similarity_stem)
                })
                .or_else(|| compared_with(words))
        })
        .flatten();
    let person = (figure.kind == Kind::Age)
        .then(|| person_of(text, words, figure))
        .flatten();
    let left = words[..figure.words.start]
        .iter()
        .rev()
        .take(3)
        .take_while(|w| {
            let gap = &text[w.range.end..words[figure.words.start].range.start];
            !gap.contains([',', ';', ':', '(', ')', '.'])
        })
        .find_map(similarity_stem);
    let name = nearest_name(text, words, figure);
    Role {
        noun,
        modifiers,
        context,
        comparator,
        person,
        left,
        name,
    }
}

/// What a sentence compares with, when it says so apart from "than": "Compared with heroin, it
/// is 50 times more potent", "up 20% compared to last year".
fn compared_with(words: &[Word]) -> Option<String> {
    let at = words.windows(2).position(|w| {
        matches!(w[0].norm.as_str(), "compared" | "comparison" | "relative")
            && matches!(w[1].norm.as_str(), "with" | "to")
    })?;
    words[at + 2..].iter().take(3).find_map(similarity_stem)
}

/// The noun phrase right after a figure, in the same clause: its head (what is counted) and the
/// words before the head. Percentages, fractions and money may reach it through "of" or "in"
/// ("15% of adults", "$5 million in aid").
fn counted_noun(text: &str, words: &[Word], figure: &Figure) -> (Option<String>, Vec<String>) {
    if matches!(figure.kind, Kind::Year | Kind::Date | Kind::Time) {
        return (None, Vec::new());
    }
    let mut k = figure.words.end;
    // "84 or so countries", "100 or more people": the hedge stands between number and noun.
    if words.get(k).is_some_and(|w| w.norm == "or")
        && words
            .get(k + 1)
            .is_some_and(|w| crate::figures::hedge_after_or(&w.norm).is_some())
        && words.get(k + 2).is_some()
    {
        k += 2;
    }
    // An age counts nothing, but "a 30-year-old congregation" says whose age it is; a name
    // after it is the person (`person_of`).
    if figure.kind == Kind::Age
        && (!attributive_age(text, figure) || words.get(k).is_none_or(|w| capitalised(text, w)))
    {
        return (None, Vec::new());
    }
    let gap_ok = |k: usize| {
        let prev_end = words[k - 1].range.end;
        let gap = &text[prev_end.min(words[k].range.start)..words[k].range.start];
        gap.chars().all(|c| matches!(c, ' ' | '-' | '%' | '\u{a0}'))
    };
    if k >= words.len() || k == 0 || !gap_ok(k) {
        return (None, Vec::new());
    }
    // One preposition hop: "of the", "in".
    if matches!(
        figure.kind,
        Kind::Percent | Kind::Money | Kind::Duration | Kind::Multiplier
    ) && matches!(words[k].norm.as_str(), "of" | "in" | "for")
    {
        k += 1;
        while k < words.len()
            && matches!(
                words[k].norm.as_str(),
                "the" | "a" | "an" | "all" | "its" | "their" | "those" | "these"
            )
        {
            k += 1;
        }
    }
    let mut run: Vec<String> = Vec::new();
    while k < words.len() && run.len() < 3 {
        let w = &words[k];
        if !run.is_empty() && !gap_ok(k) {
            break;
        }
        let norm = w.norm.as_str();
        if text::is_stopword(norm) || text::is_numeric(norm) || ends_phrase(norm) {
            break;
        }
        // A past tense after a noun is the verb: "24 people died", "5 boats approached".
        if !run.is_empty() && norm.ends_with("ed") {
            break;
        }
        run.push(text::stem(norm));
        k += 1;
        // A plural ends the phrase: what follows is its verb ("15% of adults smoke").
        if plural(norm) {
            break;
        }
    }
    let head = run.pop();
    (head, run)
}

fn plural(norm: &str) -> bool {
    (norm.ends_with('s') && !norm.ends_with("ss") && !norm.ends_with("us") && norm.len() > 3)
        || matches!(
            norm,
            "people" | "men" | "women" | "children" | "police" | "staff" | "personnel"
        )
}

/// The name nearest to a figure in its clause, either side, within a few words.
fn nearest_name(text: &str, words: &[Word], figure: &Figure) -> Option<String> {
    let is_name = |k: usize| {
        let w = &words[k];
        k > 0
            && capitalised(text, w)
            && text::is_content_word(&w.norm)
            && !text::is_numeric(&w.norm)
            && month(&w.norm).is_none()
    };
    let mut best: Option<(f32, usize)> = None;
    let lo = figure.words.start.saturating_sub(6);
    let hi = (figure.words.end + 6).min(words.len());
    for k in (lo..hi).filter(|k| !figure.words.contains(k)) {
        if !is_name(k) {
            continue;
        }
        let (dist, between) = if k < figure.words.start {
            (
                figure.words.start - k,
                &text[words[k].range.end..words[figure.words.start].range.start],
            )
        } else {
            (
                k + 1 - figure.words.end,
                &text[words[figure.words.end - 1].range.end..words[k].range.start],
            )
        };
        if between.contains(['.', ';', ':']) {
            continue;
        }
        let score = clause_factor(between) / dist as f32;
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, k));
        }
    }
    best.map(|(_, k)| words[k].norm.trim_end_matches("'s").to_string())
}

/// The name an age belongs to: "Orozco, 81", "the 40-year-old Thompson", "Reid, 33,", "Esther
/// Williams dies at 91": the nearest name before it in a few words, else right after it. The
/// whole run of capitalised words is kept ("arcade joseph comeaux"), since one article writes a
/// full name where another writes the surname: two people are the same when their runs share a
/// word.
fn person_of(text: &str, words: &[Word], figure: &Figure) -> Option<String> {
    let name = |w: &Word| {
        capitalised(text, w)
            && text::is_content_word(&w.norm)
            && !text::is_numeric(&w.norm)
            && !matches!(w.norm.trim_end_matches('.'), "jr" | "sr")
    };
    // The run of names around word `k`, read outward until a word that is not a name.
    let run = |k: usize| -> String {
        let mut first = k;
        while first > 0 && name(&words[first - 1]) {
            first -= 1;
        }
        let mut last = k;
        while last + 1 < words.len() && name(&words[last + 1]) {
            last += 1;
        }
        words[first..=last]
            .iter()
            .map(|w| w.norm.trim_end_matches("'s"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let end = figure.words.end.min(words.len());
    let after = (end..words.len().min(end + 2)).find(|&k| name(&words[k]));
    // "the 40-year-old Thompson" names its person after the age, and a name before it belongs
    // to someone else ("Klitschko beat the 36-year-old Rahman").
    if attributive_age(text, figure) {
        return after.map(run);
    }
    let start = figure.words.start.min(words.len());
    let before = (start.saturating_sub(5)..start)
        .rev()
        .find(|&k| name(&words[k]));
    before.or(after).map(run)
}

/// Whether two people, as `person_of` names them, share a name.
pub fn same_person(a: &str, b: &str) -> bool {
    a.split(' ').any(|w| b.split(' ').any(|v| v == w))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(text: &str) -> Role {
        analyse(text).figures.remove(0).role
    }

    #[test]
    fn counted_nouns_and_their_modifiers() {
        let r = role("Police counted 12,000 road deaths last year.");
        assert_eq!(r.noun.as_deref(), Some("death"));
        assert_eq!(r.modifiers, ["road"]);
        assert_eq!(
            role("In all 24 people died.").noun.as_deref(),
            Some("peopl")
        );
        assert_eq!(
            role("about 15% of adults smoke").noun.as_deref(),
            Some("adult")
        );
        assert_eq!(role("$281 million in cash").noun.as_deref(), Some("cash"));
        assert_eq!(role("The toll rose to 24.").noun, None);
        assert_eq!(
            role("a coalition of 84 or so countries").noun.as_deref(),
            Some("countri")
        );
        assert_eq!(
            role("seized 5 Indian merchant vessels").modifiers,
            ["indian", "merchant"]
        );
    }

    #[test]
    fn comparators_and_people() {
        let r = role("It is 50 times more potent than heroin.");
        assert_eq!(r.comparator.as_deref(), Some("heroin"));
        let r = role("Compared with heroin, it is 50 times more potent.");
        assert_eq!(r.comparator.as_deref(), Some("heroin"));
        assert_eq!(role("Reid, 33, said").person.as_deref(), Some("reid"));
        let beaten = role("Klitschko beat the 36-year-old Rahman.");
        assert_eq!(beaten.person.as_deref(), Some("rahman"));
        assert_eq!(role("Klitschko met a 45-year-old man.").person, None);
        let church = role("It is a 30-year-old congregation.");
        assert_eq!(church.noun.as_deref(), Some("congreg"));
        assert_eq!(beaten.noun, None);
        let full = role("Arcade Joseph Comeaux Jr., 49, escaped.");
        assert_eq!(full.person.as_deref(), Some("arcade joseph comeaux"));
        assert!(same_person("arcade joseph comeaux", "comeaux"));
        assert!(!same_person("klitschko", "thompson"));
    }

    #[test]
    fn abbreviations_do_not_end_clauses() {
        assert_eq!(clause_factor(" the U.S.-PRC group "), 1.0);
        assert_eq!(clause_factor(" on Nov. "), 1.0);
        assert!(clause_factor(" ended. Then ") < 0.5);
    }

    #[test]
    fn context_weighs_near_words_and_clauses() {
        let r = role("The quake killed 24 people, officials in Jakarta said.");
        let weight = |s: &str| {
            r.context
                .iter()
                .find(|(x, _)| *x == term_key(s))
                .map(|x| x.1)
        };
        assert!(weight("killed").unwrap() > weight("jakarta").unwrap());
        assert!(weight("people").unwrap() > 0.9);
    }

    #[test]
    fn sentence_stems_and_names_leave_numbers_out() {
        let a = analyse("In 2019, China banned 25 fentanyl drugs.");
        assert!(a.stems.contains(&term_key("china")));
        assert!(!a.stems.contains(&term_key("2019")));
        assert_eq!(a.names, ["china"]);
    }
}
