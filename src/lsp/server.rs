//! The language server: open drafts, the corpus index, and the protocol handlers.

use super::document::{Encoding, OpenDocument, Positions};
use super::features::{self, CheckedText};
use super::sources::{self, Origin, Plan, Settings};
use crate::check::{self, Analysis, DraftFormat};
use crate::config::Config;
use crate::corpus::builtin;
use crate::index::{Index, store};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::watch;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::{self as lsp, Uri};
use tower_lsp_server::{Client, LanguageServer};

pub const REINDEX_COMMAND: &str = "sourced.reindex";
pub const SHOW_SOURCES_COMMAND: &str = "sourced.showSources";
/// The review page of an open document: `{"html", "marks"}`.
pub const REPORT_COMMAND: &str = "sourced.report";
const WATCH_REGISTRATION: &str = "sourced-corpus-watch";

/// The index with the settings it was built under.
pub struct Engine {
    pub index: Arc<Index>,
    /// Verdicts of unchanged sentences and quotations, valid for this index.
    pub memo: Arc<check::memo::Memo>,
    pub checks: Config,
    pub plan: Plan,
    /// Bumped whenever the index or the check settings change.
    pub generation: u64,
    /// When the index was built.
    pub indexed: std::time::SystemTime,
}

/// A draft checked at one revision under one engine generation.
pub struct Checked {
    pub revision: u64,
    pub version: i32,
    pub generation: u64,
    pub text: String,
    pub format: DraftFormat,
    pub analysis: Analysis,
    pub elapsed: Duration,
    pub engine: Arc<Engine>,
    /// Larger than the draft limit: not checked.
    pub too_large: bool,
}

impl Checked {
    fn view(&self, enc: Encoding) -> CheckedText<'_> {
        CheckedText {
            text: &self.text,
            format: self.format,
            analysis: &self.analysis,
            index: &self.engine.index,
            enc,
        }
    }
}

/// What the client said it can do, and the workspace.
#[derive(Debug, Clone, Default)]
struct ClientInfo {
    root: Option<PathBuf>,
    /// The folder of the draft opened last: the corpus is looked for from there upward.
    drafts_folder: Option<PathBuf>,
    enc: Encoding,
    init_settings: Settings,
    configuration: bool,
    dynamic_watch: bool,
    relative_patterns: bool,
    dynamic_configuration: bool,
    pull_diagnostics: bool,
    diagnostic_refresh: bool,
    work_done_progress: bool,
}

pub struct Inner {
    client: Client,
    info: Mutex<ClientInfo>,
    settings: Mutex<Settings>,
    docs: Mutex<HashMap<Uri, OpenDocument>>,
    results: Mutex<HashMap<Uri, Arc<Checked>>>,
    published: Mutex<HashMap<Uri, (u64, u64)>>,
    check_locks: Mutex<HashMap<Uri, Arc<tokio::sync::Mutex<()>>>>,
    engine: watch::Sender<Option<Arc<Engine>>>,
    reindexing: tokio::sync::Mutex<()>,
    revision: AtomicU64,
    generation: AtomicU64,
    watch_events: AtomicU64,
    progress_tokens: AtomicU64,
    watcher: Mutex<Option<notify::RecommendedWatcher>>,
    watch_registered: std::sync::atomic::AtomicBool,
    /// Set by the `shutdown` request: the exit code depends on it.
    shut_down: Arc<std::sync::atomic::AtomicBool>,
    /// Drafts the writer was told are too large to check.
    too_large: Mutex<std::collections::HashSet<Uri>>,
    /// Paths outside the workspace the writer was already asked about in this session.
    asked: Mutex<std::collections::HashSet<PathBuf>>,
}

pub struct Backend {
    inner: Arc<Inner>,
}

fn internal(message: String) -> Error {
    Error {
        code: ErrorCode::InternalError,
        message: message.into(),
        data: None,
    }
}

/// Runs CPU work off the protocol threads; a panic becomes an error answer instead of a crash.
/// The progress message of indexing: documents, megabytes read of all, and the time left at the
/// pace so far; with the share done.
fn progress_message(p: store::Progress, elapsed: Duration) -> (String, u32) {
    let share = if p.bytes_total == 0 {
        1.0
    } else {
        p.bytes as f64 / p.bytes_total as f64
    };
    let mut message = format!(
        "{} documents, {:.0} of {:.0} MB",
        p.documents,
        p.bytes as f64 / 1e6,
        p.bytes_total as f64 / 1e6
    );
    if share > 0.02 && share < 1.0 {
        let left = elapsed.as_secs_f64() * (1.0 - share) / share;
        message.push_str(&format!(", about {:.0} s left", left.ceil()));
    }
    (message, (share * 100.0).min(100.0) as u32)
}

async fn guarded<T: Send + 'static>(
    what: &'static str,
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T> {
    match tokio::task::spawn_blocking(move || {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
    })
    .await
    {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(panic)) => {
            let msg = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            eprintln!("sourced lsp: {what} failed: {msg}");
            Err(internal(format!("{what} failed: {msg}")))
        }
        Err(e) => Err(internal(format!("{what} failed: {e}"))),
    }
}

/// Hands memory freed by a check back to the system. Checks run on the threads of a blocking
/// pool, each with its own allocator arena; without this, a long session's resident memory
/// creeps up with every arena's free pages.
fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    unsafe {
        libc::malloc_trim(0);
    }
}

/// How a document is checked, from its language (or its file name when the language is unknown).
fn draft_format(language: &str, uri: &Uri) -> Option<DraftFormat> {
    match language.to_ascii_lowercase().as_str() {
        "markdown" | "mdx" | "quarto" | "rmd" | "rmarkdown" | "pandoc" => {
            Some(DraftFormat::Markdown)
        }
        "plaintext" | "text" | "txt" | "asciidoc" | "restructuredtext" | "rst" | "org" | "mail"
        | "git-commit" | "gitcommit" | "latex" | "tex" | "typst" | "html" => {
            Some(DraftFormat::Plain)
        }
        _ => {
            let path = uri.to_file_path()?;
            let ext = path.extension()?.to_str()?.to_ascii_lowercase();
            match ext.as_str() {
                "md" | "markdown" | "mdx" | "qmd" | "rmd" => Some(DraftFormat::Markdown),
                "txt" | "text" => Some(DraftFormat::Plain),
                _ => None,
            }
        }
    }
}

fn root_of(params: &lsp::InitializeParams) -> Option<PathBuf> {
    let from_folder = params
        .workspace_folders
        .as_ref()
        .and_then(|f| f.first())
        .and_then(|f| f.uri.to_file_path().map(|p| p.into_owned()));
    #[allow(deprecated)]
    let from_uri = params
        .root_uri
        .as_ref()
        .and_then(|u| u.to_file_path().map(|p| p.into_owned()));
    #[allow(deprecated)]
    let from_path = params.root_path.as_ref().map(PathBuf::from);
    from_folder.or(from_uri).or(from_path)
}

impl Backend {
    pub fn new(client: Client, shut_down: Arc<std::sync::atomic::AtomicBool>) -> Backend {
        let (engine, _) = watch::channel(None);
        Backend {
            inner: Arc::new(Inner {
                client,
                info: Mutex::new(ClientInfo::default()),
                settings: Mutex::new(Settings::default()),
                docs: Mutex::new(HashMap::new()),
                results: Mutex::new(HashMap::new()),
                published: Mutex::new(HashMap::new()),
                check_locks: Mutex::new(HashMap::new()),
                engine,
                reindexing: tokio::sync::Mutex::new(()),
                revision: AtomicU64::new(1),
                generation: AtomicU64::new(1),
                watch_events: AtomicU64::new(0),
                progress_tokens: AtomicU64::new(0),
                watcher: Mutex::new(None),
                watch_registered: std::sync::atomic::AtomicBool::new(false),
                shut_down,
                too_large: Mutex::new(Default::default()),
                asked: Mutex::new(Default::default()),
            }),
        }
    }
}

impl Inner {
    fn enc(&self) -> Encoding {
        self.info.lock().unwrap().enc
    }

    /// The index, waiting for it if it is still being built.
    async fn engine(&self) -> Arc<Engine> {
        let mut rx = self.engine.subscribe();
        loop {
            if let Some(e) = rx.borrow_and_update().clone() {
                return e;
            }
            if rx.changed().await.is_err() {
                // The sender lives as long as the server; this is not reached.
                std::future::pending::<()>().await;
            }
        }
    }

    fn check_lock(&self, uri: &Uri) -> Arc<tokio::sync::Mutex<()>> {
        self.check_locks
            .lock()
            .unwrap()
            .entry(uri.clone())
            .or_default()
            .clone()
    }

    fn current_revision(&self, uri: &Uri) -> Option<u64> {
        self.docs.lock().unwrap().get(uri).map(|d| d.revision)
    }

    /// The analysis of an open draft's current text, computed if it is not cached.
    async fn checked(&self, uri: &Uri) -> Result<Option<Arc<Checked>>> {
        let engine = self.engine().await;
        let lock = self.check_lock(uri);
        let _guard = lock.lock().await;
        let engine = match self.engine.borrow().clone() {
            Some(e) if e.generation > engine.generation => e,
            _ => engine,
        };
        let (text, version, revision, format) = {
            let docs = self.docs.lock().unwrap();
            let Some(d) = docs.get(uri) else {
                return Ok(None);
            };
            let Some(format) = draft_format(&d.language, uri) else {
                return Ok(None);
            };
            (d.text(), d.version, d.revision, format)
        };
        if let Some(c) = self.results.lock().unwrap().get(uri)
            && c.revision == revision
            && c.generation == engine.generation
        {
            return Ok(Some(c.clone()));
        }
        let eng = engine.clone();
        let checked = guarded("checking the draft", move || {
            let started = Instant::now();
            let too_large = text.len() as u64 > eng.checks.limits.draft_bytes;
            let analysis = if too_large {
                Analysis::default()
            } else {
                let mut a = check::analyse_with_memo(&eng.index, &text, format, &eng.memo);
                eng.checks.apply(&mut a.findings);
                a
            };
            release_free_memory();
            Checked {
                revision,
                version,
                generation: eng.generation,
                text,
                format,
                analysis,
                elapsed: started.elapsed(),
                engine: eng,
                too_large,
            }
        })
        .await?;
        let checked = Arc::new(checked);
        self.results
            .lock()
            .unwrap()
            .insert(uri.clone(), checked.clone());
        Ok(Some(checked))
    }

    /// Checks a draft and publishes its diagnostics, unless a newer edit made the run stale.
    async fn check_and_publish(self: Arc<Self>, uri: Uri) {
        if self.info.lock().unwrap().pull_diagnostics {
            return;
        }
        // Debounce only when checking is slow enough for keystrokes to pile up.
        let last = self
            .results
            .lock()
            .unwrap()
            .get(&uri)
            .map(|c| c.elapsed)
            .unwrap_or_default();
        if last > Duration::from_millis(30) {
            let before = self.current_revision(&uri);
            tokio::time::sleep(last.min(Duration::from_millis(250))).await;
            if self.current_revision(&uri) != before {
                return;
            }
        }
        let checked = match self.checked(&uri).await {
            Ok(Some(c)) => c,
            Ok(None) => return,
            Err(e) => {
                self.client
                    .log_message(lsp::MessageType::ERROR, e.message)
                    .await;
                return;
            }
        };
        if self.current_revision(&uri) != Some(checked.revision) {
            return; // stale: a newer run follows
        }
        {
            let mut published = self.published.lock().unwrap();
            let key = (checked.revision, checked.generation);
            if published.get(&uri) == Some(&key) {
                return;
            }
            published.insert(uri.clone(), key);
        }
        let warned = self.too_large.lock().unwrap().contains(&uri);
        if checked.too_large && !warned {
            self.too_large.lock().unwrap().insert(uri.clone());
            self.client
                .show_message(
                    lsp::MessageType::WARNING,
                    format!(
                        "sourced: this draft is {}, larger than the limit of {}; it is not checked \
                         (raise `draft-size` under [limits] in sourced.toml)",
                        crate::text::human_size(checked.text.len() as u64),
                        crate::text::human_size(checked.engine.checks.limits.draft_bytes)
                    ),
                )
                .await;
        } else if !checked.too_large && warned {
            self.too_large.lock().unwrap().remove(&uri);
        }
        let enc = self.enc();
        let view = checked.view(enc);
        let diags = features::diagnostics(&view);
        self.client
            .publish_diagnostics(uri, diags, Some(checked.version))
            .await;
    }

    fn schedule_check(self: &Arc<Self>, uri: Uri) {
        let me = self.clone();
        tokio::spawn(me.check_and_publish(uri));
    }

    async fn recheck_open(self: &Arc<Self>) {
        let (pull, refresh) = {
            let i = self.info.lock().unwrap();
            (i.pull_diagnostics, i.diagnostic_refresh)
        };
        if pull {
            if refresh {
                let _ = self.client.workspace_diagnostic_refresh().await;
            }
            return;
        }
        let uris: Vec<Uri> = self.docs.lock().unwrap().keys().cloned().collect();
        for uri in uris {
            self.schedule_check(uri);
        }
    }

    /// Reads the `sourced` settings section from the client, when it can answer.
    async fn fetch_settings(&self) {
        if !self.info.lock().unwrap().configuration {
            return;
        }
        let item = lsp::ConfigurationItem {
            scope_uri: None,
            section: Some("sourced".into()),
        };
        if let Ok(values) = self.client.configuration(vec![item]).await
            && let Some(v) = values.first()
        {
            *self.settings.lock().unwrap() = Settings::from_json(v);
        }
    }

    fn plan(&self) -> Plan {
        let info = self.info.lock().unwrap().clone();
        let settings = self.settings.lock().unwrap().clone();
        sources::plan(
            info.root.as_deref(),
            info.drafts_folder.as_deref(),
            &info.init_settings,
            &settings,
        )
    }

    /// Loads the corpus and builds the index in the background, reporting progress; then
    /// re-checks the open drafts. With `force` false and an unchanged corpus, only the check
    /// settings are updated.
    async fn reindex(self: &Arc<Self>, force: bool) -> Result<Arc<Engine>> {
        let _guard = self.reindexing.lock().await;
        let plan = self.plan();
        for w in &plan.warnings {
            self.client
                .show_message(lsp::MessageType::WARNING, format!("sourced: {w}"))
                .await;
        }
        let current = self.engine.borrow().clone();
        if !force
            && let Some(cur) = &current
            && cur.plan.same_corpus(&plan)
        {
            if cur.checks == plan.checks {
                return Ok(cur.clone());
            }
            let engine = Arc::new(Engine {
                index: cur.index.clone(),
                memo: cur.memo.clone(),
                checks: plan.checks.clone(),
                plan,
                generation: self.generation.fetch_add(1, Ordering::SeqCst) + 1,
                indexed: cur.indexed,
            });
            self.engine.send_replace(Some(engine.clone()));
            self.recheck_open().await;
            return Ok(engine);
        }

        let progress = if self.info.lock().unwrap().work_done_progress {
            let n = self.progress_tokens.fetch_add(1, Ordering::SeqCst);
            let token = lsp::ProgressToken::String(format!("sourced-indexing-{n}"));
            match self.client.create_work_done_progress(token.clone()).await {
                Ok(()) => Some(
                    self.client
                        .progress(token, "Indexing sources")
                        .with_percentage(0)
                        .with_message(format!("reading {}", plan.origin.describe()))
                        .begin()
                        .await,
                ),
                Err(_) => None,
            }
        } else {
            None
        };

        self.ask_consent(&plan);
        let index = if plan.origin == Origin::Builtin {
            let corpus = guarded("loading the built-in corpus", builtin::builtin).await?;
            guarded("indexing the corpus", move || Index::build(corpus)).await?
        } else {
            // A large corpus is kept indexed in the user's cache: read from there, refreshed
            // where files changed, with progress (documents, MB, time left) while files are read.
            let latest: Arc<Mutex<Option<store::Progress>>> = Arc::default();
            let paths = plan.paths.clone();
            let limit = plan.checks.limits.file_bytes;
            let shared = latest.clone();
            let mut loading = tokio::task::spawn_blocking(move || {
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    store::load(&paths, limit, &|p| *shared.lock().unwrap() = Some(p))
                }))
            });
            let started = Instant::now();
            let loaded = loop {
                tokio::select! {
                    done = &mut loading => break done,
                    _ = tokio::time::sleep(Duration::from_millis(300)) => {
                        let now = *latest.lock().unwrap();
                        if let (Some(p), Some(bar)) = (now, &progress) {
                            let (message, percent) = progress_message(p, started.elapsed());
                            bar.report_with_message(message, percent).await;
                        }
                    }
                }
            };
            let (index, kept) = match loaded {
                Ok(Ok(v)) => v,
                Ok(Err(_)) | Err(_) => {
                    eprintln!("sourced lsp: indexing the corpus failed");
                    return Err(internal("indexing the corpus failed".into()));
                }
            };
            if let store::Kept::NotStored(why) = kept {
                self.client
                    .log_message(
                        lsp::MessageType::INFO,
                        format!("sourced: the index is not kept between runs: {why}"),
                    )
                    .await;
            }
            index
        };
        for s in &index.corpus().skipped {
            self.client
                .log_message(
                    lsp::MessageType::WARNING,
                    format!(
                        "sourced: skipped {}: {}",
                        crate::text::escape_name(&s.path.display().to_string()),
                        s.reason
                    ),
                )
                .await;
        }
        let n_docs = index.documents().len();
        if n_docs == 0 {
            self.client
                .show_message(
                    lsp::MessageType::WARNING,
                    format!(
                        "sourced: the corpus from {} has no readable documents",
                        plan.origin.describe()
                    ),
                )
                .await;
        }
        let sentences = index.sentence_count();
        let engine = Arc::new(Engine {
            index: Arc::new(index),
            memo: Arc::new(check::memo::Memo::new()),
            checks: plan.checks.clone(),
            plan,
            generation: self.generation.fetch_add(1, Ordering::SeqCst) + 1,
            indexed: std::time::SystemTime::now(),
        });
        // Without the client's watchers, the operating system's are in place before any draft
        // is checked against this index: a change seen after a check is never missed.
        let dynamic = self.info.lock().unwrap().dynamic_watch;
        if !dynamic {
            self.watch_with_notify(self.watch_dirs(&engine.plan));
        }
        self.engine.send_replace(Some(engine.clone()));
        let summary = format!("{n_docs} documents, {sentences} sentences");
        if let Some(p) = progress {
            p.finish_with_message(summary.clone()).await;
        }
        self.client
            .log_message(
                lsp::MessageType::INFO,
                format!(
                    "sourced: indexed {summary} from {}",
                    engine.plan.origin.describe()
                ),
            )
            .await;
        if dynamic {
            self.watch_corpus(&engine.plan).await;
        }
        self.recheck_open().await;
        Ok(engine)
    }

    /// The folders whose changes concern the corpus: its paths and the workspace root
    /// (sourced.toml, and sources/ or seeds/ appearing).
    fn watch_dirs(&self, plan: &Plan) -> Vec<PathBuf> {
        let root = self.info.lock().unwrap().root.clone();
        let mut dirs: Vec<PathBuf> = plan.paths.clone();
        dirs.extend(root);
        dirs
    }

    /// Asks the writer, once per session and path, whether sourced.toml may read the paths it
    /// names outside the workspace; on consent, remembers it and re-indexes.
    fn ask_consent(self: &Arc<Self>, plan: &Plan) {
        let fresh: Vec<PathBuf> = {
            let mut asked = self.asked.lock().unwrap();
            plan.refused
                .iter()
                .filter(|p| asked.insert((*p).clone()))
                .cloned()
                .collect()
        };
        if fresh.is_empty() {
            return;
        }
        let me = self.clone();
        let root = plan.checks.root.clone();
        tokio::spawn(async move {
            let names: Vec<String> = fresh
                .iter()
                .map(|p| crate::text::escape_name(&p.display().to_string()))
                .collect();
            let allow = lsp::MessageActionItem {
                title: "Allow".into(),
                properties: Default::default(),
            };
            let answer = me
                .client
                .show_message_request(
                    lsp::MessageType::WARNING,
                    format!(
                        "sourced: {} in {} names sources outside its folder: {}. They are not read \
                         unless you allow it.",
                        crate::config::FILE_NAME,
                        crate::text::escape_name(&root.display().to_string()),
                        names.join(", ")
                    ),
                    Some(vec![
                        allow.clone(),
                        lsp::MessageActionItem {
                            title: "Don't allow".into(),
                            properties: Default::default(),
                        },
                    ]),
                )
                .await;
            if !matches!(answer, Ok(Some(ref a)) if a.title == allow.title) {
                return;
            }
            let config = Config {
                root,
                ..Config::default()
            };
            match crate::trust::allow(&config, &fresh) {
                Ok(_) => me.spawn_reindex(true),
                Err(e) => {
                    me.client
                        .show_message(
                            lsp::MessageType::ERROR,
                            format!("sourced: could not keep the consent: {e}"),
                        )
                        .await
                }
            }
        });
    }

    fn spawn_reindex(self: &Arc<Self>, force: bool) {
        let me = self.clone();
        tokio::spawn(async move {
            if let Err(e) = me.reindex(force).await {
                me.client
                    .show_message(lsp::MessageType::ERROR, format!("sourced: {}", e.message))
                    .await;
            }
        });
    }

    /// Re-indexes shortly after the last of a burst of file events.
    fn corpus_changed(self: &Arc<Self>) {
        let n = self.watch_events.fetch_add(1, Ordering::SeqCst) + 1;
        let me = self.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(150)).await;
            if me.watch_events.load(Ordering::SeqCst) == n
                && let Err(e) = me.reindex(true).await
            {
                me.client
                    .log_message(lsp::MessageType::ERROR, e.message)
                    .await;
            }
        });
    }

    /// Whether a changed file concerns the corpus or the configuration.
    fn concerns_corpus(&self, path: &Path) -> bool {
        let root = self.info.lock().unwrap().root.clone();
        if path
            .file_name()
            .is_some_and(|n| n == crate::config::FILE_NAME)
            && root.as_deref().is_none_or(|r| path.parent() == Some(r))
        {
            return true;
        }
        let engine = self.engine.borrow().clone();
        let Some(engine) = engine else { return false };
        engine.plan.paths.iter().any(|p| path.starts_with(p))
            || (engine.plan.origin == Origin::Builtin
                && root
                    .as_deref()
                    .is_some_and(|r| path.starts_with(r.join(crate::config::SOURCES_FOLDER))))
    }

    /// A draft opened in a folder whose corpus is another (its own `sources/` folder or
    /// `sourced.toml`) switches the server to that corpus, as `sourced check` would choose it.
    fn follow_draft_folder(self: &Arc<Self>, uri: &Uri) {
        let Some(folder) = uri
            .to_file_path()
            .and_then(|p| p.parent().map(Path::to_path_buf))
        else {
            return;
        };
        {
            let mut info = self.info.lock().unwrap();
            if info.drafts_folder.as_ref() == Some(&folder) {
                return;
            }
            info.drafts_folder = Some(folder);
        }
        let plan = self.plan();
        let current = self.engine.borrow().clone();
        // Without an engine yet, the first indexing looks again once it is done.
        if current.is_some_and(|e| !e.plan.same_corpus(&plan)) {
            self.spawn_reindex(false);
        }
    }

    /// Watches the corpus: through the client when it can register file watchers, else with the
    /// operating system's notifications.
    async fn watch_corpus(self: &Arc<Self>, plan: &Plan) {
        let (dynamic, relative, root) = {
            let i = self.info.lock().unwrap();
            (i.dynamic_watch, i.relative_patterns, i.root.clone())
        };
        let dirs = self.watch_dirs(plan);
        if dynamic {
            let watchers: Vec<lsp::FileSystemWatcher> = dirs
                .iter()
                .filter_map(|d| {
                    let is_root = Some(d) == root.as_ref();
                    let (base, pattern) = if d.is_file() {
                        (
                            d.parent()?.to_path_buf(),
                            d.file_name()?.to_string_lossy().into_owned(),
                        )
                    } else if is_root {
                        (
                            d.clone(),
                            format!("{{{},sources/**,seeds/**}}", crate::config::FILE_NAME),
                        )
                    } else {
                        (d.clone(), "**/*".to_string())
                    };
                    let glob = if relative {
                        lsp::GlobPattern::Relative(lsp::RelativePattern {
                            base_uri: lsp::OneOf::Right(Uri::from_file_path(&base)?),
                            pattern,
                        })
                    } else {
                        lsp::GlobPattern::String(format!(
                            "{}/{}",
                            base.display().to_string().replace('\\', "/"),
                            pattern
                        ))
                    };
                    Some(lsp::FileSystemWatcher {
                        glob_pattern: glob,
                        kind: None,
                    })
                })
                .collect();
            if self.watch_registered.swap(false, Ordering::SeqCst) {
                let _ = self
                    .client
                    .unregister_capability(vec![lsp::Unregistration {
                        id: WATCH_REGISTRATION.into(),
                        method: "workspace/didChangeWatchedFiles".into(),
                    }])
                    .await;
            }
            let options = lsp::DidChangeWatchedFilesRegistrationOptions { watchers };
            let registered = self
                .client
                .register_capability(vec![lsp::Registration {
                    id: WATCH_REGISTRATION.into(),
                    method: "workspace/didChangeWatchedFiles".into(),
                    register_options: serde_json::to_value(options).ok(),
                }])
                .await;
            if registered.is_ok() {
                self.watch_registered.store(true, Ordering::SeqCst);
                return;
            }
        }
        self.watch_with_notify(dirs);
    }

    fn watch_with_notify(self: &Arc<Self>, dirs: Vec<PathBuf>) {
        use notify::Watcher;
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<PathBuf>();
        let watcher = notify::recommended_watcher(move |ev: notify::Result<notify::Event>| {
            if let Ok(ev) = ev
                && !matches!(ev.kind, notify::EventKind::Access(_))
            {
                for p in ev.paths {
                    let _ = tx.send(p);
                }
            }
        });
        let Ok(mut watcher) = watcher else { return };
        let root = self.info.lock().unwrap().root.clone();
        for d in &dirs {
            let mode = if Some(d) == root.as_ref() {
                notify::RecursiveMode::NonRecursive
            } else {
                notify::RecursiveMode::Recursive
            };
            let _ = watcher.watch(d, mode);
        }
        if let Some(r) = &root {
            let sources = r.join(crate::config::SOURCES_FOLDER);
            if sources.is_dir() && !dirs.contains(&sources) {
                let _ = watcher.watch(&sources, notify::RecursiveMode::Recursive);
            }
        }
        // Replacing the watcher drops the old one, which ends its channel and task.
        *self.watcher.lock().unwrap() = Some(watcher);
        let me = Arc::downgrade(self);
        tokio::spawn(async move {
            while let Some(path) = rx.recv().await {
                let Some(me) = me.upgrade() else { break };
                if me.concerns_corpus(&path) {
                    me.corpus_changed();
                }
            }
        });
    }
}

fn capabilities(info: &ClientInfo) -> lsp::ServerCapabilities {
    lsp::ServerCapabilities {
        position_encoding: Some(match info.enc {
            Encoding::Utf8 => lsp::PositionEncodingKind::UTF8,
            Encoding::Utf16 => lsp::PositionEncodingKind::UTF16,
        }),
        text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(
            lsp::TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(lsp::TextDocumentSyncKind::INCREMENTAL),
                ..Default::default()
            },
        )),
        hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
        definition_provider: Some(lsp::OneOf::Left(true)),
        references_provider: Some(lsp::OneOf::Left(true)),
        code_action_provider: Some(lsp::CodeActionProviderCapability::Options(
            lsp::CodeActionOptions {
                code_action_kinds: Some(vec![
                    lsp::CodeActionKind::QUICKFIX,
                    lsp::CodeActionKind::REFACTOR,
                ]),
                ..Default::default()
            },
        )),
        document_symbol_provider: Some(lsp::OneOf::Left(true)),
        workspace_symbol_provider: Some(lsp::OneOf::Left(true)),
        completion_provider: Some(lsp::CompletionOptions {
            trigger_characters: Some(vec![" ".into()]),
            ..Default::default()
        }),
        execute_command_provider: Some(lsp::ExecuteCommandOptions {
            commands: vec![
                REINDEX_COMMAND.into(),
                SHOW_SOURCES_COMMAND.into(),
                REPORT_COMMAND.into(),
            ],
            ..Default::default()
        }),
        diagnostic_provider: info.pull_diagnostics.then(|| {
            lsp::DiagnosticServerCapabilities::Options(lsp::DiagnosticOptions {
                identifier: Some("sourced".into()),
                inter_file_dependencies: false,
                workspace_diagnostics: false,
                ..Default::default()
            })
        }),
        ..Default::default()
    }
}

impl Backend {
    async fn view<T>(
        &self,
        uri: &Uri,
        what: &'static str,
        f: impl FnOnce(&CheckedText) -> T + Send + 'static,
    ) -> Result<Option<T>>
    where
        T: Send + 'static,
    {
        let Some(checked) = self.inner.checked(uri).await? else {
            return Ok(None);
        };
        let enc = self.inner.enc();
        guarded(what, move || f(&checked.view(enc))).await.map(Some)
    }

    fn offset_in(text: &str, pos: lsp::Position, enc: Encoding) -> usize {
        Positions::new(text, enc).offset(pos)
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: lsp::InitializeParams) -> Result<lsp::InitializeResult> {
        let caps = &params.capabilities;
        let offered_utf8 = caps
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref())
            .is_some_and(|e| e.contains(&lsp::PositionEncodingKind::UTF8));
        let ws = caps.workspace.as_ref();
        let td = caps.text_document.as_ref();
        let info = ClientInfo {
            root: root_of(&params),
            drafts_folder: None,
            enc: if offered_utf8 {
                Encoding::Utf8
            } else {
                Encoding::Utf16
            },
            init_settings: params
                .initialization_options
                .as_ref()
                .map(Settings::from_json)
                .unwrap_or_default(),
            configuration: ws.and_then(|w| w.configuration).unwrap_or(false),
            dynamic_watch: ws
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false),
            relative_patterns: ws
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.relative_pattern_support)
                .unwrap_or(false),
            dynamic_configuration: ws
                .and_then(|w| w.did_change_configuration.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false),
            pull_diagnostics: td.and_then(|t| t.diagnostic.as_ref()).is_some(),
            diagnostic_refresh: ws
                .and_then(|w| w.diagnostics.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false),
            work_done_progress: caps
                .window
                .as_ref()
                .and_then(|w| w.work_done_progress)
                .unwrap_or(false),
        };
        let capabilities = capabilities(&info);
        *self.inner.info.lock().unwrap() = info;
        Ok(lsp::InitializeResult {
            capabilities,
            server_info: Some(lsp::ServerInfo {
                name: "sourced".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: lsp::InitializedParams) {
        let inner = self.inner.clone();
        if inner.info.lock().unwrap().dynamic_configuration {
            let _ = inner
                .client
                .register_capability(vec![lsp::Registration {
                    id: "sourced-configuration".into(),
                    method: "workspace/didChangeConfiguration".into(),
                    register_options: Some(json!({"section": "sourced"})),
                }])
                .await;
        }
        // Settings are read before indexing so that the first index is the right one.
        tokio::spawn(async move {
            inner.fetch_settings().await;
            if let Err(e) = inner.reindex(true).await {
                inner
                    .client
                    .show_message(lsp::MessageType::ERROR, format!("sourced: {}", e.message))
                    .await;
                return;
            }
            // A draft opened while the first index was built may live beside another corpus
            // (nothing is done when the plan is the same).
            let _ = inner.reindex(false).await;
        });
    }

    async fn shutdown(&self) -> Result<()> {
        *self.inner.watcher.lock().unwrap() = None;
        self.inner.shut_down.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: lsp::DidOpenTextDocumentParams) {
        let d = params.text_document;
        let mut doc = OpenDocument::new(&d.text, d.version, d.language_id);
        doc.revision = self.inner.revision.fetch_add(1, Ordering::SeqCst);
        self.inner.docs.lock().unwrap().insert(d.uri.clone(), doc);
        self.inner.follow_draft_folder(&d.uri);
        self.inner.schedule_check(d.uri);
    }

    async fn did_change(&self, params: lsp::DidChangeTextDocumentParams) {
        // Edits are applied before anything awaits, so they keep the order they came in.
        let uri = params.text_document.uri;
        let enc = self.inner.enc();
        {
            let mut docs = self.inner.docs.lock().unwrap();
            let Some(doc) = docs.get_mut(&uri) else {
                return;
            };
            for change in &params.content_changes {
                doc.apply(change, enc);
            }
            doc.version = params.text_document.version;
            doc.revision = self.inner.revision.fetch_add(1, Ordering::SeqCst);
        }
        self.inner.schedule_check(uri);
    }

    async fn did_close(&self, params: lsp::DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        self.inner.docs.lock().unwrap().remove(&uri);
        self.inner.results.lock().unwrap().remove(&uri);
        self.inner.published.lock().unwrap().remove(&uri);
        self.inner.check_locks.lock().unwrap().remove(&uri);
        if !self.inner.info.lock().unwrap().pull_diagnostics {
            self.inner
                .client
                .publish_diagnostics(uri, vec![], None)
                .await;
        }
    }

    async fn did_change_configuration(&self, params: lsp::DidChangeConfigurationParams) {
        let inner = self.inner.clone();
        if inner.info.lock().unwrap().configuration {
            tokio::spawn(async move {
                inner.fetch_settings().await;
                let _ = inner.reindex(false).await;
            });
        } else {
            let v = params.settings.get("sourced").unwrap_or(&params.settings);
            *inner.settings.lock().unwrap() = Settings::from_json(v);
            inner.spawn_reindex(false);
        }
    }

    async fn did_change_watched_files(&self, params: lsp::DidChangeWatchedFilesParams) {
        let relevant = params.changes.iter().any(|c| {
            c.uri
                .to_file_path()
                .is_some_and(|p| self.inner.concerns_corpus(&p))
        });
        if relevant {
            self.inner.corpus_changed();
        }
    }

    async fn diagnostic(
        &self,
        params: lsp::DocumentDiagnosticParams,
    ) -> Result<lsp::DocumentDiagnosticReportResult> {
        let items = self
            .view(&params.text_document.uri, "diagnostics", |c| {
                features::diagnostics(c)
            })
            .await?
            .unwrap_or_default();
        Ok(lsp::DocumentDiagnosticReportResult::Report(
            lsp::DocumentDiagnosticReport::Full(lsp::RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: lsp::FullDocumentDiagnosticReport {
                    result_id: None,
                    items,
                },
            }),
        ))
    }

    async fn hover(&self, params: lsp::HoverParams) -> Result<Option<lsp::Hover>> {
        let p = params.text_document_position_params;
        let enc = self.inner.enc();
        Ok(self
            .view(&p.text_document.uri, "hover", move |c| {
                features::hover(c, Self::offset_in(c.text, p.position, enc))
            })
            .await?
            .flatten())
    }

    async fn goto_definition(
        &self,
        params: lsp::GotoDefinitionParams,
    ) -> Result<Option<lsp::GotoDefinitionResponse>> {
        let p = params.text_document_position_params;
        let enc = self.inner.enc();
        let locs = self
            .view(&p.text_document.uri, "definition", move |c| {
                features::definition(c, Self::offset_in(c.text, p.position, enc))
            })
            .await?
            .unwrap_or_default();
        Ok(match locs.len() {
            0 => None,
            1 => Some(lsp::GotoDefinitionResponse::Scalar(
                locs.into_iter().next().unwrap(),
            )),
            _ => Some(lsp::GotoDefinitionResponse::Array(locs)),
        })
    }

    async fn references(&self, params: lsp::ReferenceParams) -> Result<Option<Vec<lsp::Location>>> {
        let p = params.text_document_position;
        let include = params.context.include_declaration;
        let enc = self.inner.enc();
        let uri = p.text_document.uri.clone();
        let locs = self
            .view(&p.text_document.uri, "references", move |c| {
                features::references(c, Self::offset_in(c.text, p.position, enc), &uri, include)
            })
            .await?
            .unwrap_or_default();
        Ok((!locs.is_empty()).then_some(locs))
    }

    async fn code_action(
        &self,
        params: lsp::CodeActionParams,
    ) -> Result<Option<lsp::CodeActionResponse>> {
        let enc = self.inner.enc();
        let uri = params.text_document.uri.clone();
        let range = params.range;
        let actions = self
            .view(&params.text_document.uri, "code actions", move |c| {
                let start = Self::offset_in(c.text, range.start, enc);
                let end = Self::offset_in(c.text, range.end, enc);
                features::code_actions(c, &uri, start..end)
            })
            .await?
            .unwrap_or_default();
        Ok(Some(
            actions
                .into_iter()
                .map(lsp::CodeActionOrCommand::CodeAction)
                .collect(),
        ))
    }

    async fn document_symbol(
        &self,
        params: lsp::DocumentSymbolParams,
    ) -> Result<Option<lsp::DocumentSymbolResponse>> {
        self.view(&params.text_document.uri, "document symbols", |c| {
            lsp::DocumentSymbolResponse::Nested(features::document_symbols(c))
        })
        .await
    }

    async fn symbol(
        &self,
        params: lsp::WorkspaceSymbolParams,
    ) -> Result<Option<lsp::WorkspaceSymbolResponse>> {
        let engine = self.inner.engine().await;
        let enc = self.inner.enc();
        let symbols = guarded("workspace symbols", move || {
            features::workspace_symbols(&engine.index, &params.query, enc)
        })
        .await?;
        Ok(Some(lsp::WorkspaceSymbolResponse::Nested(symbols)))
    }

    async fn completion(
        &self,
        params: lsp::CompletionParams,
    ) -> Result<Option<lsp::CompletionResponse>> {
        let p = params.text_document_position;
        let engine = self.inner.engine().await;
        let enc = self.inner.enc();
        let text = match self.inner.docs.lock().unwrap().get(&p.text_document.uri) {
            Some(d) => d.text(),
            None => return Ok(None),
        };
        let items = guarded("completion", move || {
            let offset = Positions::new(&text, enc).offset(p.position);
            features::completions(&text, offset, &engine.index, enc)
        })
        .await?;
        Ok(Some(lsp::CompletionResponse::List(lsp::CompletionList {
            is_incomplete: true,
            items,
        })))
    }

    async fn execute_command(&self, params: lsp::ExecuteCommandParams) -> Result<Option<Value>> {
        match params.command.as_str() {
            REINDEX_COMMAND => {
                let engine = self.inner.reindex(true).await?;
                Ok(Some(json!({
                    "documents": engine.index.documents().len(),
                    "sentences": engine.index.sentence_count(),
                    "skipped": engine.index.corpus().skipped.len(),
                })))
            }
            SHOW_SOURCES_COMMAND => {
                let engine = self.inner.engine().await;
                let files: Vec<Value> = engine
                    .index
                    .documents()
                    .iter()
                    .map(|d| {
                        json!({
                            "path": d.path.display().to_string(),
                            "uri": Uri::from_file_path(&d.path).map(|u| u.to_string()),
                            "title": d.title,
                            "date": d.date,
                            "sentences": d.sentences.len(),
                        })
                    })
                    .collect();
                Ok(Some(Value::Array(files)))
            }
            REPORT_COMMAND => {
                let uri = params
                    .arguments
                    .first()
                    .and_then(Value::as_str)
                    .and_then(|s| s.parse::<Uri>().ok())
                    .ok_or_else(|| {
                        Error::invalid_params("sourced.report takes the URI of an open document")
                    })?;
                let Some(checked) = self.inner.checked(&uri).await? else {
                    return Err(Error::invalid_params(format!(
                        "{} is not an open document",
                        uri.as_str()
                    )));
                };
                guarded("the review page", move || {
                    super::report::page(&checked, &uri)
                })
                .await?
                .map(Some)
                .map_err(internal)
            }
            other => Err(Error::invalid_params(format!("unknown command `{other}`"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panic_in_the_work_becomes_an_error_answer() {
        let r: Result<()> = guarded("testing", || panic!("boom")).await;
        let e = r.unwrap_err();
        assert_eq!(e.code, ErrorCode::InternalError);
        assert!(e.message.contains("boom"));
        assert_eq!(guarded("testing", || 7).await.unwrap(), 7);
    }

    #[test]
    fn languages_map_to_formats() {
        let u: Uri = "file:///d/notes.md".parse().unwrap();
        assert_eq!(draft_format("markdown", &u), Some(DraftFormat::Markdown));
        assert_eq!(draft_format("plaintext", &u), Some(DraftFormat::Plain));
        assert_eq!(draft_format("something", &u), Some(DraftFormat::Markdown));
        let r: Uri = "file:///d/main.rs".parse().unwrap();
        assert_eq!(draft_format("rust", &r), None);
    }
}
