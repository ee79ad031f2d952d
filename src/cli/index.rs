//! `sourced index`: builds or refreshes the kept index of a corpus ahead of time, or says what is
//! indexed (`--status`).

use super::{progress, shown};
use crate::config::Config;
use crate::index::store;
use crate::text::human_size;
use std::path::PathBuf;
use std::time::SystemTime;

pub struct IndexArgs {
    /// Corpus files or folders; without them, the corpus found as `check` finds it.
    pub paths: Vec<PathBuf>,
    pub status: bool,
    pub max_file_bytes: Option<u64>,
}

/// The corpus paths asked for: those given, else the corpus found from the current folder
/// upward, as `check` finds it (`sourced.toml` or a `sources/` folder).
fn roots(args: &IndexArgs) -> Result<(Vec<PathBuf>, u64), String> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let config = Config::discover(&cwd).map_err(|e| crate::text::escape_name(&e))?;
    let limits = config.as_ref().map(|c| c.limits).unwrap_or_default();
    let max_file = args.max_file_bytes.unwrap_or(limits.file_bytes);
    let chosen =
        super::choose_corpus(&args.paths, &cwd).map_err(|e| crate::text::escape_name(&e))?;
    if chosen.roots.is_empty() && chosen.refused.is_empty() {
        return Err(format!(
            "no corpus: name its files or folders, list them in {}, or put them in a {}/ folder (the built-in articles need no index)",
            crate::config::FILE_NAME,
            crate::config::SOURCES_FOLDER
        ));
    }
    for s in &chosen.refused {
        eprintln!("warning: skipped {}: {}", shown(&s.path), s.reason);
    }
    Ok((chosen.roots, max_file))
}

/// The most memory the process has held, in bytes.
fn peak_memory() -> Option<u64> {
    #[cfg(unix)]
    {
        let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
        // SAFETY: getrusage fills the structure it is given.
        let ok = unsafe { libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr()) } == 0;
        if ok {
            // SAFETY: initialised by the successful call above.
            let kib = unsafe { usage.assume_init() }.ru_maxrss;
            return u64::try_from(kib).ok().map(|k| k * 1024);
        }
    }
    None
}

fn age(t: SystemTime) -> String {
    let secs = SystemTime::now()
        .duration_since(t)
        .map_or(0, |d| d.as_secs());
    match secs {
        0..=119 => format!("{secs} seconds ago"),
        120..=7199 => format!("{} minutes ago", secs / 60),
        7200..=172_799 => format!("{} hours ago", secs / 3600),
        _ => format!("{} days ago", secs / 86_400),
    }
}

/// Runs `sourced index`; returns the process exit code.
pub fn run_index(args: IndexArgs) -> i32 {
    let (roots, max_file) = match roots(&args) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    if args.status {
        return match store::status(&roots) {
            Ok(Some(s)) => {
                println!(
                    "indexed: {} documents, {} sentences, {} of text in {} segments, built {}",
                    s.documents,
                    s.sentences,
                    human_size(s.bytes),
                    s.segments,
                    age(s.built)
                );
                if s.skipped > 0 {
                    println!(
                        "skipped: {} files (named when the index is refreshed)",
                        s.skipped
                    );
                }
                println!("kept in: {}", shown(&s.dir));
                0
            }
            Ok(None) => {
                println!("not indexed yet: `sourced index` with the same paths builds it");
                1
            }
            Err(e) => {
                eprintln!("error: {e}");
                2
            }
        };
    }
    let bar = progress::Bar::new("indexing");
    let opened = store::open(&roots, max_file, &|p| bar.show(p));
    bar.finish();
    let (index, report) = match opened {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    for s in &index.corpus().skipped {
        eprintln!("warning: skipped {}: {}", shown(&s.path), s.reason);
    }
    let secs = report.elapsed.as_secs_f64().max(1e-6);
    println!(
        "indexed {} documents, {} sentences, {} of text",
        report.documents,
        report.sentences,
        human_size(report.bytes_total)
    );
    println!(
        "read {} files ({}) in {:.2} s: {:.0} MB/s; kept {} segments, wrote {}",
        report.files_read,
        human_size(report.bytes_read),
        secs,
        report.bytes_read as f64 / 1e6 / secs,
        report.segments_kept,
        report.segments_written
    );
    if let Some(peak) = peak_memory() {
        println!("peak memory: {}", human_size(peak));
    }
    println!("kept in: {}", shown(&report.dir));
    i32::from(index.documents().is_empty()) * 2
}
