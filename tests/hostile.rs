//! `sourced check` against hostile input: unbounded files, line ends, planted links, names that
//! would forge output, odd encodings and special files. Every case ends, within bounds, with a
//! message naming what was skipped.

use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    /// Peak resident memory of the process, in KiB.
    max_rss_kib: i64,
    elapsed: Duration,
}

/// Runs `sourced` with a private cache and configuration (unless `env` says otherwise), feeding
/// `stdin`; kills it after `limit`.
fn run(
    args: &[&str],
    cwd: &Path,
    env: &[(&str, Option<&str>)],
    stdin: &[u8],
    limit: Duration,
) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sourced"));
    cmd.args(args)
        .current_dir(cwd)
        .env("XDG_CACHE_HOME", cwd.join(".cache"))
        .env("XDG_CONFIG_HOME", cwd.join(".config"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        match v {
            Some(v) => cmd.env(k, v),
            None => cmd.env_remove(k),
        };
    }
    let started = Instant::now();
    let mut child = cmd.spawn().expect("run sourced");
    let mut input = child.stdin.take().unwrap();
    let stdin = stdin.to_vec();
    let feeder = std::thread::spawn(move || {
        let _ = input.write_all(&stdin);
    });
    let out = child.stdout.take().unwrap();
    let err = child.stderr.take().unwrap();
    let read = |mut r: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut s = Vec::new();
            let _ = r.read_to_end(&mut s);
            String::from_utf8_lossy(&s).into_owned()
        })
    };
    let out = read(Box::new(out));
    let err = read(Box::new(err));
    let pid = child.id() as i32;
    let killer = std::thread::spawn(move || {
        let end = Instant::now() + limit;
        while Instant::now() < end {
            std::thread::sleep(Duration::from_millis(50));
            // Signal 0 only asks whether the process is still there.
            if unsafe { libc::kill(pid, 0) } != 0 {
                return;
            }
        }
        unsafe { libc::kill(pid, libc::SIGKILL) };
    });
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(r, pid);
    let elapsed = started.elapsed();
    let _ = feeder.join();
    let _ = killer.join();
    std::mem::forget(child);
    Run {
        code: libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status)),
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
        max_rss_kib: usage.ru_maxrss,
        elapsed,
    }
}

fn check(args: &[&str], cwd: &Path) -> Run {
    run(args, cwd, &[], b"", Duration::from_secs(120))
}

fn write(dir: &Path, name: &str, text: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, text).unwrap();
    p
}

fn codes(json: &str) -> Vec<(String, u64)> {
    let v: Value = serde_json::from_str(json).expect("json");
    v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

const EXAMPLE: &str = include_str!("../examples/draft.md");

const ARDEN: &str = "Flood report\n\nOfficials said 120 people were evacuated from the flooded town of Arden on Monday.\n";
const ARDEN_DRAFT: &str =
    "Officials said 150 people were evacuated from the flooded town of Arden on Monday.\n";

// Finding: the size limit trusted the reported size, which is 0 for files under /proc, and drafts
// had no limit at all.
#[cfg(target_os = "linux")]
#[test]
fn limits_hold_for_files_that_report_no_size() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "draft.md", ARDEN_DRAFT);
    write(d, "src/a.txt", ARDEN);
    let r = check(
        &[
            "check",
            "--max-file-size",
            "500",
            "--corpus",
            "src",
            "--corpus",
            "/proc/self/status",
            "draft.md",
        ],
        d,
    );
    assert!(
        r.stderr
            .contains("/proc/self/status: larger than the limit of 500 bytes"),
        "{}",
        r.stderr
    );
    // Skipped, it gives no document: a corpus path that gives nothing is an error.
    assert!(
        r.stderr
            .contains("error: corpus /proc/self/status: no readable document"),
        "{}",
        r.stderr
    );
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    // A draft without end.
    let r = run(
        &["check", "/dev/zero"],
        d,
        &[],
        b"",
        Duration::from_secs(60),
    );
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(
        r.stderr.contains("larger than the limit of 4 MiB"),
        "{}",
        r.stderr
    );
    assert!(r.max_rss_kib < 200 * 1024, "{} KiB", r.max_rss_kib);
}

// Finding: a whole folder of files that say they are empty.
#[cfg(target_os = "linux")]
#[test]
fn a_corpus_under_proc_is_read_within_bounds() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "draft.md", ARDEN_DRAFT);
    let r = run(
        &[
            "check",
            "--max-file-size",
            "1MiB",
            "--corpus",
            "/proc/self/",
            "draft.md",
        ],
        dir.path(),
        &[],
        b"",
        Duration::from_secs(300),
    );
    assert!(r.code.is_some(), "killed after {:?}", r.elapsed);
    assert!(r.code.is_some_and(|c| c < 2), "{}", r.stderr);
    // Files under /proc say they are empty whatever they hold: each was read (or skipped by
    // name) within the limit.
    assert!(
        r.stderr.contains("warning: skipped /proc/self/"),
        "{}",
        r.stderr
    );
    assert!(r.max_rss_kib < 1024 * 1024, "{} KiB", r.max_rss_kib);
}

// Finding: a 60 MB one-line corpus file took 28 times its size.
#[test]
fn a_long_single_line_file_costs_about_its_size() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let words = [
        "fentanyl", "deaths", "rose", "73,600", "in", "2022", "“we", "act”", "China",
    ];
    let mut line = String::with_capacity(20 << 20);
    let mut k = 7usize;
    while line.len() < 20 << 20 {
        k = k
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        line.push_str(words[(k >> 33) % words.len()]);
        line.push(' ');
    }
    write(d, "src/one-line.txt", &line);
    write(d, "draft.md", "In 2022, 73,600 people died.\n");
    let r = check(&["check", "--corpus", "src", "draft.md"], d);
    assert!(r.code.is_some_and(|c| c < 2), "{}", r.stderr);
    let size_kib = line.len() as i64 / 1024;
    assert!(
        r.max_rss_kib < 6 * size_kib,
        "{} KiB for a {size_kib} KiB file",
        r.max_rss_kib
    );
}

// Finding: CRLF line ends were two breaks each, cutting wrapped sentences.
#[test]
fn crlf_drafts_and_sources_give_the_findings_of_lf() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "lf.md", EXAMPLE);
    write(d, "crlf.md", EXAMPLE.replace('\n', "\r\n"));
    let lf = check(&["check", "--format", "json", "lf.md"], d);
    let crlf = check(&["check", "--format", "json", "crlf.md"], d);
    assert!(!codes(&lf.stdout).is_empty(), "{}", lf.stdout);
    assert_eq!(codes(&crlf.stdout), codes(&lf.stdout));

    // Sources wrapped at 78 columns, with either line end.
    let wrap = |text: &str, eol: &str| -> String {
        let mut out = String::new();
        for para in text.split("\n\n") {
            let mut col = 0;
            for w in para.split_whitespace() {
                if col > 0 && col + 1 + w.len() > 78 {
                    out.push_str(eol);
                    col = 0;
                } else if col > 0 {
                    out.push(' ');
                    col += 1;
                }
                out.push_str(w);
                col += w.len();
            }
            out.push_str(eol);
            out.push_str(eol);
        }
        out
    };
    for (name, text) in sourced::corpus::builtin::SEEDS {
        write(d, &format!("lf/{name}"), wrap(text, "\n"));
        write(d, &format!("crlf/{name}"), wrap(text, "\r\n"));
    }
    let lf = check(&["check", "--format", "json", "--corpus", "lf", "lf.md"], d);
    let crlf = check(
        &["check", "--format", "json", "--corpus", "crlf", "lf.md"],
        d,
    );
    let lf_v: Value = serde_json::from_str(&lf.stdout).unwrap();
    let crlf_v: Value = serde_json::from_str(&crlf.stdout).unwrap();
    let strip = |v: &Value| -> Vec<(Value, Value, Value)> {
        v["files"][0]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| {
                let text = x["sources"][0]["text"]
                    .as_str()
                    .unwrap_or_default()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                (x["code"].clone(), x["range"].clone(), Value::String(text))
            })
            .collect()
    };
    assert!(strip(&lf_v).len() >= 4, "{}", lf.stdout);
    assert_eq!(strip(&crlf_v), strip(&lf_v));
}

// Finding: the built-in cache was written through a planted link.
#[cfg(unix)]
#[test]
fn the_cache_is_not_written_through_links() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let victim = write(d, "victim.txt", "precious\n");
    let seeds = d.join(format!(
        ".cache/sourced/seeds-{}",
        env!("CARGO_PKG_VERSION")
    ));
    std::fs::create_dir_all(&seeds).unwrap();
    let name = sourced::corpus::builtin::copy_names().remove(0);
    let text = sourced::corpus::builtin::SEEDS[0].1;
    std::os::unix::fs::symlink(&victim, seeds.join(&name)).unwrap();
    write(d, "draft.md", "Nothing to check here.\n");
    let r = check(&["check", "draft.md"], d);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious\n");
    let meta = std::fs::symlink_metadata(seeds.join(&name)).unwrap();
    assert!(meta.file_type().is_file());
    assert_eq!(std::fs::read_to_string(seeds.join(name)).unwrap(), text);
}

// Finding: without HOME and XDG_CACHE_HOME the cache fell back to a shared folder anyone could
// prepare.
#[cfg(unix)]
#[test]
fn without_a_home_the_cache_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let tmp = d.join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    // Someone else prepared the folder the user would use: writable by all.
    let uid = unsafe { libc::getuid() };
    let shared = tmp.join(format!("sourced-{uid}"));
    std::fs::create_dir(&shared).unwrap();
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o777)).unwrap();
    write(d, "draft.md", EXAMPLE);
    let usual = check(&["check", "--format", "json", "draft.md"], d);
    let tmp_s = tmp.to_str().unwrap();
    let r = run(
        &["check", "--format", "json", "draft.md"],
        d,
        &[
            ("HOME", None),
            ("XDG_CACHE_HOME", None),
            ("TMPDIR", Some(tmp_s)),
        ],
        b"",
        Duration::from_secs(60),
    );
    assert_eq!(codes(&r.stdout), codes(&usual.stdout), "{}", r.stderr);
    assert_eq!(std::fs::read_dir(&shared).unwrap().count(), 0);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    let path = PathBuf::from(
        v["files"][0]["diagnostics"][0]["sources"][0]["path"]
            .as_str()
            .unwrap(),
    );
    let folder = path.parent().unwrap().parent().unwrap();
    let mode = std::fs::metadata(folder).unwrap().permissions().mode();
    assert_eq!(mode & 0o077, 0, "{folder:?} {mode:o}");
    assert!(path.exists());

    // An untouched temporary folder: the user's own folder is made there, private.
    let clean = d.join("tmp2");
    std::fs::create_dir(&clean).unwrap();
    let r = run(
        &["check", "draft.md"],
        d,
        &[
            ("HOME", None),
            ("XDG_CACHE_HOME", None),
            ("TMPDIR", Some(clean.to_str().unwrap())),
        ],
        b"",
        Duration::from_secs(60),
    );
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    let own = clean.join(format!("sourced-{uid}"));
    assert_eq!(
        std::fs::metadata(&own).unwrap().permissions().mode() & 0o077,
        0
    );
}

// Finding: sourced.toml could send the reader anywhere.
#[test]
fn paths_outside_the_project_need_consent() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "outside/arden.txt", ARDEN);
    write(
        d,
        "repo/sourced.toml",
        "corpus = [\"../outside\", \"local\"]\n",
    );
    write(
        d,
        "repo/local/other.txt",
        "An unrelated report\n\nThe harbour was dredged in the spring.\n",
    );
    write(d, "repo/draft.md", ARDEN_DRAFT);
    let repo = d.join("repo");
    let env = [(
        "XDG_CONFIG_HOME",
        Some(d.join("config").to_str().unwrap().to_string()),
    )];
    let env: Vec<(&str, Option<&str>)> = env.iter().map(|(k, v)| (*k, v.as_deref())).collect();
    let r = run(
        &["check", "--format", "json", "draft.md"],
        &repo,
        &env,
        b"",
        Duration::from_secs(60),
    );
    assert!(
        r.stderr.contains("outside the folder of sourced.toml"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("sourced allow"), "{}", r.stderr);
    assert!(codes(&r.stdout).is_empty(), "{}", r.stdout);

    let a = run(&["allow"], &repo, &env, b"", Duration::from_secs(60));
    assert_eq!(a.code, Some(0), "{}", a.stderr);
    assert!(a.stdout.contains("allowed"), "{}", a.stdout);
    let r = run(
        &["check", "--format", "json", "draft.md"],
        &repo,
        &env,
        b"",
        Duration::from_secs(60),
    );
    assert_eq!(
        codes(&r.stdout),
        [("figure-mismatch".to_string(), 0)],
        "{}",
        r.stderr
    );

    // A new path outside needs consent again.
    write(d, "elsewhere/x.txt", ARDEN);
    write(
        d,
        "repo/sourced.toml",
        "corpus = [\"../outside\", \"../elsewhere\"]\n",
    );
    let r = run(
        &["check", "draft.md"],
        &repo,
        &env,
        b"",
        Duration::from_secs(60),
    );
    assert!(r.stderr.contains("elsewhere"), "{}", r.stderr);
    assert!(
        !r.stderr.contains("/outside: outside the folder"),
        "{}",
        r.stderr
    );
}

// Finding: corpus file names were printed as they are.
#[cfg(unix)]
#[test]
fn names_cannot_forge_output() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "src/good.txt", ARDEN);
    write(d, "src/bad\nerror: INJECTED LINE\u{1b}[2J.txt", [0u8, 1, 2]);
    write(d, "src/a\u{1b}]0;title\u{7}.txt", ARDEN);
    write(d, "draft.md", ARDEN_DRAFT);
    let r = check(&["check", "--corpus", "src", "draft.md"], d);
    for line in r.stderr.lines().chain(r.stdout.lines()) {
        assert!(!line.starts_with("error: INJECTED"), "{}", r.stderr);
    }
    assert!(!r.stderr.contains('\u{1b}') && !r.stdout.contains('\u{1b}'));
    assert!(
        r.stderr
            .contains("bad\\nerror: INJECTED LINE\\u{1b}[2J.txt"),
        "{}",
        r.stderr
    );
}

// Finding: UTF-16 files were called binary.
#[test]
fn utf16_files_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut le = vec![0xFF, 0xFE];
    le.extend(ARDEN.encode_utf16().flat_map(u16::to_le_bytes));
    write(d, "src/le.txt", &le);
    write(d, "draft.md", ARDEN_DRAFT);
    let r = check(
        &["check", "--format", "json", "--corpus", "src", "draft.md"],
        d,
    );
    assert!(!r.stderr.contains("binary"), "{}", r.stderr);
    assert_eq!(
        codes(&r.stdout),
        [("figure-mismatch".to_string(), 0)],
        "{}",
        r.stderr
    );
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        v["files"][0]["diagnostics"][0]["sources"][0]["range"]["start"]["line"],
        2
    );
    let mut be = vec![0xFE, 0xFF];
    be.extend(ARDEN.encode_utf16().flat_map(u16::to_be_bytes));
    write(d, "src/le.txt", &be);
    let r = check(
        &["check", "--format", "json", "--corpus", "src", "draft.md"],
        d,
    );
    assert_eq!(codes(&r.stdout).len(), 1, "{}", r.stderr);
}

// Finding: "68 MB; the limit is 67 MB" for a 64 MiB limit.
#[test]
fn the_size_limit_reads_as_set() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("src")).unwrap();
    let big = std::fs::File::create(d.join("src/big.txt")).unwrap();
    big.set_len(65 << 20).unwrap();
    write(d, "src/a.txt", ARDEN);
    write(d, "draft.md", ARDEN_DRAFT);
    let r = check(&["check", "--corpus", "src", "draft.md"], d);
    assert!(
        r.stderr
            .contains("big.txt: larger than the limit of 64 MiB"),
        "{}",
        r.stderr
    );
    write(d, "sourced.toml", "[limits]\nfile-size = \"10 bytes\"\n");
    let r = check(&["check", "--corpus", "src", "draft.md"], d);
    assert!(
        r.stderr
            .contains("a.txt: larger than the limit of 10 bytes"),
        "{}",
        r.stderr
    );
}

// Finding: special files in a corpus folder were skipped without a word.
#[cfg(unix)]
#[test]
fn special_files_are_named_and_never_opened() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "src/a.txt", ARDEN);
    let fifo = std::ffi::CString::new(d.join("src/pipe.txt").to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
    let _sock = std::os::unix::net::UnixListener::bind(d.join("src/sock.txt")).unwrap();
    std::os::unix::fs::symlink(d.join("src/a.txt"), d.join("src/link.txt")).unwrap();
    std::os::unix::fs::symlink(d.join("src/loop"), d.join("src/loop")).unwrap();
    write(d, "draft.md", ARDEN_DRAFT);
    let r = run(
        &["check", "--corpus", "src", "draft.md"],
        d,
        &[],
        b"",
        Duration::from_secs(30),
    );
    assert_eq!(r.code, Some(1), "{} after {:?}", r.stderr, r.elapsed);
    for (name, what) in [
        ("pipe.txt", "named pipe"),
        ("sock.txt", "socket"),
        ("link.txt", "symbolic link"),
        ("loop", "symbolic link"),
    ] {
        assert!(
            r.stderr
                .lines()
                .any(|l| l.contains(name) && l.contains(what)),
            "{name}: {}",
            r.stderr
        );
    }
}

// Finding: `check -` did not read standard input.
#[test]
fn a_dash_reads_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "src/a.txt", ARDEN);
    let r = run(
        &["check", "--format", "json", "--corpus", "src", "-"],
        d,
        &[],
        ARDEN_DRAFT.as_bytes(),
        Duration::from_secs(60),
    );
    assert_eq!(
        codes(&r.stdout),
        [("figure-mismatch".to_string(), 0)],
        "{}",
        r.stderr
    );
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["files"][0]["path"], "<stdin>");
}

/// Everything at once, as a hostile folder would hold it: each bad file is named once, the good
/// source still checks, and time and memory stay bounded.
#[cfg(unix)]
#[test]
fn a_hostile_folder_is_read_within_bounds() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = d.join("src");
    write(&s, "good.txt", ARDEN);
    write(&s, "binary.txt", [0x7fu8, b'E', b'L', b'F', 0, 0, 1, 2]);
    write(&s, "latin1.txt", b"caf\xe9 au lait, 120 people");
    write(&s, "nul.txt", b"Officials said\0 120 people");
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(
        "A note in UTF-16.\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    write(&s, "utf16.txt", utf16);
    write(
        &s,
        "long-line.txt",
        "fentanyl 73,600 “we act” said Liu ".repeat(16 << 20 >> 5),
    );
    write(&s, "quotes.txt", "\"a ".repeat(200_000));
    write(&s, "nested.html", "<div>".repeat(50_000) + "<p>Deep.</p>");
    write(
        &s,
        "nested.md",
        "> ".repeat(50_000) + &"- ".repeat(50_000) + "x\n",
    );
    write(
        &s,
        "bad\nerror: forged.txt",
        "Short text with a name that would forge a line.\n",
    );
    let mut deep = s.join("deep");
    for k in 0..40 {
        deep = deep.join(format!("d{k}"));
    }
    write(&deep, "bottom.txt", "The bottom of forty folders.\n");
    for k in 0..20_000 {
        write(
            &s.join("tiny"),
            &format!("t{k:05}.txt"),
            format!("Note {k}.\n"),
        );
    }
    std::os::unix::fs::symlink(s.join("loop"), s.join("loop")).unwrap();
    std::os::unix::fs::symlink(&s, s.join("up")).unwrap();
    let fifo = std::ffi::CString::new(s.join("pipe.txt").to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
    let _sock = std::os::unix::net::UnixListener::bind(s.join("sock.txt")).unwrap();
    write(d, "draft.md", ARDEN_DRAFT);
    let r = run(
        &["check", "--format", "json", "--corpus", "src", "draft.md"],
        d,
        &[],
        b"",
        Duration::from_secs(300),
    );
    assert_eq!(r.code, Some(1), "{} after {:?}", r.stderr, r.elapsed);
    assert_eq!(codes(&r.stdout), [("figure-mismatch".to_string(), 0)]);
    for (name, why) in [
        ("binary.txt", "binary"),
        ("latin1.txt", "UTF-8"),
        ("nul.txt", "binary"),
        ("loop", "symbolic link"),
        ("up", "symbolic link"),
        ("pipe.txt", "named pipe"),
        ("sock.txt", "socket"),
    ] {
        let lines = r
            .stderr
            .lines()
            .filter(|l| l.contains(name) && l.contains(why))
            .count();
        assert_eq!(lines, 1, "{name}: {}", r.stderr);
    }
    assert!(!r.stderr.lines().any(|l| l.starts_with("error: forged")));
    assert!(r.elapsed < Duration::from_secs(120), "{:?}", r.elapsed);
    assert!(r.max_rss_kib < 1024 * 1024, "{} KiB", r.max_rss_kib);
    eprintln!(
        "hostile folder: {:?}, {} MiB at most",
        r.elapsed,
        r.max_rss_kib / 1024
    );
}
