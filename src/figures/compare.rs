//! Whether a draft's figure agrees with a source's figure about the same thing.

use super::{Figure, Hedge, Kind};

/// What comparing two figures found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    /// Consistent: equal, a rounding, within a hedge in its own direction, an equivalent form.
    Agree,
    /// The two values cannot both be right.
    Differ,
    /// The figures cannot be compared (other currencies, units of another dimension): neither
    /// support nor contradiction.
    Incomparable,
}

/// How far "about" reaches, as a share of the value.
const ABOUT: f64 = 0.1;
/// How far below its number "nearly" reaches.
const NEARLY: f64 = 0.1;
/// How far beyond its number "more than" or "up to" reaches: "more than 20" is not 30.
const BOUND: f64 = 0.25;
/// A rounding may move a value by at most this share.
const ROUNDING: f64 = 0.05;
/// A fraction in words ("two-thirds") stands for percentages this many points around it.
const WORD_FRACTION: f64 = 4.0;
/// Values converted between units (kilometres, miles) agree within this share.
const CONVERSION: f64 = 0.05;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * (a.abs() + b.abs() + 1.0)
}

/// The rounding a figure's digits imply, as far as it is believable: trailing zeros make a
/// rounding only when the unit is small beside the value ("1,500" rounds to hundreds, "20" is
/// exactly twenty). Integers round to 1, decimals to their last digit.
fn rounding_unit(f: &Figure) -> f64 {
    if matches!(
        f.kind,
        Kind::Year | Kind::Date | Kind::Ordinal | Kind::Time | Kind::Age
    ) {
        return 0.0;
    }
    if f.precision < 1.0 {
        return f.precision;
    }
    let mut unit = 1.0;
    while unit * 10.0 <= f.precision && unit * 10.0 <= 0.1 * f.value.abs() {
        unit *= 10.0;
    }
    unit
}

/// Half the rounding unit, when the figure's digits make it a rounding at all (not for a plain
/// integer).
fn rounding_reach(f: &Figure) -> f64 {
    let unit = rounding_unit(f);
    if unit == 1.0 && f.precision >= 1.0 {
        0.0
    } else {
        unit / 2.0
    }
}

/// Whether two stated numbers are the same number, one perhaps a rounding of the other.
fn same_number(a: &Figure, x: f64, b: &Figure, y: f64) -> bool {
    if close(x, y) {
        return true;
    }
    if (a.in_words && a.kind == Kind::Percent && a.precision >= 1.0)
        || (b.in_words && b.kind == Kind::Percent && b.precision >= 1.0)
    {
        return (x - y).abs() <= WORD_FRACTION;
    }
    // The coarser of the two may be a rounding of the other; two figures written to the same
    // unit must be equal.
    let (ua, ub) = (rounding_unit(a), rounding_unit(b));
    if close(ua, ub) {
        return false;
    }
    let (unit, coarser, finer) = if ua > ub { (ua, x, y) } else { (ub, y, x) };
    let gap = (coarser - finer).abs();
    gap <= unit / 2.0 + 1e-9 * (x.abs() + y.abs())
        && gap <= ROUNDING * finer.abs().max(coarser.abs())
}

/// The values a hedged number allows: `(low, high, low_open, high_open)`.
fn hedge_interval(f: &Figure, v: f64) -> (f64, f64, bool, bool) {
    let unit = rounding_reach(f);
    let reach = |share: f64| match f.kind {
        Kind::Year | Kind::Age => 1.0,
        Kind::Time => 15.0,
        Kind::Date | Kind::Ordinal => 0.0,
        _ => (share * v.abs()).max(unit),
    };
    match f.hedge {
        Hedge::Exact => (v - unit, v + unit, false, false),
        Hedge::About => (v - reach(ABOUT), v + reach(ABOUT), false, false),
        Hedge::Nearly => (v - reach(NEARLY), v, false, false),
        Hedge::AtLeast => (v, v + reach(BOUND), false, false),
        Hedge::AtMost => (v - reach(BOUND), v, false, false),
    }
}

fn overlap(a: (f64, f64, bool, bool), b: (f64, f64, bool, bool)) -> bool {
    let eps = 1e-9 * (a.1.abs() + b.1.abs() + 1.0);
    // Two intervals that only touch are two different claims ("nearly 100" and "more than 100").
    a.0 < b.1 - eps && b.0 < a.1 - eps
        || (a.0 - a.1).abs() <= eps && a.0 >= b.0 - eps && a.0 <= b.1 + eps
        || (b.0 - b.1).abs() <= eps && b.0 >= a.0 - eps && b.0 <= a.1 + eps
}

/// A lower bound rounded down from the source's value at the draft's own granularity is
/// faithful ("more than 70,000" for 73,600); likewise an upper bound rounded up.
fn bound_of(draft: &Figure, source: &Figure) -> bool {
    if source.high.is_some()
        || draft.high.is_some()
        || !matches!(source.hedge, Hedge::Exact | Hedge::AtLeast | Hedge::AtMost)
        || draft.precision <= 1.0
    {
        return false;
    }
    let (x, s, p) = (draft.value, source.value, draft.precision);
    let near = (x - s).abs() <= 0.15 * s.abs() + 1e-9;
    match (draft.hedge, source.hedge) {
        (Hedge::AtLeast, Hedge::Exact | Hedge::AtLeast) => near && close((s / p).floor() * p, x),
        (Hedge::AtMost, Hedge::Exact | Hedge::AtMost) => near && close((s / p).ceil() * p, x),
        _ => false,
    }
}

/// Units of measure in one base unit per dimension.
fn base_unit(unit: &str) -> Option<(&'static str, f64)> {
    Some(match unit {
        "km" => ("length", 1000.0),
        "mile" => ("length", 1609.344),
        "m" => ("length", 1.0),
        "cm" => ("length", 0.01),
        "ft" => ("length", 0.3048),
        "in" => ("length", 0.0254),
        "kg" => ("mass", 1.0),
        "g" => ("mass", 0.001),
        "mg" => ("mass", 1e-6),
        "t" => ("mass", 1000.0),
        "lb" => ("mass", 0.453_592_37),
        "acre" => ("area", 4046.86),
        "ha" => ("area", 10_000.0),
        "l" => ("volume", 1.0),
        "gal" => ("volume", 3.785_41),
        "mph" => ("speed", 1.609_344),
        "km/h" => ("speed", 1.0),
        _ => return None,
    })
}

fn duration_days(unit: &str) -> Option<f64> {
    Some(match unit {
        "year" => 365.25,
        "decade" => 3652.5,
        "month" => 30.44,
        "week" => 7.0,
        "day" => 1.0,
        "hour" => 1.0 / 24.0,
        "minute" => 1.0 / 1440.0,
        _ => return None,
    })
}

/// Two figures in different units of one dimension, converted: agree within a conversion's
/// rounding.
fn converted(draft: &Figure, source: &Figure, factor_d: f64, factor_s: f64) -> Comparison {
    let scale = |f: &Figure, k: f64| Figure {
        value: f.value * k,
        high: f.high.map(|h| h * k),
        precision: 1.0,
        ..f.clone()
    };
    let (d, s) = (scale(draft, factor_d), scale(source, factor_s));
    let (dl, dh, _, _) = hedge_interval(&d, d.value);
    let (sl, sh, _, _) = hedge_interval(&s, s.value);
    let widen = |lo: f64, hi: f64| (lo - CONVERSION * lo.abs(), hi + CONVERSION * hi.abs());
    let (dl, dh) = widen(dl, d.high.unwrap_or(dh).max(dh));
    let (sl, sh) = (sl, s.high.unwrap_or(sh).max(sh));
    if dl <= sh && sl <= dh {
        Comparison::Agree
    } else {
        Comparison::Differ
    }
}

/// Compares a draft figure with a source figure of the same kind (or a year with a date).
pub fn compare(draft: &Figure, source: &Figure) -> Comparison {
    use Comparison::{Agree, Differ, Incomparable};
    let verdict = |b: bool| if b { Agree } else { Differ };
    // A month and year against a year (or a decade): the years decide.
    if (draft.kind == Kind::Date) != (source.kind == Kind::Date) {
        let (date, year) = if draft.kind == Kind::Date {
            (draft, source)
        } else {
            (source, draft)
        };
        if year.kind != Kind::Year {
            return Incomparable;
        }
        return match date.date.year {
            None => Incomparable,
            Some(y) => {
                let y = f64::from(y);
                let (lo, hi) = (year.value, year.high.unwrap_or(year.value));
                let reach = if year.hedge == Hedge::About { 1.0 } else { 0.0 };
                verdict(y >= lo - reach && y <= hi + reach)
            }
        };
    }
    if draft.kind == Kind::Date {
        let (a, b) = (draft.date, source.date);
        let same = |x: Option<u32>, y: Option<u32>| x.is_none() || y.is_none() || x == y;
        let year = a.year.is_none() || b.year.is_none() || a.year == b.year;
        return verdict(year && same(a.month, b.month) && same(a.day, b.day));
    }
    match draft.kind {
        Kind::Money
            if !draft.unit.is_empty() && !source.unit.is_empty() && draft.unit != source.unit =>
        {
            // Different currencies cannot be compared without a rate.
            return Incomparable;
        }
        Kind::Measure if draft.unit != source.unit => {
            return match (base_unit(draft.unit), base_unit(source.unit)) {
                (Some((dim_d, k_d)), Some((dim_s, k_s))) if dim_d == dim_s => {
                    converted(draft, source, k_d, k_s)
                }
                _ => Incomparable,
            };
        }
        Kind::Duration if draft.unit != source.unit => {
            return match (duration_days(draft.unit), duration_days(source.unit)) {
                (Some(k_d), Some(k_s)) => converted(draft, source, k_d, k_s),
                _ => Incomparable,
            };
        }
        _ => {}
    }
    // Ranges.
    match (draft.high, source.high) {
        (Some(dh), Some(sh)) => {
            return verdict(
                same_number(draft, draft.value, source, source.value)
                    && same_number(draft, dh, source, sh),
            );
        }
        (Some(dh), None) => {
            // A span of years ("the 1990s", "2010 to 2015") holds the years inside it.
            if draft.kind == Kind::Year {
                return verdict(source.value >= draft.value && source.value <= dh);
            }
            // A range is supported by a source stating one of its ends, not by any number
            // inside it.
            let sv = source.value;
            return verdict(
                same_number(draft, draft.value, source, sv) || same_number(draft, dh, source, sv),
            );
        }
        (None, Some(sh)) => {
            let dv = draft.value;
            let inside = dv >= source.value - 1e-9 && dv <= sh + 1e-9;
            let (lo, hi, _, _) = hedge_interval(draft, dv);
            let touches_end = |e: f64| same_number(draft, dv, source, e) || (lo <= e && e <= hi);
            return verdict(inside || touches_end(source.value) || touches_end(sh));
        }
        (None, None) => {}
    }
    if bound_of(draft, source) {
        return Agree;
    }
    // The same hedge on both sides compares the numbers themselves: "more than 60,000" is not
    // "more than 73,600".
    if draft.hedge == source.hedge {
        return verdict(same_number(draft, draft.value, source, source.value));
    }
    verdict(overlap(
        hedge_interval(draft, draft.value),
        hedge_interval(source, source.value),
    ))
}

/// Whether a draft figure is consistent with a source figure.
pub fn agree(draft: &Figure, source: &Figure) -> bool {
    compare(draft, source) == Comparison::Agree
}

/// A figure as a writer would put it in a sentence, for messages and fixes: "73,600",
/// "$300 billion", "July 7, 2023", "18 to 49".
pub fn describe(f: &Figure) -> String {
    if f.kind == Kind::Time {
        let m = f.value as u32;
        let (h, min) = (m / 60, m % 60);
        let half = if h >= 12 { "p.m." } else { "a.m." };
        let h12 = if h % 12 == 0 { 12 } else { h % 12 };
        return if min == 0 {
            format!("{h12} {half}")
        } else {
            format!("{h12}:{min:02} {half}")
        };
    }
    if f.kind == Kind::Date {
        let d = f.date;
        let month = d.month.map(super::month_name).unwrap_or("");
        return match (d.day, d.year) {
            (Some(day), Some(y)) => format!("{month} {day}, {y}"),
            (Some(day), None) => format!("{month} {day}"),
            (None, Some(y)) => format!("{month} {y}"),
            (None, None) => month.to_string(),
        };
    }
    let num = |v: f64| -> String {
        match f.kind {
            Kind::Year | Kind::Ordinal => format!("{v:.0}"),
            _ => format_number(v),
        }
    };
    let mut s = num(f.value);
    if let Some(h) = f.high {
        if f.kind == Kind::Year && h - f.value == 9.0 && f.value % 10.0 == 0.0 {
            return format!("the {}s", num(f.value));
        }
        s = format!("{s} to {}", num(h));
    }
    match f.kind {
        Kind::Money => {
            let u = if f.unit.is_empty() { "$" } else { f.unit };
            format!("{u}{s}")
        }
        Kind::Percent => format!("{s}%"),
        Kind::Multiplier => format!("{s} times"),
        Kind::Duration => format!("{s} {}s", f.unit),
        Kind::Measure => format!("{s} {}", f.unit),
        Kind::Age if f.high.is_some() => format!("ages {s}"),
        Kind::Age => format!("{s} years old"),
        _ => s,
    }
}

/// 73600 → "73,600"; 3e11 → "300 billion"; 1.5 → "1.5"; 66.666 → "66.7".
pub fn format_number(v: f64) -> String {
    let abs = v.abs();
    for (scale, word) in [(1e12, "trillion"), (1e9, "billion"), (1e6, "million")] {
        if abs >= scale {
            let x = v / scale;
            let t = if (x * 10.0).fract().abs() < 1e-9 {
                format!("{x:.1}")
            } else {
                format!("{x:.2}")
            };
            let t = t.trim_end_matches('0').trim_end_matches('.').to_string();
            return format!("{t} {word}");
        }
    }
    if v.fract().abs() > 1e-9 {
        let t = format!("{v:.1}");
        return t.trim_end_matches('0').trim_end_matches('.').to_string();
    }
    let digits = format!("{:.0}", abs);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 && digits.len() > 3 {
            out.push(',');
        }
        out.push(c);
    }
    if v < 0.0 { format!("-{out}") } else { out }
}
