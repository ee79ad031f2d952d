//! Weights of the pairing model, by feature (`pairing::FEATURES`), and the probability from which
//! a pairing is confident. Written by `cargo run --release --example fit_pairing -- ../shared/corpora/ecbplus 1-14 --write`
//! from the labels in `tests/pairs/labels/`; do not edit.

#[allow(clippy::excessive_precision)]
pub const WEIGHTS: &[(&str, f32)] = &[
    ("bias", -3.123468),
    ("sentence", 3.281926),
    ("reverse", 0.946928),
    ("local", 3.247402),
    ("window", -0.293178),
    ("relevance", 2.790554),
    ("noun_same", 0.113056),
    ("noun_differ", -0.685881),
    ("noun_elsewhere", -0.280699),
    ("modifier_extra", -0.619140),
    ("names_shared", -0.371563),
    ("names_conflict", -0.088737),
    ("time_conflict", -1.581080),
    ("time_agree", 1.117960),
    ("comparator_conflict", -1.493997),
    ("person", -0.186209),
    ("kind_year", -0.484603),
    ("kind_date", -0.260831),
    ("bare", -0.262253),
    ("ambiguity", -2.018831),
    ("order", 0.845599),
    ("short", -0.958655),
    ("others_agree", 0.026736),
    ("others_contradict", -1.488450),
    ("left_same", 0.382983),
    ("noun_near", -0.060461),
    ("year_local", -0.128624),
    ("year_sentence", 1.097521),
    ("name_same", 0.107147),
    ("name_differ", -0.232472),
    ("local_best", 0.567733),
    ("local_relevance", -0.225586),
    ("sentence_relevance", -3.994435),
    ("unit_differ", -1.202493),
    ("noun_same_sentence", -0.135460),
    ("noun_differ_sentence", -0.705209),
    ("topic", 0.449450),
    ("comparator_same", -0.601073),
    ("comparator_one", -1.708028),
];
pub const THRESHOLD: f32 = 0.450000;
pub const TOPIC_FLOOR: f32 = 0.113564;
