//! Figures in running text: counts, money, percentages and fractions, multipliers, years and
//! decades, dates, durations, ages and ordinals, with ranges and hedges; and whether two figures
//! agree.

mod compare;
mod numbers;
pub mod role;

pub use compare::{Comparison, agree, compare, describe};

use crate::text::{self, Word};
use numbers::{
    Number, digit_precision, ordinal_word, parse_digits, parse_number_words, scale_word,
};
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Count,
    Money,
    /// Percentages and fractions, in percent (two-thirds → 66.7).
    Percent,
    /// "40 times", "12-fold".
    Multiplier,
    Year,
    Date,
    Duration,
    Age,
    Ordinal,
    /// A time of day, in minutes after midnight.
    Time,
    /// A quantity with a unit of measure (kilometres, tonnes, degrees, magnitude).
    Measure,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Count => "count",
            Kind::Money => "amount",
            Kind::Percent => "percentage",
            Kind::Multiplier => "multiplier",
            Kind::Year => "year",
            Kind::Date => "date",
            Kind::Duration => "duration",
            Kind::Age => "age",
            Kind::Ordinal => "ordinal",
            Kind::Time => "time",
            Kind::Measure => "measure",
        }
    }
}

/// How the writer qualified a figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Hedge {
    Exact,
    /// about, around, roughly, approximately, some, or so
    About,
    /// nearly, almost, close to, just under
    Nearly,
    /// more than, over, at least, upwards of
    AtLeast,
    /// up to, less than, fewer than, under, no more than
    AtMost,
}

/// Day, month and year as far as they are stated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DateParts {
    pub year: Option<i32>,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// Bytes of the figure in the text, units included, hedge excluded.
    pub range: Range<usize>,
    /// Words of the figure (indices into `text::words` of the same text), hedge included.
    pub words: Range<usize>,
    pub kind: Kind,
    pub value: f64,
    /// Upper end for ranges ("20 to 30") and decades.
    pub high: Option<f64>,
    pub precision: f64,
    pub hedge: Hedge,
    /// Currency for money ("$"), unit for durations ("year").
    pub unit: &'static str,
    pub date: DateParts,
    pub in_words: bool,
}

impl Figure {
    pub fn has_year_and_day(&self) -> bool {
        self.date.year.is_some() && self.date.day.is_some()
    }
}

const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("jan", 1),
    ("february", 2),
    ("feb", 2),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("june", 6),
    ("jun", 6),
    ("july", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("october", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
];

pub fn month(norm: &str) -> Option<u32> {
    MONTHS.iter().find(|(m, _)| *m == norm).map(|&(_, n)| n)
}

/// Whether a lower-case word names a day of the week.
pub fn weekday(norm: &str) -> bool {
    matches!(
        norm,
        "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday"
    )
}

/// The hedge a word after "or" puts on the number before it: "84 or so", "100 or more", "ten or
/// fewer".
pub fn hedge_after_or(norm: &str) -> Option<Hedge> {
    match norm {
        "so" => Some(Hedge::About),
        "more" => Some(Hedge::AtLeast),
        "fewer" | "less" => Some(Hedge::AtMost),
        _ => None,
    }
}

/// Month names for messages and fixes.
pub fn month_name(n: u32) -> &'static str {
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
    .get(n.wrapping_sub(1) as usize)
    .copied()
    .unwrap_or("?")
}

fn duration_unit(norm: &str) -> Option<&'static str> {
    Some(match norm {
        "year" | "years" => "year",
        "month" | "months" => "month",
        "week" | "weeks" => "week",
        "day" | "days" => "day",
        "hour" | "hours" => "hour",
        "minute" | "minutes" => "minute",
        "decade" | "decades" => "decade",
        _ => return None,
    })
}

/// Units of measure, each with one name whatever the spelling.
fn measure_unit(norm: &str) -> Option<&'static str> {
    Some(match norm {
        "kilometre" | "kilometres" | "kilometer" | "kilometers" | "km" | "kms" => "km",
        "mile" | "miles" | "mi" => "mile",
        "metre" | "metres" | "meter" | "meters" => "m",
        "centimetre" | "centimetres" | "centimeter" | "centimeters" | "cm" => "cm",
        "foot" | "feet" | "ft" => "ft",
        "inch" | "inches" => "in",
        "kilogram" | "kilograms" | "kilogramme" | "kilogrammes" | "kg" | "kgs" => "kg",
        "gram" | "grams" | "g" => "g",
        "milligram" | "milligrams" | "mg" => "mg",
        "tonne" | "tonnes" | "ton" | "tons" => "t",
        "degree" | "degrees" => "degree",
        "magnitude" => "magnitude",
        "acre" | "acres" => "acre",
        "hectare" | "hectares" => "ha",
        "litre" | "litres" | "liter" | "liters" => "l",
        "gallon" | "gallons" => "gal",
        "barrel" | "barrels" => "bbl",
        "mph" => "mph",
        "kph" | "km/h" => "km/h",
        "megawatt" | "megawatts" | "mw" => "MW",
        _ => return None,
    })
}

fn currency_word(norm: &str) -> Option<&'static str> {
    Some(match norm {
        "dollar" | "dollars" | "usd" => "$",
        "euro" | "euros" | "eur" => "€",
        "pound" | "pounds" | "sterling" | "gbp" => "£",
        "yuan" | "renminbi" | "rmb" => "¥",
        "yen" => "¥",
        _ => return None,
    })
}

/// The hedge written just before word `i`, and how many words it takes.
fn hedge_before(w: &[Word], i: usize) -> (Hedge, usize) {
    let at = |k: usize| -> &str { if k <= i && k >= 1 { &w[i - k].norm } else { "" } };
    let two = (at(2), at(1));
    match two {
        ("more", "than") | ("at", "least") | ("upwards", "of") | ("greater", "than") => {
            return (Hedge::AtLeast, 2);
        }
        ("up", "to") | ("less", "than") | ("fewer", "than") | ("no", "more") => {
            return (Hedge::AtMost, 2);
        }
        ("close", "to") | ("just", "under") | ("just", "shy") => return (Hedge::Nearly, 2),
        _ => {}
    }
    match at(1) {
        "about" | "around" | "roughly" | "approximately" | "some" | "approx" | "circa"
        | "estimated" => (Hedge::About, 1),
        "nearly" | "almost" => (Hedge::Nearly, 1),
        "over" | "exceeding" => (Hedge::AtLeast, 1),
        "under" | "below" => (Hedge::AtMost, 1),
        _ => (Hedge::Exact, 0),
    }
}

/// Raw text between two byte offsets.
fn between(t: &str, a: usize, b: usize) -> &str {
    if a <= b && b <= t.len() { &t[a..b] } else { "" }
}

struct Scanner<'a> {
    t: &'a str,
    w: Vec<Word>,
}

impl Scanner<'_> {
    fn norm(&self, i: usize) -> &str {
        self.w.get(i).map_or("", |w| w.norm.as_str())
    }

    fn raw(&self, i: usize) -> &str {
        self.w.get(i).map_or("", |w| &self.t[w.range.clone()])
    }

    /// Text right after word `i` (up to the next word).
    fn gap_after(&self, i: usize) -> &str {
        let a = self.w[i].range.end;
        let b = self.w.get(i + 1).map_or(self.t.len(), |w| w.range.start);
        between(self.t, a, b)
    }

    fn gap_before(&self, i: usize) -> &str {
        let b = self.w[i].range.start;
        let a = if i == 0 { 0 } else { self.w[i - 1].range.end };
        between(self.t, a, b)
    }

    /// A number starting at word `i`: digits with an optional scale word, or number words.
    fn number_at(&self, i: usize) -> Option<Number> {
        let raw = self.raw(i);
        // Digits with a glued suffix: 25bn, 1.2m, 10k.
        let split = raw
            .char_indices()
            .find(|&(_, c)| c.is_alphabetic())
            .map_or(raw.len(), |(k, _)| k);
        let (digits, suffix) = raw.split_at(split);
        if let Some(mut v) = parse_digits(digits) {
            let mut precision = digit_precision(digits);
            // ".41" is a decimal, not 41.
            let before = self.gap_before(i);
            let starts_text = i == 0 || before.len() > 1;
            if before.ends_with('.') && starts_text && suffix.is_empty() && !digits.contains('.') {
                let scale = 10f64.powi(digits.len() as i32);
                v /= scale;
                precision /= scale;
            }
            let glued = match suffix.to_ascii_lowercase().as_str() {
                "" => 1.0,
                "bn" | "b" => 1e9,
                "m" | "mn" | "mln" => 1e6,
                "k" => 1e3,
                "tn" => 1e12,
                _ => return None,
            };
            let mut value = v * glued;
            precision *= glued;
            let mut len = 1;
            if glued == 1.0
                && let Some(s) = scale_word(self.norm(i + 1))
            {
                value *= s;
                precision *= s;
                len = 2;
            }
            return Some(Number {
                value,
                precision,
                len,
                in_words: false,
                fraction: false,
            });
        }
        let ahead: Vec<&str> = (i..(i + 8).min(self.w.len()))
            .map(|k| self.w[k].norm.as_str())
            .collect();
        let n = parse_number_words(&ahead)?;
        // Words joined by hyphens or spaces only ("forty-two"), not across punctuation.
        for k in i..i + n.len - 1 {
            if !self.gap_after(k).chars().all(|c| c == ' ' || c == '-') {
                return None;
            }
        }
        Some(n)
    }
}

/// Extracts the figures of a text (best given one sentence or paragraph at a time).
pub fn extract(text: &str) -> Vec<Figure> {
    let s = Scanner {
        t: text,
        w: text::words(text),
    };
    let mut out: Vec<Figure> = Vec::new();
    let mut i = 0;
    while i < s.w.len() {
        match figure_at(&s, i) {
            Some(f) => {
                i = f.words.end.max(i + 1);
                out.push(f);
            }
            None => i += 1,
        }
    }
    out
}

fn figure_at(s: &Scanner, i: usize) -> Option<Figure> {
    if let Some(f) = date_at(s, i) {
        return Some(f);
    }
    if let Some(f) = time_at(s, i) {
        return Some(f);
    }
    let norm = s.norm(i).to_string();
    let raw = s.raw(i);
    // Decades: 1990s, the 1980s.
    if raw.len() == 5
        && raw.ends_with('s')
        && let Ok(y) = raw[..4].parse::<i32>()
        && (1000..2200).contains(&y)
        && y % 10 == 0
    {
        return Some(simple(
            s,
            i,
            i + 1,
            Kind::Year,
            y as f64,
            Some(y as f64 + 9.0),
        ));
    }
    // Ordinals in digits: 50th, 2nd.
    if let Some(num) = raw
        .strip_suffix("th")
        .or_else(|| raw.strip_suffix("st"))
        .or_else(|| raw.strip_suffix("nd"))
        .or_else(|| raw.strip_suffix("rd"))
        && let Ok(v) = num.parse::<u32>()
    {
        return Some(simple(s, i, i + 1, Kind::Ordinal, v as f64, None));
    }
    if let Some(v) = ordinal_word(&norm)
        // "a third", "two-thirds" are fractions, read below.
        && !(i > 0 && (numbers::unit_word(s.norm(i - 1)).is_some() || matches!(s.norm(i - 1), "a" | "one")))
        && v > 1.0
        && s.w.get(i + 1).is_some_and(|w| !text::is_stopword(&w.norm))
    {
        return Some(simple(s, i, i + 1, Kind::Ordinal, v, None));
    }

    let num = s.number_at(i)?;
    // A lone "one" or "a" is rarely a figure anyone checks ("one of the", "a man").
    let proportion_follows = (s.norm(i + 1) == "out" && s.norm(i + 2) == "of")
        || (s.norm(i + 1) == "in" && s.number_at(i + 2).is_some());
    if num.in_words && num.value == 1.0 && num.len == 1 && !num.fraction && !proportion_follows {
        return None;
    }
    // Labels, not quantities: COVID-19, F-35, Interstate-94, No. 1, Section 230, R-La.
    if !num.in_words {
        let before = s.gap_before(i);
        let prev = if i > 0 { s.raw(i - 1) } else { "" };
        if (before == "-" && prev.chars().next().is_some_and(|c| c.is_uppercase()))
            || matches!(
                s.norm(i.wrapping_sub(1)),
                "no" | "number"
                    | "section"
                    | "article"
                    | "chapter"
                    | "page"
                    | "route"
                    | "room"
                    | "flight"
                    | "interstate"
                    | "highway"
                    | "act"
                    | "resolution"
                    | "episode"
                    | "season"
                    | "version"
                    | "item"
                    | "rule"
                    | "title"
                    | "part"
                    | "volume"
            ) && !before.contains(',')
        {
            return None;
        }
        // Times of day are read by `time_at`; clock times without a.m./p.m. and fractions with
        // slashes are not checked.
        let after = s.gap_after(i);
        if after.starts_with(':') || after.starts_with('/') || before.ends_with(['/', ':']) {
            return None;
        }
        if matches!(s.norm(i + num.len), "am" | "pm") {
            return None;
        }
    }
    let mut end = i + num.len; // exclusive word index
    let mut kind = Kind::Count;
    let mut value = num.value;
    let mut precision = num.precision;
    let mut unit: &'static str = "";
    let mut high = None;

    let before = s.gap_before(i);
    if let Some(c) = ["US$", "$", "€", "£", "¥"]
        .iter()
        .find(|c| before.ends_with(**c))
    {
        kind = Kind::Money;
        unit = match *c {
            "US$" => "$",
            "$" => "$",
            "€" => "€",
            "£" => "£",
            _ => "¥",
        };
    }
    if num.fraction {
        kind = Kind::Percent;
        value *= 100.0;
        precision = 5.0;
    }
    // "two out of three", "one in five": a proportion.
    let of_at = match (s.norm(end), s.norm(end + 1)) {
        ("out", "of") => Some(end + 2),
        ("in", _) if value <= 20.0 => Some(end + 1),
        _ => None,
    };
    if !num.fraction
        && let Some(j) = of_at
        && let Some(den) = s.number_at(j)
        && den.value > value
        && den.value <= 1000.0
        && value > 0.0
    {
        kind = Kind::Percent;
        value = value / den.value * 100.0;
        precision = 5.0;
        end = j + den.len;
    }
    let after_raw = s.gap_after(end - 1);
    // The unit words after the number and how many words they take.
    let percent_words = match (s.norm(end), s.norm(end + 1)) {
        _ if after_raw.starts_with('%') => Some(0),
        ("percent" | "pct", _) => Some(1),
        ("per", "cent") | ("percentage", "points") => Some(2),
        _ => None,
    };
    let times = (s.norm(end) == "times" && !num.fraction)
        || (s.norm(end) == "fold" && after_raw.starts_with('-'));
    if let Some(n) = percent_words {
        kind = Kind::Percent;
        end += n;
    } else if times {
        kind = Kind::Multiplier;
        end += 1;
    } else if kind != Kind::Money
        && let Some(c) = currency_word(s.norm(end))
    {
        kind = Kind::Money;
        unit = c;
        end += 1;
    } else if let Some(u) = duration_unit(s.norm(end)) {
        // 33-year-old / 33 years old / aged 33 → age; 14 years → duration.
        if s.norm(end + 1) == "old" || s.norm(end + 1) == "old's" {
            kind = Kind::Age;
            end += 2;
        } else {
            kind = Kind::Duration;
            unit = u;
            end += 1;
        }
    } else if kind != Kind::Money
        && let Some(u) = measure_unit(s.norm(end))
    {
        // 230 kilometres, 6.1-magnitude, minus 17 degrees
        kind = Kind::Measure;
        unit = u;
        end += 1;
    } else if kind == Kind::Count
        && let Some(u) = measure_unit(s.norm(i.wrapping_sub(1)))
        && u == "magnitude"
    {
        // magnitude 6.1
        kind = Kind::Measure;
        unit = u;
    }
    if kind == Kind::Count && !num.in_words && !num.fraction {
        let digits = raw;
        if digits.len() == 4
            && !digits.contains([',', '.'])
            && (1800.0..=2100.0).contains(&value)
            && !matches!(s.norm(end), "people" | "deaths" | "persons")
        {
            kind = Kind::Year;
            precision = 1.0;
        } else if age_before(s, i) && (1.0..=115.0).contains(&value) && value.fract() == 0.0 {
            kind = Kind::Age;
        } else if (1.0..=115.0).contains(&value)
            && value.fract() == 0.0
            && num.len == 1
            && (before == ", " || before == "., ")
            && s.gap_after(i).starts_with([',', ';', ')', '.'])
            && i > 0
            && (s
                .raw(i - 1)
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase())
                || is_person_noun(s.norm(i - 1)))
        {
            // "Reid, 33, said", "the boy, 12, was": an age in apposition.
            kind = Kind::Age;
        }
    }

    // Ranges: "20 to 30", "between 25 and 34", "50 to 100 times", "18-49".
    let joiner = s.norm(end);
    let dash =
        s.w.get(end)
            .is_some_and(|_| matches!(s.gap_after(end - 1).trim(), "-" | "–" | "—"));
    // "between 25 and 34", "between the ages of 18 and 45"
    let between_and = joiner == "and" && (i.saturating_sub(4)..i).any(|k| s.norm(k) == "between");
    if kind != Kind::Year || dash || joiner == "to" || between_and {
        let next = if dash {
            Some(end)
        } else if joiner == "to" || between_and || (joiner == "or" && s.norm(end + 1) != "so") {
            Some(end + 1)
        } else {
            None
        };
        if let Some(j) = next
            && j < s.w.len()
            && let Some(second) = figure_at_plain(s, j)
            && (second.kind == kind || kind == Kind::Count || second.kind == Kind::Count)
            && second.value > value
        {
            if kind == Kind::Count {
                kind = second.kind;
                unit = second.unit;
            }
            high = Some(second.value);
            precision = precision.min(second.precision);
            end = second.words.end;
        }
    }
    // "84 or so countries"
    let mut hedge = hedge_before(&s.w, i);
    // "100 or more people", "ten or fewer": the hedge after the number.
    if s.norm(end) == "or"
        && hedge.0 == Hedge::Exact
        && let Some(after) = hedge_after_or(s.norm(end + 1))
    {
        hedge = (after, 0);
    }
    // A hedge's "some" before "of" is not a hedge ("some of the 40 …" is rare); "some 40" is.
    let start_word = i - hedge.1;
    let range_end = s.w[end - 1].range.end;
    // Percent sign right after the last digit belongs to the figure.
    let range_end = if s.t[range_end..].starts_with('%') {
        range_end + 1
    } else {
        range_end
    };
    let mut range_start = s.w[i].range.start;
    if kind == Kind::Money {
        for c in ["US$", "$", "€", "£", "¥"] {
            if before.ends_with(c) {
                range_start -= c.len();
                break;
            }
        }
    }
    Some(Figure {
        range: range_start..range_end,
        words: start_word..end,
        kind,
        value,
        high,
        precision,
        hedge: hedge.0,
        unit,
        date: DateParts::default(),
        in_words: num.in_words,
    })
}

/// The second figure of a range, read without looking for another range.
fn figure_at_plain(s: &Scanner, j: usize) -> Option<Figure> {
    let num = s.number_at(j)?;
    let mut f = Figure {
        range: s.w[j].range.clone(),
        words: j..j + num.len,
        kind: Kind::Count,
        value: num.value,
        high: None,
        precision: num.precision,
        hedge: Hedge::Exact,
        unit: "",
        date: DateParts::default(),
        in_words: num.in_words,
    };
    let end = j + num.len;
    let after = s.gap_after(end - 1);
    if after.starts_with('%') {
        f.kind = Kind::Percent;
    } else if matches!(s.norm(end), "percent" | "pct") {
        f.kind = Kind::Percent;
        f.words.end += 1;
    } else if s.norm(end) == "times" {
        f.kind = Kind::Multiplier;
        f.words.end += 1;
    } else if let Some(c) = currency_word(s.norm(end)) {
        f.kind = Kind::Money;
        f.unit = c;
        f.words.end += 1;
    } else if let Some(u) = duration_unit(s.norm(end))
        && s.norm(end + 1) != "old"
    {
        f.kind = Kind::Duration;
        f.unit = u;
        f.words.end += 1;
    } else if s.raw(j).len() == 4 && (1800.0..=2100.0).contains(&f.value) {
        f.kind = Kind::Year;
    }
    Some(f)
}

/// Words before a number that make it someone's age: "aged 85", "at the age of 85", "age 85",
/// "died at 85", "she was 85."
fn age_before(s: &Scanner, i: usize) -> bool {
    let before = |k: usize| if i >= k { s.norm(i - k) } else { "" };
    let clause_ends = s.gap_after(i).starts_with(['.', ',', ';']) || s.w.get(i + 1).is_none();
    matches!(before(1), "aged" | "age" | "ages")
        || (before(1) == "of" && matches!(before(2), "age" | "ages"))
        || (before(1) == "at" && matches!(before(2), "died" | "dies" | "dead"))
        || (clause_ends && matches!(before(1), "was" | "is") && matches!(before(2), "he" | "she"))
}

/// Nouns for people that an age may follow in apposition: "the boy, 12, was".
fn is_person_noun(norm: &str) -> bool {
    matches!(
        norm,
        "man"
            | "woman"
            | "boy"
            | "girl"
            | "son"
            | "daughter"
            | "mother"
            | "father"
            | "wife"
            | "husband"
            | "brother"
            | "sister"
            | "child"
            | "teenager"
            | "victim"
            | "suspect"
            | "driver"
            | "officer"
            | "resident"
            | "student"
            | "friend"
            | "grandmother"
            | "grandfather"
            | "widow"
            | "passenger"
            | "pilot"
            | "worker"
    )
}

fn simple(s: &Scanner, i: usize, end: usize, kind: Kind, value: f64, high: Option<f64>) -> Figure {
    let (hedge, n) = hedge_before(&s.w, i);
    Figure {
        range: s.w[i].range.start..s.w[end - 1].range.end,
        words: i - n..end,
        kind,
        value,
        high,
        precision: 1.0,
        hedge,
        unit: "",
        date: DateParts::default(),
        in_words: false,
    }
}

/// Times of day: "8 p.m.", "10:30 a.m.", "7am", "6:41pm", "22:45", "0241 GMT". The value is
/// minutes after midnight.
fn time_at(s: &Scanner, i: usize) -> Option<Figure> {
    let raw = s.raw(i);
    // A clock word after the time says it is one: "2045 GMT", "14:30 local time".
    let zone = |k: usize| {
        matches!(
            s.norm(k),
            "gmt"
                | "utc"
                | "hrs"
                | "hours"
                | "ist"
                | "cet"
                | "cest"
                | "bst"
                | "est"
                | "edt"
                | "pst"
                | "pdt"
                | "cst"
                | "cdt"
                | "mst"
                | "mdt"
                | "jst"
                | "wib"
        ) || (s.norm(k) == "local" && s.norm(k + 1) == "time")
    };
    // Four digits of a 24-hour clock before a time zone: "0241 GMT".
    if raw.len() == 4
        && raw.bytes().all(|b| b.is_ascii_digit())
        && zone(i + 1)
        && let (Ok(h), Ok(m)) = (raw[..2].parse::<u32>(), raw[2..].parse::<u32>())
        && h < 24
        && m < 60
    {
        return Some(time_figure(s, i, i + 1, h * 60 + m));
    }
    let (hour, minute, end) = if s.gap_after(i) == ":" {
        let next = s.raw(i + 1);
        // Two digits and what is glued to them ("41pm"); a word whose second byte is inside a
        // character is no time.
        let (digits, suffix) = next.split_at_checked(next.len().min(2))?;
        let minute = digits
            .parse::<u32>()
            .ok()
            .filter(|m| *m < 60 && digits.len() == 2)?;
        let hour: u32 = raw.parse().ok().filter(|h| *h < 24 && raw.len() <= 2)?;
        match suffix {
            // "6:41pm" arrives as "6" and "41pm".
            "am" | "pm" if (1..=12).contains(&hour) => {
                let pm = suffix == "pm";
                let minutes = (hour % 12 + if pm { 12 } else { 0 }) * 60 + minute;
                return Some(time_figure(s, i, i + 2, minutes));
            }
            "" => {}
            _ => return None,
        }
        // A 24-hour clock: an hour past noon, midnight, or a time zone after it. "at 8:30" alone
        // could be morning or evening and is left alone.
        if !matches!(s.norm(i + 2), "am" | "pm") && (hour == 0 || hour > 12 || zone(i + 2)) {
            return Some(time_figure(s, i, i + 2, hour * 60 + minute));
        }
        (small_int(raw, 12)?, minute, i + 2)
    } else if let Some(h) = raw.strip_suffix("am").or_else(|| raw.strip_suffix("pm")) {
        // "7am" arrives as one word.
        let h = small_int(h, 12)?;
        let pm = raw.ends_with("pm");
        let minutes = (h % 12 + if pm { 12 } else { 0 }) * 60;
        return Some(time_figure(s, i, i + 1, minutes));
    } else {
        (small_int(raw, 12)?, 0, i + 1)
    };
    let pm = match s.norm(end) {
        "pm" => true,
        "am" => false,
        _ => return None,
    };
    let minutes = (hour % 12 + if pm { 12 } else { 0 }) * 60 + minute;
    Some(time_figure(s, i, end + 1, minutes))
}

fn time_figure(s: &Scanner, i: usize, end: usize, minutes: u32) -> Figure {
    let (hedge, n) = hedge_before(&s.w, i);
    // "p.m." ends with a dot the word leaves out.
    let mut range_end = s.w[end - 1].range.end;
    if s.t[range_end..].starts_with('.') {
        range_end += 1;
    }
    Figure {
        range: s.w[i].range.start..range_end,
        words: i - n..end,
        kind: Kind::Time,
        value: minutes as f64,
        high: None,
        precision: 1.0,
        hedge,
        unit: "",
        date: DateParts::default(),
        in_words: false,
    }
}

fn small_int(raw: &str, max: u32) -> Option<u32> {
    let v: u32 = raw.parse().ok()?;
    (1..=max).contains(&v).then_some(v)
}

fn year_int(raw: &str) -> Option<i32> {
    if raw.len() != 4 {
        return None;
    }
    let y: i32 = raw.parse().ok()?;
    (1000..2200).contains(&y).then_some(y)
}

/// Dates: "Oct. 3", "October 3, 2021", "3 October 2021", "March 2021", "2021-03-05",
/// "Aug.1".
fn date_at(s: &Scanner, i: usize) -> Option<Figure> {
    let raw = s.raw(i);
    // ISO dates arrive as three words split by hyphens.
    if let Some(y) = year_int(raw)
        && s.gap_after(i) == "-"
        && s.raw(i + 1).len() == 2
        && s.gap_after(i + 1) == "-"
        && s.raw(i + 2).len() == 2
        && let (Some(m), Some(d)) = (small_int(s.raw(i + 1), 12), small_int(s.raw(i + 2), 31))
    {
        return Some(date_figure(s, i, i + 3, Some(y), m, Some(d)));
    }
    // "Aug.1" is one word to the tokenizer ("aug.1"): read it here.
    if let Some((mon, day)) = raw.split_once('.')
        && let Some(m) = month(&mon.to_lowercase())
        && let Some(d) = small_int(day, 31)
    {
        let mut end = i + 1;
        let mut year = None;
        if (s.gap_after(i).trim() == "," || s.gap_after(i).trim().is_empty())
            && let Some(y) = year_int(s.raw(i + 1))
        {
            year = Some(y);
            end += 1;
        }
        return Some(date_figure(s, i, end, year, m, Some(d)));
    }
    let m_here = month(s.norm(i));
    // "3 October 2021"
    if let Some(d) = small_int(raw, 31)
        && let Some(m) = month(s.norm(i + 1))
        && s.norm(i + 1).len() > 2
    {
        let mut end = i + 2;
        let mut year = None;
        if let Some(y) = year_int(s.raw(i + 2)) {
            year = Some(y);
            end += 1;
        }
        return Some(date_figure(s, i, end, year, m, Some(d)));
    }
    let m = m_here?;
    // "may" and "march" are also ordinary words: require a capital letter.
    if !raw.chars().next().is_some_and(|c| c.is_uppercase()) {
        return None;
    }
    let abbreviated = s.gap_after(i).starts_with('.');
    if matches!(
        s.norm(i),
        "may" | "mar" | "jun" | "jul" | "jan" | "dec" | "sep"
    ) && !abbreviated
        && !(small_int(s.raw(i + 1), 31).is_some() || year_int(s.raw(i + 1)).is_some())
    {
        return None;
    }
    let next = s.raw(i + 1);
    let next_suffixless = next
        .strip_suffix("st")
        .or_else(|| next.strip_suffix("nd"))
        .or_else(|| next.strip_suffix("rd"))
        .or_else(|| next.strip_suffix("th"))
        .unwrap_or(next);
    if let Some(d) = small_int(next_suffixless, 31)
        && year_int(next).is_none()
    {
        let mut end = i + 2;
        let mut year = None;
        let sep = s.gap_after(i + 1);
        if (sep.trim() == "," || sep.trim().is_empty())
            && let Some(y) = year_int(s.raw(i + 2))
        {
            year = Some(y);
            end += 1;
        }
        return Some(date_figure(s, i, end, year, m, Some(d)));
    }
    if let Some(y) = year_int(next) {
        return Some(date_figure(s, i, i + 2, Some(y), m, None));
    }
    // A month alone ("last December", "in August"), when a preposition or "last"/"next" says
    // it is a time and not a word ("a march", "the may").
    let preceding = s.norm(i.wrapping_sub(1));
    if i > 0
        && s.norm(i).len() > 3
        && matches!(
            preceding,
            "in" | "last"
                | "next"
                | "since"
                | "until"
                | "by"
                | "early"
                | "late"
                | "mid"
                | "this"
                | "during"
                | "before"
                | "after"
                | "through"
                | "from"
        )
    {
        return Some(date_figure(s, i, i + 1, None, m, None));
    }
    None
}

fn date_figure(
    s: &Scanner,
    i: usize,
    end: usize,
    year: Option<i32>,
    month: u32,
    day: Option<u32>,
) -> Figure {
    let (hedge, n) = hedge_before(&s.w, i);
    let date = DateParts {
        year,
        month: Some(month),
        day,
    };
    Figure {
        range: s.w[i].range.start..s.w[end - 1].range.end,
        words: i - n..end,
        kind: Kind::Date,
        value: year.unwrap_or(0) as f64 * 10000.0 + month as f64 * 100.0 + day.unwrap_or(0) as f64,
        high: None,
        precision: 1.0,
        hedge,
        unit: "",
        date,
        in_words: false,
    }
}

#[cfg(test)]
mod tests;
