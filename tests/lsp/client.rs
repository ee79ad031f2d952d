//! A small Language Server Protocol client for the tests: starts `sourced lsp`, frames messages
//! over stdio, answers the server's requests, and waits for responses and notifications.

#![allow(dead_code)]

use serde_json::{Value, json};
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const TIMEOUT: Duration = Duration::from_secs(60);

pub struct Client {
    child: Child,
    stdin: ChildStdin,
    rx: Receiver<Value>,
    next_id: i64,
    /// Notifications and server requests not yet looked at.
    pending: VecDeque<Value>,
    /// What `workspace/configuration` answers with (the `sourced` section).
    pub settings: Arc<Mutex<Value>>,
    /// Every server request seen, by method.
    pub server_requests: Vec<Value>,
    /// The action chosen when the server asks the user (`window/showMessageRequest`).
    pub message_action: Option<String>,
    pub _cache: Option<tempfile::TempDir>,
}

fn read_message(r: &mut impl BufRead) -> Option<Value> {
    let mut len = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length:") {
            len = v.trim().parse::<usize>().ok();
        }
    }
    let mut buf = vec![0; len?];
    r.read_exact(&mut buf).ok()?;
    serde_json::from_slice(&buf).ok()
}

impl Client {
    pub fn start() -> Client {
        let cache = tempfile::tempdir().unwrap();
        let dir = cache.path().to_path_buf();
        Client::start_with(
            std::path::Path::new(env!("CARGO_BIN_EXE_sourced")),
            &dir,
            Some(cache),
        )
    }

    /// A server of the given binary whose cache (and working) folder is `dir`; `keep` is removed
    /// when the client is dropped.
    pub fn start_with(
        binary: &std::path::Path,
        dir: &std::path::Path,
        keep: Option<tempfile::TempDir>,
    ) -> Client {
        let mut child = Command::new(binary)
            .args(["lsp", "--stdio"])
            .env("XDG_CACHE_HOME", dir)
            .env("XDG_CONFIG_HOME", dir.join("config"))
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start sourced lsp");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            while let Some(v) = read_message(&mut r) {
                if tx.send(v).is_err() {
                    break;
                }
            }
        });
        Client {
            child,
            stdin,
            rx,
            next_id: 1,
            pending: VecDeque::new(),
            settings: Arc::new(Mutex::new(json!({}))),
            server_requests: Vec::new(),
            message_action: None,
            _cache: keep,
        }
    }

    /// Writes bytes as they are, framing included.
    pub fn send_bytes(&mut self, bytes: &[u8]) {
        // A server that has gone away is seen by the caller through its exit code.
        let _ = self.stdin.write_all(bytes);
        let _ = self.stdin.flush();
    }

    pub fn send_raw(&mut self, body: &str) {
        write!(self.stdin, "Content-Length: {}\r\n\r\n{}", body.len(), body).unwrap();
        self.stdin.flush().unwrap();
    }

    fn send(&mut self, v: &Value) {
        self.send_raw(&v.to_string());
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request without waiting; returns its id.
    pub fn request_async(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    /// Sends a request and returns the whole response (with `result` or `error`).
    pub fn request_full(&mut self, method: &str, params: Value) -> Value {
        let id = self.request_async(method, params);
        self.response(id)
    }

    /// Sends a request and returns its result, failing the test on an error.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let r = self.request_full(method, params);
        assert!(r.get("error").is_none(), "{method} failed: {r}");
        r["result"].clone()
    }

    pub fn response(&mut self, id: i64) -> Value {
        let end = Instant::now() + TIMEOUT;
        loop {
            let msg = self
                .recv(end)
                .unwrap_or_else(|| panic!("no response to {id}"));
            if msg.get("id") == Some(&json!(id)) && msg.get("method").is_none() {
                return msg;
            }
            self.pending.push_back(msg);
        }
    }

    /// The next message, answering server requests on the way.
    fn recv(&mut self, end: Instant) -> Option<Value> {
        loop {
            let left = end.checked_duration_since(Instant::now())?;
            let msg = match self.rx.recv_timeout(left) {
                Ok(m) => m,
                Err(RecvTimeoutError::Timeout) => return None,
                Err(RecvTimeoutError::Disconnected) => return None,
            };
            if let (Some(id), Some(method)) = (msg.get("id"), msg.get("method")) {
                let id = id.clone();
                let result = match method.as_str().unwrap_or_default() {
                    "workspace/configuration" => {
                        let n = msg["params"]["items"].as_array().map_or(1, Vec::len);
                        let s = self.settings.lock().unwrap().clone();
                        Value::Array(vec![s; n])
                    }
                    "window/showMessageRequest" => match &self.message_action {
                        Some(t) => json!({"title": t}),
                        None => Value::Null,
                    },
                    _ => Value::Null,
                };
                self.server_requests.push(msg.clone());
                self.send(&json!({"jsonrpc": "2.0", "id": id, "result": result}));
                continue;
            }
            return Some(msg);
        }
    }

    /// Waits for a notification satisfying `pred`, looking at those already received first.
    pub fn wait_notification(
        &mut self,
        method: &str,
        mut pred: impl FnMut(&Value) -> bool,
    ) -> Value {
        if let Some(i) = self
            .pending
            .iter()
            .position(|m| m["method"] == method && pred(&m["params"]))
        {
            return self.pending.remove(i).unwrap()["params"].clone();
        }
        let end = Instant::now() + TIMEOUT;
        loop {
            let msg = self
                .recv(end)
                .unwrap_or_else(|| panic!("timed out waiting for {method}"));
            if msg["method"] == method && pred(&msg["params"]) {
                return msg["params"].clone();
            }
            self.pending.push_back(msg);
        }
    }

    /// Waits until the server has sent a request with this method; returns it.
    pub fn wait_server_request(&mut self, method: &str) -> Value {
        let end = Instant::now() + TIMEOUT;
        loop {
            if let Some(r) = self.server_requests.iter().find(|r| r["method"] == method) {
                return r.clone();
            }
            assert!(Instant::now() < end, "no {method} request");
            // A server request is answered inside `recv`, which then waits for another message:
            // wait in short steps so that a request that is the last message is seen.
            let step = (Instant::now() + Duration::from_millis(100)).min(end);
            if let Some(msg) = self.recv(step) {
                self.pending.push_back(msg);
            }
        }
    }

    /// Waits for any message (notification or response) satisfying `pred`.
    pub fn wait_notification_or_response(&mut self, mut pred: impl FnMut(&Value) -> bool) -> Value {
        if let Some(i) = self.pending.iter().position(&mut pred) {
            return self.pending.remove(i).unwrap();
        }
        let end = Instant::now() + TIMEOUT;
        loop {
            let msg = self.recv(end).expect("timed out waiting for a message");
            if pred(&msg) {
                return msg;
            }
            self.pending.push_back(msg);
        }
    }

    /// The diagnostics published for a document version (the latest matching one).
    pub fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let p = self.wait_notification("textDocument/publishDiagnostics", |p| {
            p["uri"] == uri && p["version"] == json!(version)
        });
        p["diagnostics"].as_array().cloned().unwrap_or_default()
    }

    /// Waits until published diagnostics for `uri` satisfy `pred`.
    pub fn diagnostics_until(
        &mut self,
        uri: &str,
        mut pred: impl FnMut(&[Value]) -> bool,
    ) -> Vec<Value> {
        let p = self.wait_notification("textDocument/publishDiagnostics", |p| {
            p["uri"] == uri && pred(p["diagnostics"].as_array().map_or(&[][..], |v| v))
        });
        p["diagnostics"].as_array().cloned().unwrap_or_default()
    }

    pub fn initialize(
        &mut self,
        capabilities: Value,
        options: Value,
        root: Option<&std::path::Path>,
    ) -> Value {
        let root_uri = root.map(file_uri);
        let r = self.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": root_uri,
                "capabilities": capabilities,
                "initializationOptions": options,
                "workspaceFolders": root_uri.as_ref().map(|u| json!([{"uri": u, "name": "w"}])),
            }),
        );
        self.notify("initialized", json!({}));
        r
    }

    pub fn open(&mut self, uri: &str, language: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language, "version": version, "text": text}}),
        );
    }

    pub fn change(&mut self, uri: &str, version: i64, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
        );
    }

    /// Shuts down and exits; returns the exit code.
    /// Types at byte `at` of an open document, one edit per version in `versions`: a character
    /// inserted, then deleted, and so on. Returns the time from each edit to its diagnostics.
    pub fn type_and_time(
        &mut self,
        uri: &str,
        text: &mut String,
        at: usize,
        versions: std::ops::Range<i64>,
    ) -> Vec<std::time::Duration> {
        let mut times = Vec::new();
        for v in versions {
            let p = pos16(text, at);
            let change = if v % 2 == 0 {
                text.insert(at, 'x');
                json!([{"range": {"start": p, "end": p}, "text": "x"}])
            } else {
                text.remove(at);
                let e = pos16(text, at);
                json!([{"range": {"start": e, "end": {"line": e["line"], "character": e["character"].as_u64().unwrap() + 1}}, "text": ""}])
            };
            let t = std::time::Instant::now();
            self.change(uri, v, change);
            self.diagnostics(uri, v);
            times.push(t.elapsed());
        }
        times
    }

    pub fn shutdown(mut self) -> i32 {
        let r = self.request("shutdown", Value::Null);
        assert!(r.is_null());
        self.notify("exit", Value::Null);
        self.wait_exit()
    }
}

impl Client {
    /// Forgets the messages received and not looked at.
    pub fn discard_pending(&mut self) {
        self.pending.clear();
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Waits for the server to exit by itself; returns its exit code.
    pub fn wait_exit(&mut self) -> i32 {
        let end = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code().unwrap_or(-1);
            }
            assert!(Instant::now() < end, "server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn file_uri(path: &std::path::Path) -> String {
    let p = path.display().to_string();
    let mut out = String::from("file://");
    for b in p.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A memory figure of a process from /proc, in KiB: `VmRSS` (resident now), `VmHWM` (the peak).
pub fn memory_kib(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// The LSP position (UTF-16 columns) of a byte offset, computed independently of the server.
pub fn pos16(text: &str, offset: usize) -> Value {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col: usize = before[line_start..].encode_utf16().count();
    json!({"line": line, "character": col})
}

/// The same with byte columns.
pub fn pos8(text: &str, offset: usize) -> Value {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    json!({"line": line, "character": offset - line_start})
}

/// Byte offset of an LSP position with UTF-16 columns (for applying the server's edits).
pub fn offset16(text: &str, pos: &Value) -> usize {
    let line = pos["line"].as_u64().unwrap() as usize;
    let col = pos["character"].as_u64().unwrap() as usize;
    let mut start = 0;
    for _ in 0..line {
        start += text[start..]
            .find('\n')
            .map_or(text.len() - start, |i| i + 1);
    }
    let mut units = 0;
    for (i, c) in text[start..].char_indices() {
        if units >= col || c == '\n' {
            return start + i;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// Applies text edits (non-overlapping) to a text.
pub fn apply_edits(text: &str, edits: &[Value]) -> String {
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset16(text, &e["range"]["start"]),
                offset16(text, &e["range"]["end"]),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (s, e, t) in spans {
        out.replace_range(s..e, &t);
    }
    out
}

/// The text a location points at in a file.
pub fn located_text(loc: &Value) -> String {
    let uri = loc["uri"].as_str().unwrap();
    let path = uri.strip_prefix("file://").unwrap();
    let path = percent_decode(path);
    let text = std::fs::read_to_string(&path).unwrap();
    let s = offset16(&text, &loc["range"]["start"]);
    let e = offset16(&text, &loc["range"]["end"]);
    text[s..e].to_string()
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap()
}
