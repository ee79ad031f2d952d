//! Weights of the pairing model, by feature (`pairing::FEATURES`), and the probability from which
//! a pairing is confident. Written by `cargo run --release --example fit_pairing -- ../shared/corpora/ecbplus 1-14 --write`
//! from the labels in `tests/pairs/labels/`; do not edit.

#[allow(clippy::excessive_precision)]
pub const WEIGHTS: &[(&str, f32)] = &[
    ("bias", -1.959310),
    ("sentence", 2.092433),
    ("reverse", 0.702171),
    ("local", 3.361893),
    ("window", -0.589070),
    ("relevance", 1.752394),
    ("noun_same", 0.130598),
    ("noun_differ", -0.621639),
    ("noun_elsewhere", -0.420773),
    ("modifier_extra", -0.454584),
    ("names_shared", -0.312498),
    ("names_conflict", -0.070983),
    ("time_conflict", -1.531338),
    ("time_agree", 1.180554),
    ("comparator_conflict", -1.561481),
    ("person", -0.198298),
    ("kind_year", -0.770175),
    ("kind_date", -0.048993),
    ("bare", -0.320740),
    ("ambiguity", -2.009285),
    ("order", 0.808215),
    ("short", -1.008268),
    ("others_agree", -0.067293),
    ("others_contradict", -1.382292),
    ("left_same", 0.389747),
    ("noun_near", 0.027566),
    ("year_local", -0.401882),
    ("year_sentence", 1.722883),
    ("name_same", 0.225277),
    ("name_differ", -0.084135),
    ("local_best", 0.579623),
    ("local_relevance", -0.368513),
    ("sentence_relevance", -2.170808),
    ("unit_differ", -1.486271),
    ("noun_same_sentence", -0.020527),
    ("noun_differ_sentence", -0.800162),
    ("topic", -0.271737),
    ("comparator_same", -0.736445),
    ("comparator_one", -1.699910),
];
pub const THRESHOLD: f32 = 0.530000;
pub const TOPIC_FLOOR: f32 = 0.129313;
