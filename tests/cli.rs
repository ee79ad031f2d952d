//! `sourced check` as users run it: exit codes, the JSON report, the human report, corpus
//! handling, and exact findings on drafts with planted errors.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn sourced(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sourced"))
        .args(args)
        .current_dir(cwd)
        .env("XDG_CACHE_HOME", cwd.join(".cache"))
        .output()
        .expect("run sourced")
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, text).unwrap();
    p
}

/// (code, text under the range) for every diagnostic of the first file.
fn findings(out: &Output, draft: &str) -> Vec<(String, String)> {
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    let lines: Vec<&str> = draft.split('\n').collect();
    v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let r = &d["range"];
            let (l0, c0) = (
                r["start"]["line"].as_u64().unwrap() as usize,
                r["start"]["character"].as_u64().unwrap() as usize,
            );
            let (l1, c1) = (
                r["end"]["line"].as_u64().unwrap() as usize,
                r["end"]["character"].as_u64().unwrap() as usize,
            );
            // Columns are UTF-16 code units.
            let col = |line: &str, c: usize| -> usize {
                let mut units = 0;
                for (i, ch) in line.char_indices() {
                    if units >= c {
                        return i;
                    }
                    units += ch.len_utf16();
                }
                line.len()
            };
            let text = if l0 == l1 {
                let l = lines[l0];
                l[col(l, c0)..col(l, c1)].to_string()
            } else {
                format!("{}…", &lines[l0][col(lines[l0], c0)..])
            };
            (d["code"].as_str().unwrap().to_string(), text)
        })
        .collect()
}

/// Every wanted (code, text) finding is there, and there is no other warning (information notes
/// aside).
fn assert_exactly(out: &Output, got: &[(String, String)], want: &[(&str, &str)]) {
    for (code, text) in want {
        assert!(
            got.iter().any(|(c, t)| c == code && t == text),
            "missing {code} on {text:?}; got {got:?}"
        );
    }
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let warnings = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "warning")
        .count();
    assert_eq!(warnings, want.len(), "{got:?}");
}

const PLANTED: &str = "# Draft\n\
\n\
In 2022, more than 63,600 people died from fentanyl-related overdoses in the U.S.\n\
\n\
Fentanyl is 50 times more potent than heroin, and the number of fatal overdoses due to fentanyl was 32 times higher in 2021 compared to 2013.\n\
\n\
Blinken led the first virtual meeting of the coalition on Friday, July 9, 2023, joined by 84 or so countries.\n\
\n\
Trump said China promised in 2017 to curb the drug; Xi later announced a tariff of 15% on the remaining 300 Billion Dollars of goods.\n\
\n\
😀 “Liu” says: “We believe the overdose problem in the United States is mainly caused by foreign reasons,” said Liu.\n\
\n\
“We’re losing thousands of people to fentanyl,” Biden told reporters.\n\
\n\
“China needs to enforce laws that prevent the export of fentanyl precursors to international drug markets,” said Sen. Bill Cassidy, R-La.\n\
\n\
“Fentanyl deaths will fall by half within a single year,” said Gina Raimondo.\n";

#[test]
fn planted_errors_are_found_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "draft.md", PLANTED);
    let out = sourced(&["check", "--format", "json", "draft.md"], dir.path());
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got = findings(&out, PLANTED);
    let want = [
        ("figure-mismatch", "63,600"),
        ("figure-mismatch", "32 times"),
        ("figure-mismatch", "July 9, 2023"),
        ("figure-mismatch", "15%"),
        ("misquote", "foreign"),
        (
            "misattribution",
            "We’re losing thousands of people to fentanyl,",
        ),
        (
            "unsourced-quote",
            "Fentanyl deaths will fall by half within a single year,",
        ),
    ];
    assert_exactly(&out, &got, &want);
}

#[test]
fn json_report_has_the_documented_shape() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "d.md",
        "In 2022, more than 63,600 people died from fentanyl-related overdoses in the U.S.\n",
    );
    let out = sourced(&["check", "--format", "json", "d.md"], dir.path());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &v["files"][0]["diagnostics"][0];
    assert_eq!(v["files"][0]["path"], "d.md");
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["code"], "figure-mismatch");
    assert_eq!(
        d["range"]["start"],
        serde_json::json!({"line": 0, "character": 19})
    );
    assert_eq!(
        d["range"]["end"],
        serde_json::json!({"line": 0, "character": 25})
    );
    assert!(d["message"].as_str().unwrap().contains("73,600"));
    let s = &d["sources"][0];
    assert!(
        s["path"]
            .as_str()
            .unwrap()
            .ends_with("001_5da86a3ca6c791c0.txt")
    );
    assert_eq!(s["range"]["start"]["line"], 4);
    assert!(
        s["text"]
            .as_str()
            .unwrap()
            .contains("more than 73,600 people died")
    );
    assert_eq!(d["fixes"][0]["newText"], "73,600");
    // The source path is a real file with the text at that line.
    let file = std::fs::read_to_string(s["path"].as_str().unwrap()).unwrap();
    assert!(file.lines().nth(4).unwrap().contains("73,600"));
}

#[test]
fn human_report_names_file_line_code_and_source() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "d.md",
        "Intro.\n\nIn 2022, more than 63,600 people died from fentanyl-related overdoses in the U.S.\n",
    );
    let out = sourced(&["check", "d.md"], dir.path());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("warning[figure-mismatch]"), "{text}");
    assert!(text.contains("d.md:3:20"), "{text}");
    assert!(text.contains("001_5da86a3ca6c791c0.txt:5"), "{text}");
    assert!(text.contains("1 file checked: 1 warning"), "{text}");
}

#[test]
fn exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "clean.md",
        "China banned all fentanyl-related drugs in 2019.\n",
    );
    assert_eq!(
        sourced(&["check", "clean.md"], dir.path()).status.code(),
        Some(0)
    );
    // Missing file: an I/O error.
    assert_eq!(
        sourced(&["check", "missing.md"], dir.path()).status.code(),
        Some(2)
    );
    // Usage errors.
    assert_eq!(sourced(&["check"], dir.path()).status.code(), Some(2));
    assert_eq!(
        sourced(&["check", "--format", "xml", "clean.md"], dir.path())
            .status
            .code(),
        Some(2)
    );
    // A corpus with nothing readable.
    write(dir.path(), "empty/x.bin", "\0\0");
    assert_eq!(
        sourced(&["check", "--corpus", "empty", "clean.md"], dir.path())
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn corpus_folder_formats_and_bad_files_are_reported_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "src/a.txt",
        "Officials said 120 people were evacuated from the flooded town of Arden on Monday.\n",
    );
    write(
        d,
        "src/b.html",
        "<html><head><title>Mayor speaks</title></head><body>\n<p>The mayor, Jane Holt, said: &ldquo;We will rebuild every single home in Arden.&rdquo;</p>\n</body></html>",
    );
    write(
        d,
        "src/notes.md",
        "# Notes\n\nThe river rose 3 metres in `code 99` two days.\n",
    );
    std::fs::write(
        d.join("src/bad.txt"),
        [0x7f, b'E', b'L', b'F', 0x02, 0x01, 0x00, 0x00],
    )
    .unwrap();
    std::fs::write(d.join("src/latin.txt"), b"caf\xe9 au lait").unwrap();
    write(d, "src/.gitignore", "ignored.txt\n");
    write(
        d,
        "src/ignored.txt",
        "Officials said 999 people were evacuated from Arden.\n",
    );
    std::process::Command::new("git")
        .arg("init")
        .arg("-q")
        .current_dir(d.join("src"))
        .status()
        .ok();
    let draft = "Officials said 150 people were evacuated from the flooded town of Arden on Monday.\n\n\
The mayor, Jane Holt, said: “We will rebuild every home in Arden.”\n";
    write(d, "draft.md", draft);
    let out = sourced(
        &["check", "--format", "json", "--corpus", "src", "draft.md"],
        d,
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("bad.txt"), "{stderr}");
    assert!(
        stderr.contains("latin.txt") && stderr.contains("UTF-8"),
        "{stderr}"
    );
    let got = findings(&out, draft);
    assert!(
        got.contains(&("figure-mismatch".into(), "150".into())),
        "{got:?}"
    );
    assert!(got.iter().any(|(c, _)| c == "misquote"), "{got:?}");
    // The HTML source is located in the HTML file, on its own line.
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let html = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "misquote")
        .unwrap()["sources"][0]
        .clone();
    assert!(html["path"].as_str().unwrap().ends_with("b.html"));
    assert_eq!(html["range"]["start"]["line"], 1);
}

#[test]
fn sourced_toml_switches_checks_off() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "sourced.toml",
        "[checks]\nfigure-mismatch = \"off\"\n",
    );
    write(
        dir.path(),
        "d.md",
        "In 2022, more than 63,600 people died from fentanyl-related overdoses in the U.S.\n",
    );
    let out = sourced(&["check", "--format", "json", "d.md"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(findings(&out, "").len(), 0);
    write(
        dir.path(),
        "sourced.toml",
        "[checks]\nfigure-mismatch = \"loud\"\n",
    );
    let out = sourced(&["check", "d.md"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("loud"));
}

#[test]
fn ignore_comment_silences_the_next_paragraph() {
    let dir = tempfile::tempdir().unwrap();
    let draft = "<!-- sourced-ignore: figure-mismatch -->\nIn 2022, more than 63,600 people died from fentanyl-related overdoses in the U.S.\n";
    write(dir.path(), "d.md", draft);
    let out = sourced(&["check", "--format", "json", "d.md"], dir.path());
    assert_eq!(findings(&out, draft), []);
}

#[test]
fn the_readme_example_shows_real_findings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_sourced"))
        .args(["check", "--format", "json", "examples/draft.md"])
        .current_dir(root)
        .env("XDG_CACHE_HOME", dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<&str> = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    for code in [
        "figure-mismatch",
        "misquote",
        "misattribution",
        "unsourced-quote",
    ] {
        assert!(codes.contains(&code), "{codes:?}");
    }
}

/// Another topic (a title fight in the ECB+ corpus): the same exactness. Skipped, with a message,
/// when the shared corpora are not beside the checkout (a failure under `CI`).
#[test]
fn planted_errors_on_another_topic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/ecbplus/text/7");
    if !dir.exists() {
        // In continuous integration the corpora are laid beside the checkout: their absence is a
        // broken setup, not a reason to pass.
        assert!(
            std::env::var_os("CI").is_none(),
            "{} is absent",
            dir.display()
        );
        eprintln!("skipped: {} is absent", dir.display());
        return;
    }
    let corpus: Vec<String> = (1..=11)
        .map(|i| dir.join(format!("7_{i}ecbplus.txt")))
        .filter(|p| p.exists())
        .map(|p| p.display().to_string())
        .collect();
    let draft = "# Klitschko keeps his belts\n\
\n\
Wladimir Klitschko stopped Tony Thompson in the sixth round to keep his WBA, IBF and WBO heavyweight titles.\n\
\n\
The 36-year-old champion, now 58-3 with 51 knockouts, floored the 40-year-old American near the end of the fifth round at Stade de Suisse.\n\
\n\
After the fight, Klitschko led the crowd of 32,000 in singing to trainer Emanuel Steward, who turned 68 on Saturday.\n\
\n\
In 2008, Klitschko stopped Thompson in the 9th round.\n\
\n\
\"Tony Thompson is very hard to catch,\" Steward said.\n";
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "fight.md", draft);
    let mut args = vec!["check".to_string(), "--format".into(), "json".into()];
    for c in &corpus {
        args.push("--corpus".into());
        args.push(c.clone());
    }
    args.push("fight.md".into());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = sourced(&args, tmp.path());
    let got = findings(&out, draft);
    let want = [
        ("figure-mismatch", "32,000"),
        ("figure-mismatch", "9th"),
        ("misquote", "catch"),
    ];
    assert_exactly(&out, &got, &want);
}
