//! Fits the pairing model on labelled ECB+ figures and writes `src/check/pairing_weights.rs`.
//!
//! Every labelled figure of ECB+ topics 1–14 (`tests/pairs/labels/`) is taken in turn as a draft
//! figure, its article line as the draft sentence, and paired by the engine with the figures of
//! the other articles (all topics of the range, so unrelated events stand beside the right
//! one); a pairing is positive when both figures carry the same quantity label. The weights are
//! the logistic fit of those pairs; the threshold is the lowest probability at which at most
//! `FALSE_ALARMS` of the labelled figures, unchanged, would draw a warning.
//!
//! ```sh
//! cargo run --release --example fit_pairing -- ../shared/corpora/ecbplus 1-14 --write
//! cargo run --release --example fit_pairing -- ../shared/corpora/ecbplus 1-14 --check
//! cargo run --release --example fit_pairing -- ../shared/corpora/ecbplus 16-22   # measure only
//! ```
//!
//! `DUMP=pairings.csv` also writes every pairing (its figure's group, labels and features) for
//! trying other models on the same data; `PROBE=feature PROBE_VALUE=v` prints every pairing whose
//! feature has that value (1 when not given), with its label, for reading what a feature catches.

use sourced::check::figures::{SUPPORT_SHARE, SourceCache, Terms, Topic, pair_sentence};
use sourced::check::pairing::{FEATURES, Features, confidence, fit};
use sourced::corpus::Corpus;
use sourced::index::Index;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Labelled figures whose quantity another article states.
static STATED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// The share of unchanged figures that may draw a false alarm.
const FALSE_ALARMS: f32 = 0.03;
/// The share of true pairings, in percent, whose sources hold less of the draft's subject than
/// the floor.
const TOPIC_QUANTILE_PERCENT: usize = 2;
/// How many times each labelled figure of the drafts on the built-in corpus counts.
const DRAFT_WEIGHT: usize = 5;
/// Ridge penalty of the fit.
const RIDGE: f64 = 1.0;

#[derive(Clone)]
struct Label {
    subtopic: String,
    quantity: Option<String>,
    start: usize,
    end: usize,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(root), Some(topics)) = (args.first(), args.get(1)) else {
        eprintln!("usage: fit_pairing ECBPLUS_DIR FIRST-LAST [--write]");
        std::process::exit(2);
    };
    let write = args.iter().any(|a| a == "--write");
    // `--check`: fit again and fail unless the weights in use are the ones the fit gives.
    let check = args.iter().any(|a| a == "--check");
    let (lo, hi) = topics
        .split_once('-')
        .and_then(|(a, b)| Some((a.parse::<u32>().ok()?, b.parse::<u32>().ok()?)))
        .expect("topics as FIRST-LAST");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (mut groups, mut shown) = gather(Path::new(root), lo, hi, &repo.join("tests/pairs/labels"));
    // The labelled drafts on the built-in corpus count too, several times over: they are few, and
    // written as writers write (paraphrase, figures merged from several sentences).
    if lo <= 14 {
        let (g, sh) = gather_drafts(repo);
        eprintln!(
            "{} labelled figures of the drafts on the built-in corpus",
            g.len()
        );
        for _ in 0..DRAFT_WEIGHT {
            groups.extend(g.iter().cloned());
            shown.extend(sh.iter().cloned());
        }
    }
    let show = args.iter().any(|a| a == "--show");
    if let Some(path) = std::env::var_os("DUMP") {
        let mut out = String::from("group,planted,same,agree");
        for f in FEATURES {
            out.push(',');
            out.push_str(f);
        }
        out.push('\n');
        for (gi, g) in groups.iter().enumerate() {
            for (x, same, agree) in &g.pairs {
                out.push_str(&format!(
                    "{gi},{},{},{}",
                    g.planted as u8, *same as u8, *agree as u8
                ));
                for v in x {
                    out.push_str(&format!(",{v}"));
                }
                out.push('\n');
            }
        }
        std::fs::write(path, out).unwrap();
    }
    let samples: Vec<(Features, bool)> = groups
        .iter()
        .flat_map(|g| &g.pairs)
        .map(|&(x, same, _)| (x, same))
        .collect();
    let positives = samples.iter().filter(|s| s.1).count();
    eprintln!(
        "{} labelled figures; {} of a quantity another article states; {} with such an article's figure among their pairings",
        groups.len(),
        STATED.load(std::sync::atomic::Ordering::Relaxed),
        groups
            .iter()
            .filter(|g| g.pairs.iter().any(|c| c.1))
            .count()
    );
    eprintln!(
        "{} pairings, {} of the same quantity",
        samples.len(),
        positives
    );
    // How much of the draft's subject the sources of true pairings hold: below the floor, a
    // pairing is not trusted (an unrelated archive must not add warnings).
    let topic_floor = {
        let k = FEATURES.iter().position(|f| *f == "topic").unwrap();
        let mut v: Vec<f32> = samples.iter().filter(|s| s.1).map(|s| s.0[k]).collect();
        v.sort_by(f32::total_cmp);
        v.get(v.len() * TOPIC_QUANTILE_PERCENT / 100)
            .copied()
            .unwrap_or(0.0)
    };
    eprintln!("topic floor {topic_floor:.3}");
    for name in ["topic", "relevance"] {
        let k = FEATURES.iter().position(|f| *f == name).unwrap();
        let mut v: Vec<f32> = samples.iter().filter(|s| s.1).map(|s| s.0[k]).collect();
        v.sort_by(f32::total_cmp);
        let mut n: Vec<f32> = samples.iter().filter(|s| !s.1).map(|s| s.0[k]).collect();
        n.sort_by(f32::total_cmp);
        let q = |v: &[f32], p: f32| {
            v.get(((v.len() as f32 * p) as usize).min(v.len().saturating_sub(1)))
                .copied()
                .unwrap_or(0.0)
        };
        eprintln!(
            "{name} of same-quantity pairings: 1% {:.2}, 2% {:.2}, 5% {:.2}, median {:.2}; of others: median {:.2}",
            q(&v, 0.01),
            q(&v, 0.02),
            q(&v, 0.05),
            q(&v, 0.5),
            q(&n, 0.5)
        );
    }
    let weights: Features = if write || check {
        fit(&samples, RIDGE, 100)
    } else {
        sourced::check::pairing::weights()
    };
    for (name, w) in FEATURES.iter().zip(weights) {
        eprintln!("  {name:>20} {w:+.3}");
    }
    let mut scored: Vec<(f32, bool)> = samples
        .iter()
        .map(|(x, y)| (confidence(x, &weights, topic_floor), *y))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    // Area under the ROC curve.
    let (mut tp, mut auc) = (0usize, 0f64);
    for &(_, y) in &scored {
        if y {
            tp += 1;
        } else {
            auc += tp as f64;
        }
    }
    let negatives = scored.len() - positives;
    eprintln!(
        "AUC {:.3}",
        auc / (positives.max(1) as f64 * negatives.max(1) as f64)
    );
    // End to end: a changed figure is caught when its most likely pairing is confident; an
    // unchanged one is a false alarm when its most likely pairing disagrees and is confident
    // while no agreeing pairing is plausible. The threshold is the lowest with false alarms on
    // at most `FALSE_ALARMS` of the unchanged figures.
    let outcome = |t: f32| {
        let (mut caught, mut corroborated, mut alarms) = (0usize, 0usize, 0usize);
        for g in &groups {
            let ps: Vec<(f32, bool, bool)> = g
                .pairs
                .iter()
                .map(|(x, same, agree)| (confidence(x, &weights, topic_floor), *same, *agree))
                .collect();
            let best = ps.iter().map(|p| p.0).fold(0.0f32, f32::max);
            if ps.iter().any(|p| p.1) {
                corroborated += 1;
                if best >= t {
                    caught += 1;
                }
            }
            // A planted error's figure is wrong: a warning on it is no false alarm.
            let planted = g.planted;
            let support = ps.iter().any(|p| p.2 && p.0 >= best.max(t) * SUPPORT_SHARE);
            let top = ps.iter().max_by(|a, b| a.0.total_cmp(&b.0));
            if !planted && !support && top.is_some_and(|p| p.0 >= t && !p.2) {
                alarms += 1;
            }
        }
        (caught, corroborated, alarms, groups.len())
    };
    let mut threshold = 0.99f32;
    for k in (5..100).rev() {
        let t = k as f32 / 100.0;
        let (_, _, alarms, n) = outcome(t);
        if (alarms as f32) <= FALSE_ALARMS * n as f32 {
            threshold = t;
        } else {
            break;
        }
    }
    if let Some(t) = std::env::var("SHOW_THRESHOLD")
        .ok()
        .and_then(|t| t.parse().ok())
    {
        threshold = t;
    }
    if let Ok(feat) = std::env::var("PROBE") {
        let k = FEATURES
            .iter()
            .position(|f| *f == feat)
            .expect("PROBE names a feature");
        let want: f32 = std::env::var("PROBE_VALUE")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(1.0);
        for (g, (draft, sources)) in groups.iter().zip(&shown) {
            for (i, (x, same, _)) in g.pairs.iter().enumerate() {
                if x[k] == want {
                    println!("PROBE same={same} {draft}\n    {}", sources[i]);
                }
            }
        }
    }
    if show {
        for (g, (draft, sources)) in groups.iter().zip(&shown) {
            let mut ps: Vec<(f32, usize)> = g
                .pairs
                .iter()
                .enumerate()
                .map(|(i, (x, _, _))| (confidence(x, &weights, topic_floor), i))
                .collect();
            ps.sort_by(|a, b| b.0.total_cmp(&a.0));
            let corroborated = g.pairs.iter().any(|c| c.1);
            let best = ps.first().map_or(0.0, |p| p.0);
            let support = g.pairs.iter().any(|(x, _, agree)| {
                *agree
                    && confidence(x, &weights, topic_floor) >= best.max(threshold) * SUPPORT_SHARE
            });
            let top_wrong = ps
                .first()
                .is_some_and(|&(p, i)| p >= threshold && !g.pairs[i].2 && !g.planted);
            let kind = if corroborated && best < threshold {
                "MISSED"
            } else if !support && top_wrong {
                "ALARM"
            } else {
                continue;
            };
            println!("{kind} {draft}");
            for &(p, i) in ps.iter().take(4) {
                let (x, same, agree) = &g.pairs[i];
                let on: Vec<String> = FEATURES
                    .iter()
                    .zip(x)
                    .filter(|(n, v)| **v != 0.0 && **n != "bias")
                    .map(|(n, v)| format!("{n}={v:.2}"))
                    .collect();
                println!(
                    "   {p:.2} {} {} {}\n        {}",
                    if *same { "SAME" } else { "other" },
                    if *agree { "agree" } else { "differ" },
                    sources[i],
                    on.join(" ")
                );
            }
        }
    }
    for t in [0.3f32, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, threshold] {
        let above: Vec<&(f32, bool)> = scored.iter().filter(|s| s.0 >= t).collect();
        let good = above.iter().filter(|s| s.1).count();
        let (caught, corroborated, alarms, n) = outcome(t);
        eprintln!(
            "  p >= {t:.2}: pairings precision {:.3} recall {:.3}; changed figures caught {caught}/{corroborated} ({:.3}); false alarms {alarms}/{n} ({:.3})",
            good as f32 / above.len().max(1) as f32,
            good as f32 / positives.max(1) as f32,
            caught as f32 / corroborated.max(1) as f32,
            alarms as f32 / n.max(1) as f32,
        );
    }
    if check {
        let used = sourced::check::pairing::weights();
        let differs: Vec<String> = FEATURES
            .iter()
            .zip(weights.iter().zip(used))
            .filter(|(_, (a, b))| (*a - b).abs() > 1e-3)
            .map(|(n, (a, b))| format!("{n}: fit {a:.4}, in use {b:.4}"))
            .collect();
        let threshold_used = sourced::check::pairing::threshold();
        let floor_used = sourced::check::pairing::topic_floor();
        if !differs.is_empty()
            || (threshold - threshold_used).abs() > 1e-3
            || (topic_floor - floor_used).abs() > 1e-3
        {
            eprintln!(
                "the weights in use are not the fit's: {differs:?}; threshold fit {threshold:.3}, in use {threshold_used:.3}; topic floor fit {topic_floor:.3}, in use {floor_used:.3}"
            );
            std::process::exit(1);
        }
        eprintln!("the weights in use are the fit's");
    }
    if write {
        let path = repo.join("src/check/pairing_weights.rs");
        let list: Vec<String> = FEATURES
            .iter()
            .zip(weights)
            .map(|(name, w)| format!("(\"{name}\", {w:.6}),"))
            .collect();
        let text = format!(
            "//! Weights of the pairing model, by feature (`pairing::FEATURES`), and the probability from which\n\
             //! a pairing is confident. Written by `cargo run --release --example fit_pairing -- \
             ../shared/corpora/ecbplus {topics} --write`\n\
             //! from the labels in `tests/pairs/labels/`; do not edit.\n\n\
             #[allow(clippy::excessive_precision)]\n\
             pub const WEIGHTS: &[(&str, f32)] = &[\n    {}\n];\n\
             pub const THRESHOLD: f32 = {threshold:.6};\n\
             pub const TOPIC_FLOOR: f32 = {topic_floor:.6};\n",
            list.join("\n    "),
        );
        std::fs::write(&path, text).expect("write the weights");
        eprintln!("wrote {} (threshold {threshold:.3})", path.display());
    }
}

/// A labelled draft figure's pairings: features, same quantity or not, agreeing value or not
/// (always false for a planted error, whose value is wrong); and, for `--show`, the draft
/// sentence and each source sentence with the figures marked.
#[derive(Clone)]
struct Group {
    pairs: Vec<(Features, bool, bool)>,
    planted: bool,
}
type Shown = (String, Vec<String>);

/// Every labelled draft figure's pairings with their labels.
fn gather(root: &Path, lo: u32, hi: u32, labels_dir: &Path) -> (Vec<Group>, Vec<Shown>) {
    // Labels by document and line.
    let mut labels: HashMap<(String, usize), Vec<Label>> = HashMap::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(labels_dir)
        .expect("labels folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    for path in files {
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        let topic: u32 = name.split('_').next().unwrap().parse().unwrap_or(0);
        if !(lo..=hi).contains(&topic) {
            continue;
        }
        for line in std::fs::read_to_string(&path).unwrap().lines() {
            let v: serde_json::Value = serde_json::from_str(line).expect("label line");
            if v["missed"].as_bool() == Some(true) {
                continue;
            }
            labels
                .entry((
                    v["doc"].as_str().unwrap().to_string(),
                    v["line"].as_u64().unwrap() as usize,
                ))
                .or_default()
                .push(Label {
                    subtopic: name.clone(),
                    quantity: v["quantity"].as_str().map(str::to_string),
                    start: v["start"].as_u64().unwrap() as usize,
                    end: v["end"].as_u64().unwrap() as usize,
                });
        }
    }
    // The corpus: every article of the topics.
    let mut paths: Vec<PathBuf> = Vec::new();
    for t in lo..=hi {
        let dir = root.join("text").join(t.to_string());
        if let Ok(rd) = std::fs::read_dir(&dir) {
            let mut ps: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
            ps.sort();
            paths.extend(ps);
        }
    }
    let corpus = Corpus::load(&paths);
    let index = Index::build(corpus);
    let docs = index.documents();
    let rel = |doc: usize| -> String {
        let p = &docs[doc].path;
        let topic = p.parent().unwrap().file_name().unwrap().to_string_lossy();
        format!("text/{topic}/{}", p.file_name().unwrap().to_string_lossy())
    };
    let doc_of: HashMap<String, usize> = (0..docs.len()).map(|d| (rel(d), d)).collect();
    // The label of a figure at a byte range of a document's text.
    let label_at = |doc: usize, range: &std::ops::Range<usize>| -> Option<Label> {
        let text = &docs[doc].text;
        let line_start = text[..range.start].rfind('\n').map_or(0, |k| k + 1);
        let line = text[..range.start].matches('\n').count() + 1;
        let (a, b) = (range.start - line_start, range.end - line_start);
        labels
            .get(&(rel(doc), line))?
            .iter()
            .find(|l| l.start < b && a < l.end)
            .cloned()
    };
    let mut cache = SourceCache::default();
    let mut terms = Terms::new(&index);
    let mut samples = Vec::new();
    let mut shown = Vec::new();
    let mark = |t: &str, r: &std::ops::Range<usize>| {
        format!("{}[[{}]]{}", &t[..r.start], &t[r.clone()], &t[r.end..])
    };
    let mut keys: Vec<&(String, usize)> = labels.keys().collect();
    keys.sort();
    for key in keys {
        let Some(&doc) = doc_of.get(&key.0) else {
            continue;
        };
        let text = &docs[doc].text;
        let lines: Vec<&str> = text.lines().collect();
        let n = key.1 - 1;
        let Some(sentence) = lines.get(n) else {
            continue;
        };
        let paragraph = lines[n.saturating_sub(2)..(n + 3).min(lines.len())].join("\n");
        let words = Topic::draft_words(text, &mut terms, Some(doc));
        let topic = Topic::new(&paragraph, &words, Topic::near(&words, &index), &mut terms);
        let (analysed, pairs) =
            pair_sentence(&index, sentence, &topic, Some(doc), &mut cache, &mut terms);
        for (d, candidates) in analysed.figures.iter().zip(pairs) {
            let Some(own) = labels[key]
                .iter()
                .find(|l| l.start < d.figure.range.end && d.figure.range.start < l.end)
            else {
                continue;
            };
            let Some(quantity) = &own.quantity else {
                continue;
            };
            // Whether another article states this quantity at all: retrieval's recall.
            let stated_elsewhere = labels.iter().any(|((d, _), ls)| {
                d != &key.0
                    && ls.iter().any(|l| {
                        l.subtopic == own.subtopic && l.quantity.as_ref() == Some(quantity)
                    })
            });
            if stated_elsewhere {
                STATED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
            let pairs = candidates
                .iter()
                .map(|c| {
                    let same = label_at(c.doc, &c.figure.figure.range).is_some_and(|l| {
                        l.subtopic == own.subtopic && l.quantity.as_ref() == Some(quantity)
                    });
                    (
                        c.features,
                        same,
                        sourced::figures::agree(&d.figure, &c.figure.figure),
                    )
                })
                .collect();
            let group = Group {
                pairs,
                planted: false,
            };
            samples.push(group);
            shown.push((
                format!(
                    "{} {}: {}",
                    key.0,
                    own.subtopic,
                    mark(sentence, &d.figure.range)
                ),
                candidates
                    .iter()
                    .map(|c| {
                        let t = &docs[c.doc].text;
                        let r = c.figure.figure.range.start - c.sentence.start
                            ..c.figure.figure.range.end - c.sentence.start;
                        format!("{} | {}", rel(c.doc), mark(&t[c.sentence.clone()], &r))
                    })
                    .collect(),
            ));
        }
    }
    (samples, shown)
}

/// The labelled figures of the drafts on the built-in corpus (`tests/eval`, `tests/holdout`):
/// a source figure is the same quantity when it stands in a line the label's note names and
/// agrees with the draft's figure (faithful figures) or is the value the note gives (planted
/// errors).
fn gather_drafts(repo: &Path) -> (Vec<Group>, Vec<Shown>) {
    use sourced::check::{Draft, DraftFormat};
    let index = Index::build(sourced::corpus::builtin::builtin());
    let docs = index.documents();
    let mut cache = SourceCache::default();
    let mut terms = Terms::new(&index);
    let line_ref = regex::Regex::new(r"(\d{3}_[0-9a-f]+\.txt):(\d+(?:,\d+)*)").unwrap();
    let (mut groups, mut shown) = (Vec::new(), Vec::new());
    for set in ["tests/eval", "tests/holdout"] {
        let labels: Vec<serde_json::Value> = serde_json::from_str(
            &std::fs::read_to_string(repo.join(set).join("labels.json")).unwrap(),
        )
        .unwrap();
        for item in labels.iter().filter(|i| i["corpus"][0] == "seeds") {
            let text =
                std::fs::read_to_string(repo.join(set).join(item["draft"].as_str().unwrap()))
                    .unwrap();
            let draft = Draft::new(&text, DraftFormat::Markdown);
            let paragraphs = sourced::quotes::paragraphs(&draft.prose);
            let words = Topic::draft_words(&draft.prose, &mut terms, None);
            let near = Topic::near(&words, &index);
            let figures = item["expect"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|e| e["code"] == "figure-mismatch")
                .map(|e| (e, true))
                .chain(
                    item["quiet"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .filter(|q| q["kind"] == "figure")
                        .map(|q| (q, false)),
                );
            for (label, planted) in figures {
                let anchor = label["anchor"].as_str().unwrap();
                let note = label["note"].as_str().unwrap_or("");
                let Some(at) = text.find(anchor) else {
                    continue;
                };
                let Some(sentence) = draft.sentences.iter().find(|s| s.start <= at && at < s.end)
                else {
                    continue;
                };
                let lines: Vec<(String, usize)> = line_ref
                    .captures_iter(note)
                    .flat_map(|c| {
                        let file = c[1].to_string();
                        c[2].split(',')
                            .filter_map(|n| n.parse().ok())
                            .map(move |n| (file.clone(), n))
                            .collect::<Vec<_>>()
                    })
                    .collect();
                if lines.is_empty() {
                    continue;
                }
                let paragraph = paragraphs
                    .iter()
                    .find(|(start, p)| *start <= sentence.start && sentence.start < start + p.len())
                    .map_or(&draft.prose[sentence.clone()], |(_, p)| p);
                let topic = Topic::new(paragraph, &words, near.clone(), &mut terms);
                let sentence_text = &draft.prose[sentence.clone()];
                let (analysed, pairs) =
                    pair_sentence(&index, sentence_text, &topic, None, &mut cache, &mut terms);
                let at = at - sentence.start;
                for (d, candidates) in analysed.figures.iter().zip(pairs) {
                    if !(d.figure.range.start < at + anchor.len() && at < d.figure.range.end) {
                        continue;
                    }
                    let pairs = candidates
                        .iter()
                        .map(|c| {
                            let doc = &docs[c.doc];
                            let line = doc.text[..c.figure.figure.range.start]
                                .matches('\n')
                                .count()
                                + 1;
                            // Labels name the articles as in `seeds/`; the copies are named
                            // by title, in the same order.
                            let seed = sourced::corpus::builtin::SEEDS[c.doc].0;
                            let named = lines.iter().any(|(f, n)| f == seed && *n == line);
                            let source_text = &doc.text[c.figure.figure.range.clone()];
                            let agree =
                                !planted && sourced::figures::agree(&d.figure, &c.figure.figure);
                            let same = named
                                && if planted {
                                    note.to_lowercase().contains(&source_text.to_lowercase())
                                } else {
                                    agree
                                };
                            (c.features, same, agree)
                        })
                        .collect();
                    let group = Group { pairs, planted };
                    shown.push((
                        format!("{} {anchor:?}", item["draft"]),
                        candidates
                            .iter()
                            .map(|c| docs[c.doc].text[c.sentence.clone()].to_string())
                            .collect(),
                    ));
                    groups.push(group);
                }
            }
        }
    }
    (groups, shown)
}
