//! Reading numbers written in digits or in words.

/// A number read from one or more words.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Number {
    pub value: f64,
    /// The rounding granularity the writer used: 1,500 → 100; 1.2 million → 100,000; 42 → 1.
    pub precision: f64,
    /// Words consumed.
    pub len: usize,
    /// Written in words (forty-two, a dozen, two-thirds).
    pub in_words: bool,
    /// A fraction such as "two-thirds" or "half" (value is the fraction, not a count).
    pub fraction: bool,
}

pub fn unit_word(w: &str) -> Option<f64> {
    Some(match w {
        "zero" => 0.0,
        "one" => 1.0,
        "two" => 2.0,
        "three" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "nine" => 9.0,
        "ten" => 10.0,
        "eleven" => 11.0,
        "twelve" => 12.0,
        "thirteen" => 13.0,
        "fourteen" => 14.0,
        "fifteen" => 15.0,
        "sixteen" => 16.0,
        "seventeen" => 17.0,
        "eighteen" => 18.0,
        "nineteen" => 19.0,
        _ => return None,
    })
}

pub fn tens_word(w: &str) -> Option<f64> {
    Some(match w {
        "twenty" => 20.0,
        "thirty" => 30.0,
        "forty" => 40.0,
        "fifty" => 50.0,
        "sixty" => 60.0,
        "seventy" => 70.0,
        "eighty" => 80.0,
        "ninety" => 90.0,
        _ => return None,
    })
}

pub fn scale_word(w: &str) -> Option<f64> {
    Some(match w {
        "hundred" => 1e2,
        "thousand" => 1e3,
        "million" | "mln" => 1e6,
        "billion" | "bln" => 1e9,
        "trillion" => 1e12,
        _ => return None,
    })
}

pub fn ordinal_word(w: &str) -> Option<f64> {
    Some(match w {
        "first" => 1.0,
        "second" => 2.0,
        "third" => 3.0,
        "fourth" => 4.0,
        "fifth" => 5.0,
        "sixth" => 6.0,
        "seventh" => 7.0,
        "eighth" => 8.0,
        "ninth" => 9.0,
        "tenth" => 10.0,
        "eleventh" => 11.0,
        "twelfth" => 12.0,
        "twentieth" => 20.0,
        "hundredth" => 100.0,
        _ => return None,
    })
}

fn fraction_denominator(w: &str) -> Option<f64> {
    Some(match w {
        "half" | "halves" => 2.0,
        "third" | "thirds" => 3.0,
        "quarter" | "quarters" | "fourth" | "fourths" => 4.0,
        "fifth" | "fifths" => 5.0,
        "sixth" | "sixths" => 6.0,
        "eighth" | "eighths" => 8.0,
        "tenth" | "tenths" => 10.0,
        _ => return None,
    })
}

/// The granularity of a number as written in digits: "1,500" → 100, "42" → 1, "1.25" → 0.01.
pub fn digit_precision(digits: &str) -> f64 {
    let digits: String = digits.chars().filter(|c| *c != ',').collect();
    if let Some((_, frac)) = digits.split_once('.') {
        return 10f64.powi(-(frac.len() as i32));
    }
    let trailing = digits.chars().rev().take_while(|&c| c == '0').count();
    if trailing == digits.len() {
        return 1.0;
    }
    10f64.powi(trailing as i32)
}

/// Parses a plain digit token such as "73,600" or "1.5" (thousands separators must be well
/// placed).
pub fn parse_digits(s: &str) -> Option<f64> {
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    if int.is_empty() || !int.chars().next()?.is_ascii_digit() {
        return None;
    }
    if int.contains(',') {
        let groups: Vec<&str> = int.split(',').collect();
        if groups[0].is_empty()
            || groups[0].len() > 3
            || groups[1..].iter().any(|g| g.len() != 3)
            || groups
                .iter()
                .any(|g| !g.chars().all(|c| c.is_ascii_digit()))
        {
            return None;
        }
    } else if !int.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    if let Some(f) = frac
        && (f.is_empty() || !f.chars().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    s.replace(',', "").parse().ok()
}

/// Reads a number written in words starting at `words[0]`: "forty-two thousand three hundred",
/// "a dozen", "two-thirds", "half", "a hundred and twelve". Words are normalised and hyphenated
/// words arrive split ("forty", "two").
pub fn parse_number_words(words: &[&str]) -> Option<Number> {
    let first = *words.first()?;
    let next = words.get(1).copied().unwrap_or("");
    // Fractions: "two-thirds", "three quarters", "a third", "half", "one in five" is left alone.
    if first == "half" {
        return Some(Number {
            value: 0.5,
            precision: 0.05,
            len: 1,
            in_words: true,
            fraction: true,
        });
    }
    let numerator = match first {
        "a" | "an" | "one" => Some(1.0),
        w => unit_word(w),
    };
    if let (Some(n), Some(d)) = (numerator, fraction_denominator(next))
        && (n > 1.0) == next.ends_with('s')
        && !(n == 1.0 && matches!(next, "second" | "fourth"))
    {
        return Some(Number {
            value: n / d,
            precision: 0.05,
            len: 2,
            in_words: true,
            fraction: true,
        });
    }
    if first == "dozen" || ((first == "a" || first == "one") && next == "dozen") {
        return Some(Number {
            value: 12.0,
            precision: 1.0,
            len: if first == "dozen" { 1 } else { 2 },
            in_words: true,
            fraction: false,
        });
    }
    let mut total = 0.0;
    let mut current = 0.0;
    let mut used = 0;
    let mut last_precision = 1.0;
    let mut seen_number = false;
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        if let Some(v) = unit_word(w) {
            if seen_number && current % 100.0 != 0.0 && current != 0.0 && !is_after_tens(words, i) {
                break;
            }
            current += v;
            last_precision = 1.0;
        } else if let Some(v) = tens_word(w) {
            if seen_number && current % 100.0 != 0.0 {
                break;
            }
            current += v;
            last_precision = 10.0;
        } else if let Some(s) = scale_word(w) {
            if !seen_number {
                // "a hundred", "a thousand"
                if i == 1 && matches!(words[0], "a" | "an") {
                    current = 1.0;
                } else {
                    break;
                }
            }
            if current == 0.0 {
                current = 1.0;
            }
            if s == 100.0 {
                current *= s;
            } else {
                total += current * s;
                current = 0.0;
            }
            last_precision = s;
        } else if w == "dozen" && seen_number && current > 0.0 && current < 100.0 {
            // "two dozen", "three dozen"
            current *= 12.0;
            last_precision = 12.0;
        } else if (w == "a" || w == "an") && i == 0 {
            i += 1;
            continue;
        } else if w == "and" && seen_number && i + 1 < words.len() {
            let n = words[i + 1];
            if unit_word(n).is_some() || tens_word(n).is_some() {
                i += 1;
                continue;
            }
            break;
        } else {
            break;
        }
        seen_number = true;
        i += 1;
        used = i;
    }
    if !seen_number {
        return None;
    }
    // "two and a half", "three and a quarter"
    let mut value = total + current;
    if words.get(used) == Some(&"and") && matches!(words.get(used + 1), Some(&("a" | "one"))) {
        let part = match words.get(used + 2) {
            Some(&"half") => Some(0.5),
            Some(&"quarter") => Some(0.25),
            _ => None,
        };
        if let Some(part) = part
            && value < 1000.0
        {
            value += part;
            used += 3;
            last_precision = part;
        }
    }
    Some(Number {
        value,
        precision: last_precision,
        len: used,
        in_words: true,
        fraction: false,
    })
}

fn is_after_tens(words: &[&str], i: usize) -> bool {
    i > 0 && tens_word(words[i - 1]).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Option<(f64, usize)> {
        let v: Vec<&str> = s.split([' ', '-']).collect();
        parse_number_words(&v).map(|n| (n.value, n.len))
    }

    #[test]
    fn number_words() {
        assert_eq!(
            words("forty-two thousand three hundred"),
            Some((42300.0, 5))
        );
        assert_eq!(words("four agencies"), Some((4.0, 1)));
        assert_eq!(words("a dozen eggs"), Some((12.0, 2)));
        assert_eq!(words("two dozen people"), Some((24.0, 2)));
        assert_eq!(words("a hundred and twelve"), Some((112.0, 4)));
        assert_eq!(words("twenty-three times"), Some((23.0, 2)));
        assert_eq!(words("one million"), Some((1e6, 2)));
        assert_eq!(words("three hundred billion"), Some((3e11, 3)));
        assert_eq!(words("seventy"), Some((70.0, 1)));
        assert_eq!(words("fentanyl"), None);
        assert_eq!(words("a man"), None);
        // Two numbers side by side are not one number.
        assert_eq!(words("five six"), Some((5.0, 1)));
        assert_eq!(words("two and a half years"), Some((2.5, 4)));
        assert_eq!(words("two and a dog"), Some((2.0, 1)));
    }

    #[test]
    fn fractions() {
        let f = |s: &str| words(s).map(|(v, _)| (v * 100.0).round());
        assert_eq!(f("two-thirds"), Some(67.0));
        assert_eq!(f("three-quarters"), Some(75.0));
        assert_eq!(f("half"), Some(50.0));

        assert_eq!(f("a third"), Some(33.0));
        assert_eq!(f("one-fifth"), Some(20.0));
        // "the second" is an ordinal, not a half.
        assert_eq!(words("one second"), Some((1.0, 1)));
    }

    #[test]
    fn digits() {
        assert_eq!(parse_digits("73,600"), Some(73600.0));
        assert_eq!(parse_digits("1.5"), Some(1.5));
        assert_eq!(parse_digits("42300"), Some(42300.0));
        assert_eq!(parse_digits("1,50"), None);
        assert_eq!(parse_digits("12,3456"), None);
        assert_eq!(digit_precision("1,500"), 100.0);
        assert_eq!(digit_precision("1,487"), 1.0);
        assert_eq!(digit_precision("1.25"), 0.01);
        assert_eq!(digit_precision("0"), 1.0);
    }
}
