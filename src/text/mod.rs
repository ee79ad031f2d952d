//! Text primitives shared by the corpus, the draft analysis and the front ends:
//! word tokens with byte ranges, normalisation, stemming and the byte ↔ line/column mapping.

mod lines;
mod weights;
pub use lines::{LineIndex, Position};
pub use weights::weight;

use std::ops::Range;
use std::sync::OnceLock;

/// A word of running text: its byte range in the text it came from and its normalised form
/// (lower case, curly apostrophes folded, no surrounding punctuation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub range: Range<usize>,
    pub norm: String,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn is_joiner(c: char) -> bool {
    // Characters that stay inside a word when letters or digits stand on both sides:
    // don't, U.S., 73,600, 1.5
    matches!(c, '\'' | '\u{2019}' | '.' | ',')
}

/// Splits text into words. Hyphens and dashes separate words so that "fentanyl-related" and
/// "fentanyl related" align; apostrophes, and dots or commas between letters or digits, join.
pub fn words(text: &str) -> Vec<Word> {
    word_ranges(text)
        .into_iter()
        .map(|range| Word {
            norm: normalise_word(&text[range.clone()]),
            range,
        })
        .collect()
}

/// The byte ranges of the words of a text (see `words`), read in one pass without copying it.
pub fn word_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut it = text.char_indices().peekable();
    while let Some((start, c)) = it.next() {
        if !is_word_char(c) {
            continue;
        }
        let mut prev = c;
        // Characters since the last dot inside the word: "U.S" joins, "Inc.Next" does not.
        let mut segment = 1usize;
        let mut end = start + c.len_utf8();
        while let Some(&(pos, c)) = it.peek() {
            if is_word_char(c) {
                it.next();
                prev = c;
                segment += 1;
                end = pos + c.len_utf8();
                continue;
            }
            if !is_joiner(c) {
                break;
            }
            let Some(next) = text[pos + c.len_utf8()..]
                .chars()
                .next()
                .filter(|&n| is_word_char(n))
            else {
                break;
            };
            let joins = match c {
                ',' => prev.is_ascii_digit() && next.is_ascii_digit(),
                // Decimals (1.5), and abbreviations with single letters: U.S, a.m
                '.' => {
                    (prev.is_ascii_digit() && next.is_ascii_digit())
                        || (prev.is_alphabetic() && next.is_alphabetic() && segment == 1)
                }
                _ => true,
            };
            if !joins {
                break;
            }
            it.next();
            it.next();
            end = pos + c.len_utf8() + next.len_utf8();
            prev = next;
            segment = if c == '.' { 1 } else { segment + 2 };
        }
        // "U.S." keeps its final dot out of the word; the norm drops dots anyway.
        out.push(start..end);
    }
    out
}

/// The words of `text[range]`, with byte ranges in `text`.
pub fn words_in(text: &str, range: Range<usize>) -> Vec<Word> {
    words(&text[range.clone()])
        .into_iter()
        .map(|w| Word {
            range: w.range.start + range.start..w.range.end + range.start,
            norm: w.norm,
        })
        .collect()
}

/// The words of `text[range]` whose byte ranges (in `text`) pass `keep`; only those are
/// normalised.
pub fn words_in_where(
    text: &str,
    range: Range<usize>,
    keep: impl Fn(&Range<usize>) -> bool,
) -> Vec<Word> {
    word_ranges(&text[range.clone()])
        .into_iter()
        .map(|r| r.start + range.start..r.end + range.start)
        .filter(|r| keep(r))
        .map(|r| Word {
            norm: normalise_word(&text[r.clone()]),
            range: r,
        })
        .collect()
}

/// Lower case, apostrophes folded, abbreviation dots removed ("U.S" → "us"), thousands
/// separators removed from numbers ("73,600" → "73600").
pub fn normalise_word(word: &str) -> String {
    let mut s = String::with_capacity(word.len());
    normalise_word_into(word, &mut s);
    s
}

/// `normalise_word` into a buffer (cleared first): reading a large corpus allocates nothing per
/// word.
pub fn normalise_word_into(word: &str, s: &mut String) {
    s.clear();
    let numeric = word
        .bytes()
        .all(|c| c.is_ascii_digit() || c == b',' || c == b'.');
    if word.is_ascii() {
        for c in word.bytes() {
            match c {
                b'`' => s.push('\''),
                b',' if numeric => {}
                b'.' if !numeric => {}
                _ => s.push(c.to_ascii_lowercase() as char),
            }
        }
        return;
    }
    for c in word.chars() {
        match c {
            '\u{2019}' | '\u{2018}' | '`' => s.push('\''),
            ',' if numeric => {}
            '.' if !numeric => {}
            _ => s.extend(c.to_lowercase()),
        }
    }
}

/// English Porter2 stem of a normalised word.
pub fn stem(word: &str) -> String {
    static STEMMER: OnceLock<rust_stemmers::Stemmer> = OnceLock::new();
    let stemmer =
        STEMMER.get_or_init(|| rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English));
    let w = word.strip_suffix("'s").unwrap_or(word);
    stemmer.stem(w).into_owned()
}

const STOPWORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "me",
    "more",
    "most",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "said",
    "same",
    "say",
    "says",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
    "s",
    "t",
    "mr",
    "ms",
    "mrs",
    "told",
    "according",
    "year",
    "years",
    "last",
    "one",
    "new",
    "may",
    "many",
    "much",
    "well",
    "like",
    "get",
    "got",
    "even",
    "still",
    "since",
    "per",
    "cent",
    "percent",
    "times",
    "nearly",
    "roughly",
    "around",
    "almost",
    "least",
    "less",
    "fewer",
    "approximately",
    "estimated",
    "lot",
    "us",
];

/// Whether a normalised word carries too little meaning to match sentences on.
pub fn is_stopword(norm: &str) -> bool {
    static SET: OnceLock<rustc_hash::FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| STOPWORDS.iter().copied().collect())
        .contains(norm)
}

/// Whether a normalised word is written with digits (a figure, not a content word).
pub fn is_numeric(norm: &str) -> bool {
    norm.chars().next().is_some_and(|c| c.is_ascii_digit())
}

/// Whether a normalised word says what a sentence is about: not a stop word, not a bare number
/// (years excepted: "in 2019" ties a sentence to its events).
pub fn is_content_word(norm: &str) -> bool {
    if is_numeric(norm) {
        return is_year(norm);
    }
    !is_stopword(norm) && norm.chars().count() > 1
}

fn is_year(norm: &str) -> bool {
    norm.len() == 4
        && norm.chars().all(|c| c.is_ascii_digit())
        && (1800..=2100).contains(&norm.parse::<u32>().unwrap_or(0))
}

/// Content stems of a text: the words that say what it is about.
pub fn content_stems(text: &str) -> Vec<String> {
    words(text)
        .into_iter()
        .filter(|w| is_content_word(&w.norm))
        .map(|w| {
            if is_numeric(&w.norm) {
                w.norm
            } else {
                stem(&w.norm)
            }
        })
        .collect()
}

/// Folds typographic variants to one form for comparing wording: curly quotes, dashes,
/// non-breaking and other spaces.
pub fn fold_char(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201F}' | '\u{2033}' | '\u{00AB}' | '\u{00BB}' => '"',
        '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
        c if c.is_whitespace() => ' ',
        c => c,
    }
}

/// Replaces every byte of `range` in `buf` with spaces, keeping the text the same length so that
/// byte offsets stay valid.
pub fn blank(buf: &mut String, range: Range<usize>) {
    let start = range.start.min(buf.len());
    let end = range.end.min(buf.len());
    if start >= end || !buf.is_char_boundary(start) || !buf.is_char_boundary(end) {
        return;
    }
    let spaces = " ".repeat(end - start);
    buf.replace_range(start..end, &spaces);
}

/// Makes every line end read as `\n` while keeping byte offsets: the `\r` of a `\r\n` becomes a
/// space and a lone `\r` a `\n`. Lines stay the lines the protocol counts, so positions do not
/// move, and CRLF text gives the findings of the same text with LF.
pub fn fold_line_ends(mut text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    // Only ASCII bytes are replaced by ASCII bytes: the text stays valid UTF-8.
    let mut bytes = std::mem::take(&mut text).into_bytes();
    for i in 0..bytes.len() {
        if bytes[i] == b'\r' {
            bytes[i] = if bytes.get(i + 1) == Some(&b'\n') {
                b' '
            } else {
                b'\n'
            };
        }
    }
    String::from_utf8(bytes).unwrap_or_default()
}

/// `range` of `text` cut into pieces of at most `max` bytes. `cut_in` chooses where a piece
/// that is too long ends (an offset into it); without a choice, or with none past its start, the
/// piece ends at the last character boundary within the limit.
pub fn cut_into(
    text: &str,
    range: Range<usize>,
    max: usize,
    cut_in: impl Fn(&str) -> Option<usize>,
) -> Vec<Range<usize>> {
    let max = max.max(4);
    let mut out = Vec::new();
    let mut start = range.start;
    while range.end - start > max {
        let mut limit = start + max;
        while !text.is_char_boundary(limit) {
            limit -= 1;
        }
        let cut = cut_in(&text[start..limit])
            .filter(|&i| i > 0)
            .map_or(limit, |i| start + i);
        out.push(start..cut);
        start = cut;
    }
    out.push(start..range.end);
    out
}

/// A size for messages, in binary units as limits are set: "64 MiB", "1.5 KiB", "12 bytes".
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 6] = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
    if bytes < 1024 {
        return format!("{bytes} bytes");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    let digits = if value.fract() == 0.0 { 0 } else { 1 };
    format!("{value:.digits$} {}", UNITS[unit])
}

/// A name (of a file, a path) made safe to print: control characters, and characters that
/// reorder or hide text, are written as escapes, so that a file name cannot forge a line or
/// send commands to a terminal.
pub fn escape_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        let hiding = matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}');
        if c.is_control() || hiding {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// A source's words set off in quotation marks (`open` and `close`), unless they hold double
/// quotation marks of their own: a sentence that is itself a quotation is shown as it is, not
/// with a doubled mark (““We are…”).
pub fn quoted(text: &str, open: char, close: char) -> String {
    if text.contains(['"', '“', '”', '„', '«', '»']) {
        text.to_string()
    } else {
        format!("{open}{text}{close}")
    }
}

/// A name made of a title's words, lower case, joined by hyphens and cut at a word within
/// `max_len` bytes ("U.S. raises pressure" → "us-raises-pressure"); empty when the title has no
/// letters or digits.
pub fn slug(title: &str, max_len: usize) -> String {
    let mut out = String::new();
    let words = title
        .split(|c: char| c.is_whitespace() || matches!(c, '-' | '–' | '—' | '/' | '|' | '_'))
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect::<String>()
        })
        .filter(|w| !w.is_empty());
    for w in words {
        let extra = w.len() + usize::from(!out.is_empty());
        if out.len() + extra > max_len {
            // A cut title ends on a word that carries meaning, not on "of the".
            while let Some((rest, last)) = out.rsplit_once('-')
                && is_stopword(last)
            {
                out.truncate(rest.len());
            }
            if out.is_empty() {
                // One long word: cut it at a character.
                out = w
                    .chars()
                    .scan(0, |n, c| {
                        *n += c.len_utf8();
                        (*n <= max_len).then_some(c)
                    })
                    .collect();
            }
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&w);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotations_are_not_quoted_twice() {
        assert_eq!(quoted("a plain sentence", '“', '”'), "“a plain sentence”");
        assert_eq!(
            quoted("“We are losing,” he said.", '"', '"'),
            "“We are losing,” he said."
        );
    }

    #[test]
    fn slugs_keep_whole_words() {
        assert_eq!(
            slug(
                "U.S. raises pressure on China to combat global fentanyl crisis",
                40
            ),
            "us-raises-pressure-on-china-to-combat"
        );
        assert_eq!(
            slug("The flow of fentanyl | ET REALITY", 60),
            "the-flow-of-fentanyl-et-reality"
        );
        assert_eq!(slug("Ça va — très bien", 60), "ça-va-très-bien");
        assert_eq!(slug("…", 10), "");
        assert_eq!(
            slug("Pressure to stop the flow of fentanyl", 26),
            "pressure-to-stop-the-flow"
        );
        assert_eq!(
            slug("Pressure to stop the flow of fentanyl", 28),
            "pressure-to-stop-the-flow"
        );
        assert_eq!(slug("Incomprehensibilities", 5), "incom");
    }

    #[test]
    fn line_ends_fold_in_place() {
        assert_eq!(fold_line_ends("a\r\nb\rc\n".into()), "a \nb\nc\n");
        let t = "é\r\n😀\r".to_string();
        assert_eq!(fold_line_ends(t.clone()).len(), t.len());
    }

    #[test]
    fn sizes_read_in_binary_units() {
        assert_eq!(human_size(64 * 1024 * 1024), "64 MiB");
        assert_eq!(human_size(1536), "1.5 KiB");
        assert_eq!(human_size(12), "12 bytes");
        assert_eq!(human_size(u64::MAX), "16 EiB");
    }

    #[test]
    fn names_are_escaped() {
        assert_eq!(
            escape_name("a\nerror: INJECTED LINE"),
            "a\\nerror: INJECTED LINE"
        );
        assert_eq!(escape_name("x\u{1b}[31my"), "x\\u{1b}[31my");
        assert_eq!(escape_name("r\u{202e}txt.exe"), "r\\u{202e}txt.exe");
        assert_eq!(escape_name("Café “q”.txt"), "Café “q”.txt");
    }

    fn norms(t: &str) -> Vec<String> {
        words(t).into_iter().map(|w| w.norm).collect()
    }

    /// The first tokenizer, kept to check that the one-pass reader splits alike.
    fn reference_words(text: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut i = 0;
        while i < chars.len() {
            let (start, c) = chars[i];
            if !is_word_char(c) {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            while j < chars.len() {
                let c = chars[j].1;
                if is_word_char(c) {
                    j += 1;
                } else if is_joiner(c) && j + 1 < chars.len() && is_word_char(chars[j + 1].1) {
                    let prev = chars[j - 1].1;
                    let next = chars[j + 1].1;
                    let joins = match c {
                        ',' => prev.is_ascii_digit() && next.is_ascii_digit(),
                        '.' => {
                            (prev.is_ascii_digit() && next.is_ascii_digit())
                                || (prev.is_alphabetic() && next.is_alphabetic() && j > i && {
                                    // Abbreviations with single letters: U.S, a.m
                                    let seg_start = chars[i..j]
                                        .iter()
                                        .rposition(|&(_, c)| c == '.')
                                        .map(|p| i + p + 1)
                                        .unwrap_or(i);
                                    j - seg_start == 1
                                })
                        }
                        _ => true,
                    };
                    if joins {
                        j += 2;
                    } else {
                        break;
                    }
                } else {
                    break;
                }
            }
            let end = if j < chars.len() {
                chars[j].0
            } else {
                text.len()
            };
            // "U.S." keeps its final dot out of the word; the norm drops dots anyway.
            out.push(start..end);
            i = j;
        }
        out
    }

    #[test]
    fn one_pass_words_match_the_reference() {
        let pieces = [
            "a", "é", "U", ".", ",", "'", "’", "1", "7", " ", "-", "S", "x.", "😀", "\u{a0}", "ß",
        ];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..20_000 {
            let mut t = String::new();
            for _ in 0..(state % 12) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                t.push_str(pieces[(state % pieces.len() as u64) as usize]);
            }
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            assert_eq!(word_ranges(&t), reference_words(&t), "{t:?}");
        }
    }

    #[test]
    fn words_handle_abbreviations_numbers_and_apostrophes() {
        assert_eq!(norms("The U.S. said"), ["the", "us", "said"]);
        assert_eq!(norms("73,600 people"), ["73600", "people"]);
        assert_eq!(norms("1.5 million"), ["1.5", "million"]);
        assert_eq!(norms("don't stop"), ["don't", "stop"]);
        assert_eq!(norms("China’s drugs"), ["china's", "drugs"]);
        assert_eq!(
            norms("fentanyl-related deaths"),
            ["fentanyl", "related", "deaths"]
        );
        assert_eq!(norms("end. Next"), ["end", "next"]);
        assert_eq!(norms("4 a.m. today"), ["4", "am", "today"]);
        assert_eq!(norms("1990s'"), ["1990s"]);
    }

    #[test]
    fn word_ranges_are_bytes_of_the_original() {
        let t = "“Né” — 42,300 ok";
        for w in words(t) {
            assert!(t.is_char_boundary(w.range.start) && t.is_char_boundary(w.range.end));
        }
        let ws = words(t);
        assert_eq!(&t[ws[1].range.clone()], "42,300");
    }

    #[test]
    fn stems_and_stopwords() {
        assert_eq!(stem("overdoses"), stem("overdose"));
        assert_eq!(stem("china's"), "china");
        assert!(is_stopword("the"));
        assert!(!is_stopword("fentanyl"));
        assert_eq!(
            content_stems("The deaths in 2022 of 300"),
            ["death", "2022"]
        );
    }

    #[test]
    fn blank_keeps_length_and_boundaries() {
        let mut s = String::from("a “é” b");
        let len = s.len();
        blank(&mut s, 2..9);
        assert_eq!(s.len(), len);
        assert!(s.starts_with("a ") && s.ends_with(" b"));
        // A range that splits a character is refused rather than corrupting the text.
        let mut t = String::from("é");
        blank(&mut t, 0..1);
        assert_eq!(t, "é");
    }
}
