//! Whether a draft's figure agrees with a source's figure about the same thing.

use super::{Figure, Hedge, Kind};

/// The values a figure allows, given its hedge, its range and the rounding it was written with.
fn interval(f: &Figure) -> (f64, f64) {
    let lo = f.value;
    let hi = f.high.unwrap_or(f.value);
    // A round number stands for the numbers that round to it, within reason: "1,500" allows
    // 1,487, "100" does not allow 110.
    // A hedge already says how far the value may be from the number written.
    let slack = match f.kind {
        _ if f.hedge != Hedge::Exact => 0.0,
        Kind::Year | Kind::Date | Kind::Ordinal => 0.0,
        // "around 8 p.m." allows a quarter of an hour either way.
        Kind::Time => 0.0,
        _ if f.in_words && f.kind == Kind::Percent => 4.0,
        _ => (f.precision / 2.0).min(0.05 * lo.abs()).max(0.0),
    };
    let (lo, hi) = (lo - slack, hi + slack);
    match f.hedge {
        Hedge::Exact => (lo, hi),
        Hedge::About if f.kind == Kind::Time => (lo - 15.0, hi + 15.0),
        Hedge::About => (lo * 0.9, hi * 1.1),
        Hedge::Nearly => (lo * 0.9, hi),
        Hedge::AtLeast => (lo, hi * 1.2),
        Hedge::AtMost => (lo * 0.8, hi),
    }
}

/// Whether a draft figure is consistent with a source figure of the same kind. Generous by
/// design: a warning needs a real difference, not a rounding or a hedge.
pub fn agree(draft: &Figure, source: &Figure) -> bool {
    // A month and year against a year (or a decade): the years decide.
    if (draft.kind == Kind::Date) != (source.kind == Kind::Date) {
        let (date, year) = if draft.kind == Kind::Date {
            (draft, source)
        } else {
            (source, draft)
        };
        return date.date.year.is_none_or(|y| {
            let y = f64::from(y);
            y >= year.value && y <= year.high.unwrap_or(year.value)
        });
    }
    if draft.kind == Kind::Date || source.kind == Kind::Date {
        let (a, b) = (draft.date, source.date);
        let same = |x: Option<i64>, y: Option<i64>| x.is_none() || y.is_none() || x == y;
        return same(a.year.map(i64::from), b.year.map(i64::from))
            && same(a.month.map(i64::from), b.month.map(i64::from))
            && same(a.day.map(i64::from), b.day.map(i64::from));
    }
    if draft.kind == Kind::Money
        && !draft.unit.is_empty()
        && !source.unit.is_empty()
        && draft.unit != source.unit
    {
        // Different currencies cannot be compared without a rate: say nothing.
        return true;
    }
    if draft.kind == Kind::Measure && draft.unit != source.unit {
        // Other units need a conversion: say nothing.
        return true;
    }
    if draft.kind == Kind::Duration && draft.unit != source.unit {
        return convert_duration(draft)
            .zip(convert_duration(source))
            .is_none_or(|(a, b)| (a - b).abs() <= 0.1 * b.abs().max(1.0));
    }
    // A lower bound rounded down from the source's value is faithful: "more than 70,000" for
    // "more than 73,600" or for 73,600; likewise an upper bound rounded up. "More than 63,600" is
    // not a rounding of 73,600.
    let bound_of_source = source.high.is_none()
        && draft.high.is_none()
        && matches!(source.hedge, Hedge::Exact | Hedge::AtLeast | Hedge::AtMost)
        && draft.precision > 1.0;
    if bound_of_source {
        let (x, s, p) = (draft.value, source.value, draft.precision);
        let eps = 1e-9 * (x.abs() + s.abs() + 1.0);
        // Rounded at the draft's own granularity, and not far: "up to 20" is no rounding of 12.
        let near = (x - s).abs() <= 0.15 * s.abs() + eps;
        match (draft.hedge, source.hedge) {
            (Hedge::AtLeast, Hedge::Exact | Hedge::AtLeast)
                if near && ((s / p).floor() * p - x).abs() <= eps =>
            {
                return true;
            }
            (Hedge::AtMost, Hedge::Exact | Hedge::AtMost)
                if near && ((s / p).ceil() * p - x).abs() <= eps =>
            {
                return true;
            }
            _ => {}
        }
    }
    // The same hedge on both sides compares the numbers themselves: "more than 60,000" does not
    // agree with "more than 73,600".
    if draft.hedge == source.hedge && draft.hedge != Hedge::Exact {
        let mut d = draft.clone();
        let mut s = source.clone();
        d.hedge = Hedge::Exact;
        s.hedge = Hedge::Exact;
        return agree(&d, &s);
    }
    // Two ranges agree end by end: "18 to 39" is not "18 to 49".
    if draft.high.is_some() && source.high.is_some() && draft.hedge == Hedge::Exact {
        let ends = |f: &Figure, v: f64| Figure {
            value: v,
            high: None,
            ..f.clone()
        };
        return agree(&ends(draft, draft.value), &ends(source, source.value))
            && agree(
                &ends(draft, draft.high.unwrap_or(draft.value)),
                &ends(source, source.high.unwrap_or(source.value)),
            );
    }
    let (a_lo, a_hi) = interval(draft);
    let (b_lo, b_hi) = interval(source);
    let eps = 1e-9 * (a_hi.abs() + b_hi.abs() + 1.0);
    a_lo <= b_hi + eps && b_lo <= a_hi + eps
}

fn convert_duration(f: &Figure) -> Option<f64> {
    let days = match f.unit {
        "year" => 365.25,
        "decade" => 3652.5,
        "month" => 30.44,
        "week" => 7.0,
        "day" => 1.0,
        _ => return None,
    };
    Some(f.value * days)
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
