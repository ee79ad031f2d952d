//! Weights of the pairing model, by feature (`pairing::FEATURES`), and the probability from which
//! a pairing is confident. Written by `cargo run --release --example fit_pairing -- ../shared/corpora/ecbplus 1-14 --write`
//! from the labels in `tests/pairs/labels/`; do not edit.

#[allow(clippy::excessive_precision)]
pub const WEIGHTS: &[(&str, f32)] = &[
    ("bias", -2.035528),
    ("sentence", 2.078205),
    ("reverse", 0.720957),
    ("local", 3.263874),
    ("window", -0.532801),
    ("relevance", 1.600393),
    ("noun_same", 0.177204),
    ("noun_differ", -0.594500),
    ("noun_elsewhere", -0.393242),
    ("modifier_extra", -0.431803),
    ("names_shared", -0.246566),
    ("names_conflict", -0.009426),
    ("time_conflict", -1.511265),
    ("time_agree", 1.197440),
    ("comparator_conflict", -1.473104),
    ("person", -0.199717),
    ("kind_year", -0.710656),
    ("kind_date", 0.009598),
    ("bare", -0.278051),
    ("ambiguity", -2.013514),
    ("order", 0.813324),
    ("short", -0.953714),
    ("others_agree", -0.048015),
    ("others_contradict", -1.366378),
    ("left_same", 0.378846),
    ("noun_near", 0.052489),
    ("year_local", -0.350835),
    ("year_sentence", 1.692329),
    ("name_same", 0.236383),
    ("name_differ", -0.083134),
    ("local_best", 0.576861),
    ("local_relevance", -0.325375),
    ("sentence_relevance", -2.103240),
    ("unit_differ", -1.432446),
    ("noun_same_sentence", -0.043987),
    ("noun_differ_sentence", -0.793011),
    ("topic", -0.212006),
];
pub const THRESHOLD: f32 = 0.520000;
pub const TOPIC_FLOOR: f32 = 0.129313;
