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
        // On the name to correct, not on the words.
        ("misattribution", "Biden"),
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
            .ends_with("president-joe-biden-says-us-will-resume-counternarcotics.txt")
    );
    assert_eq!(s["range"]["start"]["line"], 4);
    assert!(
        s["text"]
            .as_str()
            .unwrap()
            .contains("more than 73,600 people died")
    );
    assert_eq!(d["fixes"][0]["newText"], "73,600");
    // The corpus checked against.
    assert_eq!(
        v["corpus"],
        serde_json::json!({"description": "the built-in articles", "documents": 5})
    );
    // The source path is a real file with the text at that line.
    let file = std::fs::read_to_string(s["path"].as_str().unwrap()).unwrap();
    assert!(file.lines().nth(4).unwrap().contains("73,600"));
}

/// `sourced check ARGS… NAME` on a draft called NAME with a wrong figure on line 3, column 20.
fn check_wrong_figure(name: &str, args: &[&str]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        name,
        "Intro.\n\nIn 2022, more than 63,600 people died from fentanyl-related overdoses in the U.S.\n",
    );
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    all.push(name);
    sourced(&all, dir.path())
}

#[test]
fn human_report_names_file_line_code_and_source() {
    let out = check_wrong_figure("d.md", &[]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("warning[figure-mismatch]"), "{text}");
    assert!(text.contains("d.md:3:20"), "{text}");
    assert!(
        text.contains("president-joe-biden-says-us-will-resume-counternarcotics.txt:5"),
        "{text}"
    );
    assert!(
        text.ends_with("1 file checked: 0 errors, 1 warning, 0 notes\n"),
        "{text}"
    );
    // The fix is shown, and the source is named by its title.
    assert!(text.contains("help: the source says 73,600"), "{text}");
    assert!(
        text.contains("compared with \u{201c}President Joe Biden Says U.S. Will Resume"),
        "{text}"
    );
    // Piped output has no colour.
    assert!(!text.contains('\u{1b}'), "{text}");
    // The corpus is named on standard error.
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("checking against: the built-in articles (5 documents)"),
        "{err}"
    );
}

const WRONG_FIGURE: &str =
    "In 2022, more than 63,600 people died from fentanyl-related overdoses in the U.S.\n";

#[test]
fn the_summary_counts_each_severity() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "d.md", WRONG_FIGURE);
    write(dir.path(), "e.md", WRONG_FIGURE);
    write(
        dir.path(),
        "sourced.toml",
        "[checks]\nfigure-mismatch = \"error\"\n",
    );
    let out = sourced(&["check", "d.md"], dir.path());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.ends_with("1 file checked: 1 error, 0 warnings, 0 notes\n"),
        "{text}"
    );
    assert_eq!(out.status.code(), Some(1));
    write(
        dir.path(),
        "sourced.toml",
        "[checks]\nfigure-mismatch = \"information\"\n",
    );
    let out = sourced(&["check", "d.md", "e.md"], dir.path());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.ends_with("2 files checked: 0 errors, 0 warnings, 2 notes\n"),
        "{text}"
    );
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn color_is_chosen_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "d.md", WRONG_FIGURE);
    let run = |color: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_sourced"))
            .args(["check", "--color", color, "d.md"])
            .current_dir(dir.path())
            .env("XDG_CACHE_HOME", dir.path().join(".cache"))
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{color}");
        String::from_utf8_lossy(&out.stdout).contains('\u{1b}')
    };
    assert!(run("always"));
    assert!(!run("never"));
    assert!(!run("auto"));
    assert_eq!(
        sourced(&["check", "--color", "sometimes", "d.md"], dir.path())
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn sarif_output_follows_the_schema() {
    let out = check_wrong_figure("d.md", &["--format", "sarif"]);
    assert_eq!(out.status.code(), Some(1));
    let log: Value = serde_json::from_slice(&out.stdout).expect("json");
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sarif-schema-2.1.0.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::draft4::new(&schema).expect("schema");
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "sourced");
    assert_eq!(run["columnKind"], "utf16CodeUnits");
    let rules: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"figure-mismatch"), "{rules:?}");
    let r = &run["results"][0];
    assert_eq!(r["ruleId"], "figure-mismatch");
    assert_eq!(r["level"], "warning");
    // The code is the rule, not part of the message.
    let message = r["message"]["text"].as_str().unwrap();
    assert!(
        message.starts_with("president-joe-biden-says-us-will-resume-counternarcotics.txt gives"),
        "{message}"
    );
    let loc = &r["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "d.md");
    assert_eq!(
        loc["region"],
        serde_json::json!({"startLine": 3, "startColumn": 20, "endLine": 3, "endColumn": 26})
    );
    let related = &r["relatedLocations"][0]["physicalLocation"];
    assert!(
        related["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("president-joe-biden-says-us-will-resume-counternarcotics.txt"),
        "{related}"
    );
    assert_eq!(related["region"]["startLine"], 5);
    assert_eq!(run["properties"]["corpus"]["documents"], 5);
}

#[test]
fn github_annotations_one_line_per_finding() {
    let out = check_wrong_figure("a,b.md", &["--format", "github"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1, "{text}");
    assert!(
        lines[0].starts_with(
            "::warning file=a%2Cb.md,line=3,col=20,endLine=3,endColumn=26,title=figure-mismatch::"
        ),
        "{text}"
    );
    assert!(lines[0].contains("73,600"), "{text}");
}

#[test]
fn check_help_documents_the_exit_status() {
    let dir = tempfile::tempdir().unwrap();
    let out = sourced(&["check", "--help"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Exit status:"), "{text}");
    for line in [
        "0  nothing to report",
        "1  findings of warning or error severity",
        "2  usage or I/O error",
    ] {
        assert!(text.contains(line), "{line}: {text}");
    }
}

#[test]
fn a_corpus_path_that_gives_nothing_is_an_error_beside_a_good_one() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "src/a.txt",
        "Officials said 120 people were evacuated from Arden.\n",
    );
    write(d, "empty/x.bin", "\0\0");
    write(
        d,
        "d.md",
        "Officials said 120 people were evacuated from Arden.\n",
    );
    let ok = sourced(&["check", "--corpus", "src", "d.md"], d);
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    for bad in ["srcc", "empty"] {
        let out = sourced(&["check", "--corpus", "src", "--corpus", bad, "d.md"], d);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{bad}: {err}");
        assert!(err.contains(&format!("error: corpus {bad}")), "{err}");
    }
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

#[test]
fn a_sources_folder_beside_the_draft_is_its_corpus_from_any_folder() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "desk/story/sources/flood.txt",
        "Flood report\n\nOfficials said 150 people were evacuated from the flooded town of Arden on Monday.\n",
    );
    let draft =
        "Officials said 510 people were evacuated from the flooded town of Arden on Monday.\n";
    write(d, "desk/story/drafts/piece.md", draft);
    let elsewhere = d.join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    let path = d.join("desk/story/drafts/piece.md");
    let path = path.to_str().unwrap();
    let out = sourced(&["check", "--format", "json", path], &elsewhere);
    assert_eq!(
        findings(&out, draft),
        [("figure-mismatch".into(), "510".into())]
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let sources = d.join("desk/story/sources");
    assert_eq!(
        v["corpus"]["description"].as_str(),
        Some(sources.to_str().unwrap()),
        "{v}"
    );
    let out = sourced(&["check", path], &elsewhere);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "checking against: {} (1 document)",
            sources.display()
        )),
        "{stderr}"
    );
    // A sourced.toml nearer the draft that names a corpus wins, and is named.
    write(
        d,
        "desk/story/drafts/sourced.toml",
        "corpus = [\"notes\"]\n",
    );
    std::fs::create_dir_all(d.join("desk/story/drafts/notes")).unwrap();
    std::fs::copy(
        d.join("desk/story/sources/flood.txt"),
        d.join("desk/story/drafts/notes/flood.txt"),
    )
    .unwrap();
    let out = sourced(&["check", "--format", "json", path], &elsewhere);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let description = v["corpus"]["description"].as_str().unwrap_or_default();
    assert!(description.contains("sourced.toml"), "{v}");
    // Without either, the built-in articles, said so.
    std::fs::remove_file(d.join("desk/story/drafts/sourced.toml")).unwrap();
    std::fs::remove_dir_all(d.join("desk/story/sources")).unwrap();
    let out = sourced(&["check", path], &elsewhere);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("checking against: the built-in articles"),
        "{stderr}"
    );
}
