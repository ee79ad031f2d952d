//! The persisted index of a corpus: segments kept in the user's cache folder, one folder per set
//! of corpus paths, memory-mapped when loaded. On each start the corpus folders are listed and
//! each file's size and modification time compared with what the manifest recorded: a segment
//! whose files are all unchanged is mapped as it is, the others are read again and written as new
//! segments, in parallel. A file whose time changed but whose bytes did not (a copy, a checkout)
//! is recognised by its content hash and not read again.
//!
//! Nothing on disk is trusted: a manifest or segment that is foreign, truncated, damaged, of a
//! newer format or inconsistent with the corpus is rebuilt. The manifest is written last and
//! atomically, so a build interrupted at any point leaves the previous index or none. A lock
//! file keeps two processes from building the same index at once (the second waits and then
//! finds the first one's work).

use super::Index;
use super::segment::{self, FORMAT_VERSION, Segment, Stamp};
use crate::corpus::{Corpus, Document, Skipped, document_from_bytes, format_for};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime};

/// How much file text goes into one segment: small enough that one changed file is re-indexed
/// in a fraction of a second, large enough that a big archive has few segments to look words up
/// in.
pub const SEGMENT_BYTES: u64 = 8 << 20;

const MANIFEST: &str = "manifest.json";
const NO_CACHE: &str = "no cache folder (neither XDG_CACHE_HOME nor HOME is set)";
const LOCK: &str = "lock";

/// What a build or refresh is doing, for a progress bar.
#[derive(Debug, Clone, Copy, Default)]
pub struct Progress {
    /// Files read (or found unchanged) of all files.
    pub files: usize,
    pub files_total: usize,
    /// Bytes of the files to read again, read so far and in all.
    pub bytes: u64,
    pub bytes_total: u64,
    pub documents: usize,
}

/// Progress added up from the indexing threads and reported at each step.
struct Tally<'a> {
    progress: &'a (dyn Fn(Progress) + Sync),
    files_total: usize,
    bytes_total: u64,
    files: AtomicUsize,
    bytes: AtomicU64,
    documents: AtomicUsize,
}

impl<'a> Tally<'a> {
    fn new(progress: &'a (dyn Fn(Progress) + Sync), files_total: usize, bytes_total: u64) -> Self {
        Tally {
            progress,
            files_total,
            bytes_total,
            files: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            documents: AtomicUsize::new(0),
        }
    }

    fn add(&self, files: usize, bytes: u64, documents: usize) {
        (self.progress)(Progress {
            files: self.files.fetch_add(files, Ordering::Relaxed) + files,
            files_total: self.files_total,
            bytes: self.bytes.fetch_add(bytes, Ordering::Relaxed) + bytes,
            bytes_total: self.bytes_total,
            documents: self.documents.fetch_add(documents, Ordering::Relaxed) + documents,
        })
    }
}

/// What a build or refresh did.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// The index folder.
    pub dir: PathBuf,
    pub documents: usize,
    pub sentences: usize,
    /// Files read and indexed this time, and their bytes.
    pub files_read: usize,
    pub bytes_read: u64,
    /// Bytes of all indexed files.
    pub bytes_total: u64,
    pub segments_kept: usize,
    pub segments_written: usize,
    pub elapsed: Duration,
}

/// What is indexed for some corpus paths, read from the manifest alone.
#[derive(Debug, Clone)]
pub struct Status {
    pub dir: PathBuf,
    pub roots: Vec<PathBuf>,
    pub built: SystemTime,
    pub documents: usize,
    pub sentences: usize,
    pub bytes: u64,
    pub segments: usize,
    pub skipped: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Manifest {
    format: u32,
    roots: Vec<PathBuf>,
    /// The size limit the files were read with: another limit can change what is skipped.
    file_bytes: u64,
    /// Seconds since the Unix epoch.
    built: u64,
    segments: Vec<SegmentEntry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct SegmentEntry {
    /// The segment's file in the index folder.
    file: String,
    /// The corpus files it covers, in corpus order, including those that could not be used.
    covers: Vec<Entry>,
    documents: usize,
    sentences: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
struct Entry {
    path: PathBuf,
    stamp: Stamp,
    /// Why the file is not in the index, when it is not.
    skipped: Option<String>,
}

/// A corpus file as listed now.
struct Listed {
    path: PathBuf,
    named: bool,
    size: u64,
    modified: u128,
}

/// The folder that keeps the index of these corpus paths: `$XDG_CACHE_HOME/sourced/index/…`
/// (else `~/.cache/…`), named by a hash of the paths; `None` without a cache folder.
pub fn index_dir(roots: &[PathBuf]) -> Option<PathBuf> {
    let base = crate::files::user_dir("XDG_CACHE_HOME", ".cache")?;
    Some(base.join("sourced").join("index").join(roots_key(roots)))
}

fn canonical_roots(roots: &[PathBuf]) -> Vec<PathBuf> {
    roots
        .iter()
        .map(|r| {
            std::fs::canonicalize(r).unwrap_or_else(|_| std::path::absolute(r).unwrap_or(r.clone()))
        })
        .collect()
}

fn roots_key(roots: &[PathBuf]) -> String {
    let joined: Vec<String> = canonical_roots(roots)
        .iter()
        .map(|r| r.display().to_string())
        .collect();
    format!("{:016x}", super::hash_str(&joined.join("\n")))
}

fn unix_seconds(t: SystemTime) -> u64 {
    t.duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn modified_nanos(m: &std::fs::Metadata) -> u128 {
    m.modified()
        .ok()
        .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos())
}

/// A content hash of a file's bytes: CRC-32 and length, enough to tell an edited file from a
/// touched one.
fn content_hash(bytes: &[u8]) -> u64 {
    (u64::from(crc32fast::hash(bytes)) << 32) ^ bytes.len() as u64
}

/// What is indexed for these paths, without reading any corpus file.
pub fn status(roots: &[PathBuf]) -> Result<Option<Status>, String> {
    let Some(dir) = index_dir(roots) else {
        return Err(NO_CACHE.into());
    };
    let Some(m) = read_manifest(&dir) else {
        return Ok(None);
    };
    let covers = m.segments.iter().flat_map(|s| &s.covers);
    Ok(Some(Status {
        roots: m.roots.clone(),
        built: SystemTime::UNIX_EPOCH + Duration::from_secs(m.built),
        documents: m.segments.iter().map(|s| s.documents).sum(),
        sentences: m.segments.iter().map(|s| s.sentences).sum(),
        bytes: covers
            .clone()
            .filter(|e| e.skipped.is_none())
            .map(|e| e.stamp.size)
            .sum(),
        skipped: covers.filter(|e| e.skipped.is_some()).count(),
        segments: m.segments.len(),
        dir,
    }))
}

fn read_manifest(dir: &Path) -> Option<Manifest> {
    let bytes = crate::files::read_regular(&dir.join(MANIFEST), 1 << 30).ok()?;
    let m: Manifest = serde_json::from_slice(&bytes).ok()?;
    (m.format == FORMAT_VERSION).then_some(m)
}

/// Corpora smaller than this are indexed in memory at each start (a fraction of a second) and
/// leave nothing in the cache.
pub const KEEP_FROM_BYTES: u64 = 8 << 20;

/// How an index was had.
#[derive(Debug)]
pub enum Kept {
    /// Loaded from the cache, refreshed where files changed.
    Stored(Report),
    /// Small enough to index in memory.
    InMemory,
    /// Indexed in memory because the cache could not be used, and why.
    NotStored(String),
}

/// The index of the corpus under `roots`: from the cache for a corpus of `KEEP_FROM_BYTES` or
/// more (built or refreshed first), else in memory. Files larger than `max_file_bytes` are
/// skipped by name. `progress` is called as files are read, from several threads.
pub fn load(
    roots: &[PathBuf],
    max_file_bytes: u64,
    progress: &(dyn Fn(Progress) + Sync),
) -> (Index, Kept) {
    let (listed, skipped) = list(roots);
    let total: u64 = listed.iter().map(|l| l.size.min(max_file_bytes)).sum();
    let mut why = None;
    if total >= KEEP_FROM_BYTES {
        match index_dir(roots) {
            None => why = Some(NO_CACHE.into()),
            Some(dir) => {
                let opened = open_listed(
                    &dir,
                    roots,
                    &listed,
                    skipped.clone(),
                    max_file_bytes,
                    SEGMENT_BYTES,
                    progress,
                );
                match opened {
                    Ok((index, report)) => return (index, Kept::Stored(report)),
                    Err(e) => why = Some(e),
                }
            }
        }
    }
    let corpus = read_all(&listed, skipped, max_file_bytes, progress);
    (
        Index::build(corpus),
        why.map_or(Kept::InMemory, Kept::NotStored),
    )
}

/// Reads the listed files in parallel, in corpus order.
fn read_all(
    listed: &[Listed],
    mut skipped: Vec<Skipped>,
    max_file_bytes: u64,
    progress: &(dyn Fn(Progress) + Sync),
) -> Corpus {
    let tally = Tally::new(progress, listed.len(), listed.iter().map(|l| l.size).sum());
    let read: Vec<Result<Document, Skipped>> = listed
        .par_iter()
        .map(|l| {
            let doc = crate::corpus::read_document_limited(&l.path, l.named, max_file_bytes);
            tally.add(1, l.size, usize::from(doc.is_ok()));
            doc.map_err(|reason| Skipped {
                path: l.path.clone(),
                reason,
            })
        })
        .collect();
    let documents = kept_or_skipped(read, &mut skipped);
    Corpus { documents, skipped }
}

/// Opens the index of the corpus under `roots`, building or refreshing it first, whatever its
/// size; files larger than `max_file_bytes` are skipped. `progress` is called as files are read
/// (from several threads). Without a usable cache folder, the error says why.
pub fn open(
    roots: &[PathBuf],
    max_file_bytes: u64,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<(Index, Report), String> {
    let dir = index_dir(roots).ok_or(NO_CACHE)?;
    open_in(&dir, roots, max_file_bytes, SEGMENT_BYTES, progress)
}

/// `open` with the index folder and segment size given.
pub fn open_in(
    dir: &Path,
    roots: &[PathBuf],
    max_file_bytes: u64,
    segment_bytes: u64,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<(Index, Report), String> {
    let (listed, skipped) = list(roots);
    open_listed(
        dir,
        roots,
        &listed,
        skipped,
        max_file_bytes,
        segment_bytes,
        progress,
    )
}

fn open_listed(
    dir: &Path,
    roots: &[PathBuf],
    listed: &[Listed],
    mut skipped: Vec<Skipped>,
    max_file_bytes: u64,
    segment_bytes: u64,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<(Index, Report), String> {
    let started = Instant::now();
    let shown = || crate::text::escape_name(&dir.display().to_string());
    crate::files::create_private(dir)
        .map_err(|e| format!("cannot create the index folder {}: {e}", shown()))?;
    if !crate::files::is_private(dir) {
        return Err(format!(
            "the index folder {} is not a folder of this user's alone; not used",
            shown()
        ));
    }
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join(LOCK))
        .map_err(|e| format!("cannot open the index lock in {}: {e}", shown()))?;
    lock.lock()
        .map_err(|e| format!("cannot lock the index in {}: {e}", shown()))?;

    let canonical = canonical_roots(roots);
    let previous =
        read_manifest(dir).filter(|m| m.roots == canonical && m.file_bytes == max_file_bytes);
    let mut attempt = build(
        dir,
        listed,
        previous.as_ref(),
        max_file_bytes,
        segment_bytes,
        progress,
    );
    if attempt.is_err() && previous.is_some() {
        // A kept segment that no longer opens: everything is read again.
        attempt = build(dir, listed, None, max_file_bytes, segment_bytes, progress);
    }
    let (entries, segments, mut report) = attempt?;

    let manifest = Manifest {
        format: FORMAT_VERSION,
        roots: canonical,
        file_bytes: max_file_bytes,
        built: unix_seconds(SystemTime::now()),
        segments: entries,
    };
    write_manifest(dir, &manifest)
        .map_err(|e| format!("cannot write the index in {}: {e}", shown()))?;
    remove_unused(dir, &manifest);
    drop(lock);

    let mut documents: Vec<Document> = Vec::new();
    for (seg, entry) in segments.iter().zip(&manifest.segments) {
        documents.extend(
            seg.documents()
                .map_err(|e| format!("{}: {e}", entry.file))?,
        );
        skipped.extend(entry.covers.iter().filter_map(|c| {
            c.skipped.as_ref().map(|reason| Skipped {
                path: c.path.clone(),
                reason: reason.clone(),
            })
        }));
    }
    report.dir = dir.to_path_buf();
    report.documents = documents.len();
    report.bytes_total = manifest
        .segments
        .iter()
        .flat_map(|s| &s.covers)
        .filter(|c| c.skipped.is_none())
        .map(|c| c.stamp.size)
        .sum();
    let index = Index::from_segments(Corpus { documents, skipped }, segments);
    report.sentences = index.sentence_count();
    report.elapsed = started.elapsed();
    Ok((index, report))
}

/// The corpus files in corpus order with their size and time; what cannot be listed or stated
/// is skipped by name.
fn list(roots: &[PathBuf]) -> (Vec<Listed>, Vec<Skipped>) {
    let (files, mut skipped) = Corpus::list(roots);
    let stated: Vec<Result<Listed, Skipped>> = files
        .into_par_iter()
        .map(|(path, named)| match std::fs::metadata(&path) {
            Ok(m) => Ok(Listed {
                size: m.len(),
                modified: modified_nanos(&m),
                path,
                named,
            }),
            Err(e) => Err(Skipped {
                path,
                reason: e.to_string(),
            }),
        })
        .collect();
    (kept_or_skipped(stated, &mut skipped), skipped)
}

/// The results that succeeded; the others added to the skipped files.
fn kept_or_skipped<T>(results: Vec<Result<T, Skipped>>, skipped: &mut Vec<Skipped>) -> Vec<T> {
    let mut kept = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(v) => kept.push(v),
            Err(s) => skipped.push(s),
        }
    }
    kept
}

/// What to do with a run of listed files: keep a segment as it is, or index the files anew.
enum Step {
    Keep(SegmentEntry),
    Index(std::ops::Range<usize>),
}

/// Whether a kept file is unchanged: same size and time, or same size and the same bytes.
fn unchanged(entry: &Entry, now: &Listed) -> bool {
    if entry.path != now.path || entry.stamp.size != now.size {
        return false;
    }
    if entry.stamp.modified == now.modified {
        return true;
    }
    crate::files::read_regular(&now.path, now.size.saturating_add(1))
        .is_ok_and(|b| content_hash(&b) == entry.stamp.hash)
}

/// Splits the listed files into kept segments and runs to index: a previous segment is kept
/// where the files it covers come next, all unchanged; the files between kept segments are
/// cut into runs of about `segment_bytes`.
fn plan(listed: &[Listed], previous: Option<&Manifest>, segment_bytes: u64) -> Vec<Step> {
    let by_first: HashMap<&Path, &SegmentEntry> = previous
        .map(|m| {
            m.segments
                .iter()
                .filter_map(|s| s.covers.first().map(|c| (c.path.as_path(), s)))
                .collect()
        })
        .unwrap_or_default();
    let mut steps = Vec::new();
    let mut run_start = 0;
    let mut run_bytes = 0u64;
    let mut i = 0;
    while i < listed.len() {
        let kept = by_first.get(listed[i].path.as_path()).filter(|s| {
            listed.len() - i >= s.covers.len()
                && s.covers
                    .iter()
                    .zip(&listed[i..])
                    .all(|(c, l)| unchanged(c, l))
        });
        if let Some(seg) = kept {
            if run_start < i {
                steps.push(Step::Index(run_start..i));
            }
            let mut seg = (*seg).clone();
            // Times refreshed, so that a touched file is hashed once, not at every start.
            for (c, l) in seg.covers.iter_mut().zip(&listed[i..]) {
                c.stamp.modified = l.modified;
            }
            i += seg.covers.len();
            steps.push(Step::Keep(seg));
            run_start = i;
            run_bytes = 0;
            continue;
        }
        run_bytes += listed[i].size;
        i += 1;
        if run_bytes >= segment_bytes {
            steps.push(Step::Index(run_start..i));
            run_start = i;
            run_bytes = 0;
        }
    }
    if run_start < listed.len() {
        steps.push(Step::Index(run_start..listed.len()));
    }
    steps
}

type Built = (Vec<SegmentEntry>, Vec<Segment>, Report);

fn build(
    dir: &Path,
    listed: &[Listed],
    previous: Option<&Manifest>,
    max_file_bytes: u64,
    segment_bytes: u64,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Built, String> {
    let steps = plan(listed, previous, segment_bytes);
    let to_read: u64 = steps
        .iter()
        .filter_map(|s| match s {
            Step::Index(r) => Some(listed[r.clone()].iter().map(|l| l.size).sum::<u64>()),
            Step::Keep(_) => None,
        })
        .sum();
    let tally = Tally::new(progress, listed.len(), to_read);
    let tell = |files, bytes, documents| tally.add(files, bytes, documents);
    let done: Vec<Result<(SegmentEntry, Segment, bool), String>> = steps
        .into_par_iter()
        .map(|step| match step {
            Step::Keep(entry) => {
                let seg = map_segment(&dir.join(&entry.file), true)?;
                if seg.document_count() != entry.documents
                    || seg.sentence_count() != entry.sentences
                {
                    return Err(format!(
                        "{}: not the segment the manifest names",
                        entry.file
                    ));
                }
                tell(entry.covers.len(), 0, entry.documents);
                Ok((entry, seg, false))
            }
            Step::Index(range) => {
                let (entry, seg) =
                    index_files(dir, &listed[range], max_file_bytes, &|bytes, docs| {
                        tell(1, bytes, docs)
                    })?;
                Ok((entry, seg, true))
            }
        })
        .collect();
    let mut entries = Vec::new();
    let mut segments = Vec::new();
    let mut report = Report::default();
    for d in done {
        let (entry, seg, written) = d?;
        if written {
            report.segments_written += 1;
            report.files_read += entry.covers.len();
            report.bytes_read += entry.covers.iter().map(|c| c.stamp.size).sum::<u64>();
        } else {
            report.segments_kept += 1;
        }
        entries.push(entry);
        segments.push(seg);
    }
    Ok((entries, segments, report))
}

/// Reads and indexes some files into a new segment file, and maps it.
fn index_files(
    dir: &Path,
    files: &[Listed],
    max_file_bytes: u64,
    each: &(dyn Fn(u64, usize) + Sync),
) -> Result<(SegmentEntry, Segment), String> {
    let mut docs = Vec::new();
    let mut stamps = Vec::new();
    let mut covers = Vec::with_capacity(files.len());
    for l in files {
        let mut stamp = Stamp {
            size: l.size,
            modified: l.modified,
            hash: 0,
        };
        let read = format_for(&l.path, l.named).and_then(|format| {
            let bytes =
                crate::files::read_regular(&l.path, max_file_bytes).map_err(|e| e.to_string())?;
            stamp.size = bytes.len() as u64;
            stamp.hash = content_hash(&bytes);
            document_from_bytes(&l.path, format, bytes)
        });
        let skipped = match read {
            Ok(doc) => {
                docs.push(doc);
                stamps.push(stamp);
                None
            }
            Err(reason) => Some(reason),
        };
        each(l.size, usize::from(skipped.is_none()));
        covers.push(Entry {
            path: l.path.clone(),
            stamp,
            skipped,
        });
    }
    let bytes = segment::write(&docs, true, &stamps);
    let name = {
        let keys: Vec<String> = covers
            .iter()
            .map(|c| format!("{}\0{}\0{}", c.path.display(), c.stamp.size, c.stamp.hash))
            .collect();
        format!("{:016x}.seg", super::hash_str(&keys.join("\n")))
    };
    let path = dir.join(&name);
    write_atomically(dir, &path, &bytes).map_err(|e| format!("cannot write {name}: {e}"))?;
    drop(bytes);
    let seg = map_segment(&path, false)?;
    let sentences = seg.sentence_count();
    Ok((
        SegmentEntry {
            file: name,
            documents: docs.len(),
            sentences,
            covers,
        },
        seg,
    ))
}

/// Maps a segment file, checked in full when it was kept from an earlier run.
fn map_segment(path: &Path, kept: bool) -> Result<Segment, String> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let file = crate::files::open_regular(path).map_err(|e| format!("{name}: {e}"))?;
    // SAFETY: segment files are never written in place (new ones are renamed into the folder,
    // old ones unlinked), so the mapped bytes do not change while mapped.
    let map = unsafe { memmap2::Mmap::map(&file) }.map_err(|e| format!("{name}: {e}"))?;
    let open = if kept {
        Segment::open
    } else {
        Segment::open_written
    };
    open(Arc::new(map)).map_err(|e| format!("{name}: {e}"))
}

fn write_atomically(dir: &Path, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

fn write_manifest(dir: &Path, m: &Manifest) -> std::io::Result<()> {
    let bytes = serde_json::to_vec(m).map_err(std::io::Error::other)?;
    write_atomically(dir, &dir.join(MANIFEST), &bytes)
}

/// Removes segment files the manifest does not name (replaced ones, and leftovers of an
/// interrupted build).
fn remove_unused(dir: &Path, m: &Manifest) {
    let used: HashSet<&str> = m.segments.iter().map(|s| s.file.as_str()).collect();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        let stale =
            (name.ends_with(".seg") && !used.contains(name.as_ref())) || name.starts_with(".tmp");
        if stale {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) {
        std::fs::write(dir.join(name), text).unwrap();
    }

    fn corpus_dir() -> tempfile::TempDir {
        let d = tempfile::tempdir().unwrap();
        write(
            d.path(),
            "a.txt",
            "The bridge cost 40 million dollars. It opened in 2019.",
        );
        write(
            d.path(),
            "b.txt",
            "Rescuers found 12 survivors. The storm killed 30 people.",
        );
        write(
            d.path(),
            "c.md",
            "# Notes\n\nThe council voted 7-2 on Tuesday.",
        );
        write(d.path(), "d.bin", "not read");
        d
    }

    fn open_at(index: &Path, roots: &[PathBuf]) -> (Index, Report) {
        // Tiny segments, so that every file is a segment of its own.
        open_in(index, roots, 1 << 20, 1, &|_| {}).unwrap()
    }

    fn texts(i: &Index) -> Vec<String> {
        (0..i.sentence_count() as u32)
            .map(|s| i.sentence_text(s).to_string())
            .collect()
    }

    #[test]
    fn reopened_index_is_the_same_and_reads_nothing() {
        let corpus = corpus_dir();
        let cache = tempfile::tempdir().unwrap();
        let roots = vec![corpus.path().to_path_buf()];
        let (first, r1) = open_at(cache.path(), &roots);
        assert_eq!(r1.files_read, 4);
        assert_eq!(r1.documents, 3);
        let (second, r2) = open_at(cache.path(), &roots);
        assert_eq!(r2.files_read, 0);
        assert_eq!(r2.segments_kept, 4);
        assert_eq!(texts(&first), texts(&second));
        let memory = Index::build(Corpus::load_limited(&roots, 1 << 20));
        assert_eq!(texts(&first), texts(&memory));
        assert_eq!(
            first.corpus().skipped.len(),
            second.corpus().skipped.len(),
            "the skipped file is reported on every start"
        );
    }

    #[test]
    fn one_changed_file_is_read_again_alone() {
        let corpus = corpus_dir();
        let cache = tempfile::tempdir().unwrap();
        let roots = vec![corpus.path().to_path_buf()];
        open_at(cache.path(), &roots);
        write(
            corpus.path(),
            "b.txt",
            "Rescuers found 14 survivors. The storm killed 30 people.",
        );
        let (index, r) = open_at(cache.path(), &roots);
        assert_eq!(r.files_read, 1);
        assert!(texts(&index).iter().any(|t| t.contains("14 survivors")));
        assert!(!texts(&index).iter().any(|t| t.contains("12 survivors")));
        let segs = std::fs::read_dir(cache.path())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".seg"))
            .count();
        assert_eq!(segs, 4, "the replaced segment is removed");
    }

    #[test]
    fn a_touched_file_with_the_same_bytes_is_not_read() {
        let corpus = corpus_dir();
        let cache = tempfile::tempdir().unwrap();
        let roots = vec![corpus.path().to_path_buf()];
        open_at(cache.path(), &roots);
        let f = std::fs::File::options()
            .write(true)
            .open(corpus.path().join("a.txt"))
            .unwrap();
        f.set_modified(SystemTime::now() + Duration::from_secs(5))
            .unwrap();
        let (_, r) = open_at(cache.path(), &roots);
        assert_eq!(r.files_read, 0);
    }

    #[test]
    fn added_and_removed_files_are_seen() {
        let corpus = corpus_dir();
        let cache = tempfile::tempdir().unwrap();
        let roots = vec![corpus.path().to_path_buf()];
        open_at(cache.path(), &roots);
        std::fs::remove_file(corpus.path().join("a.txt")).unwrap();
        write(corpus.path(), "e.txt", "A new report counted 5 ferries.");
        let (index, r) = open_at(cache.path(), &roots);
        assert_eq!(r.files_read, 1);
        let t = texts(&index);
        assert!(t.iter().any(|t| t.contains("5 ferries")));
        assert!(!t.iter().any(|t| t.contains("40 million")));
    }

    /// Every way an index folder can be wrong on disk: each is noticed and rebuilt, never
    /// trusted.
    #[test]
    fn damaged_truncated_foreign_and_newer_files_are_rebuilt() {
        let corpus = corpus_dir();
        let roots = vec![corpus.path().to_path_buf()];
        let reference = {
            let cache = tempfile::tempdir().unwrap();
            texts(&open_at(cache.path(), &roots).0)
        };
        type Spoil = fn(&Path);
        let spoils: [(&str, Spoil); 6] = [
            ("truncated segment", |p| {
                let b = std::fs::read(p).unwrap();
                std::fs::write(p, &b[..b.len() / 2]).unwrap();
            }),
            ("a flipped byte", |p| {
                let mut b = std::fs::read(p).unwrap();
                let n = b.len();
                b[n - 40] ^= 0x55;
                std::fs::write(p, b).unwrap();
            }),
            ("foreign file", |p| {
                std::fs::write(p, b"PK\x03\x04 not an index").unwrap()
            }),
            ("newer format", |p| {
                let mut b = std::fs::read(p).unwrap();
                b[8..12].copy_from_slice(&(FORMAT_VERSION + 1).to_le_bytes());
                b[12..16].copy_from_slice(&(FORMAT_VERSION + 1).to_le_bytes());
                std::fs::write(p, b).unwrap();
            }),
            ("empty file", |p| std::fs::write(p, b"").unwrap()),
            ("removed file", |p| std::fs::remove_file(p).unwrap()),
        ];
        for (what, spoil) in spoils {
            let cache = tempfile::tempdir().unwrap();
            open_at(cache.path(), &roots);
            for e in std::fs::read_dir(cache.path()).unwrap().flatten() {
                if e.file_name().to_string_lossy().ends_with(".seg") {
                    spoil(&e.path());
                }
            }
            let (index, r) = open_at(cache.path(), &roots);
            assert_eq!(texts(&index), reference, "{what}");
            assert_eq!(r.segments_kept, 0, "{what}");
        }
        for manifest in ["", "{", "{\"format\": 99}", "[1, 2, 3]"] {
            let cache = tempfile::tempdir().unwrap();
            open_at(cache.path(), &roots);
            std::fs::write(cache.path().join(MANIFEST), manifest).unwrap();
            let (index, r) = open_at(cache.path(), &roots);
            assert_eq!(texts(&index), reference, "manifest {manifest:?}");
            assert_eq!(r.files_read, 4, "manifest {manifest:?}");
        }
    }

    #[test]
    fn status_reads_the_manifest() {
        let corpus = corpus_dir();
        let cache = tempfile::tempdir().unwrap();
        let roots = vec![corpus.path().to_path_buf()];
        let (_, r) = open_at(cache.path(), &roots);
        let m = read_manifest(cache.path()).unwrap();
        assert_eq!(
            m.segments.iter().map(|s| s.documents).sum::<usize>(),
            r.documents
        );
        assert_eq!(
            m.segments.iter().map(|s| s.sentences).sum::<usize>(),
            r.sentences
        );
    }
}
