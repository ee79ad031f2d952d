//! Message framing around the protocol library. Every frame is read here first, within bounds:
//! a body larger than the configured maximum is refused without being read into memory, header
//! lines are kept short, and the stream resynchronises on the next `Content-Length` header after
//! a frame whose length was wrong. Frames whose body is not a JSON-RPC message, and requests the
//! library would leave unanswered, are answered here with a JSON-RPC error; everything else
//! passes through unchanged.

use serde_json::{Value, json};
use tokio::io::{
    AsyncBufRead, AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader,
};
use tokio::sync::mpsc;

/// Largest message body accepted unless configured otherwise.
pub const DEFAULT_MAX_MESSAGE_BYTES: usize = 64 << 20;
/// Bytes of a header line that are kept: the end of the line, where a header that follows the
/// leftovers of a short body sits.
const HEADER_LINE_KEEP: usize = 4096;
/// Bytes of an oversized body looked at to find the id to answer.
const ID_PEEK: usize = 4096;

/// What the reader found on the stream.
#[derive(Debug, PartialEq)]
pub enum Frame {
    /// A body, as long as its header said.
    Body(Vec<u8>),
    /// A frame that cannot be read: the JSON-RPC error to answer it with. Its body, if any, is
    /// skipped by looking for the next header.
    Refused(Value),
}

fn error(id: Value, code: i64, message: &str) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}})
}

/// Reads one line of at most `keep` bytes (the line's end is kept when it is longer); `None` at
/// the end of the input.
async fn read_line_tail<R: AsyncBufRead + Unpin>(r: &mut R, keep: usize) -> Option<Vec<u8>> {
    let mut line = Vec::new();
    let mut any = false;
    loop {
        let buf = r.fill_buf().await.ok()?;
        if buf.is_empty() {
            return any.then_some(line);
        }
        any = true;
        let (n, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (buf.len(), false),
        };
        line.extend_from_slice(&buf[..n]);
        if line.len() > keep {
            line.drain(..line.len() - keep);
        }
        r.consume(n);
        if done {
            return Some(line);
        }
    }
}

/// The value of the last `Content-Length` header on a line: `Some(Err)` when it is not a number.
fn content_length(line: &[u8]) -> Option<Result<u64, ()>> {
    const NAME: &[u8] = b"content-length:";
    let lower = line.to_ascii_lowercase();
    let at = lower.windows(NAME.len()).rposition(|w| w == NAME)?;
    let value = std::str::from_utf8(&line[at + NAME.len()..]).map_err(|_| ());
    Some(value.and_then(|v| v.trim().parse::<u64>().map_err(|_| ())))
}

/// The id of a request from the start of its body, when it can be told without the whole body:
/// the first `"id"` key before any `"params"`.
pub fn id_in_prefix(prefix: &[u8]) -> Value {
    // What follows the next header belongs to another message.
    let own = prefix
        .to_ascii_lowercase()
        .windows(15)
        .position(|w| w == b"content-length:")
        .map_or(prefix, |at| &prefix[..at]);
    let text = String::from_utf8_lossy(own);
    let head = text.find("\"params\"").map_or(&text[..], |p| &text[..p]);
    let Some(at) = head.find("\"id\"") else {
        return Value::Null;
    };
    let rest = head[at + 4..].trim_start();
    let Some(rest) = rest.strip_prefix(':') else {
        return Value::Null;
    };
    let rest = rest.trim_start();
    let token = if let Some(s) = rest.strip_prefix('"') {
        match s.find(['"', '\\']) {
            Some(end) if s.as_bytes()[end] == b'"' => &rest[..end + 2],
            _ => return Value::Null,
        }
    } else {
        let end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '-'))
            .unwrap_or(rest.len());
        &rest[..end]
    };
    match serde_json::from_str::<Value>(token) {
        Ok(v) if v.is_string() || v.is_i64() || v.is_u64() => v,
        _ => Value::Null,
    }
}

/// Reads `Content-Length` framed bodies within a size limit.
pub struct FrameReader<R> {
    r: BufReader<R>,
    max: usize,
}

impl<R: AsyncRead + Unpin> FrameReader<R> {
    pub fn new(r: R, max: usize) -> FrameReader<R> {
        FrameReader {
            r: BufReader::with_capacity(64 << 10, r),
            max,
        }
    }

    /// The next frame; `None` at the end of the input.
    pub async fn next(&mut self) -> Option<Frame> {
        loop {
            let mut len = None;
            let mut saw_header = false;
            loop {
                let line = read_line_tail(&mut self.r, HEADER_LINE_KEEP).await?;
                let line = line.trim_ascii();
                if line.is_empty() {
                    if saw_header {
                        break;
                    }
                    continue;
                }
                saw_header = true;
                // A body sent with a length too short leaves its last bytes before the next
                // header, on the same line: the last length on a line counts.
                if let Some(v) = content_length(line) {
                    len = Some(v);
                }
            }
            // A header block without a length cannot be framed; skip it and read on.
            let Some(len) = len else { continue };
            let Ok(len) = len else {
                return Some(Frame::Refused(error(
                    Value::Null,
                    -32700,
                    "Parse error: the Content-Length header is not a number",
                )));
            };
            if len > self.max as u64 {
                // The body is not read: it is skipped while looking for the next header.
                let peek = self.r.fill_buf().await.unwrap_or_default();
                let id = id_in_prefix(&peek[..peek.len().min(ID_PEEK)]);
                return Some(Frame::Refused(error(
                    id,
                    -32600,
                    &format!(
                        "Invalid request: the message is {} long; the limit is {}",
                        crate::text::human_size(len),
                        crate::text::human_size(self.max as u64)
                    ),
                )));
            }
            let mut body = vec![0; len as usize];
            self.r.read_exact(&mut body).await.ok()?;
            return Some(Frame::Body(body));
        }
    }
}

pub async fn write_frame<W: AsyncWrite + Unpin>(w: &mut W, body: &[u8]) -> std::io::Result<()> {
    let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    frame.extend_from_slice(body);
    w.write_all(&frame).await?;
    w.flush().await
}

/// Why a body cannot be passed on: the JSON-RPC error to answer with.
pub fn rejection(body: &[u8]) -> Option<Value> {
    let v: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) => {
            return Some(error(
                id_in_prefix(&body[..body.len().min(ID_PEEK)]),
                -32700,
                &format!("Parse error: {e}"),
            ));
        }
    };
    let id = v.get("id").cloned().unwrap_or(Value::Null);
    let ok = v.as_object().is_some_and(|o| {
        o.get("jsonrpc").and_then(Value::as_str) == Some("2.0")
            && (o.get("method").is_some_and(Value::is_string)
                || (o.contains_key("id") && (o.contains_key("result") || o.contains_key("error"))))
            && o.get("id")
                .is_none_or(|i| i.is_string() || i.is_i64() || i.is_u64() || i.is_null())
    });
    if !ok {
        return Some(error(
            id,
            -32600,
            "Invalid request: not a JSON-RPC 2.0 message",
        ));
    }
    // The library drops every `$/` message it does not know, requests included; a request must
    // be answered.
    let method = v.get("method").and_then(Value::as_str).unwrap_or_default();
    if v.get("id").is_some() && method.starts_with("$/") {
        return Some(error(id, -32601, &format!("Method not found: {method}")));
    }
    None
}

/// Connects the library to stdin/stdout through the filter; returns the streams it should use
/// and the task writing to stdout, which ends once everything the library wrote is out.
pub fn filtered_stdio(
    max_message: usize,
) -> (
    tokio::io::DuplexStream,
    tokio::io::DuplexStream,
    tokio::task::JoinHandle<()>,
) {
    filtered(tokio::io::stdin(), tokio::io::stdout(), max_message)
}

/// The filter between a client's streams and the library's.
pub fn filtered<I, O>(
    input: I,
    output: O,
    max_message: usize,
) -> (
    tokio::io::DuplexStream,
    tokio::io::DuplexStream,
    tokio::task::JoinHandle<()>,
)
where
    I: AsyncRead + Unpin + Send + 'static,
    O: AsyncWrite + Unpin + Send + 'static,
{
    let (server_in, mut to_server) = tokio::io::duplex(1 << 16);
    let (from_server, server_out) = tokio::io::duplex(1 << 16);
    let (out_tx, mut out_rx) = mpsc::unbounded_channel::<Vec<u8>>();

    // Client → server.
    let errors = out_tx.clone();
    tokio::spawn(async move {
        let mut frames = FrameReader::new(input, max_message);
        while let Some(frame) = frames.next().await {
            let refused = match frame {
                Frame::Body(body) => match rejection(&body) {
                    None => {
                        if write_frame(&mut to_server, &body).await.is_err() {
                            break;
                        }
                        continue;
                    }
                    Some(err) => err,
                },
                Frame::Refused(err) => err,
            };
            eprintln!(
                "sourced lsp: refused a message: {}",
                refused["error"]["message"].as_str().unwrap_or_default()
            );
            let _ = errors.send(refused.to_string().into_bytes());
        }
        // Dropping `to_server` ends the library's input.
    });

    // Server → client: the library's own frames are trusted, but read the same bounded way.
    tokio::spawn(async move {
        let mut frames = FrameReader::new(from_server, usize::MAX);
        while let Some(frame) = frames.next().await {
            let Frame::Body(body) = frame else { continue };
            if out_tx.send(body).is_err() {
                break;
            }
        }
        // The library has finished: an empty body tells the writer to stop after the rest.
        let _ = out_tx.send(Vec::new());
    });

    let writer = tokio::spawn(async move {
        let mut output = output;
        while let Some(body) = out_rx.recv().await {
            if body.is_empty() || write_frame(&mut output, &body).await.is_err() {
                break;
            }
        }
    });
    (server_in, server_out, writer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_bodies_are_answered() {
        assert_eq!(rejection(b"{not json").unwrap()["error"]["code"], -32700);
        assert_eq!(rejection(br#"{"jsonrpc":"2.0","id":3}"#).unwrap()["id"], 3);
        assert!(rejection(br#"[1,2]"#).is_some());
        assert!(rejection(br#"{"jsonrpc":"2.0","id":1,"method":"x","params":{}}"#).is_none());
        assert!(rejection(br#"{"jsonrpc":"2.0","method":"exit"}"#).is_none());
        assert!(rejection(br#"{"jsonrpc":"2.0","id":1,"result":null}"#).is_none());
        assert!(
            rejection(br#"{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":1}}"#)
                .is_none()
        );
    }

    #[test]
    fn unknown_dollar_requests_are_method_not_found() {
        let e = rejection(br#"{"jsonrpc":"2.0","id":7,"method":"$/unknownRequest"}"#).unwrap();
        assert_eq!(e["error"]["code"], -32601);
        assert_eq!(e["id"], 7);
    }

    #[test]
    fn ids_are_read_from_the_start_of_a_body() {
        assert_eq!(
            id_in_prefix(br#"{"jsonrpc":"2.0","id":12,"method":"x""#),
            12
        );
        assert_eq!(id_in_prefix(br#"{"id" : "a-1","method":"#), "a-1");
        assert_eq!(
            id_in_prefix(br#"{"method":"x","params":{"id":5}"#),
            Value::Null
        );
        assert_eq!(id_in_prefix(b"\xff\xfe garbage"), Value::Null);
        assert_eq!(
            id_in_prefix(b"Content-Length: 30\r\n\r\n{\"id\":2,\"method\":\"x\"}"),
            Value::Null
        );
    }

    async fn frames(input: &[u8], max: usize) -> Vec<Frame> {
        let mut r = FrameReader::new(input, max);
        let mut out = Vec::new();
        while let Some(f) = r.next().await {
            out.push(f);
        }
        out
    }

    #[tokio::test]
    async fn frames_round_trip() {
        let mut buf = Vec::new();
        write_frame(&mut buf, b"{}").await.unwrap();
        write_frame(&mut buf, "{\"a\":\"é\"}".as_bytes())
            .await
            .unwrap();
        assert_eq!(
            frames(&buf, 1 << 20).await,
            [
                Frame::Body(b"{}".to_vec()),
                Frame::Body("{\"a\":\"é\"}".as_bytes().to_vec())
            ]
        );
    }

    #[tokio::test]
    async fn huge_lengths_are_refused_without_allocating() {
        for header in [
            "Content-Length: 100000000000",
            "Content-Length: 18446744073709551615",
        ] {
            let input =
                format!("{header}\r\n\r\n{{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"x\"}}");
            let f = frames(input.as_bytes(), 1 << 20).await;
            let Frame::Refused(e) = &f[0] else {
                panic!("{f:?}")
            };
            assert_eq!(e["error"]["code"], -32600);
            assert_eq!(e["id"], 4);
            assert_eq!(f.len(), 1);
        }
        let f = frames(b"Content-Length: 99999999999999999999999\r\n\r\n", 1 << 20).await;
        assert!(matches!(&f[0], Frame::Refused(e) if e["error"]["code"] == -32700));
    }

    #[tokio::test]
    async fn the_stream_resynchronises_after_a_wrong_length() {
        let good = r#"{"jsonrpc":"2.0","id":2,"method":"y"}"#;
        let text = r#"{"jsonrpc":"2.0","id":1,"method":"x","params":{"t":"Café “quoted” text."}}"#;
        // A client counting characters instead of bytes gives a length a few bytes short.
        let short = text.chars().count();
        let big = format!("{{\"id\":3,\"pad\":\"{}\"}}", "x".repeat(10_000));
        let input = format!(
            "Content-Length: {short}\r\n\r\n{text}Content-Length: {}\r\n\r\n{good}\
             Content-Length: {}\r\n\r\n{big}Content-Length: {}\r\n\r\n{good}",
            good.len(),
            big.len(),
            good.len()
        );
        let f = frames(input.as_bytes(), 1000).await;
        assert_eq!(f.len(), 4, "{f:?}");
        let rejected = |f: &Frame| match f {
            Frame::Body(b) => rejection(b),
            Frame::Refused(e) => Some(e.clone()),
        };
        let first = rejected(&f[0]).unwrap();
        assert_eq!(
            (first["id"].clone(), first["error"]["code"].clone()),
            (json!(1), json!(-32700))
        );
        assert_eq!(f[1], Frame::Body(good.as_bytes().to_vec()));
        assert_eq!(rejected(&f[2]).unwrap()["id"], 3);
        assert_eq!(f[3], Frame::Body(good.as_bytes().to_vec()));
    }

    #[tokio::test]
    async fn long_header_lines_are_bounded() {
        let mut input = vec![b'x'; 1 << 20];
        input.extend_from_slice(b"Content-Length: 2\r\n\r\n{}");
        assert_eq!(frames(&input, 100).await, [Frame::Body(b"{}".to_vec())]);
    }
}
