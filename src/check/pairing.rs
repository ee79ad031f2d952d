//! Whether a draft figure and a source figure state the same quantity: a few features of the
//! two analysed figures and their sentences, combined by weights fitted on labelled pairs
//! (`examples/fit_pairing.rs`, data in `tests/pairs/`) into one calibrated probability.

use crate::figures::role::{AnalysedFigure, AnalysedSentence};
use crate::figures::{Figure, Kind};

/// The features, by name, in the order of the weights.
pub const FEATURES: [&str; 42] = [
    "bias",
    "sentence",
    "reverse",
    "local",
    "window",
    "relevance",
    "noun_same",
    "noun_differ",
    "noun_elsewhere",
    "modifier_extra",
    "names_shared",
    "names_conflict",
    "time_conflict",
    "time_agree",
    "comparator_conflict",
    "person",
    "kind_year",
    "kind_date",
    "bare",
    "ambiguity",
    "order",
    "short",
    "others_agree",
    "others_contradict",
    "left_same",
    "noun_near",
    "year_local",
    "year_sentence",
    "name_same",
    "name_differ",
    "local_best",
    "local_relevance",
    "sentence_relevance",
    "unit_differ",
    "noun_same_sentence",
    "noun_differ_sentence",
    "topic",
    "comparator_same",
    "comparator_one",
    "kind_time",
    "time_of_day_local",
    "noun_same_rare",
];

pub type Features = [f32; FEATURES.len()];

/// What is known of the source sentence beyond its own words.
#[derive(Debug, Clone, Copy, Default)]
pub struct SourceContext {
    /// How similar the sentences beside it are to the draft sentence (the best of the two).
    pub window: f32,
    /// How much of the draft paragraph's vocabulary the source passage around the sentence
    /// holds: whether the source is about what the paragraph is about.
    pub relevance: f32,
    /// How much of the whole draft's distinctive vocabulary the source document holds.
    pub topic: f32,
}

/// How the draft sentence's other figures fare in the source sentence.
fn others(d: &AnalysedFigure, ds: &AnalysedSentence, ss: &AnalysedSentence) -> (bool, bool) {
    let (mut agreeing, mut contradicting) = (0, 0);
    for o in ds
        .figures
        .iter()
        .filter(|o| o.figure.range != d.figure.range && !is_time(&o.figure))
    {
        let same_kind: Vec<&AnalysedFigure> = ss
            .figures
            .iter()
            .filter(|f| compatible(&o.figure, &f.figure))
            .collect();
        if same_kind.is_empty() {
            continue;
        }
        if same_kind
            .iter()
            .any(|f| crate::figures::agree(&o.figure, &f.figure))
        {
            agreeing += 1;
        } else {
            contradicting += 1;
        }
    }
    (agreeing > 0, agreeing == 0 && contradicting > 0)
}

/// Groups of counted nouns (as stems) that name the same thing in news copy.
const NOUN_CLASSES: &[&[&str]] = &[
    &[
        "peopl", "person", "individu", "resid", "civilian", "citizen", "inhabit", "soul",
    ],
    &["death", "dead", "fatal", "die", "kill", "bodi", "live"],
    &["injur", "injuri", "wound", "hurt"],
    &["home", "hous", "dwell", "household"],
    &["child", "children", "kid", "minor"],
    &["soldier", "troop", "servicemen"],
    &["offic", "policemen", "polic", "cop"],
    &["boat", "vessel", "ship", "skiff"],
    &["car", "vehicl", "automobil"],
    &["arrest", "detain", "detaine"],
    &["firefight", "fireman", "firemen"],
    &["worker", "employe", "staff", "job"],
    &["student", "pupil"],
    &["vote", "ballot"],
];

fn noun_class(stem: &str) -> Option<usize> {
    NOUN_CLASSES.iter().position(|c| c.contains(&stem))
}

/// Whether two counted nouns name the same thing.
pub fn same_noun(a: &str, b: &str) -> bool {
    a == b || noun_class(a).is_some_and(|c| noun_class(b) == Some(c))
}

/// Share of the idf weight of `a` that `b` (sorted) holds.
pub fn covered(a: &[u64], b: &[u64], idf: &mut dyn FnMut(u64) -> f32) -> f32 {
    let (mut total, mut shared) = (0.0f32, 0.0f32);
    for &k in a {
        let w = idf(k);
        total += w;
        if b.binary_search(&k).is_ok() {
            shared += w;
        }
    }
    if total > 0.0 { shared / total } else { 0.0 }
}

fn key(stem: &str) -> u64 {
    crate::index::hash_str(stem)
}

/// Idf-weighted similarity of the two figures' surroundings.
fn local(d: &AnalysedFigure, s: &AnalysedFigure, idf: &mut dyn FnMut(u64) -> f32) -> f32 {
    let mut total = 0.0;
    let mut shared = 0.0;
    for &(stem, w) in &d.role.context {
        let i = idf(stem);
        total += w * i;
        if let Some((_, sw)) = s.role.context.iter().find(|(x, _)| *x == stem) {
            shared += w.min(*sw) * i;
        }
    }
    for &(stem, w) in &s.role.context {
        total += w * idf(stem);
    }
    if total > 0.0 {
        2.0 * shared / total
    } else {
        0.0
    }
}

fn is_time(f: &Figure) -> bool {
    matches!(f.kind, Kind::Year | Kind::Date)
}

/// Whether the two sentences place their facts at the same time or at different times: both
/// name years or dates other than the figures compared, and some agree (`Some(true)`) or none
/// does (`Some(false)`).
fn same_time(
    d: &AnalysedFigure,
    ds: &AnalysedSentence,
    s: &AnalysedFigure,
    ss: &AnalysedSentence,
) -> Option<bool> {
    let times = |a: &'_ AnalysedSentence, own: &AnalysedFigure| -> Vec<Figure> {
        a.figures
            .iter()
            .filter(|f| is_time(&f.figure) && f.figure.range != own.figure.range)
            .map(|f| f.figure.clone())
            .collect()
    };
    let (dt, st) = (times(ds, d), times(ss, s));
    let mut comparable = false;
    for a in &dt {
        for b in &st {
            match crate::figures::compare(a, b) {
                crate::figures::Comparison::Agree => return Some(true),
                crate::figures::Comparison::Differ => comparable = true,
                // "September 1st" says nothing of "2017".
                crate::figures::Comparison::Incomparable => {}
            }
        }
    }
    comparable.then_some(false)
}

/// Whether a source figure is of a kind the draft figure can be compared with.
pub fn compatible(a: &Figure, b: &Figure) -> bool {
    let month_year =
        |f: &Figure| f.kind == Kind::Date && f.date.day.is_none() && f.date.year.is_some();
    if (month_year(a) && b.kind == Kind::Year) || (a.kind == Kind::Year && month_year(b)) {
        return true;
    }
    if a.kind != b.kind {
        return false;
    }
    // Quantities a thousand times apart are not one quantity misreported ("22" against "22.4
    // billion").
    if matches!(a.kind, Kind::Count | Kind::Money | Kind::Measure) {
        let (x, y) = (a.value.abs().max(1e-9), b.value.abs().max(1e-9));
        if x.max(y) / x.min(y) > 1000.0 {
            return false;
        }
    }
    match a.kind {
        // A date with a day and a month alone may speak of different things.
        Kind::Date => a.date.day.is_some() == b.date.day.is_some() || a.date.day.is_none(),
        _ => crate::figures::compare(a, b) != crate::figures::Comparison::Incomparable,
    }
}

/// Rank of figure `f` among the figures of `a` compatible with `like`, and how many there are.
fn rank(a: &AnalysedSentence, f: &AnalysedFigure, like: &Figure) -> (usize, usize) {
    let same: Vec<&AnalysedFigure> = a
        .figures
        .iter()
        .filter(|x| compatible(like, &x.figure))
        .collect();
    let r = same
        .iter()
        .position(|x| x.figure.range == f.figure.range)
        .unwrap_or(0);
    (r, same.len())
}

/// The features of pairing draft figure `d` (of sentence `ds`) with source figure `s` (of `ss`).
pub fn features(
    d: &AnalysedFigure,
    ds: &AnalysedSentence,
    s: &AnalysedFigure,
    ss: &AnalysedSentence,
    context: SourceContext,
    idf: &mut dyn FnMut(u64) -> f32,
) -> Features {
    let mut x = [0.0f32; FEATURES.len()];
    let mut set = |name: &str, v: f32| {
        let i = FEATURES
            .iter()
            .position(|n| *n == name)
            .expect("known feature");
        x[i] = v;
    };
    set("bias", 1.0);
    let sentence = covered(&ds.stems, &ss.stems, idf);
    let local = local(d, s, idf);
    set("sentence", sentence);
    set("reverse", covered(&ss.stems, &ds.stems, idf));
    set("local", local);
    set("window", context.window);
    set("relevance", context.relevance);
    set("topic", context.topic);
    // Closeness counts for little in a source about something else.
    set("local_relevance", local * context.relevance);
    set("sentence_relevance", sentence * context.relevance);
    if d.figure.unit != s.figure.unit {
        set("unit_differ", 1.0);
    }
    match (&d.role.noun, &s.role.noun) {
        (Some(a), Some(b)) if same_noun(a, b) => {
            set("noun_same", 1.0);
            // In sentences that tell the same thing, the counted noun tells their figures apart.
            set("noun_same_sentence", sentence);
            // "Five cheetahs" and "two cheetahs" speak of the same thing more surely than "five
            // people" and "two people".
            set("noun_same_rare", (idf(key(a)) / 10.0).min(1.0));
        }
        (Some(_), Some(_)) => {
            set("noun_differ", 1.0);
            set("noun_differ_sentence", sentence);
        }
        (Some(a), None) if ss.stems.binary_search(&key(a)).is_ok() => set("noun_elsewhere", 1.0),
        (None, Some(b)) if ds.stems.binary_search(&key(b)).is_ok() => set("noun_elsewhere", 1.0),
        _ => {}
    }
    // What one figure counts, right beside the other: "24 deaths" against "a death toll of 24".
    let near = |noun: &Option<String>, other: &AnalysedFigure| {
        noun.as_ref().is_some_and(|n| {
            other.role.context.iter().any(|&(x, w)| {
                w >= 0.5
                    && (x == key(n)
                        || NOUN_CLASSES
                            .iter()
                            .any(|c| c.contains(&n.as_str()) && c.iter().any(|m| key(m) == x)))
            })
        })
    };
    if near(&d.role.noun, s) || near(&s.role.noun, d) {
        set("noun_near", 1.0);
    }
    if d.role.left.is_some() && d.role.left == s.role.left {
        set("left_same", 1.0);
    }
    // Whose figure it is: the name nearest to each.
    match (&d.role.name, &s.role.name) {
        (Some(a), Some(b)) if a == b => set("name_same", 1.0),
        (Some(a), Some(b)) if !ss.names.contains(a) && !ds.names.contains(b) => {
            set("name_differ", 1.0)
        }
        _ => {}
    }
    // Among several comparable figures of the source sentence, the one whose surroundings are
    // most like the draft figure's is the likelier partner.
    let rivals: Vec<&AnalysedFigure> = ss
        .figures
        .iter()
        .filter(|x| compatible(&d.figure, &x.figure) && x.figure.range != s.figure.range)
        .collect();
    if !rivals.is_empty() {
        let best_rival = rivals
            .iter()
            .map(|r| self::local(d, r, idf))
            .fold(0.0f32, f32::max);
        set("local_best", if local > best_rival { 1.0 } else { -1.0 });
    }
    // Words that narrow one noun phrase and are nowhere in the other sentence: "pedestrian
    // deaths" against "road deaths".
    let extra = d
        .role
        .modifiers
        .iter()
        .filter(|m| ss.stems.binary_search(&key(m)).is_err())
        .count()
        + s.role
            .modifiers
            .iter()
            .filter(|m| ds.stems.binary_search(&key(m)).is_err())
            .count();
    set("modifier_extra", (extra as f32 / 2.0).min(1.0));
    let shared_names = ds.names.iter().filter(|n| ss.names.contains(n)).count();
    if shared_names > 0 {
        set("names_shared", 1.0);
    } else if !ds.names.is_empty() && !ss.names.is_empty() {
        set("names_conflict", 1.0);
    }
    match same_time(d, ds, s, ss) {
        Some(true) => set("time_agree", 1.0),
        Some(false) => set("time_conflict", 1.0),
        None => {}
    }
    // What a multiplier or share is measured against: "50 times more potent than heroin" is not
    // "23 times higher in 2021".
    match (&d.role.comparator, &s.role.comparator) {
        (Some(a), Some(b)) if a == b => set("comparator_same", 1.0),
        (Some(_), Some(_)) => set("comparator_conflict", 1.0),
        (Some(_), None) | (None, Some(_)) => set("comparator_one", 1.0),
        (None, None) => {}
    }
    match (&d.role.person, &s.role.person) {
        (Some(a), Some(b)) if crate::figures::role::same_person(a, b) => set("person", 1.0),
        (Some(_), Some(_)) => set("person", -1.0),
        _ => {}
    }
    let month_only = d.figure.kind == Kind::Date && d.figure.date.day.is_none();
    if d.figure.kind == Kind::Year || month_only {
        set("kind_year", 1.0);
        set("year_local", local);
        set("year_sentence", sentence);
    }
    if d.figure.kind == Kind::Date && !month_only {
        set("kind_date", 1.0);
    }
    // A story has many times of day (polls open, close, counted by…): only what they time tells
    // them apart.
    if d.figure.kind == Kind::Time {
        set("kind_time", 1.0);
        set("time_of_day_local", local);
    }
    if d.figure.kind == Kind::Count && d.role.noun.is_none() {
        set("bare", 1.0);
    }
    let (rs, ns) = rank(ss, s, &d.figure);
    let (rd, nd) = rank(ds, d, &d.figure);
    set("ambiguity", 1.0 - 1.0 / ns.max(1) as f32);
    // Parallel lists ("killed 5 and injured 30") keep their order.
    if ns >= 2 && nd == ns {
        set("order", if rs == rd { 1.0 } else { -1.0 });
    }
    if ds.stems.len() < 4 {
        set("short", 1.0);
    }
    // Another figure of the draft sentence agreeing with the source sentence says both tell the
    // same fact; only contradicting ones say it tells another.
    let (agreeing, contradicting) = others(d, ds, ss);
    if agreeing {
        set("others_agree", 1.0);
    }
    if contradicting {
        set("others_contradict", 1.0);
    }
    x
}

/// The position of a feature in `FEATURES`.
pub fn feature(name: &str) -> usize {
    FEATURES
        .iter()
        .position(|n| *n == name)
        .expect("a known feature")
}

/// The fitted weights in use, in the order of `FEATURES`; a feature the fit did not know weighs
/// nothing.
pub fn weights() -> Features {
    static WEIGHTS: std::sync::OnceLock<Features> = std::sync::OnceLock::new();
    *WEIGHTS.get_or_init(|| {
        let mut w = [0.0f32; FEATURES.len()];
        for (name, v) in super::pairing_weights::WEIGHTS {
            if let Some(i) = FEATURES.iter().position(|n| n == name) {
                w[i] = *v;
            }
        }
        w
    })
}

/// The probability from which a pairing is confident.
pub fn threshold() -> f32 {
    super::pairing_weights::THRESHOLD
}

/// The least share of the draft's subject a source passage must hold before its figures are
/// paired at all.
pub fn topic_floor() -> f32 {
    super::pairing_weights::TOPIC_FLOOR
}

/// The probability that a pairing states the same quantity, zero for a source about something
/// else than the draft.
pub fn confidence(x: &Features, weights: &Features, floor: f32) -> f32 {
    let topic = FEATURES.iter().position(|n| *n == "topic").unwrap_or(0);
    if x[topic] < floor {
        0.0
    } else {
        probability(x, weights)
    }
}

/// The probability that a pairing with these features states the same quantity.
pub fn probability(x: &Features, weights: &Features) -> f32 {
    let z: f32 = x.iter().zip(weights).map(|(a, b)| a * b).sum();
    1.0 / (1.0 + (-z).exp())
}

/// Logistic regression by Newton's method with a small ridge penalty: the weights that make the
/// labelled pairs most likely. Deterministic, so the fit reproduces exactly.
pub fn fit(samples: &[(Features, bool)], ridge: f64, iterations: usize) -> Features {
    const N: usize = FEATURES.len();
    let mut w = [0.0f64; N];
    for _ in 0..iterations {
        let mut grad = [0.0f64; N];
        let mut hess = [[0.0f64; N]; N];
        for (x, y) in samples {
            let z: f64 = (0..N).map(|i| w[i] * f64::from(x[i])).sum();
            let p = 1.0 / (1.0 + (-z).exp());
            let err = p - if *y { 1.0 } else { 0.0 };
            let v = (p * (1.0 - p)).max(1e-9);
            for i in 0..N {
                let xi = f64::from(x[i]);
                grad[i] += err * xi;
                for j in 0..N {
                    hess[i][j] += v * xi * f64::from(x[j]);
                }
            }
        }
        // The bias is not penalised.
        for i in 1..N {
            grad[i] += ridge * w[i];
            hess[i][i] += ridge;
        }
        hess[0][0] += 1e-9;
        let Some(step) = solve(hess, grad) else { break };
        let mut change = 0.0f64;
        for i in 0..N {
            w[i] -= step[i];
            change = change.max(step[i].abs());
        }
        if change < 1e-10 {
            break;
        }
    }
    let mut out = [0.0f32; N];
    for i in 0..N {
        out[i] = w[i] as f32;
    }
    out
}

/// Solves `a · x = b` by Gaussian elimination with partial pivoting.
fn solve<const N: usize>(mut a: [[f64; N]; N], mut b: [f64; N]) -> Option<[f64; N]> {
    for col in 0..N {
        let pivot = (col..N).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[pivot][col].abs() < 1e-12 {
            return None;
        }
        a.swap(col, pivot);
        b.swap(col, pivot);
        let pivot_row = a[col];
        for row in col + 1..N {
            let k = a[row][col] / pivot_row[col];
            for (x, p) in a[row].iter_mut().zip(pivot_row).skip(col) {
                *x -= k * p;
            }
            b[row] -= k * b[col];
        }
    }
    let mut x = [0.0f64; N];
    for row in (0..N).rev() {
        let s: f64 = (row + 1..N).map(|c| a[row][c] * x[c]).sum();
        x[row] = (b[row] - s) / a[row][row];
    }
    Some(x)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::role::analyse;

    #[test]
    fn the_fit_recovers_a_known_rule() {
        // Pairs are the same quantity exactly when "sentence" is high.
        let mut samples = Vec::new();
        for k in 0..200 {
            let mut x = [0.0f32; FEATURES.len()];
            x[0] = 1.0;
            x[1] = (k % 20) as f32 / 20.0;
            x[2] = ((k * 7) % 13) as f32 / 13.0;
            samples.push((x, x[1] > 0.5));
        }
        let w = fit(&samples, 0.01, 50);
        let p = |s: f32| {
            let mut x = [0.0f32; FEATURES.len()];
            x[0] = 1.0;
            x[1] = s;
            probability(&x, &w)
        };
        assert!(p(0.9) > 0.9 && p(0.1) < 0.1, "{w:?}");
        assert!(w[2].abs() < w[1].abs() / 5.0);
    }

    #[test]
    fn features_of_a_subset_and_of_the_same_count() {
        let mut idf = |_: u64| 1.0f32;
        let ds = analyse("Police said 3,000 pedestrian deaths were recorded.");
        let ss = analyse("Police said 12,000 road deaths were recorded.");
        let x = features(
            &ds.figures[0],
            &ds,
            &ss.figures[0],
            &ss,
            SourceContext::default(),
            &mut idf,
        );
        let get = |n: &str| x[FEATURES.iter().position(|f| *f == n).unwrap()];
        assert_eq!(get("noun_same"), 1.0);
        assert_eq!(get("modifier_extra"), 1.0);
        let ds = analyse("In 2021, 30 people drowned off Lesbos.");
        let ss = analyse("In 2019, 30 people drowned off Lesbos.");
        let x = features(
            &ds.figures[1],
            &ds,
            &ss.figures[1],
            &ss,
            SourceContext::default(),
            &mut idf,
        );
        assert_eq!(
            x[FEATURES.iter().position(|f| *f == "time_conflict").unwrap()],
            1.0
        );
    }

    #[test]
    fn nouns_of_one_class_are_the_same_noun() {
        assert!(same_noun("death", "fatal"));
        assert!(same_noun("boat", "vessel"));
        assert!(!same_noun("death", "injuri"));
    }
}
