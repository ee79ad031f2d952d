use super::*;
use crate::corpus::builtin::builtin;

fn seeds() -> Index {
    Index::build(builtin())
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
fn a_quote_found_twice_in_one_passage_is_not_also_elsewhere() {
    let idx = seeds();
    let draft = "“We believe the overdose problem in the United States is mainly caused by domestic reasons,” said Liu.\n";
    let a = analyse(&idx, draft, DraftFormat::Markdown);
    assert_eq!(a.quotes.len(), 1);
    assert_eq!(a.quotes[0].status, QuoteStatus::Verified);
    assert!(a.quotes[0].also_in.is_empty(), "{:?}", a.quotes[0].also_in);
}
