//! The corpus: source documents read from files (txt, Markdown, HTML) or built into the binary,
//! each with its visible text, title, date and sentences.

pub mod builtin;
pub mod markup;
mod sentences;
pub mod stored;

pub use stored::{Spans, Text};

pub use sentences::{MAX_SENTENCE_BYTES, split_sentences};

use std::ops::Range;
use std::path::{Path, PathBuf};

/// One source document.
#[derive(Debug, Clone)]
pub struct Document {
    /// Where the document lives on disk (for the built-in corpus: its copy in the cache).
    pub path: PathBuf,
    /// The visible text that is searched. For txt and Markdown it has the file's byte offsets.
    pub text: Text,
    pub title: String,
    /// A date stated near the top, as written.
    pub date: Option<String>,
    /// Sentences as byte ranges of `text`.
    pub sentences: Spans,
    /// For HTML: the file's own text and the map from `text` offsets back to it.
    pub html: Option<HtmlSource>,
    /// For PDF: where each page starts in `text` (the first page at 0); empty for other files.
    pub pages: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct HtmlSource {
    pub file_text: String,
    pub map: Vec<(usize, usize)>,
}

impl Document {
    /// Builds a document from a file's contents; `kind` decides how the text is read.
    pub fn from_contents(path: PathBuf, contents: String, kind: Format) -> Document {
        // Title, outlet and date as the file states them (meta tags, front matter).
        let (text, stated, html) = match kind {
            // A PDF arrives here as the text of its pages.
            Format::Text | Format::Pdf => (
                crate::text::fold_line_ends(contents),
                Stated::default(),
                None,
            ),
            Format::Markdown => {
                let stated = front_matter(&contents);
                (
                    crate::text::fold_line_ends(markup::markdown_prose(&contents).prose),
                    stated,
                    None,
                )
            }
            Format::Html => {
                let h = markup::html_text(&contents);
                (
                    h.text,
                    Stated {
                        title: h.title,
                        site: h.site,
                        date: h.published,
                    },
                    Some(HtmlSource {
                        file_text: contents,
                        map: h.map,
                    }),
                )
            }
        };
        let sentences = split_sentences(&text);
        let mut title = stated
            .title
            .unwrap_or_else(|| first_line_title(&text, &path));
        // The outlet rides on the title the way pages write it ("Headline | Outlet"), where
        // `headline_and_outlet` reads it back.
        if let Some(site) = stated.site
            && !title.contains(&site)
        {
            title = format!("{title} | {site}");
        }
        let date = stated
            .date
            .map(|d| shown_date(&d))
            .or_else(|| stated_date(&text));
        Document {
            path,
            text: text.into(),
            title,
            date,
            sentences: sentences.into(),
            html,
            pages: Vec::new(),
        }
    }

    /// A PDF file's document: the text of its pages, a paragraph break between two pages.
    pub fn from_pdf(path: PathBuf, bytes: &[u8]) -> Result<Document, String> {
        // The PDF reader is another crate's code run on any file: a panic there is a file
        // that cannot be read, not the end of the corpus.
        let pages = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem_by_pages(bytes))
            .map_err(|_| "not a readable PDF (the reader failed on it)".to_string())?
            .map_err(|e| format!("not a readable PDF ({e})"))?;
        Document::from_pages(path, &pages)
    }

    /// A PDF file's document, read on a thread of its own that is given `limit` to finish: some
    /// files send the reader into an endless loop. A reader that does not finish is left behind
    /// (a thread cannot be stopped) and the file is not tried again while the process lives.
    pub fn from_pdf_within(
        path: PathBuf,
        bytes: Vec<u8>,
        limit: std::time::Duration,
    ) -> Result<Document, String> {
        static STUCK: std::sync::Mutex<Vec<Vec<u8>>> = std::sync::Mutex::new(Vec::new());
        let digest = {
            use std::hash::{Hash, Hasher};
            let mut h = rustc_hash::FxHasher::default();
            bytes.hash(&mut h);
            h.finish().to_le_bytes().to_vec()
        };
        let stuck = || STUCK.lock().unwrap_or_else(|e| e.into_inner());
        if stuck().contains(&digest) {
            return Err("not read: the PDF reader did not finish on this file before".into());
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("pdf reader".into())
            .spawn(move || {
                let _ = tx.send(Document::from_pdf(path, &bytes));
            });
        if spawned.is_err() {
            return Err("not read: no thread for the PDF reader".into());
        }
        match rx.recv_timeout(limit) {
            Ok(result) => result,
            Err(_) => {
                stuck().push(digest);
                Err(format!(
                    "not read: the PDF reader did not finish within {} s",
                    limit.as_secs()
                ))
            }
        }
    }

    /// A document from the text of a PDF's pages.
    fn from_pages(path: PathBuf, pages: &[String]) -> Result<Document, String> {
        let mut text = String::new();
        let mut starts = Vec::with_capacity(pages.len());
        for page in pages {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            starts.push(text.len());
            // Form feeds and other controls of the extraction are white space to the reader.
            text.extend(
                page.chars()
                    .map(|c| if c.is_control() && c != '\n' { ' ' } else { c }),
            );
        }
        if text.trim().is_empty() {
            return Err("a PDF without text (scanned pages are not read)".into());
        }
        let mut doc = Document::from_contents(path, text, Format::Text);
        doc.pages = starts;
        Ok(doc)
    }

    /// The 1-based page of a PDF document holding a byte offset of `text`.
    pub fn page_at(&self, offset: usize) -> Option<u32> {
        let i = self.pages.partition_point(|&start| start <= offset);
        (i > 0).then_some(i as u32)
    }

    /// The file's text, in which locations are given.
    pub fn file_text(&self) -> &str {
        self.html.as_ref().map_or(&self.text, |h| &h.file_text)
    }

    /// Maps a byte range of `text` to the byte range in the file.
    pub fn file_range(&self, range: Range<usize>) -> Range<usize> {
        match &self.html {
            None => range,
            Some(h) => {
                let start = markup::map_offset(&h.map, range.start);
                let end = if range.end > range.start {
                    markup::map_offset(&h.map, range.end - 1) + 1
                } else {
                    start
                };
                let ft = &h.file_text;
                let mut end = end.min(ft.len()).max(start.min(ft.len()));
                while !ft.is_char_boundary(end) {
                    end += 1;
                }
                start.min(ft.len())..end
            }
        }
    }

    /// The title without the outlet that pages append to it ("Headline | Outlet", "Headline –
    /// Outlet"), and that outlet.
    pub fn headline_and_outlet(&self) -> (&str, Option<&str>) {
        let title = self.title.trim();
        let cut = [" | ", " — ", " – ", " - "]
            .iter()
            .filter_map(|sep| title.rfind(sep).map(|at| (at, sep.len())))
            .max_by_key(|&(at, _)| at);
        if let Some((at, len)) = cut {
            let (headline, outlet) = (title[..at].trim(), title[at + len..].trim());
            // An outlet is a short name; a long tail is part of the headline.
            let short = outlet.split_whitespace().count() <= 5 && outlet.len() <= 40;
            if short && !outlet.is_empty() && headline.split_whitespace().count() >= 3 {
                return (headline, Some(outlet));
            }
        }
        (title, None)
    }

    /// What follows the headline when a source is named: its outlet and date, those it has.
    pub fn byline(&self) -> Vec<&str> {
        self.headline_and_outlet()
            .1
            .into_iter()
            .chain(self.date.as_deref())
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .collect()
    }

    /// The file name, for messages (escaped: a name cannot forge a line or reach a terminal).
    pub fn file_name(&self) -> String {
        crate::text::escape_name(
            &self
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| self.path.display().to_string()),
        )
    }

    /// Index of the sentence that holds a byte offset of `text`.
    pub fn sentence_at(&self, offset: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.end <= offset);
        (i < self.sentences.len() && self.sentences.at(i).start <= offset).then_some(i)
    }
}

/// How a file's text is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Html,
    Pdf,
}

impl Format {
    pub fn of(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(Format::Text),
            "md" | "markdown" => Some(Format::Markdown),
            "html" | "htm" | "xhtml" => Some(Format::Html),
            "pdf" => Some(Format::Pdf),
            _ => None,
        }
    }
}

/// A corpus file that could not be used, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: String,
}

#[derive(Debug, Clone, Default)]
pub struct Corpus {
    pub documents: Vec<Document>,
    pub skipped: Vec<Skipped>,
}

impl Corpus {
    /// Reads every usable file under the given paths (files or folders, walked recursively,
    /// honouring .gitignore and skipping hidden files as ripgrep does), with the default size
    /// limit. Explicitly named files are read whatever their extension, if they are text.
    pub fn load(paths: &[PathBuf]) -> Corpus {
        Corpus::load_limited(paths, crate::config::Limits::DEFAULT_FILE_BYTES)
    }

    /// The files under the given paths, in order, each with whether it was named itself (read
    /// whatever its extension); and what could not be walked. Symbolic links inside folders are
    /// not followed, and named pipes, sockets and devices are never opened: each is skipped by
    /// name.
    pub fn list(paths: &[PathBuf]) -> (Vec<(PathBuf, bool)>, Vec<Skipped>) {
        let mut corpus = Corpus::default();
        let mut files = Vec::new();
        for root in paths {
            match std::fs::metadata(root) {
                Ok(m) if m.is_dir() => {}
                Ok(_) => {
                    files.push((root.clone(), true));
                    continue;
                }
                Err(e) => {
                    let reason = if e.kind() == std::io::ErrorKind::NotFound {
                        "no such file or folder".to_string()
                    } else {
                        e.to_string()
                    };
                    corpus.skipped.push(Skipped {
                        path: root.clone(),
                        reason,
                    });
                    continue;
                }
            }
            for entry in ignore::WalkBuilder::new(root)
                .sort_by_file_name(|a, b| a.cmp(b))
                .build()
            {
                match entry {
                    Ok(e) => match e.file_type() {
                        Some(t) if t.is_file() => files.push((e.into_path(), false)),
                        Some(t) if t.is_dir() => {}
                        Some(t) if t.is_symlink() => corpus.skipped.push(Skipped {
                            path: e.into_path(),
                            reason: "a symbolic link; not followed (name its target to read it)"
                                .into(),
                        }),
                        Some(t) => corpus.skipped.push(Skipped {
                            path: e.into_path(),
                            reason: format!(
                                "not a regular file ({}); not read",
                                crate::files::kind_name(t)
                            ),
                        }),
                        None => {}
                    },
                    Err(err) => corpus.skipped.push(Skipped {
                        path: walk_error_path(&err).unwrap_or_else(|| root.clone()),
                        reason: walk_error_reason(&err),
                    }),
                }
            }
        }
        (files, corpus.skipped)
    }

    /// Reads the files under the given paths, skipping files larger than `max_file_bytes`.
    pub fn load_limited(paths: &[PathBuf], max_file_bytes: u64) -> Corpus {
        let (files, skipped) = Corpus::list(paths);
        let mut corpus = Corpus {
            documents: Vec::new(),
            skipped,
        };
        for (path, named) in files {
            match read_document_limited(&path, named, max_file_bytes) {
                Ok(doc) => corpus.documents.push(doc),
                Err(reason) => corpus.skipped.push(Skipped { path, reason }),
            }
        }
        corpus
    }
}

/// The path a walking error is about, when it names one.
fn walk_error_path(err: &ignore::Error) -> Option<PathBuf> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_error_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        _ => None,
    }
}

/// A walking error without the path (which the message names separately).
fn walk_error_reason(err: &ignore::Error) -> String {
    match err {
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => walk_error_reason(err),
        other => other.to_string(),
    }
}

/// How long the PDF reader is given for one file.
const PDF_TIME: std::time::Duration = std::time::Duration::from_secs(30);

/// Reads one corpus file with the default size limit, or says why it cannot be used.
pub fn read_document(path: &Path, named: bool) -> Result<Document, String> {
    read_document_limited(path, named, crate::config::Limits::DEFAULT_FILE_BYTES)
}

/// Reads one corpus file of at most `max_bytes`, or says why it cannot be used.
pub fn read_document_limited(path: &Path, named: bool, max_bytes: u64) -> Result<Document, String> {
    let format = format_for(path, named)?;
    let bytes = crate::files::read_regular(path, max_bytes).map_err(|e| e.to_string())?;
    document_from_bytes(path, format, bytes)
}

/// How a corpus file is read, or why it is not: a file named itself, or one without an
/// extension (plain text dumps), is read as text if it is text.
pub fn format_for(path: &Path, named: bool) -> Result<Format, String> {
    match Format::of(path) {
        Some(f) => Ok(f),
        None if named || path.extension().is_none() => Ok(Format::Text),
        None => Err("unsupported file type (expected .txt, .md, .html, .htm or .pdf)".into()),
    }
}

/// The document of a corpus file's bytes, or why they cannot be used.
pub fn document_from_bytes(
    path: &Path,
    format: Format,
    bytes: Vec<u8>,
) -> Result<Document, String> {
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    if format == Format::Pdf {
        return Document::from_pdf_within(path, bytes, PDF_TIME);
    }
    let contents = decode(bytes)?;
    if contents.trim().is_empty() {
        return Err("empty file".into());
    }
    Ok(Document::from_contents(path, contents, format))
}

/// The text of a file: UTF-8 (a byte-order mark becomes spaces, keeping offsets), or UTF-16
/// with a byte-order mark; anything else is refused with the reason.
pub fn decode(bytes: Vec<u8>) -> Result<String, String> {
    if bytes.is_empty() {
        return Err("empty file".into());
    }
    let utf16 = match bytes.get(..2) {
        Some([0xFF, 0xFE]) => Some(u16::from_le_bytes as fn([u8; 2]) -> u16),
        Some([0xFE, 0xFF]) => Some(u16::from_be_bytes as fn([u8; 2]) -> u16),
        _ => None,
    };
    if let Some(unit) = utf16 {
        if !bytes.len().is_multiple_of(2) {
            return Err("not valid UTF-16 (an odd number of bytes)".into());
        }
        let units = bytes[2..].chunks_exact(2).map(|c| unit([c[0], c[1]]));
        let text: Result<String, _> = char::decode_utf16(units).collect();
        return text.map_err(|_| "not valid UTF-16 (an unpaired surrogate)".into());
    }
    if bytes[..bytes.len().min(8192)].contains(&0) {
        return Err("binary file".into());
    }
    let mut contents = String::from_utf8(bytes)
        .map_err(|e| format!("not valid UTF-8 (at byte {})", e.utf8_error().valid_up_to()))?;
    if contents.starts_with('\u{FEFF}') {
        // Keep offsets: the byte-order mark becomes three spaces.
        contents.replace_range(0..3, "   ");
    }
    Ok(contents)
}

/// What a file says of itself beyond its text.
#[derive(Default)]
struct Stated {
    title: Option<String>,
    site: Option<String>,
    date: Option<String>,
}

/// The `title`, `date` and `site` (or `source`, `publisher`) of a Markdown file's front matter
/// (`---` … `---`).
fn front_matter(contents: &str) -> Stated {
    let mut out = Stated::default();
    let mut lines = contents.lines();
    if lines.next().map(str::trim_end) != Some("---") {
        return out;
    }
    for line in lines.take(64) {
        if line.trim_end() == "---" || line.trim_end() == "..." {
            break;
        }
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim().trim_matches(['"', '\'']).trim();
        if value.is_empty() {
            continue;
        }
        let slot = match key.trim().to_ascii_lowercase().as_str() {
            "title" => &mut out.title,
            "date" | "published" => &mut out.date,
            "site" | "source" | "publisher" | "outlet" => &mut out.site,
            _ => continue,
        };
        slot.get_or_insert_with(|| value.to_string());
    }
    out
}

/// A date from metadata as a reader writes it: the day of an ISO timestamp ("2024-06-28T10:00Z"
/// → "2024-06-28"), anything else as it is.
fn shown_date(d: &str) -> String {
    let d = d.trim();
    let iso_day = d.len() >= 10
        && d.as_bytes()[4] == b'-'
        && d.as_bytes()[7] == b'-'
        && d[..4].bytes().all(|b| b.is_ascii_digit());
    if iso_day && d.is_char_boundary(10) {
        d[..10].to_string()
    } else {
        d.to_string()
    }
}

/// The first line that reads like a title: Markdown heading marks and surrounding space removed.
fn first_line_title(text: &str, path: &Path) -> String {
    for line in text.lines().take(20) {
        let t = line.trim().trim_start_matches('#').trim();
        // Skip bylines and section labels such as "China /".
        if t.chars().filter(|c| c.is_alphabetic()).count() >= 12 {
            return t.chars().take(160).collect();
        }
    }
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// A date stated on its own near the top of a document (a dateline), as written.
fn stated_date(text: &str) -> Option<String> {
    let head_end = text.char_indices().nth(600).map_or(text.len(), |(i, _)| i);
    let head = &text[..head_end];
    crate::figures::extract(head)
        .into_iter()
        .find(|f| matches!(f.kind, crate::figures::Kind::Date) && f.has_year_and_day())
        .map(|f| head[f.range].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn loads_formats_and_skips_bad_files_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::write(
            d.join("a.txt"),
            "Title line of the text\n\nBody sentence one. Two.",
        )
        .unwrap();
        fs::write(d.join("b.md"), "# Markdown title here\n\nSome `code` text.").unwrap();
        fs::write(
            d.join("c.html"),
            "<title>Html page title</title><p>Visible words.</p>",
        )
        .unwrap();
        fs::write(d.join("bin.txt"), [0u8, 1, 2, 3]).unwrap();
        fs::write(d.join("latin1.txt"), [b'a', 0xe9, b'b']).unwrap();
        fs::write(d.join("empty.txt"), "").unwrap();
        fs::write(d.join("pic.png"), "not really").unwrap();
        fs::create_dir(d.join(".hidden")).unwrap();
        fs::write(d.join(".hidden/x.txt"), "hidden file text").unwrap();
        let c = Corpus::load(&[d.to_path_buf(), d.join("missing")]);
        let mut titles: Vec<_> = c.documents.iter().map(|d| d.title.as_str()).collect();
        titles.sort();
        assert_eq!(
            titles,
            [
                "Html page title",
                "Markdown title here",
                "Title line of the text"
            ]
        );
        let mut skipped: Vec<_> = c
            .skipped
            .iter()
            .map(|s| s.path.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        skipped.sort();
        assert_eq!(
            skipped,
            ["bin.txt", "empty.txt", "latin1.txt", "missing", "pic.png"]
        );
        let md = c
            .documents
            .iter()
            .find(|d| d.title.starts_with("Markdown"))
            .unwrap();
        assert!(!md.text.contains("code"));
    }

    #[test]
    fn html_locations_point_into_the_file() {
        let html = "<html><body>\n<p>Alpha beta.</p>\n<p>Gamma &amp; delta said.</p></body></html>";
        let doc = Document::from_contents("x.html".into(), html.to_string(), Format::Html);
        let t = doc.text.find("delta").unwrap();
        let r = doc.file_range(t..t + 5);
        assert_eq!(&doc.file_text()[r], "delta");
    }

    #[test]
    fn meta_tags_and_front_matter_name_title_outlet_and_date() {
        let html = "<html><head><title>Storm | Courier</title>\
            <meta property=\"og:title\" content=\"Storm hits the coast\">\
            <meta property=\"og:site_name\" content=\"The Daily Courier\">\
            <meta property=\"article:published_time\" content=\"2024-06-28T10:00:00Z\">\
            </head><body><p>Waves rose.</p></body></html>";
        let doc = Document::from_contents("x.html".into(), html.into(), Format::Html);
        assert_eq!(
            doc.headline_and_outlet(),
            ("Storm hits the coast", Some("The Daily Courier"))
        );
        assert_eq!(doc.date.as_deref(), Some("2024-06-28"));
        assert_eq!(doc.byline(), ["The Daily Courier", "2024-06-28"]);
        let md = "---\ntitle: \"Storm hits the coast\"\ndate: 12 March 2024\nsource: Courier\n---\n\n# Other\n\nWaves rose.\n";
        let doc = Document::from_contents("x.md".into(), md.into(), Format::Markdown);
        assert_eq!(
            doc.headline_and_outlet(),
            ("Storm hits the coast", Some("Courier"))
        );
        assert_eq!(doc.date.as_deref(), Some("12 March 2024"));
    }

    #[test]
    fn the_outlet_is_taken_off_a_title() {
        let doc = |title: &str| {
            Document::from_contents(
                "x.txt".into(),
                format!("{title}\n\nBody text here.\n"),
                Format::Text,
            )
        };
        let d = doc("The United States will pressure China | ET REALITY");
        assert_eq!(
            d.headline_and_outlet(),
            ("The United States will pressure China", Some("ET REALITY"))
        );
        let d = doc("Storm hits coast – The Daily Courier");
        assert_eq!(
            d.headline_and_outlet(),
            ("Storm hits coast", Some("The Daily Courier"))
        );
        // A dash inside a headline is not an outlet.
        let d = doc("Prices rise - and wages lag behind them for another long year in the region");
        assert_eq!(d.headline_and_outlet().1, None);
        assert_eq!(
            doc("A plain headline").headline_and_outlet(),
            ("A plain headline", None)
        );
    }

    #[test]
    fn dateline_is_found_near_the_top() {
        let doc = Document::from_contents(
            "x.txt".into(),
            "Las Vegas Sun\n\nJune 28, 2024\n\nU.S. raises pressure on China to combat it\n".into(),
            Format::Text,
        );
        assert_eq!(doc.date.as_deref(), Some("June 28, 2024"));
        assert_eq!(doc.title, "U.S. raises pressure on China to combat it");
    }
}
