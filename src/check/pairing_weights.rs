//! Weights of the pairing model, by feature (`pairing::FEATURES`), and the probability from which
//! a pairing is confident. Written by `cargo run --release --example fit_pairing -- ../shared/corpora/ecbplus 1-14 --write`
//! from the labels in `tests/pairs/labels/`; do not edit.

#[allow(clippy::excessive_precision)]
pub const WEIGHTS: &[(&str, f32)] = &[
    ("bias", -2.344846),
    ("sentence", 2.059205),
    ("reverse", 0.639430),
    ("local", 2.788690),
    ("window", -0.966277),
    ("relevance", 3.151720),
    ("noun_same", -0.252775),
    ("noun_differ", -0.738931),
    ("noun_elsewhere", -0.447809),
    ("modifier_extra", -0.511179),
    ("names_shared", 0.029574),
    ("names_conflict", 0.071562),
    ("time_conflict", -1.303474),
    ("time_agree", 1.063301),
    ("comparator_conflict", 0.000000),
    ("person", -0.336399),
    ("kind_year", 0.002714),
    ("kind_date", -0.488826),
    ("bare", -0.135400),
    ("ambiguity", -2.344180),
    ("order", 0.418970),
    ("short", -1.008332),
    ("others_agree", 0.234310),
    ("others_contradict", -1.716118),
    ("left_same", 0.294401),
    ("noun_near", 0.230174),
    ("year_local", 0.950640),
    ("year_sentence", 0.561205),
    ("name_same", 0.340655),
    ("name_differ", -0.206193),
    ("local_best", 0.659412),
    ("local_relevance", -0.291575),
    ("sentence_relevance", -2.207465),
    ("unit_differ", -1.454803),
    ("noun_same_sentence", 0.283185),
    ("noun_differ_sentence", -0.237901),
];
pub const THRESHOLD: f32 = 0.5;
