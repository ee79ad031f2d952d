//! Weights of the pairing model, by feature (`pairing::FEATURES`), and the probability from which
//! a pairing is confident. Written by `cargo run --release --example fit_pairing -- ../shared/corpora/ecbplus 1-14 --write`
//! from the labels in `tests/pairs/labels/`; do not edit.

#[allow(clippy::excessive_precision)]
pub const WEIGHTS: &[(&str, f32)] = &[
    ("bias", -2.219518),
    ("sentence", 1.917033),
    ("reverse", 1.286428),
    ("local", 3.052610),
    ("window", -0.521384),
    ("relevance", 1.190022),
    ("noun_same", 0.420763),
    ("noun_differ", -0.563418),
    ("noun_elsewhere", -0.384586),
    ("modifier_extra", -0.559326),
    ("names_shared", -0.247929),
    ("names_conflict", 0.065636),
    ("time_conflict", -1.794632),
    ("time_agree", 0.946346),
    ("comparator_conflict", -1.239346),
    ("person", -0.367544),
    ("kind_year", -0.451042),
    ("kind_date", -0.002021),
    ("bare", -0.164485),
    ("ambiguity", -1.967325),
    ("order", 0.492789),
    ("short", -0.956864),
    ("others_agree", 0.190971),
    ("others_contradict", -1.448567),
    ("left_same", 0.364577),
    ("noun_near", 0.024717),
    ("year_local", -0.589557),
    ("year_sentence", 1.039564),
    ("name_same", 0.270561),
    ("name_differ", -0.076552),
    ("local_best", 0.497513),
    ("local_relevance", -0.076074),
    ("sentence_relevance", -1.010006),
    ("unit_differ", -1.240858),
    ("noun_same_sentence", -0.591961),
    ("noun_differ_sentence", -0.409758),
    ("topic", -0.030206),
];
pub const THRESHOLD: f32 = 0.480000;
pub const TOPIC_FLOOR: f32 = 0.128577;
