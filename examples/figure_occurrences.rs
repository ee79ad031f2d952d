//! Lists the figures of ECB+ articles, one line per sentence, as JSON: the raw material for
//! labelling which figures state the same quantity (`tests/pairs/`).
//!
//! ```sh
//! cargo run --release --example figure_occurrences -- ../shared/corpora/ecbplus 1-14 > occurrences.jsonl
//! ```

use serde_json::json;
use std::path::Path;

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(root), Some(topics)) = (args.next(), args.next()) else {
        eprintln!("usage: figure_occurrences ECBPLUS_DIR FIRST-LAST");
        std::process::exit(2);
    };
    let (lo, hi) = topics
        .split_once('-')
        .and_then(|(a, b)| Some((a.parse::<u32>().ok()?, b.parse::<u32>().ok()?)))
        .expect("topics as FIRST-LAST");
    let text_dir = Path::new(&root).join("text");
    let mut topic_dirs: Vec<(u32, std::path::PathBuf)> = std::fs::read_dir(&text_dir)
        .expect("ECB+ text folder")
        .filter_map(|e| {
            let e = e.ok()?;
            let t: u32 = e.file_name().to_str()?.parse().ok()?;
            (lo..=hi).contains(&t).then(|| (t, e.path()))
        })
        .collect();
    topic_dirs.sort();
    for (topic, dir) in topic_dirs {
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        files.sort();
        for path in files {
            let stem = path.file_stem().unwrap().to_string_lossy().to_string();
            let subtopic = if stem.ends_with("ecbplus") {
                format!("{topic}_ecbplus")
            } else {
                format!("{topic}_ecb")
            };
            let text = std::fs::read_to_string(&path).unwrap();
            for (n, line) in text.lines().enumerate() {
                let figures: Vec<_> = sourced::figures::extract(line)
                    .into_iter()
                    .map(|f| {
                        json!({
                            "start": f.range.start,
                            "end": f.range.end,
                            "text": &line[f.range.clone()],
                            "kind": f.kind.name(),
                        })
                    })
                    .collect();
                if figures.is_empty() {
                    continue;
                }
                println!(
                    "{}",
                    json!({
                        "doc": format!("text/{topic}/{stem}.txt"),
                        "subtopic": subtopic,
                        "line": n + 1,
                        "sentence": line,
                        "figures": figures,
                    })
                );
            }
        }
    }
}
