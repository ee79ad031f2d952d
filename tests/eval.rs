//! Quality on the labelled drafts of `tests/eval/`: planted errors caught (recall), faithful
//! content left quiet, and the share of warnings that are real problems (precision).
//!
//! `cargo test --release --test eval -- --nocapture` prints every miss and false alarm.

use serde_json::Value;
use sourced::check::{Code, DraftFormat, QuoteStatus, Severity, analyse};
use sourced::corpus::{Corpus, builtin};
use sourced::index::Index;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn ecbplus_dir() -> PathBuf {
    std::env::var_os("ECBPLUS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/ecbplus"))
}

#[derive(Default)]
struct Tally {
    caught: BTreeMap<String, (usize, usize)>,
    quiet: BTreeMap<String, (usize, usize)>,
    true_warnings: usize,
    warnings: usize,
}

fn overlaps(a: &std::ops::Range<usize>, b: &std::ops::Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

fn score(only_seeds: bool) -> Option<Tally> {
    score_set("tests/eval", only_seeds)
}

fn score_set(set: &str, only_seeds: bool) -> Option<Tally> {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join(set);
    let labels: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(base.join("labels.json")).unwrap()).unwrap();
    let mut tally = Tally::default();
    let mut seeds_index: Option<Index> = None;
    for item in &labels {
        let corpus: Vec<&str> = item["corpus"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let is_seeds = corpus == ["seeds"];
        if only_seeds != is_seeds {
            continue;
        }
        let own_index;
        let index = if is_seeds {
            seeds_index.get_or_insert_with(|| Index::build(builtin::builtin()))
        } else {
            let dir = ecbplus_dir();
            if !dir.exists() {
                // In continuous integration the corpora are laid beside the checkout: their
                // absence is a broken setup, not a reason to pass.
                assert!(
                    std::env::var_os("CI").is_none(),
                    "{} is absent: {} cannot be scored",
                    dir.display(),
                    item["draft"]
                );
                eprintln!("skipping {}: {} is absent", item["draft"], dir.display());
                return None;
            }
            own_index = Index::build(Corpus::load(
                &corpus.iter().map(|c| dir.join(c)).collect::<Vec<_>>(),
            ));
            &own_index
        };
        let draft_path = base.join(item["draft"].as_str().unwrap());
        let text = std::fs::read_to_string(&draft_path).unwrap();
        let analysis = analyse(index, &text, DraftFormat::Markdown);
        let warnings: Vec<_> = analysis
            .findings
            .iter()
            .filter(|f| matches!(f.severity, Severity::Warning | Severity::Error))
            .collect();
        // A misattribution is reported on the speaker's name; it answers for the quotation too.
        let reach: Vec<Vec<std::ops::Range<usize>>> = warnings
            .iter()
            .map(|w| {
                analysis
                    .quotes
                    .iter()
                    .find(|q| {
                        w.code == Code::Misattribution
                            && q.status == QuoteStatus::Misattributed
                            && q.draft_speaker.as_ref().is_some_and(|s| s.range == w.range)
                    })
                    .map_or(vec![w.range.clone()], |q| {
                        vec![w.range.clone(), q.quotation.range.clone()]
                    })
            })
            .collect();
        let anchor = |a: &str| {
            let start = text
                .find(a)
                .unwrap_or_else(|| panic!("anchor {a:?} not in {}", draft_path.display()));
            start..start + a.len()
        };
        let mut explained = vec![false; warnings.len()];
        for e in item["expect"].as_array().unwrap() {
            let code = e["code"].as_str().unwrap();
            let r = anchor(e["anchor"].as_str().unwrap());
            let hit: Vec<usize> = (0..warnings.len())
                .filter(|&k| {
                    reach[k].iter().any(|x| overlaps(x, &r)) && warnings[k].code.as_str() == code
                })
                .collect();
            for &k in &hit {
                explained[k] = true;
            }
            let t = tally.caught.entry(code.to_string()).or_default();
            t.1 += 1;
            if hit.is_empty() {
                let got: Vec<String> = (0..warnings.len())
                    .filter(|&k| reach[k].iter().any(|x| overlaps(x, &r)))
                    .map(|k| warnings[k].message.clone())
                    .collect();
                println!(
                    "MISS {} {code} {:?} ({}) got {got:?}",
                    item["draft"], e["anchor"], e["note"]
                );
            } else {
                t.0 += 1;
            }
        }
        for q in item["quiet"].as_array().unwrap() {
            let kind = q["kind"].as_str().unwrap_or("figure").to_string();
            let r = anchor(q["anchor"].as_str().unwrap());
            let noisy: Vec<String> = (0..warnings.len())
                .filter(|&k| reach[k].iter().any(|x| overlaps(x, &r)))
                .map(|k| warnings[k].message.clone())
                .collect();
            let t = tally.quiet.entry(kind.clone()).or_default();
            t.1 += 1;
            if noisy.is_empty() {
                t.0 += 1;
            } else {
                println!(
                    "NOISY {} {kind} {:?}: {noisy:?}",
                    item["draft"], q["anchor"]
                );
            }
        }
        for (k, w) in warnings.iter().enumerate() {
            tally.warnings += 1;
            if explained[k] {
                tally.true_warnings += 1;
            } else {
                println!(
                    "FALSE {} {:?}: {}",
                    item["draft"],
                    &text[w.range.clone()],
                    w.message
                );
            }
        }
    }
    Some(tally)
}

fn report(name: &str, t: &Tally) -> (f64, f64, f64) {
    let sum = |m: &BTreeMap<String, (usize, usize)>, f: &dyn Fn(&str) -> bool| {
        m.iter()
            .filter(|(k, _)| f(k))
            .fold((0, 0), |a, (_, v)| (a.0 + v.0, a.1 + v.1))
    };
    let figs = sum(&t.caught, &|k| k == "figure-mismatch");
    let quotes_caught = sum(&t.caught, &|k| k != "figure-mismatch");
    let quotes_quiet = sum(&t.quiet, &|k| k == "quote");
    let quotes = (
        quotes_caught.0 + quotes_quiet.0,
        quotes_caught.1 + quotes_quiet.1,
    );
    let ratio = |x: (usize, usize)| {
        if x.1 == 0 {
            1.0
        } else {
            x.0 as f64 / x.1 as f64
        }
    };
    let precision = if t.warnings == 0 {
        1.0
    } else {
        t.true_warnings as f64 / t.warnings as f64
    };
    println!("{name}: caught {:?}; quiet {:?}", t.caught, t.quiet);
    println!(
        "{name}: figure errors caught {}/{} ({:.2}); quote cases right {}/{} ({:.2}); warning precision {}/{} ({:.2})",
        figs.0,
        figs.1,
        ratio(figs),
        quotes.0,
        quotes.1,
        ratio(quotes),
        t.true_warnings,
        t.warnings,
        precision
    );
    (ratio(figs), ratio(quotes), precision)
}

#[test]
fn quality_on_drafts_about_the_seeds() {
    let t = score(true).unwrap();
    let (figures, quotes, precision) = report("seeds", &t);
    // Floors: the quality the project promises, held on these drafts.
    assert!(figures >= 0.9, "figure recall {figures:.2}");
    assert!(quotes >= 0.9, "quote cases {quotes:.2}");
    assert!(precision >= 0.95, "precision {precision:.2}");
}

#[test]
fn quality_on_another_topic() {
    let Some(t) = score(false) else { return };
    let (figures, quotes, precision) = report("ecbplus", &t);
    // Other topics, paraphrased heavily: precision first. Figure recall is below the 0.9 the
    // project aims at (0.64 today, the church-fire drafts being the hardest: hours, weekdays and
    // times restated in other words); the floor keeps it from falling.
    assert!(figures >= 0.6, "figure recall {figures:.2}");
    assert!(quotes >= 0.9, "quote cases {quotes:.2}");
    assert!(precision >= 0.95, "precision {precision:.2}");
}

#[test]
fn quality_on_a_second_set_of_drafts_about_the_seeds() {
    let t = score_set("tests/holdout", true).unwrap();
    let (figures, quotes, precision) = report("holdout", &t);
    // Figure recall is below the 0.9 aimed at (0.88 today: dates moved in heavy paraphrase);
    // the floor keeps it from falling.
    assert!(figures >= 0.75, "figure recall {figures:.2}");
    assert!(quotes >= 0.9, "quote cases {quotes:.2}");
    assert!(precision >= 0.95, "precision {precision:.2}");
}
