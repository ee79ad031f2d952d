use super::*;

fn one(text: &str) -> Figure {
    let f = extract(text);
    assert_eq!(f.len(), 1, "{text}: {f:#?}");
    f.into_iter().next().unwrap()
}

fn kv(text: &str) -> (Kind, f64) {
    let f = one(text);
    (f.kind, f.value)
}

#[test]
fn counts_in_digits_and_words() {
    assert_eq!(kv("42,300 people"), (Kind::Count, 42300.0));
    assert_eq!(kv("42300 people"), (Kind::Count, 42300.0));
    assert_eq!(kv("42.3 thousand people"), (Kind::Count, 42300.0));
    assert_eq!(kv("1.2 million people"), (Kind::Count, 1_200_000.0));
    assert_eq!(
        kv("forty-two thousand three hundred people"),
        (Kind::Count, 42300.0)
    );
    assert_eq!(kv("four agencies"), (Kind::Count, 4.0));
    assert_eq!(kv("a dozen agencies"), (Kind::Count, 12.0));
    assert_eq!(one("1.2 million people").precision, 100_000.0);
}

#[test]
fn money() {
    assert_eq!(kv("$25 billion"), (Kind::Money, 25e9));
    assert_eq!(kv("25 billion dollars"), (Kind::Money, 25e9));
    assert_eq!(kv("$25bn"), (Kind::Money, 25e9));
    assert_eq!(kv("300 Billion Dollars of goods"), (Kind::Money, 3e11));
    let both = extract("a three-year, $37.5 million contract");
    assert_eq!((both[0].kind, both[1].kind), (Kind::Duration, Kind::Money));
    assert_eq!(both[1].value, 37.5e6);
    let f = one("costs $25 billion");
    assert_eq!(&"costs $25 billion"[f.range], "$25 billion");
    assert_eq!(one("€40 million").unit, "€");
}

#[test]
fn percentages_and_fractions() {
    assert_eq!(kv("7% of them"), (Kind::Percent, 7.0));
    assert_eq!(kv("seven percent of them"), (Kind::Percent, 7.0));
    assert_eq!(kv("7 per cent"), (Kind::Percent, 7.0));
    let f = one("three-quarters of them");
    assert_eq!(f.kind, Kind::Percent);
    assert_eq!(f.value, 75.0);
    assert!((one("two-thirds of those").value - 66.67).abs() < 0.01);
    assert_eq!(kv("half of them"), (Kind::Percent, 50.0));
    let t = "a 10% tariff";
    assert_eq!(&t[one(t).range], "10%");
}

#[test]
fn multipliers() {
    assert_eq!(kv("40 times stronger"), (Kind::Multiplier, 40.0));
    assert_eq!(kv("12 times higher"), (Kind::Multiplier, 12.0));
    assert_eq!(kv("a 12-fold rise"), (Kind::Multiplier, 12.0));
    assert_eq!(kv("twenty-three times higher"), (Kind::Multiplier, 23.0));
}

#[test]
fn ranges() {
    let f = one("20 to 30 people");
    assert_eq!((f.value, f.high), (20.0, Some(30.0)));
    let f = one("between 25 and 34 people");
    assert_eq!((f.value, f.high), (25.0, Some(34.0)));
    let f = one("50 to 100 times stronger");
    assert_eq!(
        (f.kind, f.value, f.high),
        (Kind::Multiplier, 50.0, Some(100.0))
    );
    let f = one("ages 18 to 49");
    assert_eq!((f.value, f.high), (18.0, Some(49.0)));
    let f = one("from 2019–2024");
    assert_eq!(
        (f.kind, f.value, f.high),
        (Kind::Year, 2019.0, Some(2024.0))
    );
}

#[test]
fn years_decades_and_dates() {
    assert_eq!(kv("in 2021 it"), (Kind::Year, 2021.0));
    let f = one("in the 1980s");
    assert_eq!(
        (f.kind, f.value, f.high),
        (Kind::Year, 1980.0, Some(1989.0))
    );
    let d = one("on Oct. 3 they").date;
    assert_eq!((d.month, d.day, d.year), (Some(10), Some(3), None));
    let d = one("on October 3 they").date;
    assert_eq!((d.month, d.day), (Some(10), Some(3)));
    let d = one("on March 5, 2021, they").date;
    assert_eq!((d.year, d.month, d.day), (Some(2021), Some(3), Some(5)));
    let d = one("on 2021-03-05 they").date;
    assert_eq!((d.year, d.month, d.day), (Some(2021), Some(3), Some(5)));
    let d = one("on 5 March 2021").date;
    assert_eq!((d.year, d.month, d.day), (Some(2021), Some(3), Some(5)));
    let d = one("accused China on Aug.1, of reneging").date;
    assert_eq!((d.month, d.day), (Some(8), Some(1)));
    let d = one("in August 2022, when").date;
    assert_eq!((d.year, d.month, d.day), (Some(2022), Some(8), None));
    let d = one("on September 1st, putting").date;
    assert_eq!((d.month, d.day), (Some(9), Some(1)));
    // "may" the verb is no month.
    assert!(extract("it may rise").is_empty());
}

#[test]
fn durations_ages_ordinals() {
    assert_eq!(kv("for 14 years"), (Kind::Duration, 14.0));
    assert_eq!(one("for 14 years").unit, "year");
    assert_eq!(kv("the 33-year-old actress"), (Kind::Age, 33.0));
    assert_eq!(kv("Reid, 33, earned"), (Kind::Age, 33.0));
    assert_eq!(kv("the third wave"), (Kind::Ordinal, 3.0));
    assert_eq!(kv("the 50th anniversary"), (Kind::Ordinal, 50.0));
}

#[test]
fn hedges() {
    assert_eq!(one("nearly 80 a day").hedge, Hedge::Nearly);
    assert_eq!(one("about 1,500 people").hedge, Hedge::About);
    assert_eq!(one("roughly 100 times").hedge, Hedge::About);
    assert_eq!(one("some 40 people").hedge, Hedge::About);
    assert_eq!(one("more than 73,600 people").hedge, Hedge::AtLeast);
    assert_eq!(one("up to 50 times").hedge, Hedge::AtMost);
    assert_eq!(one("at least 12 people").hedge, Hedge::AtLeast);
    assert_eq!(one("84 or so countries").hedge, Hedge::About);
    assert_eq!(one("100 or more people").hedge, Hedge::AtLeast);
    assert_eq!(one("ten or fewer boats").hedge, Hedge::AtMost);
    let t = "more than 73,600 people";
    assert_eq!(&t[one(t).range], "73,600");
}

#[test]
fn labels_and_times_are_not_figures() {
    assert!(extract("the No. 1 killer").is_empty());
    assert!(extract("along Interstate-94 in").is_empty());
    assert!(extract("COVID-19 spread").is_empty());
    assert!(extract("at 10:30 today").is_empty());
    assert!(extract("one of the most").is_empty());
}

#[test]
fn unicode_around_figures() {
    let t = "😀 “Nearly 80” — a day";
    let f = one(t);
    assert_eq!(&t[f.range.clone()], "80");
    assert_eq!(f.hedge, Hedge::Nearly);
    let t = "cost\u{a0}$5\u{a0}million";
    assert_eq!(one(t).value, 5e6);
}

fn fig(text: &str) -> Figure {
    one(text)
}

#[test]
fn agreement() {
    assert!(agree(&fig("about 1,500 people"), &fig("1,487 people")));
    assert!(agree(&fig("1,500 people"), &fig("1,487 people")));
    assert!(!agree(&fig("1,100 people"), &fig("1,487 people")));
    assert!(agree(&fig("25 people"), &fig("20 to 30 people")));
    assert!(!agree(&fig("35 people"), &fig("20 to 30 people")));
    assert!(agree(&fig("three-quarters of them"), &fig("75% of them")));
    assert!(agree(
        &fig("two-thirds of them"),
        &fig("66 percent of them")
    ));
    assert!(!agree(
        &fig("three-quarters of them"),
        &fig("two-thirds of them")
    ));
    assert!(agree(&fig("nearly 110,000 died"), &fig("109,680 died")));
    assert!(agree(
        &fig("about 74,000 died"),
        &fig("more than 73,600 died")
    ));
    assert!(!agree(&fig("63,600 died"), &fig("more than 73,600 died")));
    assert!(!agree(
        &fig("more than 63,600 died"),
        &fig("more than 73,600 died")
    ));
    assert!(agree(
        &fig("50 times stronger"),
        &fig("up to 50 times stronger")
    ));
    assert!(!agree(&fig("30 times stronger"), &fig("50 times stronger")));
    assert!(!agree(&fig("in 2018 it"), &fig("in 2019 it")));
    assert!(agree(&fig("in 1995 it"), &fig("in the 1990s")));
    assert!(!agree(
        &fig("on July 9, 2023, it"),
        &fig("on July 7, 2023, it")
    ));
    assert!(agree(&fig("on July 7 it"), &fig("on July 7, 2023, it")));
    assert!(agree(&fig("$300 billion"), &fig("300 Billion Dollars")));
    assert!(!agree(&fig("$200 billion"), &fig("300 Billion Dollars")));
    assert!(!agree(&fig("99 people"), &fig("33 people")));
    assert!(!agree(&fig("18 to 39 people"), &fig("18 to 49 people")));
}

#[test]
fn descriptions() {
    assert_eq!(describe(&fig("73,600 people")), "73,600");
    assert_eq!(describe(&fig("$300 billion")), "$300 billion");
    assert_eq!(describe(&fig("on July 7, 2023, it")), "July 7, 2023");
    assert_eq!(describe(&fig("ages 18 to 49")), "ages 18 to 49");
    assert_eq!(describe(&fig("from 18 to 49 people")), "18 to 49");
    assert_eq!(describe(&fig("10% of")), "10%");
    assert_eq!(describe(&fig("1,487 people")), "1,487");
}

#[test]
fn month_and_year_against_a_year() {
    assert!(agree(&fig("in June 2008 it"), &fig("in 2008 it")));
    assert!(!agree(&fig("in June 2008 it"), &fig("in 2007 it")));
    assert!(agree(&fig("in June 2008 it"), &fig("in the 2000s")));
    assert_eq!(kv("Arcade Joseph Comeaux Jr., 49, took"), (Kind::Age, 49.0));
}

#[test]
fn leading_dot_decimals() {
    assert_eq!(kv("alcohol level was .41 then").1, 0.41);
    assert_eq!(kv("level was 0.41 then").1, 0.41);
}

#[test]
fn between_with_words_in_the_middle() {
    let f = one("between the ages of 18 and 45");
    assert_eq!((f.value, f.high), (18.0, Some(45.0)));
}

#[test]
fn times_of_day() {
    let t = "came in around 8 p.m. local time";
    let f = one(t);
    assert_eq!(
        (f.kind, f.value, f.hedge),
        (Kind::Time, 20.0 * 60.0, Hedge::About)
    );
    assert_eq!(&t[f.range.clone()], "8 p.m.");
    assert_eq!(kv("at 10:30 a.m. sharp"), (Kind::Time, 630.0));
    assert_eq!(kv("at 12 a.m. sharp"), (Kind::Time, 0.0));
    assert_eq!(kv("by 7pm there"), (Kind::Time, 19.0 * 60.0));
    assert!(agree(
        &fig("around 8 p.m. local"),
        &fig("at 8:10 p.m. local")
    ));
    assert!(!agree(
        &fig("around 8 p.m. local"),
        &fig("at 10 p.m. local")
    ));
    assert_eq!(describe(&fig("at 10:30 a.m. sharp")), "10:30 a.m.");
}

#[test]
fn bounds_rounded_from_the_source() {
    assert!(agree(
        &fig("more than 70,000 died"),
        &fig("more than 73,600 died")
    ));
    assert!(agree(&fig("more than 70,000 died"), &fig("73,600 died")));
    assert!(agree(&fig("more than 600,000 died"), &fig("645,000 died")));
    assert!(!agree(
        &fig("more than 63,600 died"),
        &fig("more than 73,600 died")
    ));
    assert!(!agree(
        &fig("more than 80,000 died"),
        &fig("more than 73,600 died")
    ));
    assert!(agree(&fig("fewer than 80,000 died"), &fig("73,600 died")));
    assert!(!agree(&fig("up to 20 times"), &fig("up to 12 times")));
}

#[test]
fn n_out_of_m() {
    let f = one("two out of three deaths");
    assert_eq!(f.kind, Kind::Percent);
    assert!((f.value - 66.67).abs() < 0.01);
    assert!((one("one in five adults").value - 20.0).abs() < 0.01);
    assert!(agree(
        &one("two out of three deaths"),
        &fig("two-thirds of deaths")
    ));
}

#[test]
fn measures_with_units() {
    let f = one("some 230 kilometres from the capital");
    assert_eq!(
        (f.kind, f.value, f.unit, f.hedge),
        (Kind::Measure, 230.0, "km", Hedge::About)
    );
    assert_eq!(one("a 6.1-magnitude quake").unit, "magnitude");
    assert_eq!(one("a quake of magnitude 6.1 struck").unit, "magnitude");
    assert_eq!(one("minus 17 degrees").unit, "degree");
    assert!(!agree(
        &fig("some 230 kilometres away"),
        &fig("some 320 kilometres away")
    ));
    assert_eq!(describe(&fig("some 320 kilometres away")), "320 km");
}

#[test]
fn months_alone_after_a_preposition() {
    let d = one("at a summit last December that").date;
    assert_eq!((d.year, d.month, d.day), (None, Some(12), None));
    assert_eq!(one("visited in August after").date.month, Some(8));
    assert!(extract("a March on Washington").is_empty());
    assert!(agree(
        &fig("in December 2018 it"),
        &one("last December that")
    ));
}

#[test]
fn exact_integers_are_exact() {
    assert!(!agree(&fig("24 people"), &fig("25 people")));
    assert!(!agree(&fig("20 people"), &fig("21 people")));
    assert!(agree(&fig("150 people"), &fig("149 people")));
    assert!(!agree(&fig("150 people"), &fig("140 people")));
    assert!(agree(&fig("1,000 people"), &fig("1,012 people")));
    assert!(agree(&fig("$300 billion"), &fig("$297 billion")));
    assert!(agree(&fig("15% of"), &fig("15.3% of")));
    assert!(!agree(&fig("15% of"), &fig("16% of")));
}

#[test]
fn hedges_reach_one_way_and_not_far() {
    assert!(agree(&fig("nearly 110,000 died"), &fig("108,000 died")));
    assert!(!agree(&fig("nearly 110,000 died"), &fig("112,000 died")));
    assert!(agree(&fig("more than 20 people"), &fig("24 people")));
    assert!(!agree(&fig("more than 20 people"), &fig("30 people")));
    assert!(!agree(&fig("more than 30 people"), &fig("24 people")));
    assert!(!agree(
        &fig("nearly 100 people"),
        &fig("more than 100 people")
    ));
    assert!(agree(&fig("around 2016 it"), &fig("in 2017 it")));
    assert!(!agree(&fig("around 2015 it"), &fig("in 2017 it")));
}

#[test]
fn a_range_is_not_supported_by_a_number_inside_it() {
    assert!(!agree(&fig("20 to 30 people"), &fig("25 people")));
    assert!(agree(&fig("50 to 100 times"), &fig("100 times")));
    assert!(agree(&fig("up to 100 times"), &fig("50 to 100 times")));
    assert!(!agree(&fig("120 times"), &fig("50 to 100 times")));
}

#[test]
fn units_convert_or_stay_apart() {
    use super::{Comparison, compare};
    assert_eq!(
        compare(&fig("5 kilometres away"), &fig("3 miles away")),
        Comparison::Agree
    );
    assert_eq!(
        compare(&fig("5 kilometres away"), &fig("5 miles away")),
        Comparison::Differ
    );
    assert_eq!(
        compare(&fig("about 10 kilometers"), &fig("six miles")),
        Comparison::Agree
    );
    assert_eq!(
        compare(&fig("$5 million"), &fig("€5 million")),
        Comparison::Incomparable
    );
    assert_eq!(
        compare(&fig("for 3 weeks"), &fig("for 21 days")),
        Comparison::Agree
    );
    assert_eq!(
        compare(&fig("for 3 weeks"), &fig("for 30 days")),
        Comparison::Differ
    );
}

#[test]
fn ages_in_more_places() {
    assert_eq!(kv("The suspect was John Smith, 45."), (Kind::Age, 45.0));
    assert_eq!(kv("The boy, 12, was hurt."), (Kind::Age, 12.0));
    assert_eq!(kv("she died at the age of 85 in"), (Kind::Age, 85.0));
    assert_eq!(kv("She was 85."), (Kind::Age, 85.0));
    assert_eq!(kv("The 33-year-old's lawyer spoke."), (Kind::Age, 33.0));
    assert_eq!(kv("In Paris, 45 people died."), (Kind::Count, 45.0));
}

#[test]
fn clocks_and_dozens() {
    assert_eq!(kv("at 14:30 on Friday"), (Kind::Time, 870.0));
    assert_eq!(kv("broke out at about 2045 GMT on"), (Kind::Time, 1245.0));
    assert_eq!(kv("passed away at 6:41pm PST"), (Kind::Time, 1121.0));
    assert!(extract("at 8:30 in the morning").is_empty());
    assert_eq!(kv("about two dozen people"), (Kind::Count, 24.0));
    assert!(!agree(&fig("in 2045 GMT"), &fig("in 2045 it")));
}

#[test]
fn a_word_after_a_colon_cut_inside_a_character_is_no_time() {
    // Found by fuzzing: the word after "3 in:" starts with a letter and a three-byte mark.
    let t = "UU3 in:t\u{bd7}i and 6:41pm";
    let f = extract(t);
    assert!(
        f.iter()
            .all(|f| t.is_char_boundary(f.range.start) && t.is_char_boundary(f.range.end))
    );
    assert!(f.iter().any(|f| f.kind == Kind::Time));
}
