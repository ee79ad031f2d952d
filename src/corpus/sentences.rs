//! Sentence splitting for news English: blocks of text first (paragraphs, headings, lines that
//! stand alone), then sentences within a block by `sentencex`, which knows abbreviations such as
//! "U.S.", "Nov." and "Sen.".

use std::ops::Range;

/// Longest sentence: a longer "sentence" (a list run together, a table, text without stops) is
/// cut at white space. Checking a sentence costs more than its length, so the bound keeps the
/// cost of a text linear in its length.
pub const MAX_SENTENCE_BYTES: usize = 1000;
/// Longest stretch handed to the sentence splitter at once.
const MAX_BLOCK_BYTES: usize = 64 * 1024;

/// Byte ranges of the sentences of a text, without surrounding white space.
pub fn split_sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for block in blocks(text)
        .into_iter()
        .flat_map(|b| cut(text, b, MAX_BLOCK_BYTES))
    {
        let chunk = &text[block.clone()];
        let mut pieces: Vec<Range<usize>> = sentencex::get_sentence_boundaries("en", chunk)
            .into_iter()
            .map(|b| b.start_byte..b.end_byte)
            .collect();
        if pieces.is_empty() {
            pieces.push(0..chunk.len());
        }
        let mut merged: Vec<Range<usize>> = Vec::new();
        for p in pieces {
            let p = trim(chunk, p);
            if p.is_empty() {
                continue;
            }
            // A "sentence" that is only closing punctuation or a lone initial belongs to the one
            // before it.
            let piece = &chunk[p.clone()];
            let short = piece.chars().filter(|c| c.is_alphanumeric()).count() <= 1;
            match merged.last_mut() {
                Some(last) if short || continues(chunk, last.clone(), piece) => last.end = p.end,
                _ => merged.push(p),
            }
        }
        for r in merged {
            let r = r.start + block.start..r.end + block.start;
            out.extend(
                cut(text, r, MAX_SENTENCE_BYTES)
                    .into_iter()
                    .map(|p| trim(text, p))
                    .filter(|p| !p.is_empty()),
            );
        }
    }
    out
}

/// `range` cut into pieces of at most `max` bytes, each at the last white space before the
/// limit (or at a character boundary when a piece has none).
fn cut(text: &str, range: Range<usize>, max: usize) -> Vec<Range<usize>> {
    crate::text::cut_into(text, range, max, |piece| piece.rfind(char::is_whitespace))
}

/// Whether a piece that the splitter cut off really continues the previous sentence:
/// after a one-letter initial ("John C. Cerar") or after a month abbreviation before a number.
fn continues(chunk: &str, prev: Range<usize>, piece: &str) -> bool {
    let before = chunk[prev].trim_end();
    let last_word = before
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("");
    let starts_lower = piece.chars().next().is_some_and(|c| c.is_lowercase());
    let initial = last_word.len() == 2
        && last_word.ends_with('.')
        && last_word.chars().next().is_some_and(|c| c.is_uppercase());
    let number_after_abbrev = last_word.ends_with('.')
        && piece.chars().next().is_some_and(|c| c.is_ascii_digit())
        && last_word.chars().filter(|c| c.is_alphabetic()).count() <= 4;
    // "9:40 p.m. Friday", "5 a.m. ET": a time is followed by its day or zone, not a new sentence.
    let time_then_day = matches!(last_word.to_ascii_lowercase().as_str(), "a.m." | "p.m.")
        && piece
            .split(|c: char| !c.is_alphabetic())
            .next()
            .is_some_and(|w| {
                let w = w.to_ascii_lowercase();
                crate::figures::weekday(&w)
                    || crate::figures::month(&w).is_some()
                    || matches!(
                        w.as_str(),
                        "et" | "est"
                            | "edt"
                            | "ct"
                            | "cst"
                            | "cdt"
                            | "mt"
                            | "mst"
                            | "mdt"
                            | "pt"
                            | "pst"
                            | "pdt"
                            | "gmt"
                            | "utc"
                            | "bst"
                            | "cet"
                            | "ist"
                            | "local"
                            | "eastern"
                            | "central"
                            | "mountain"
                            | "pacific"
                    )
            });
    starts_lower || initial || number_after_abbrev || time_then_day
}

fn trim(s: &str, r: Range<usize>) -> Range<usize> {
    let piece = &s[r.clone()];
    let start = r.start + (piece.len() - piece.trim_start().len());
    let end = r.start + piece.trim_end().len();
    start..end.max(start)
}

/// Paragraphs and lines that stand alone. A line break ends a block when the line before ends a
/// sentence or the line is short like a heading; otherwise wrapped lines join.
fn blocks(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut pos = 0;
    // Lines end at `\n`, `\r\n` or a lone `\r`: a CRLF line end is one break, not two.
    for line in text.split_inclusive('\n').flat_map(lone_cr_lines) {
        let line_start = pos;
        pos += line.len();
        let content = line.trim();
        if content.is_empty() {
            if let Some(s) = start.take() {
                out.push(s..line_start);
            }
            continue;
        }
        start.get_or_insert(line_start);
        let ends_sentence = content.ends_with(['.', '!', '?', '"', '”', '’', ':', ';', ')']);
        let heading_like = content.chars().count() < 60
            && !content.ends_with([',', '-', '–', '—'])
            && content.chars().last().is_some_and(|c| !c.is_lowercase());
        if (ends_sentence || heading_like)
            && let Some(s) = start.take()
        {
            out.push(s..pos);
        }
    }
    if let Some(s) = start {
        out.push(s..text.len());
    }
    out
}

/// A line split at the lone `\r`s inside it (a `\r` before the final `\n` stays with it).
fn lone_cr_lines(line: &str) -> impl Iterator<Item = &str> {
    let mut rest = line;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let cut = rest
            .char_indices()
            .find(|&(i, c)| c == '\r' && rest.as_bytes().get(i + 1) != Some(&b'\n'))
            .map_or(rest.len(), |(i, _)| i + 1);
        let (piece, after) = rest.split_at(cut);
        rest = after;
        Some(piece)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(t: &str) -> Vec<&str> {
        split_sentences(t).into_iter().map(|r| &t[r]).collect()
    }

    #[test]
    fn news_abbreviations_do_not_end_sentences() {
        let t = "The U.S. is concerned. Sen. Bill Cassidy, R-La., spoke on Nov. 16 at 9 a.m. in the hall. It rose 1.5 percent.";
        assert_eq!(
            split(t),
            [
                "The U.S. is concerned.",
                "Sen. Bill Cassidy, R-La., spoke on Nov. 16 at 9 a.m. in the hall.",
                "It rose 1.5 percent."
            ]
        );
    }

    #[test]
    fn quotes_and_ellipses() {
        let t = "“We will act,” he said. “Go … now.” She left.";
        let s = split(t);
        assert_eq!(s.first().copied(), Some("“We will act,” he said."));
        assert_eq!(s.last().copied(), Some("She left."));
    }

    #[test]
    fn lines_and_paragraphs() {
        let t = "Las Vegas Sun\n\nJune 28, 2024\n\nU.S. raises pressure on China\n\nA long sentence that\nwraps onto a second line. Another one.\n";
        assert_eq!(
            split(t),
            [
                "Las Vegas Sun",
                "June 28, 2024",
                "U.S. raises pressure on China",
                "A long sentence that\nwraps onto a second line.",
                "Another one."
            ]
        );
    }

    #[test]
    fn crlf_line_ends_are_one_break() {
        let lf =
            "A long sentence that\nwraps onto a second line. Another one.\n\nNext paragraph.\n";
        let crlf = lf.replace('\n', "\r\n");
        let cr = lf.replace('\n', "\r");
        let want: Vec<String> = split(lf).iter().map(|s| s.replace('\n', " ")).collect();
        for t in [&crlf, &cr] {
            let got: Vec<String> = split(t)
                .iter()
                .map(|s| s.replace("\r\n", " ").replace('\r', " "))
                .collect();
            assert_eq!(got, want, "{t:?}");
        }
    }

    #[test]
    fn endless_sentences_are_cut_at_white_space() {
        let t = "fentanyl 73,600 ".repeat(10_000) + "é".repeat(5000).as_str();
        let s = split_sentences(&t);
        assert!(s.len() > 50);
        for r in &s {
            assert!(r.len() <= MAX_SENTENCE_BYTES, "{}", r.len());
            assert!(!t[r.clone()].starts_with(' ') && !t[r.clone()].ends_with(' '));
        }
        // Nothing is lost at a cut.
        let squeeze = |x: &str| x.replace(char::is_whitespace, "");
        let joined: String = s.iter().map(|r| squeeze(&t[r.clone()])).collect();
        assert_eq!(joined, squeeze(&t));
    }

    #[test]
    fn a_time_keeps_its_day_and_zone() {
        let t = "It started about 9:40 p.m. Friday (1:40 a.m. ET Saturday). Crews left at 5 a.m. The roof fell.";
        assert_eq!(
            split(t),
            [
                "It started about 9:40 p.m. Friday (1:40 a.m. ET Saturday).",
                "Crews left at 5 a.m.",
                "The roof fell."
            ]
        );
    }

    #[test]
    fn initials_stay_inside_names() {
        let t = "Officer John C. Cerar said it was fine.";
        assert_eq!(split(t), ["Officer John C. Cerar said it was fine."]);
    }
}
