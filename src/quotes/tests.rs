use super::*;

fn inners(t: &str) -> Vec<&str> {
    find_quotations(t, &[])
        .into_iter()
        .map(|q| &t[q.inner])
        .collect()
}

#[test]
fn straight_and_curly_quotes() {
    assert_eq!(
        inners(r#"He said "go now" and "stop.""#),
        ["go now", "stop."]
    );
    assert_eq!(inners("She said “we act” today."), ["we act"]);
    assert_eq!(
        inners("“Outer ‘inner’ words,” he said."),
        ["Outer ‘inner’ words,"]
    );
}

#[test]
fn apostrophes_are_not_quotes() {
    assert_eq!(
        inners("Don't say the 1990s' “real thing” twice."),
        ["real thing"]
    );
    assert_eq!(inners("It's Biden’s plan."), Vec::<&str>::new());
}

#[test]
fn quotes_run_over_line_breaks_not_paragraphs() {
    assert_eq!(inners("He said “one\ntwo” ok."), ["one\ntwo"]);
    assert_eq!(
        inners("He said “open\n\nnever closed” ok."),
        Vec::<&str>::new()
    );
}

#[test]
fn unbalanced_straight_quotes_pair_in_order() {
    let t = r#"there was "nothing to indicate" while he said "a good shooting "under the circumstances."#;
    assert_eq!(inners(t), ["nothing to indicate", "a good shooting "]);
}

#[test]
fn block_quotes_count_as_quotations() {
    let t = "Intro.\n\n  The words of the source here.\n\nAfter.";
    let start = t.find("The words").unwrap();
    let end = t.find("here.").unwrap() + 5;
    let block = start - 2..end + 1;
    let q = find_quotations(t, std::slice::from_ref(&block));
    assert_eq!(q.len(), 1);
    assert!(q[0].block);
    assert_eq!(&t[q[0].inner.clone()], "The words of the source here.");
}

#[test]
fn emoji_before_a_quote_keeps_byte_ranges() {
    let t = "😀 “Fentanyl — kills,” he said.";
    let q = &find_quotations(t, &[])[0];
    assert_eq!(&t[q.inner.clone()], "Fentanyl — kills,");
}

#[test]
fn tokens_with_ellipses_and_brackets() {
    use align::QuoteToken::*;
    let t = "“China has controls … the [PRC] plays...a role”";
    let q = &find_quotations(t, &[])[0];
    let toks: Vec<_> = quote_tokens(t, q.inner.clone())
        .into_iter()
        .map(|(t, _)| t)
        .collect();
    assert_eq!(
        toks,
        [
            Word("china".into()),
            Word("has".into()),
            Word("controls".into()),
            Gap,
            Word("the".into()),
            Gap,
            Editorial("prc".into()),
            Word("plays".into()),
            Gap,
            Word("a".into()),
            Word("role".into())
        ]
    );
}

fn speaker(t: &str) -> Option<String> {
    let qs = find_quotations(t, &[]);
    let spans = QuoteSpans::new(qs.iter().map(|q| q.range.clone()));
    speaker_of(t, 0..t.len(), qs[0].range.clone(), &spans).map(|s| s.name)
}

#[test]
fn speakers_in_common_attributions() {
    assert_eq!(
        speaker("“We act,” Trump said in a tweet.").as_deref(),
        Some("Trump")
    );
    assert_eq!(
        speaker("“We act,” said Sen. Bill Cassidy, R-La.").as_deref(),
        Some("Sen. Bill Cassidy")
    );
    assert_eq!(
        speaker("“We act,” said state Rep. Barry Fleming, a Republican.").as_deref(),
        Some("Rep. Barry Fleming")
    );
    assert_eq!(
        speaker("“We act,” said the state of Texas.").as_deref(),
        None
    );
    assert_eq!(
        speaker("“We act,” said the Navy chief.").as_deref(),
        Some("the Navy chief")
    );
    assert_eq!(speaker("“We act,” said the ministry.").as_deref(), None);
    assert_eq!(
        speaker("“We act,” he later told reporters.").as_deref(),
        Some("he")
    );
    assert_eq!(
        speaker("Liu also said, “China has strict controls.”").as_deref(),
        Some("Liu")
    );
    assert_eq!(
        speaker("According to Liu, “it is resolved.”").as_deref(),
        Some("Liu")
    );
    assert_eq!(
        speaker("“All-out marketing,” China’s Foreign Ministry said in a statement.").as_deref(),
        Some("China’s Foreign Ministry")
    );
    assert_eq!(
        speaker("Schumer told reporters “it struck him.”").as_deref(),
        Some("Schumer")
    );
    assert_eq!(speaker("The word “outcomes” was used.").as_deref(), None);
    // A name ends at its last capitalised word, not at a particle after it.
    assert_eq!(
        speaker("“We act,” said Liu Yuejin of the narcotics commission.").as_deref(),
        Some("Liu Yuejin")
    );
    assert_eq!(
        speaker("“We act,” said Liu Yuejin of China.").as_deref(),
        Some("Liu Yuejin of China")
    );
    // A verb inside the quotation is not an attribution.
    assert_eq!(
        speaker("“Xi said he would stop it,” Trump wrote.").as_deref(),
        Some("Trump")
    );
}

#[test]
fn pronouns_resolve_to_the_last_speaker() {
    let t = "“We act,” Trump said in a tweet. “We are losing,” he later told reporters.";
    let qs: Vec<_> = find_quotations(t, &[])
        .into_iter()
        .map(|q| q.range)
        .collect();
    let sentences = crate::corpus::split_sentences(t);
    let s = resolve_pronoun(t, &sentences, qs[1].start, &QuoteSpans::new(qs.clone())).unwrap();
    assert_eq!(s.name, "Trump");
}

#[test]
fn quote_spans_answer_like_a_scan() {
    let ranges = vec![0..10, 3..5, 12..20, 30..31, 15..40];
    let spans = QuoteSpans::new(ranges.clone());
    for a in 0..45 {
        for b in a..45 {
            let r = a..b;
            let covered = ranges.iter().any(|q| q.start <= r.start && r.end <= q.end);
            assert_eq!(spans.covers(&r), covered, "{r:?}");
            let mut starting: Vec<_> = ranges
                .iter()
                .filter(|q| q.start >= a && q.start < b)
                .cloned()
                .collect();
            starting.sort_by_key(|q| (q.start, q.end));
            assert_eq!(spans.starting_in(r.clone()), &starting[..], "{r:?}");
            let mut over: Vec<_> = ranges
                .iter()
                .filter(|q| a < q.end && q.start < b)
                .cloned()
                .collect();
            over.sort_by_key(|q| (q.start, q.end));
            let got: Vec<_> = spans.overlapping(r.clone()).cloned().collect();
            assert_eq!(got, over, "{r:?}");
        }
    }
}

#[test]
fn attributions_are_found_near_a_quotation_in_a_crowded_sentence() {
    let mut t = "“We act,” Trump said".to_string();
    t.push_str(&" and “fentanyl”".repeat(3000));
    t.push('.');
    let qs = find_quotations(&t, &[]);
    let spans = QuoteSpans::new(qs.iter().map(|q| q.range.clone()));
    let started = std::time::Instant::now();
    for q in &qs {
        let _ = speaker_of(&t, 0..t.len(), q.range.clone(), &spans);
    }
    assert_eq!(
        speaker_of(&t, 0..t.len(), qs[0].range.clone(), &spans).map(|s| s.name),
        Some("Trump".into())
    );
    // Linear in the number of quotations: a few milliseconds, where a scan of the sentence per
    // quotation took seconds.
    assert!(
        started.elapsed().as_secs_f64() < 1.0,
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn same_person_by_name_words() {
    let a = Speaker {
        name: "President Joe Biden".into(),
        range: 0..0,
        pronoun: false,
    };
    let b = Speaker {
        name: "Biden".into(),
        range: 0..0,
        pronoun: false,
    };
    let c = Speaker {
        name: "Trump".into(),
        range: 0..0,
        pronoun: false,
    };
    assert!(a.same_as(&b));
    assert!(!a.same_as(&c));
}

#[test]
fn speaker_before_told_with_listener_after() {
    let t = r#"Police commissioner Raymond Kelly told the New York Times there was "nothing to indicate that this shooting was outside the guidelines" while John C. Cerar, the former commander for firearms training at the Police Department, said "it appears to be a good shooting "under the reported circumstances."#;
    assert_eq!(speaker(t).as_deref(), Some("Raymond Kelly"));
}

#[test]
fn the_word_after_said_before_a_quote_is_no_speaker() {
    assert_eq!(
        speaker(r#"Liu said China has "strict controls on fentanyl.""#).as_deref(),
        Some("Liu")
    );
}

#[test]
fn block_quote_ranges_that_make_no_sense_are_skipped() {
    // Found by fuzzing: a reversed range.
    let t = "Intro. “A quote here,” he said.";
    #[allow(clippy::reversed_empty_ranges)]
    let nonsense = [20..3, 5..500, 0..0];
    let q = find_quotations(t, &nonsense);
    assert!(
        q.iter()
            .all(|q| q.range.start <= q.range.end && q.range.end <= t.len())
    );
}
