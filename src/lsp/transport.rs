//! Message framing around the protocol library. Frames whose body is not a JSON-RPC message are
//! answered here with a JSON-RPC error instead of reaching the library, whose reader stops at the
//! first undecodable message; everything else passes through unchanged.

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;

/// Reads one `Content-Length` framed body; `None` at the end of the input.
pub async fn read_frame<R: AsyncRead + Unpin>(r: &mut BufReader<R>) -> Option<Vec<u8>> {
    loop {
        let mut len: Option<usize> = None;
        let mut saw_header = false;
        loop {
            let mut line = String::new();
            if r.read_line(&mut line).await.ok()? == 0 {
                return None;
            }
            let line = line.trim_end_matches(['\r', '\n']);
            if line.is_empty() {
                if saw_header {
                    break;
                }
                continue;
            }
            saw_header = true;
            if let Some((name, value)) = line.split_once(':')
                && name.trim().eq_ignore_ascii_case("content-length")
            {
                len = value.trim().parse().ok();
            }
        }
        // A header block without a length cannot be framed; skip it and read on.
        let Some(len) = len else { continue };
        let mut body = vec![0; len];
        r.read_exact(&mut body).await.ok()?;
        return Some(body);
    }
}

pub async fn write_frame<W: AsyncWrite + Unpin>(w: &mut W, body: &[u8]) -> std::io::Result<()> {
    let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    frame.extend_from_slice(body);
    w.write_all(&frame).await?;
    w.flush().await
}

/// Why a body cannot be passed on: the JSON-RPC error to answer with.
fn rejection(body: &[u8]) -> Option<Value> {
    let error = |id: Value, code: i64, message: &str| json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}});
    let v: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) => return Some(error(Value::Null, -32700, &format!("Parse error: {e}"))),
    };
    let id = v.get("id").cloned().unwrap_or(Value::Null);
    let ok = v.as_object().is_some_and(|o| {
        o.get("jsonrpc").and_then(Value::as_str) == Some("2.0")
            && (o.get("method").is_some_and(Value::is_string)
                || (o.contains_key("id") && (o.contains_key("result") || o.contains_key("error"))))
            && o.get("id")
                .is_none_or(|i| i.is_string() || i.is_i64() || i.is_u64() || i.is_null())
    });
    (!ok).then(|| error(id, -32600, "Invalid request: not a JSON-RPC 2.0 message"))
}

/// Connects the library to stdin/stdout through the filter; returns the streams it should use
/// and the task writing to stdout, which ends once everything the library wrote is out.
pub fn filtered_stdio() -> (
    tokio::io::DuplexStream,
    tokio::io::DuplexStream,
    tokio::task::JoinHandle<()>,
) {
    let (server_in, mut to_server) = tokio::io::duplex(1 << 16);
    let (from_server, server_out) = tokio::io::duplex(1 << 16);
    let (out_tx, mut out_rx) = mpsc::unbounded_channel::<Vec<u8>>();

    // Client → server.
    let errors = out_tx.clone();
    tokio::spawn(async move {
        let mut stdin = BufReader::new(tokio::io::stdin());
        while let Some(body) = read_frame(&mut stdin).await {
            match rejection(&body) {
                None => {
                    if write_frame(&mut to_server, &body).await.is_err() {
                        break;
                    }
                }
                Some(err) => {
                    eprintln!("sourced lsp: rejected a malformed message");
                    let _ = errors.send(err.to_string().into_bytes());
                }
            }
        }
        // Dropping `to_server` ends the library's input.
    });

    // Server → client.
    tokio::spawn(async move {
        let mut from_server = BufReader::new(from_server);
        while let Some(body) = read_frame(&mut from_server).await {
            if out_tx.send(body).is_err() {
                break;
            }
        }
        // The library has finished: an empty body tells the writer to stop after the rest.
        let _ = out_tx.send(Vec::new());
    });

    let writer = tokio::spawn(async move {
        let mut stdout = tokio::io::stdout();
        while let Some(body) = out_rx.recv().await {
            if body.is_empty() || write_frame(&mut stdout, &body).await.is_err() {
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
    }

    #[tokio::test]
    async fn frames_round_trip() {
        let mut buf = Vec::new();
        write_frame(&mut buf, b"{}").await.unwrap();
        write_frame(&mut buf, "{\"a\":\"é\"}".as_bytes())
            .await
            .unwrap();
        let mut r = BufReader::new(&buf[..]);
        assert_eq!(read_frame(&mut r).await.unwrap(), b"{}");
        assert_eq!(
            read_frame(&mut r).await.unwrap(),
            "{\"a\":\"é\"}".as_bytes()
        );
        assert!(read_frame(&mut r).await.is_none());
    }
}
