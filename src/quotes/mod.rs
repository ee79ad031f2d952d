//! Quotations in running text and who they are attributed to.

pub mod align;

use crate::text;
use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quotation {
    /// Bytes of the quotation, marks included.
    pub range: Range<usize>,
    /// Bytes of the quoted words, marks excluded.
    pub inner: Range<usize>,
    /// A Markdown block quote rather than words between quotation marks.
    pub block: bool,
}

fn is_open_curly(c: char) -> bool {
    matches!(c, '“' | '„' | '«')
}

fn is_close_curly(c: char) -> bool {
    matches!(c, '”' | '»')
}

/// Finds the quotations of a text: curly and straight double quotes, pairs within a paragraph
/// (a quote may run over line breaks), single quotes inside them left alone, and block quotes
/// given as byte ranges whose text is not itself in quotation marks.
pub fn find_quotations(text: &str, block_quotes: &[Range<usize>]) -> Vec<Quotation> {
    let mut out = Vec::new();
    for (i, para) in paragraphs(text) {
        scan_paragraph(para, i, false, &mut out);
    }
    for b in block_quotes {
        let b = b.start.min(text.len())..b.end.min(text.len());
        if b.start > b.end || !text.is_char_boundary(b.start) || !text.is_char_boundary(b.end) {
            continue;
        }
        let inside: Vec<&Quotation> = out
            .iter()
            .filter(|q| q.range.start >= b.start && q.range.end <= b.end)
            .collect();
        if !inside.is_empty() {
            continue;
        }
        let body = &text[b.clone()];
        let lead = body.len() - body.trim_start().len();
        let inner = b.start + lead..b.start + body.trim_end().len();
        if inner.start < inner.end {
            out.push(Quotation {
                range: inner.clone(),
                inner,
                block: true,
            });
        }
    }
    out.sort_by_key(|q| q.range.start);
    out
}

/// Longest paragraph: a longer one is cut, at a line end or a sentence end where it can be. A
/// quotation mark is paired within its paragraph and a paragraph is the context of each of its
/// sentences, so the bound keeps both linear in the length of a text.
pub const MAX_PARAGRAPH_BYTES: usize = 8 * 1024;

/// Paragraphs (separated by blank lines) with their byte offsets.
pub fn paragraphs(text: &str) -> Vec<(usize, &str)> {
    let mut ranges = Vec::new();
    let mut start = None;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let blank = line.trim().is_empty();
        if blank {
            if let Some(s) = start.take() {
                ranges.push(s..pos);
            }
        } else if start.is_none() {
            start = Some(pos);
        }
        pos += line.len();
    }
    if let Some(s) = start {
        ranges.push(s..text.len());
    }
    ranges
        .into_iter()
        .flat_map(|r| cut_paragraph(text, r))
        .map(|r| (r.start, &text[r]))
        .collect()
}

/// A paragraph cut into pieces of at most `MAX_PARAGRAPH_BYTES`: after the last line end in
/// the allowance, else after the last sentence end, else at the last white space.
fn cut_paragraph(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    text::cut_into(text, range, MAX_PARAGRAPH_BYTES, |piece| {
        piece
            .rfind('\n')
            .map(|i| i + 1)
            .or_else(|| {
                [". ", "? ", "! "]
                    .iter()
                    .filter_map(|p| piece.rfind(p))
                    .max()
                    .map(|i| i + 2)
            })
            .or_else(|| piece.rfind(char::is_whitespace).map(|i| i + 1))
    })
}

/// Quotations of a source document. Sources often hold one sentence per line with stray quotation
/// marks; a line that ends a sentence also ends any quotation left open, so one stray mark cannot
/// turn every later quotation inside out.
pub fn find_source_quotations(text: &str) -> Vec<Quotation> {
    let mut out = Vec::new();
    for (i, para) in paragraphs(text) {
        scan_paragraph(para, i, true, &mut out);
    }
    out
}

fn scan_paragraph(
    para: &str,
    offset: usize,
    reset_at_sentence_lines: bool,
    out: &mut Vec<Quotation>,
) {
    let mut curly_open: Option<usize> = None;
    let mut straight_open: Option<usize> = None;
    for (i, c) in para.char_indices() {
        if c == '\n' && reset_at_sentence_lines {
            let before = para[..i].trim_end_matches([' ', '\r', '\t']);
            if before.ends_with(['.', '!', '?']) {
                curly_open = None;
                straight_open = None;
            }
            continue;
        }
        if is_open_curly(c) && straight_open.is_none() {
            // A second opening mark before a close restarts the quotation (an unclosed one is
            // dropped rather than swallowing the paragraph).
            curly_open = Some(i);
        } else if is_close_curly(c) && straight_open.is_none() {
            if let Some(s) = curly_open.take() {
                push(para, offset, s, i, c, out);
            }
        } else if c == '"' && curly_open.is_none() {
            match straight_open.take() {
                None => straight_open = Some(i),
                Some(s) => push(para, offset, s, i, c, out),
            }
        }
    }
}

fn push(
    para: &str,
    offset: usize,
    open: usize,
    close: usize,
    close_char: char,
    out: &mut Vec<Quotation>,
) {
    let inner_start = open + para[open..].chars().next().map_or(1, char::len_utf8);
    let inner = inner_start..close;
    if para[inner.clone()].trim().is_empty() {
        return;
    }
    out.push(Quotation {
        range: offset + open..offset + close + close_char.len_utf8(),
        inner: offset + inner.start..offset + inner.end,
        block: false,
    });
}

/// Words of a quotation prepared for alignment: ellipses become gaps, [bracketed] words become
/// editorial; the byte range of each word is kept (None for gaps).
pub fn quote_tokens(
    text: &str,
    inner: Range<usize>,
) -> Vec<(align::QuoteToken, Option<Range<usize>>)> {
    use align::QuoteToken;
    let body = &text[inner.clone()];
    let mut out = Vec::new();
    let words = text::words(body);
    let mut wi = 0;
    let mut pos = 0;
    let bytes = body.as_bytes();
    let mut in_bracket = false;
    while pos < body.len() {
        if wi < words.len() && words[wi].range.start == pos {
            let w = &words[wi];
            let r = w.range.start + inner.start..w.range.end + inner.start;
            out.push((
                if in_bracket {
                    QuoteToken::Editorial(w.norm.clone())
                } else {
                    QuoteToken::Word(w.norm.clone())
                },
                Some(r),
            ));
            pos = w.range.end;
            wi += 1;
            continue;
        }
        let rest = &body[pos..];
        if rest.starts_with('…') || rest.starts_with("...") || rest.starts_with(". . .") {
            if out.last().map(|(t, _)| t) != Some(&QuoteToken::Gap) {
                out.push((QuoteToken::Gap, None));
            }
            pos += if rest.starts_with('…') {
                '…'.len_utf8()
            } else if rest.starts_with(". . .") {
                5
            } else {
                3
            };
            continue;
        }
        match bytes[pos] {
            b'[' => {
                in_bracket = true;
                // Brackets replace words: the source may have anything here.
                out.push((QuoteToken::Gap, None));
            }
            b']' => in_bracket = false,
            _ => {}
        }
        pos += rest.chars().next().map_or(1, char::len_utf8);
    }
    out
}

const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "added",
    "adds",
    "wrote",
    "writes",
    "stated",
    "states",
    "tweeted",
    "posted",
    "declared",
    "explained",
    "insisted",
    "argued",
    "noted",
    "warned",
    "asked",
    "asks",
    "replied",
    "remarked",
    "recalled",
    "acknowledged",
    "claimed",
    "announced",
    "continued",
    "testified",
    "concluded",
    "observed",
    "pointed",
    "saying",
    "put",
    "described",
    "urged",
    "stressed",
    "emphasized",
    "emphasised",
    "admitted",
    "conceded",
    "cautioned",
    "predicted",
    "vowed",
    "responded",
    "commented",
    "suggested",
    "reiterated",
    "complained",
    "quipped",
];

/// Verbs whose object is the listener, not the speaker: "… ," she told AFP.
const LISTENER_VERBS: &[&str] = &["told", "tells", "asked", "asks"];

const TITLES: &[&str] = &[
    "president",
    "sen",
    "senator",
    "rep",
    "representative",
    "gov",
    "governor",
    "mayor",
    "secretary",
    "director",
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "professor",
    "chief",
    "judge",
    "minister",
    "prime",
    "general",
    "gen",
    "col",
    "lt",
    "capt",
    "sgt",
    "officer",
    "commissioner",
    "deputy",
    "vice",
    "acting",
    "speaker",
    "leader",
    "chairman",
    "chairwoman",
    "chair",
    "ceo",
    "ambassador",
    "attorney",
    "sheriff",
    "detective",
    "const",
    "lord",
    "sir",
    "king",
    "queen",
    "pope",
    "rev",
    "father",
    "former",
    "u.s",
    "us",
    "chinese",
    "american",
    "white",
    "house",
];

const PRONOUNS: &[&str] = &["he", "she", "they", "i", "we"];

/// People named by their role ("the official said").
const ROLES: &[&str] = &[
    "official",
    "officials",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "senators",
    "lawmakers",
    "analyst",
    "analysts",
    "lawyer",
    "attorney",
    "police",
    "doctor",
    "expert",
    "experts",
    "company",
    "ministry",
    "agency",
    "administration",
    "government",
    "report",
    "statement",
    "letter",
    "official's",
    "source",
    "sources",
    "witness",
    "witnesses",
    "resident",
    "residents",
    "actress",
    "actor",
    "singer",
    "star",
    "rep",
    "publicist",
    "victim",
    "suspect",
    "man",
    "woman",
];

/// The quotations of a text as byte ranges, sorted, for the questions asked of them many times
/// over: is a word inside one, which ones start in a stretch of text. Each answer takes a binary
/// search, so that a text with many quotations is not scanned once per quotation.
#[derive(Debug, Clone, Default)]
pub struct QuoteSpans {
    ranges: Vec<Range<usize>>,
    /// The largest end among `ranges[..=i]`: quotations may overlap (a block quote around an
    /// inline one), so ends are not sorted by themselves.
    max_end: Vec<usize>,
}

impl QuoteSpans {
    pub fn new(ranges: impl IntoIterator<Item = Range<usize>>) -> QuoteSpans {
        let mut ranges: Vec<Range<usize>> = ranges.into_iter().collect();
        ranges.sort_by_key(|r| (r.start, r.end));
        let mut max_end = Vec::with_capacity(ranges.len());
        let mut m = 0;
        for r in &ranges {
            m = m.max(r.end);
            max_end.push(m);
        }
        QuoteSpans { ranges, max_end }
    }

    pub fn ranges(&self) -> &[Range<usize>] {
        &self.ranges
    }

    /// Whether some quotation holds the whole of `r`.
    pub fn covers(&self, r: &Range<usize>) -> bool {
        // Among the quotations starting at or before `r.start`, the one reaching furthest must
        // reach `r.end`.
        let n = self.ranges.partition_point(|q| q.start <= r.start);
        n > 0 && self.max_end[n - 1] >= r.end
    }

    /// The quotations that start inside `within`, in order.
    pub fn starting_in(&self, within: Range<usize>) -> &[Range<usize>] {
        let a = self.ranges.partition_point(|q| q.start < within.start);
        let b = self.ranges.partition_point(|q| q.start < within.end);
        &self.ranges[a..b.max(a)]
    }

    /// The quotations that overlap `within`.
    pub fn overlapping(&self, within: Range<usize>) -> impl Iterator<Item = &Range<usize>> {
        let b = self.ranges.partition_point(|q| q.start < within.end);
        let a = self.max_end[..b].partition_point(|&e| e <= within.start);
        self.ranges[a..b]
            .iter()
            .filter(move |q| within.start < q.end && q.start < within.end)
    }
}

/// How far from a quotation its attribution is looked for: an attribution sits within a few
/// words of it, and the bound keeps a sentence packed with quotations from costing the square
/// of their number.
const ATTRIBUTION_REACH: usize = 600;

/// `range` cut to `reach` bytes either side of `around`, the cuts moved to white space so that
/// no word is cut.
fn near(text: &str, range: Range<usize>, around: &Range<usize>, reach: usize) -> Range<usize> {
    let mut start = range.start.max(around.start.saturating_sub(reach));
    if start > range.start {
        while start < around.start && !text.is_char_boundary(start) {
            start += 1;
        }
        start = text[start..around.start]
            .find(char::is_whitespace)
            .map_or(around.start, |i| start + i);
    }
    let mut end = range
        .end
        .min(around.end.saturating_add(reach))
        .max(around.end);
    if end < range.end {
        while end > around.end && !text.is_char_boundary(end) {
            end -= 1;
        }
        end = text[around.end..end]
            .rfind(char::is_whitespace)
            .map_or(around.end, |i| around.end + i);
    }
    start.min(around.start)..end.max(around.end)
}

/// Who a quotation is attributed to in its sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Speaker {
    /// The name as written ("Sen. Bill Cassidy", "China's Foreign Ministry", "he").
    pub name: String,
    /// Byte range of the name in the text.
    pub range: Range<usize>,
    /// A pronoun that still needs resolving.
    pub pronoun: bool,
}

impl Speaker {
    /// Capitalised name words without titles, for comparing people: {"bill", "cassidy"}.
    pub fn name_words(&self) -> Vec<String> {
        text::words(&self.name)
            .into_iter()
            .filter(|w| {
                let raw = &self.name[w.range.clone()];
                raw.chars().next().is_some_and(|c| c.is_uppercase())
                    && !TITLES.contains(&w.norm.as_str())
                    && !PRONOUNS.contains(&w.norm.as_str())
                    && !is_calendar_word(&w.norm)
                    && !matches!(w.norm.as_str(), "the" | "a" | "an")
            })
            .map(|w| w.norm.trim_end_matches("'s").to_string())
            .collect()
    }

    /// Whether two speakers can be the same person: they share a name word.
    pub fn same_as(&self, other: &Speaker) -> bool {
        let a = self.name_words();
        let b = other.name_words();
        a.is_empty() || b.is_empty() || a.iter().any(|x| b.contains(x))
    }
}

/// The speaker a quotation at `quote` is attributed to within `sentence` (both byte ranges of
/// `text`): `"…," X said`, `said X`, `X said: "…"`, `according to X`, `X told reporters "…"`.
/// Words inside other quotations do not count.
pub fn speaker_of(
    text: &str,
    sentence: Range<usize>,
    quote: Range<usize>,
    quotes: &QuoteSpans,
) -> Option<Speaker> {
    let quote = quote.start.min(text.len())..quote.end.min(text.len());
    let sentence = sentence.start.min(quote.start)..sentence.end.max(quote.end).min(text.len());
    let sentence = near(text, sentence, &quote, ATTRIBUTION_REACH);
    let words = words_outside(text, sentence, quotes);
    let after: Vec<usize> = (0..words.len())
        .filter(|&k| words[k].range.start >= quote.end)
        .collect();
    let before: Vec<usize> = (0..words.len())
        .filter(|&k| words[k].range.end <= quote.start)
        .rev()
        .collect();
    // After the quotation first ("…," he said), then before it (X said: "…").
    for (side, idxs) in [(true, &after), (false, &before)] {
        for (n, &k) in idxs.iter().enumerate() {
            // The attribution sits close to the quotation.
            if n > 12 {
                break;
            }
            let w = &words[k].norm;
            let according = w == "according" && words.get(k + 1).is_some_and(|x| x.norm == "to");
            if !SPEECH_VERBS.contains(&w.as_str()) && !according {
                continue;
            }
            let verb_end = if according { k + 2 } else { k + 1 };
            // Name after the verb: `said Sen. Bill Cassidy`, `according to Liu`.
            let adjacent = words.get(verb_end).is_some_and(|x| {
                text[words[verb_end - 1].range.end..x.range.start]
                    .chars()
                    .all(|c| c == ' ' || c == ',' || c == '\n')
            });
            let listener = LISTENER_VERBS.contains(&w.as_str());
            if adjacent
                && !listener
                && let Some(s) = name_from(text, &words, verb_end, true)
                    .or_else(|| person_described(text, &words, verb_end))
                && (side || according)
            {
                return Some(s);
            }
            // Name before the verb: `Trump said`, `China's Foreign Ministry said`, `he told`,
            // skipping an adverb (`he later told`, `Liu also said`).
            let subject = subject_end(text, &words, k);
            if subject > 0
                && let Some(s) = subject_before(text, &words, subject - 1)
            {
                return Some(s);
            }
        }
    }
    None
}

/// "the Navy chief", "the spokesman": a person described by a title rather than named, to be
/// resolved like a pronoun to the person named just before.
fn person_described(text: &str, words: &[text::Word], k: usize) -> Option<Speaker> {
    if words.get(k)?.norm != "the" {
        return None;
    }
    let mut j = k + 1;
    while j < words.len() && j < k + 3 && is_capitalised(text, &words[j]) {
        j += 1;
    }
    let role = words.get(j)?;
    let person = TITLES.contains(&role.norm.as_str())
        || matches!(
            role.norm.as_str(),
            "spokesman" | "spokeswoman" | "spokesperson" | "official" | "lawyer" | "attorney"
        );
    let joined =
        (k..j).all(|i| gap_is_name_joiner(text, words[i].range.end, words[i + 1].range.start));
    (person && joined && !is_capitalised(text, role)).then(|| {
        let range = words[k].range.start..role.range.end;
        Speaker {
            name: text[range.clone()].to_string(),
            range,
            pronoun: true,
        }
    })
}

/// Days and months are capitalised but name no one ("… ," Tuesday's statement said).
fn is_calendar_word(norm: &str) -> bool {
    crate::figures::weekday(norm)
        || matches!(norm, "today" | "yesterday" | "tonight")
        || crate::figures::month(norm).is_some()
}

/// The name ending at word `k` before a speech verb, passing over an appositive set off by
/// commas: "Sen. Bill Cassidy, R-La., said", "Schumer, a Democrat from New York, said".
fn subject_before(text: &str, words: &[text::Word], k: usize) -> Option<Speaker> {
    let gap_has_comma = |a: usize| {
        words
            .get(a + 1)
            .is_some_and(|n| text[words[a].range.end..n.range.start].contains(','))
    };
    if gap_has_comma(k) {
        // Find the comma that opens the appositive, at most twelve words back.
        let lo = k.saturating_sub(12);
        for j in (lo..k).rev() {
            if gap_has_comma(j) {
                if let Some(s) = name_from(text, words, j, false)
                    && !s.pronoun
                {
                    return Some(s);
                }
                break;
            }
        }
    }
    let s = name_from(text, words, k, false)?;
    // A party-and-state tag alone is no name.
    let tag = s.name.len() <= 8 && s.name.as_bytes().get(1) == Some(&b'-');
    (!tag).then_some(s)
}

/// Where the subject of the verb at word `verb` ends: before it, past any adverbs ("he later
/// told", "Liu also said").
fn subject_end(text: &str, words: &[text::Word], verb: usize) -> usize {
    let mut k = verb;
    while k > 0 && !is_capitalised(text, &words[k - 1]) && is_adverb(&words[k - 1].norm) {
        k -= 1;
    }
    k
}

fn is_adverb(w: &str) -> bool {
    (w.ends_with("ly") && w.len() > 4)
        || matches!(
            w,
            "also"
                | "later"
                | "then"
                | "again"
                | "once"
                | "previously"
                | "has"
                | "had"
                | "have"
                | "was"
                | "is"
                | "who"
                | "reportedly"
                | "recently"
                | "earlier"
                | "subsequently"
        )
}

/// The words of `text[range]` that are not inside any of the quotations.
fn words_outside(text: &str, range: Range<usize>, quotes: &QuoteSpans) -> Vec<text::Word> {
    text::words_in_where(text, range, |r| !quotes.covers(r))
}

fn is_capitalised(text: &str, w: &text::Word) -> bool {
    text[w.range.clone()]
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase())
}

/// Reads a name starting at word `k`, forwards or backwards.
fn name_from(text: &str, words: &[text::Word], k: usize, forward: bool) -> Option<Speaker> {
    // "said state Rep. Barry Fleming", "said former President Obama": lower-case title words
    // before the name are passed over.
    let mut k = k;
    if forward {
        let mut j = k;
        while j < words.len()
            && j < k + 3
            && !is_capitalised(text, &words[j])
            && is_title_prefix(&words[j].norm)
            && words
                .get(j + 1)
                .is_some_and(|n| gap_is_name_joiner(text, words[j].range.end, n.range.start))
        {
            j += 1;
        }
        if j > k && words.get(j).is_some_and(|w| is_capitalised(text, w)) {
            k = j;
        }
    }
    let w = words.get(k)?;
    if PRONOUNS.contains(&w.norm.as_str()) {
        return Some(Speaker {
            name: text[w.range.clone()].to_string(),
            range: w.range.clone(),
            pronoun: true,
        });
    }
    let mut first = k;
    let mut last = k;
    if forward {
        // Skip a leading "the" in "said the mayor"; keep capitalised words and name particles.
        let mut j = k;
        while j < words.len() && j < k + 7 {
            let x = &words[j];
            let contiguous =
                j == k || gap_is_name_joiner(text, words[j - 1].range.end, x.range.start);
            if !contiguous {
                break;
            }
            if is_capitalised(text, x)
                || (j > k && matches!(x.norm.as_str(), "of" | "de" | "van" | "von" | "bin"))
            {
                last = j;
                j += 1;
            } else {
                break;
            }
        }
        if !is_capitalised(text, &words[k]) {
            return None;
        }
        // A particle ends no name: "Liu Yuejin of the commission" is Liu Yuejin.
        while last > k && !is_capitalised(text, &words[last]) {
            last -= 1;
        }
    } else {
        let mut j = k as isize;
        while j >= 0 && (k as isize - j) < 7 {
            let x = &words[j as usize];
            let contiguous = j as usize == k
                || gap_is_name_joiner(text, x.range.end, words[j as usize + 1].range.start);
            if !contiguous {
                break;
            }
            if is_capitalised(text, x)
                || (j as usize != k && matches!(x.norm.as_str(), "of" | "for" | "the"))
            {
                first = j as usize;
                j -= 1;
            } else {
                break;
            }
        }
        if !is_capitalised(text, &words[k]) {
            return None;
        }
        while first < k && !is_capitalised(text, &words[first]) {
            first += 1;
        }
    }
    let range = words[first].range.start..words[last].range.end;
    let s = Speaker {
        name: text[range.clone()].to_string(),
        range,
        pronoun: false,
    };
    (!s.name_words().is_empty()).then_some(s)
}

/// Lower-case words that can stand before a name as part of a title: "state Rep.", "former
/// President", "acting Secretary".
fn is_title_prefix(norm: &str) -> bool {
    TITLES.contains(&norm)
        || matches!(
            norm,
            "state" | "former" | "then" | "acting" | "senior" | "federal" | "u.s" | "us"
        )
}

fn gap_is_name_joiner(text: &str, a: usize, b: usize) -> bool {
    a <= b
        && text[a..b]
            .chars()
            .all(|c| c == ' ' || c == '.' || c == '\u{a0}' || c == '-')
}

/// Words that open sentences without naming anyone.
const SENTENCE_STARTERS: &[&str] = &[
    "the",
    "a",
    "an",
    "in",
    "on",
    "at",
    "but",
    "and",
    "or",
    "so",
    "it",
    "this",
    "that",
    "these",
    "those",
    "there",
    "when",
    "while",
    "after",
    "before",
    "since",
    "as",
    "if",
    "for",
    "with",
    "during",
    "meanwhile",
    "still",
    "yet",
    "however",
    "today",
    "yesterday",
    "last",
    "soon",
    "despite",
    "although",
    "though",
    "by",
    "from",
    "to",
    "of",
    "according",
    "some",
    "many",
    "most",
    "all",
    "one",
    "two",
    "three",
    "his",
    "her",
    "their",
    "our",
    "its",
    "we",
    "they",
    "he",
    "she",
    "i",
    "you",
    "what",
    "why",
    "how",
    "who",
    "where",
    "just",
    "now",
    "then",
    "even",
    "also",
    "indeed",
    "both",
    "each",
    "every",
    "no",
    "not",
    "only",
    "under",
    "over",
    "china",
    "chinese",
    "american",
    "americans",
    "u.s",
    "us",
];

/// The person a pronoun most likely refers to, looking back from `before` over a few sentences:
/// the named speaker of an earlier quotation, the subject of a speech verb, or a name that opens
/// a sentence. Nothing when no sentence offers one: an unresolved pronoun is never compared.
pub fn resolve_pronoun(
    text: &str,
    sentences: &[Range<usize>],
    before: usize,
    quotes: &QuoteSpans,
) -> Option<Speaker> {
    let idx = sentences.partition_point(|s| s.end <= before);
    let lo = idx.saturating_sub(3);
    let hi = idx.min(sentences.len().saturating_sub(1));
    if sentences.is_empty() {
        return None;
    }
    for si in (lo..=hi).rev() {
        let s = sentences[si].clone();
        let s = s.start..s.end.min(before).max(s.start);
        if s.is_empty() {
            continue;
        }
        // (a) A named speaker of a quotation in that sentence: the last few before the pronoun.
        for q in quotes.starting_in(s.clone()).iter().rev().take(8) {
            if let Some(sp) = speaker_of(text, s.clone(), q.clone(), quotes)
                && !sp.pronoun
            {
                return Some(sp);
            }
        }
        let words = words_outside(text, s.clone(), quotes);
        // (b) The subject of a speech verb: "Biden said that …".
        for k in 0..words.len() {
            if SPEECH_VERBS.contains(&words[k].norm.as_str()) {
                let subject = subject_end(text, &words, k);
                if subject > 0
                    && let Some(sp) = name_from(text, &words, subject - 1, false)
                    && !sp.pronoun
                {
                    return Some(sp);
                }
            }
        }
        // (c) A role opening the sentence: "The president is planning …" — someone, unnamed.
        if words.len() >= 2
            && matches!(words[0].norm.as_str(), "the" | "a" | "an")
            && !is_capitalised(text, &words[1])
            && (TITLES.contains(&words[1].norm.as_str()) || ROLES.contains(&words[1].norm.as_str()))
        {
            let range = words[0].range.start..words[1].range.end;
            return Some(Speaker {
                name: text[range.clone()].to_string(),
                range,
                pronoun: false,
            });
        }
        // (d) A name opening the sentence, perhaps after a title: "Biden neither explained …",
        // "Judge James Bodiford floated …".
        let titled = words
            .iter()
            .take_while(|w| TITLES.contains(&w.norm.as_str()) && is_capitalised(text, w))
            .count();
        if let Some(first) = words.first()
            && first.range.start
                == s.start + (text[s.clone()].len() - text[s.clone()].trim_start().len())
            && is_capitalised(text, first)
            && !SENTENCE_STARTERS.contains(&first.norm.as_str())
            && words
                .get(titled)
                .is_some_and(|w| is_capitalised(text, w) && !TITLES.contains(&w.norm.as_str()))
        {
            let words = &words[titled..];
            let mut end = 0;
            while end + 1 < words.len()
                && is_capitalised(text, &words[end + 1])
                && gap_is_name_joiner(text, words[end].range.end, words[end + 1].range.start)
            {
                end += 1;
            }
            let range = words[0].range.start..words[end].range.end;
            return Some(Speaker {
                name: text[range.clone()].to_string(),
                range,
                pronoun: false,
            });
        }
    }
    None
}

#[cfg(test)]
mod tests;
