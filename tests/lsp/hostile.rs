//! A hostile or broken client: wrong frame lengths, malformed and unknown messages, requests
//! out of order, edits that make no sense, floods. Each gets an error answer or is ignored, and
//! the server goes on; the exit code follows the protocol.

use super::client::*;
use serde_json::{Value, json};

fn frame(body: &str) -> Vec<u8> {
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

fn request_body(id: i64, method: &str, params: Value) -> String {
    json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}).to_string()
}

/// Waits for the answer to request `id`.
fn answer(c: &mut Client, id: i64) -> Value {
    c.wait_notification_or_response(|m| m["id"] == json!(id) && m.get("method").is_none())
}

fn symbols(c: &mut Client, id: i64) -> Value {
    c.send_bytes(&frame(&request_body(
        id,
        "workspace/symbol",
        json!({"query": "fentanyl"}),
    )));
    answer(c, id)
}

// Finding: a frame header could make the server allocate any amount, or panic.
#[test]
fn huge_lengths_are_refused_and_the_server_goes_on() {
    let mut c = Client::start();
    c.initialize(json!({}), json!({}), None);
    for len in [
        "100000000000",
        "18446744073709551615",
        "99999999999999999999999",
    ] {
        let body = request_body(7, "workspace/symbol", json!({"query": "x"}));
        c.send_bytes(format!("Content-Length: {len}\r\n\r\n{body}").as_bytes());
        let e = c.wait_notification_or_response(|m| m.get("error").is_some());
        assert!(
            matches!(e["error"]["code"].as_i64(), Some(-32600 | -32700)),
            "{e}"
        );
        let r = symbols(&mut c, 8);
        assert!(r["result"].is_array(), "{r}");
    }
    assert!(memory_kib(c.pid(), "VmHWM") < 300 * 1024);
    assert_eq!(c.shutdown(), 0);
}

// Finding: a length counted in characters desynchronised the stream for good.
#[test]
fn a_length_counted_in_characters_costs_one_message() {
    let mut c = Client::start();
    c.initialize(json!({}), json!({}), None);
    let body = request_body(
        3,
        "workspace/symbol",
        json!({"query": "Café “quoted” text."}),
    );
    let chars = body.chars().count();
    assert!(chars < body.len());
    c.send_bytes(format!("Content-Length: {chars}\r\n\r\n{body}").as_bytes());
    let e = c.wait_notification_or_response(|m| m.get("error").is_some());
    assert_eq!(e["error"]["code"], -32700, "{e}");
    assert_eq!(e["id"], 3, "{e}");
    for id in 10..15 {
        let r = symbols(&mut c, id);
        assert!(r["result"].is_array(), "{r}");
    }
    assert_eq!(c.shutdown(), 0);
}

// Finding: `exit` without `shutdown` exited 0.
#[test]
fn exit_without_shutdown_is_an_error() {
    let mut c = Client::start();
    c.initialize(json!({}), json!({}), None);
    c.notify("exit", Value::Null);
    assert_eq!(c.wait_exit(), 1);

    let mut c = Client::start();
    c.notify("exit", Value::Null);
    assert_eq!(c.wait_exit(), 1);
}

// Finding: `$/` requests went unanswered.
#[test]
fn unknown_dollar_requests_are_method_not_found() {
    let mut c = Client::start();
    c.initialize(json!({}), json!({}), None);
    let r = c.request_full("$/unknownRequest", json!({}));
    assert_eq!(r["error"]["code"], -32601, "{r}");
    // A `$/` notification is still ignored quietly.
    c.notify("$/unknownNotification", json!({}));
    c.notify("$/cancelRequest", json!({"id": 999}));
    assert!(symbols(&mut c, 100)["result"].is_array());
    assert_eq!(c.shutdown(), 0);
}

// Finding: sourced.toml could make the server index any folder and show it in workspace/symbol.
#[test]
fn paths_outside_the_workspace_wait_for_consent() {
    let d = tempfile::tempdir().unwrap();
    let ws = d.path().join("ws");
    std::fs::create_dir_all(&ws).unwrap();
    std::fs::create_dir_all(d.path().join("outside")).unwrap();
    std::fs::write(
        d.path().join("outside/secret.txt"),
        "Private notes\n\nThe zanzibarite password is hunter2 and nobody should see it.\n",
    )
    .unwrap();
    std::fs::write(ws.join("sourced.toml"), "corpus = [\"../outside\"]\n").unwrap();
    let find = |c: &mut Client| {
        let r = c.request("workspace/symbol", json!({"query": "zanzibarite"}));
        r.as_array().map_or(0, Vec::len)
    };

    // Refused (the client answers without an action): nothing outside is read.
    let mut c = Client::start();
    c.initialize(json!({}), json!({}), Some(&ws));
    let ask = c.wait_server_request("window/showMessageRequest");
    let text = ask["params"]["message"].as_str().unwrap();
    assert!(text.contains("outside"), "{text}");
    assert_eq!(find(&mut c), 0);
    assert_eq!(c.shutdown(), 0);

    // Allowed: read, and remembered.
    let mut c = Client::start();
    c.message_action = Some("Allow".into());
    c.initialize(json!({}), json!({}), Some(&ws));
    c.wait_server_request("window/showMessageRequest");
    let end = std::time::Instant::now() + TIMEOUT;
    while find(&mut c) == 0 {
        assert!(
            std::time::Instant::now() < end,
            "never indexed after consent"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn malformed_messages_are_answered() {
    let mut c = Client::start();
    // Before initialize: requests are refused, the server waits.
    let r = c.request_full(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///x.md"}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(r["error"]["code"], -32002, "{r}");
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": "file:///early.md", "languageId": "markdown", "version": 1, "text": "x"}}),
    );
    c.initialize(json!({}), json!({}), None);
    let bad: Vec<Vec<u8>> = vec![
        frame(r#"{"jsonrpc":"2.0","id":1,"method":5}"#),
        frame(r#"{"jsonrpc":"1.0","id":2,"method":"x"}"#),
        frame(r#"{"jsonrpc":"2.0","id":{"a":1},"method":"x"}"#),
        frame("null"),
        frame(&"[".repeat(100_000)),
        frame(&format!("{}{}", "{\"a\":".repeat(50_000), "1")),
        b"Content-Length: 6\r\n\r\n\xff\xfe\xfd{}}".to_vec(),
        b"Content-Type: application/json\r\n\r\n{}".to_vec(),
        b"Content-Length: abc\r\n\r\n".to_vec(),
        b"\r\n\r\n\r\n".to_vec(),
    ];
    for b in &bad {
        c.send_bytes(b);
    }
    let r = c.request_full(
        "textDocument/definition",
        json!({"textDocument": {"uri": 3}}),
    );
    assert_eq!(r["error"]["code"], -32602, "{r}");
    let r = c.request_full("no/such/method", json!({}));
    assert_eq!(r["error"]["code"], -32601, "{r}");
    assert!(symbols(&mut c, 500)["result"].is_array());
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn nonsense_edits_are_survived() {
    let mut c = Client::start();
    c.initialize(json!({}), json!({}), None);
    // To a document that was never opened.
    c.change(
        "file:///never.md",
        2,
        json!([{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 1}}, "text": "x"}]),
    );
    let uri = "untitled:edits";
    let text = "😀 “We act,” he said.\r\nSecond line.";
    c.open(uri, "markdown", 5, text);
    c.diagnostics(uri, 5);
    // Inside the surrogate pair of the emoji, past the end, reversed, versions going back.
    let edits = [
        json!({"range": {"start": {"line": 0, "character": 1}, "end": {"line": 0, "character": 1}}, "text": "é"}),
        json!({"range": {"start": {"line": 0, "character": 3}, "end": {"line": 0, "character": 1}}, "text": "\r\n"}),
        json!({"range": {"start": {"line": 40, "character": 0}, "end": {"line": 2, "character": 999}}, "text": "end"}),
        json!({"range": {"start": {"line": 4294967295u32, "character": 4294967295u32}, "end": {"line": 4294967295u32, "character": 4294967295u32}}, "text": "👍"}),
        json!({"text": "whole new text 😀"}),
        json!({"range": {"start": {"line": 0, "character": 16}, "end": {"line": 0, "character": 17}}, "text": ""}),
    ];
    for (k, e) in edits.iter().enumerate() {
        c.change(uri, [3, 2, 9, 1, 7, 4][k], json!([e]));
    }
    c.diagnostics(uri, 4);
    let h = c.request_full(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 15}}),
    );
    assert!(h.get("error").is_none(), "{h}");
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn a_huge_change_is_refused_by_size_and_memory_stays_bounded() {
    let mut c = Client::start();
    c.initialize(json!({}), json!({}), None);
    let uri = "untitled:huge";
    c.open(uri, "markdown", 1, "Short.");
    c.diagnostics(uri, 1);
    let sentence = "In 2022, more than 63,600 people died from fentanyl-related overdoses. ";
    let huge = sentence.repeat((10 << 20) / sentence.len());
    c.change(uri, 2, json!([{"text": huge}]));
    let m = c.wait_notification("window/showMessage", |p| {
        p["message"]
            .as_str()
            .unwrap_or_default()
            .contains("not checked")
    });
    assert!(m["message"].as_str().unwrap().contains("4 MiB"), "{m}");
    assert!(c.diagnostics(uri, 2).is_empty());
    let peak = memory_kib(c.pid(), "VmHWM");
    // Back to a size that is checked: findings again.
    c.change(uri, 3, json!([{"text": sentence}]));
    let d = c.diagnostics(uri, 3);
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(peak < 400 * 1024, "{peak} KiB");
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn a_cancel_storm_leaves_every_request_answered() {
    let mut c = Client::start();
    c.initialize(json!({}), json!({}), None);
    let uri = "untitled:storm";
    let text = "“We’re losing thousands of people to fentanyl,” Biden told reporters.";
    c.open(uri, "markdown", 1, text);
    c.diagnostics(uri, 1);
    let mut ids = Vec::new();
    for k in 0..300i64 {
        let id = 1000 + k;
        c.send_bytes(&frame(&request_body(
            id,
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": (k % 60)}}),
        )));
        ids.push(id);
        for cancel in [id, id - 1, 99_999 + k, -k] {
            c.notify("$/cancelRequest", json!({"id": cancel}));
        }
    }
    for id in ids {
        let r = answer(&mut c, id);
        assert!(
            r.get("result").is_some() || r["error"]["code"] == -32800,
            "{r}"
        );
    }
    assert!(symbols(&mut c, 5)["result"].is_array());
    assert_eq!(c.shutdown(), 0);
}
