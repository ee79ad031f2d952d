use super::*;
use crate::corpus::builtin::builtin;
use std::ops::Range;

fn seeds() -> Index {
    Index::build(builtin())
}

/// An index of small text documents given as (file name, text).
fn index_of(docs: &[(&str, &str)]) -> Index {
    use crate::corpus::{Corpus, Document, Format};
    Index::build(Corpus {
        documents: docs
            .iter()
            .map(|(name, text)| {
                Document::from_contents(name.into(), text.to_string(), Format::Text)
            })
            .collect(),
        skipped: vec![],
    })
}

fn codes(index: &Index, draft: &str) -> Vec<(String, &'static str)> {
    analyse(index, draft, DraftFormat::Markdown)
        .findings
        .into_iter()
        .map(|f| (draft[f.range].to_string(), f.code.as_str()))
        .collect()
}

#[test]
fn faithful_sentences_are_quiet() {
    let idx = seeds();
    let draft = "In 2022, more than 73,600 people died from fentanyl-related overdoses in the U.S.\n\n\
Blinken said nearly 110,000 Americans died of a drug overdose last year.\n\n\
“We believe the overdose problem in the United States is mainly caused by domestic reasons,” said Liu.\n";
    assert_eq!(codes(&idx, draft), []);
}

#[test]
fn wrong_figures_are_found() {
    let idx = seeds();
    let draft =
        "In 2022, more than 63,600 people died from fentanyl-related overdoses in the U.S.\n";
    assert_eq!(
        codes(&idx, draft),
        [("63,600".to_string(), "figure-mismatch")]
    );
}

#[test]
fn misquote_and_misattribution() {
    let idx = seeds();
    let draft = "“We believe the overdose problem in the United States is mainly caused by foreign reasons,” said Liu.\n\n\
“We believe the overdose problem in the United States is mainly caused by domestic reasons,” said Biden.\n";
    let got = codes(&idx, draft);
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(got[0], ("foreign".to_string(), "misquote"));
    assert_eq!(got[1].1, "misattribution");
}

#[test]
fn misquote_messages_show_the_words_as_written() {
    let idx = index_of(&[(
        "s.txt",
        "The minister said: \u{201c}China's Fentanyl Controls are the World's Strictest, and U.S. Officials know it.\u{201d}\n",
    )]);
    let draft = "The minister said: \u{201c}China's Fentanyl Controls are the Nation's Strictest, and U.S. Officials know it.\u{201d}\n";
    let a = analyse(&idx, draft, DraftFormat::Markdown);
    let m = a
        .findings
        .iter()
        .find(|f| f.code == Code::Misquote)
        .unwrap_or_else(|| panic!("{:?}", a.findings));
    assert!(
        m.message.contains("says \"World's\", not \"Nation's\""),
        "{}",
        m.message
    );
    let diffs = &a.quotes[0].diffs;
    assert_eq!(
        diffs[0],
        WordDiff::Changed {
            source: "World's".into(),
            draft: "Nation's".into()
        }
    );
}

#[test]
fn a_quote_found_twice_in_one_passage_is_not_also_elsewhere() {
    let idx = seeds();
    let draft = "“We believe the overdose problem in the United States is mainly caused by domestic reasons,” said Liu.\n";
    let a = analyse(&idx, draft, DraftFormat::Markdown);
    assert_eq!(a.quotes.len(), 1);
    assert_eq!(a.quotes[0].status, QuoteStatus::Verified);
    assert!(a.quotes[0].also_in.is_empty(), "{:?}", a.quotes[0].also_in);
}

type Summary = Vec<(Code, Range<usize>, String, Vec<Range<usize>>)>;

fn summary(a: &Analysis) -> Summary {
    a.findings
        .iter()
        .map(|f| {
            (
                f.code,
                f.range.clone(),
                f.message.clone(),
                f.fixes.iter().map(|x| x.range.clone()).collect(),
            )
        })
        .collect()
}

#[test]
fn remembered_verdicts_equal_fresh_ones_after_edits() {
    let idx = seeds();
    let draft = include_str!("../../examples/draft.md");
    let memo = memo::Memo::new();
    let fresh = analyse(&idx, draft, DraftFormat::Markdown);
    assert_eq!(
        summary(&analyse_with_memo(
            &idx,
            draft,
            DraftFormat::Markdown,
            &memo
        )),
        summary(&fresh)
    );
    assert!(!memo.is_empty());
    // An edit before everything moves every finding; one inside a sentence changes its verdict.
    let edited = format!(
        "Intro with “quotes” and 😀.\n\n{}",
        draft.replace("63,600", "73,600")
    );
    let fresh = analyse(&idx, &edited, DraftFormat::Markdown);
    let remembered = analyse_with_memo(&idx, &edited, DraftFormat::Markdown, &memo);
    assert_eq!(summary(&remembered), summary(&fresh));
    assert_eq!(remembered.quotes.len(), fresh.quotes.len());
    for (a, b) in remembered.quotes.iter().zip(&fresh.quotes) {
        assert_eq!(a.quotation, b.quotation);
        assert_eq!(a.draft_speaker, b.draft_speaker);
    }
    let figs = |a: &Analysis| {
        a.figures
            .iter()
            .map(|f| f.figure.range.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(figs(&remembered), figs(&fresh));
}

#[test]
fn sources_that_disagree_are_reported_as_information() {
    let idx = index_of(&[
        (
            "a.txt",
            "The fire in Arden killed 12 people on Monday, officials said.",
        ),
        (
            "b.txt",
            "Officials said the Monday fire in Arden killed 14 people.",
        ),
    ]);
    let draft = "The fire in Arden killed 12 people on Monday.";
    let a = analyse(&idx, draft, DraftFormat::Plain);
    assert_eq!(a.findings.len(), 1, "{:?}", a.findings);
    let f = &a.findings[0];
    assert_eq!(
        (f.code, f.severity),
        (Code::SourcesDisagree, Severity::Information)
    );
    assert_eq!(&draft[f.range.clone()], "12");
    assert!(
        f.message.contains("a.txt gives 12") && f.message.contains("b.txt gives 14"),
        "{}",
        f.message
    );
    assert_eq!(f.sources.len(), 2);
}

#[test]
fn bare_numbers_in_fragments_are_not_paired_with_anything_alike() {
    let idx = index_of(&[
        (
            "a.txt",
            "Approval ratings for the chancellor have dropped six points since the aid package.",
        ),
        ("b.txt", "Berlin agreed to lend 22.4 billion to Greece."),
    ]);
    let draft = "She told a debate on the decision to lend? 22. 4bn to Greece.";
    let a = analyse(&idx, draft, DraftFormat::Plain);
    // "22" ends a fragment and counts nothing: neither "six points" nor "22.4 billion" is its pair.
    assert!(
        !a.findings.iter().any(|f| &draft[f.range.clone()] == "22"),
        "{:?}",
        a.findings
    );
}

#[test]
fn a_sentence_that_contradicts_the_other_figures_is_about_something_else() {
    let idx = index_of(&[
        (
            "a.txt",
            "The letter was co-signed by five Republicans and two Democrats.",
        ),
        (
            "b.txt",
            "Among the six senators who spoke with the leader were three Democrats and three Republicans.",
        ),
    ]);
    // Seven is five plus two: no source says it, and the six senators are another group.
    let draft = "The letter was signed by seven senators: five Republicans and two Democrats.";
    let a = analyse(&idx, draft, DraftFormat::Plain);
    assert!(a.findings.is_empty(), "{:?}", a.findings);
    // The same sentence with a wrong party count is still caught.
    let wrong = "The letter was co-signed by four Republicans and two Democrats.";
    let a = analyse(&idx, wrong, DraftFormat::Plain);
    assert_eq!(a.findings.len(), 1, "{:?}", a.findings);
    assert_eq!(&wrong[a.findings[0].range.clone()], "four");
}

#[test]
fn a_vague_date_does_not_outvote_a_precise_one() {
    let idx = index_of(&[
        (
            "a.txt",
            "Beijing froze communication on the issue after Pelosi visited Taiwan last August.",
        ),
        (
            "b.txt",
            "China halted counternarcotics coordination in August 2022, after Pelosi visited Taiwan.",
        ),
    ]);
    let draft =
        "China halted counternarcotics coordination in August 2021, after Pelosi visited Taiwan.";
    let a = analyse(&idx, draft, DraftFormat::Plain);
    assert_eq!(a.findings.len(), 1, "{:?}", a.findings);
    assert!(
        a.findings[0].message.contains("August 2022"),
        "{}",
        a.findings[0].message
    );
    let right =
        "China halted counternarcotics coordination in August 2022, after Pelosi visited Taiwan.";
    assert!(analyse(&idx, right, DraftFormat::Plain).findings.is_empty());
}

#[test]
fn a_titled_name_opening_the_sentence_is_who_he_is() {
    let idx = index_of(&[(
        "a.txt",
        "Superior Court Judge James Bodiford spoke on Saturday.\n\"I thought maybe Supermax might be a good place for him,\" Bodiford said.",
    )]);
    let draft = "Stephen Bright argued for mercy.\n\nJudge James Bodiford floated the federal prison in Florence, Colo. \"I thought maybe Supermax might be a good place for him,\" he said.\n";
    let a = analyse(&idx, draft, DraftFormat::Markdown);
    assert!(a.findings.is_empty(), "{:?}", a.findings);
}

#[test]
fn a_first_name_and_a_surname_the_source_joins_are_one_speaker() {
    let idx = index_of(&[(
        "a.txt",
        "Wilhelm's widow, Candee, spoke after the sentencing.\n\"I am extremely disappointed that the defendant has been shown mercy,\" said Wilhelm.",
    )]);
    let draft = "His widow, Candee, said: \"I am extremely disappointed that the defendant has been shown mercy.\"\n";
    let a = analyse(&idx, draft, DraftFormat::Markdown);
    assert!(a.findings.is_empty(), "{:?}", a.findings);
    // Another person's name is still another speaker.
    let other = "His lawyer, Bright, said: \"I am extremely disappointed that the defendant has been shown mercy.\"\n";
    let a = analyse(&idx, other, DraftFormat::Markdown);
    assert_eq!(codes_of(&a), ["misattribution"], "{:?}", a.findings);
}

fn codes_of(a: &Analysis) -> Vec<&'static str> {
    a.findings.iter().map(|f| f.code.as_str()).collect()
}

#[test]
fn a_misattributed_quotation_has_that_verdict_everywhere() {
    let idx = seeds();
    let draft = "“We believe the overdose problem in the United States is mainly caused by domestic reasons,” said Biden.\n";
    let a = analyse(&idx, draft, DraftFormat::Markdown);
    assert_eq!(codes_of(&a), ["misattribution"]);
    assert_eq!(a.quotes[0].status, QuoteStatus::Misattributed);
}

#[test]
fn a_subset_is_not_the_whole() {
    let idx = index_of(&[(
        "a.txt",
        "Police recorded 12,000 road deaths across the country last year, the ministry said.",
    )]);
    let draft = "Police recorded 3,000 pedestrian deaths across the country last year, the ministry said.\n";
    let a = analyse(&idx, draft, DraftFormat::Plain);
    assert!(a.findings.is_empty(), "{:?}", a.findings);
    // The whole, changed, is still caught.
    let wrong =
        "Police recorded 15,000 road deaths across the country last year, the ministry said.\n";
    let a = analyse(&idx, wrong, DraftFormat::Plain);
    assert_eq!(codes_of(&a), ["figure-mismatch"], "{:?}", a.findings);
}

#[test]
fn sources_disagree_only_about_the_same_comparison() {
    let idx = index_of(&[
        (
            "a.txt",
            "The new train is ten times faster than a car, the engineers said at the launch in Lyon.",
        ),
        (
            "b.txt",
            "The new train is three times faster than a plane, the engineers said at the launch in Lyon.",
        ),
    ]);
    let draft =
        "The new train is ten times faster than a car, the engineers said at the launch in Lyon.\n";
    let a = analyse(&idx, draft, DraftFormat::Plain);
    assert!(
        !a.findings.iter().any(|f| f.code == Code::SourcesDisagree),
        "{:?}",
        a.findings
    );
    // The same comparison stated twice with two values is a disagreement.
    let idx = index_of(&[
        (
            "a.txt",
            "The new train is ten times faster than a car, the engineers said at the launch in Lyon.",
        ),
        (
            "b.txt",
            "The new train is three times faster than a car, the engineers said at the launch in Lyon.",
        ),
    ]);
    let a = analyse(&idx, draft, DraftFormat::Plain);
    assert_eq!(codes_of(&a), ["sources-disagree"], "{:?}", a.findings);
}

#[test]
fn a_list_item_is_its_own_block() {
    let text = "Intro line.\n\n- First item about ports.\n- Second item, 48 countries.\n\nAfter.\n";
    let draft = Draft::new(text, DraftFormat::Markdown);
    let at = text.find("Second").unwrap();
    let sentence = draft
        .sentences
        .iter()
        .find(|s| s.contains(&at))
        .unwrap()
        .clone();
    let block = draft.block_of(&sentence).unwrap();
    assert_eq!(draft.prose[block].trim(), "Second item, 48 countries.");
    let plain = Draft::new(text, DraftFormat::Plain);
    assert_eq!(plain.block_of(&sentence), None);
}
