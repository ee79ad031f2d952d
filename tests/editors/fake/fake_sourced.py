#!/usr/bin/env python3
"""A tiny stand-in for `sourced lsp`, used only to test the editor plumbing.

It speaks just enough LSP (stdio) to mimic the real server on the test draft:
misquote / figure-mismatch diagnostics, hover, definition, a quick fix,
executeCommand and $/progress. Usage: fake_sourced.py lsp [--stdio] | --version
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SEEDS = os.path.abspath(os.path.join(HERE, "..", "..", "..", "seeds"))
QUOTE_FILE = os.path.join(SEEDS, "000_cf417b94e4a086d1.txt")
FIGURE_FILE = os.path.join(SEEDS, "001_5da86a3ca6c791c0.txt")

docs = {}
next_id = [1000]


def send(msg):
    msg["jsonrpc"] = "2.0"
    body = json.dumps(msg).encode()
    sys.stdout.buffer.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    sys.stdout.buffer.flush()


def read():
    headers = {}
    while True:
        line = sys.stdin.buffer.readline()
        if not line:
            return None
        line = line.strip()
        if not line:
            break
        k, _, v = line.decode().partition(":")
        headers[k.strip().lower()] = v.strip()
    return json.loads(sys.stdin.buffer.read(int(headers["content-length"])))


def u16(s):
    return len(s.encode("utf-16-le")) // 2


def find(text, pattern):
    out = []
    for n, line in enumerate(text.split("\n")):
        for m in re.finditer(pattern, line):
            out.append((n, u16(line[: m.start()]), u16(line[: m.end()])))
    return out


def diagnostics(text):
    diags = []
    for n, a, b in find(text, r"foreign"):
        diags.append({"range": rng(n, a, n, b), "severity": 2, "code": "misquote",
                      "source": "sourced",
                      "message": "misquote: the source says \u201cdomestic\u201d",
                      "data": {"replacement": "domestic"}})
    for n, a, b in find(text, r"63,600"):
        diags.append({"range": rng(n, a, n, b), "severity": 2, "code": "figure-mismatch",
                      "source": "sourced",
                      "message": "figure-mismatch: the source says 73,600",
                      "data": {"replacement": "73,600"}})
    return diags


def rng(l1, c1, l2, c2):
    return {"start": {"line": l1, "character": c1}, "end": {"line": l2, "character": c2}}


def publish(uri):
    send({"method": "textDocument/publishDiagnostics",
          "params": {"uri": uri, "diagnostics": diagnostics(docs[uri])}})


def quote_at(uri, pos):
    line = docs.get(uri, "").split("\n")[pos["line"]] if uri in docs else ""
    return "domestic reasons" in line


def uri_of(path):
    return "file://" + path


def main():
    if "--version" in sys.argv:
        print("sourced 0.0.0-fake")
        return
    log = os.environ.get("FAKE_SOURCED_LOG")
    while True:
        msg = read()
        if msg is None:
            return
        if log:
            with open(log, "a") as f:
                f.write(json.dumps(msg) + "\n")
        method, params, mid = msg.get("method"), msg.get("params") or {}, msg.get("id")
        if method is None:
            continue  # a response to one of our requests
        result = None
        if method == "initialize":
            result = {"capabilities": {
                "textDocumentSync": {"openClose": True, "change": 1, "save": True},
                "hoverProvider": True, "definitionProvider": True,
                "codeActionProvider": {"codeActionKinds": ["quickfix"]},
                "executeCommandProvider": {"commands": ["sourced.reindex", "sourced.showSources"]}},
                "serverInfo": {"name": "sourced", "version": "0.0.0-fake"}}
        elif method == "initialized":
            send({"id": next_id[0], "method": "window/workDoneProgress/create", "params": {"token": "idx"}})
            next_id[0] += 1
            send({"method": "$/progress", "params": {"token": "idx", "value": {"kind": "begin", "title": "Indexing sources", "percentage": 0}}})
            send({"method": "$/progress", "params": {"token": "idx", "value": {"kind": "end", "message": "5 sources"}}})
            send({"id": next_id[0], "method": "workspace/configuration", "params": {"items": [{"section": "sourced"}]}})
            next_id[0] += 1
            continue
        elif method == "textDocument/didOpen":
            td = params["textDocument"]
            docs[td["uri"]] = td["text"]
            publish(td["uri"])
            continue
        elif method == "textDocument/didChange":
            docs[params["textDocument"]["uri"]] = params["contentChanges"][-1]["text"]
            publish(params["textDocument"]["uri"])
            continue
        elif method == "textDocument/didClose":
            docs.pop(params["textDocument"]["uri"], None)
            continue
        elif method == "textDocument/hover":
            if quote_at(params["textDocument"]["uri"], params["position"]):
                result = {"contents": {"kind": "markdown", "value":
                          "**Verified quote** \u2014 Liu, in `000_cf417b94e4a086d1.txt` line 15"}}
        elif method == "textDocument/definition":
            if quote_at(params["textDocument"]["uri"], params["position"]):
                result = [{"uri": uri_of(QUOTE_FILE), "range": rng(14, 0, 14, 90)}]
        elif method == "textDocument/codeAction":
            uri = params["textDocument"]["uri"]
            result = []
            for d in params["context"]["diagnostics"]:
                rep = (d.get("data") or {}).get("replacement")
                if d.get("source") == "sourced" and rep:
                    result.append({"title": "Replace with the source's wording: " + rep,
                                   "kind": "quickfix", "diagnostics": [d], "isPreferred": True,
                                   "edit": {"changes": {uri: [{"range": d["range"], "newText": rep}]}}})
        elif method == "workspace/executeCommand":
            if params["command"] == "sourced.showSources":
                result = [os.path.join(SEEDS, f) for f in sorted(os.listdir(SEEDS))]
            elif params["command"] == "sourced.reindex":
                result = None
        elif method == "shutdown":
            result = None
        elif method == "exit":
            return
        elif mid is None:
            continue
        if mid is not None:
            send({"id": mid, "result": result})


if __name__ == "__main__":
    main()
