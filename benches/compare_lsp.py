#!/usr/bin/env python3
"""Edit → publishDiagnostics latency and resident memory of language servers, measured the same way.

Each server gets the same 5,000-word Markdown draft, then N one-character edits, each sent the way
the server asks (incremental or full sync); the time from sending didChange to the next
publishDiagnostics for the document is recorded (any debounce included). Resident memory is read
from /proc after the draft has been checked.

usage: python3 benches/compare_lsp.py DRAFT "sourced lsp" ["harper-ls --stdio" ...]
"""
import json, os, shlex, statistics, subprocess, sys, threading, time, queue


class Server:
    def __init__(self, cmd, root):
        self.p = subprocess.Popen(shlex.split(cmd), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL, cwd=root)
        self.q = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        f = self.p.stdout
        while True:
            headers = {}
            while True:
                line = f.readline()
                if not line:
                    return
                line = line.decode().strip()
                if not line:
                    break
                k, v = line.split(":", 1)
                headers[k.lower()] = v.strip()
            body = f.read(int(headers["content-length"]))
            self.q.put((time.perf_counter(), json.loads(body)))

    def send(self, msg):
        data = json.dumps(msg).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)
        self.p.stdin.flush()

    def request(self, method, params):
        self.next_id += 1
        rid = self.next_id
        self.send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == rid and "method" not in m)[1]

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait(self, pred, timeout=60):
        end = time.time() + timeout
        while time.time() < end:
            try:
                t, m = self.q.get(timeout=max(0.01, end - time.time()))
            except queue.Empty:
                break
            if "method" in m and "id" in m:  # a request from the server: answer it
                self.send({"jsonrpc": "2.0", "id": m["id"], "result": None})
                continue
            if pred(m):
                return t, m
        raise TimeoutError("no answer")

    def rss_mb(self):
        for line in open(f"/proc/{self.p.pid}/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")


def measure(cmd, text, root, edits=30):
    s = Server(cmd, root)
    uri = "file://" + os.path.join(root, "draft.md")
    caps = {"textDocument": {"publishDiagnostics": {}, "synchronization": {"didSave": True}}}
    init = s.request("initialize", {"processId": os.getpid(), "rootUri": "file://" + root,
                                    "capabilities": caps, "workspaceFolders": None})
    sync = init["result"]["capabilities"].get("textDocumentSync", 1)
    if isinstance(sync, dict):
        sync = sync.get("change", 1)
    s.notify("initialized", {})
    diag = lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
    s.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}})
    s.wait(diag, timeout=120)
    time.sleep(1.0)
    while not s.q.empty():
        s.q.get()
    lines = text.split("\n")
    line = len(lines) - 2
    times = []
    for v in range(2, 2 + edits):
        col = len(lines[line])
        if v % 2 == 0:
            lines[line] += "x"
            change = {"range": {"start": {"line": line, "character": col}, "end": {"line": line, "character": col}}, "text": "x"}
        else:
            lines[line] = lines[line][:-1]
            change = {"range": {"start": {"line": line, "character": col - 1}, "end": {"line": line, "character": col}}, "text": ""}
        body = "\n".join(lines)
        changes = [change] if sync == 2 else [{"text": body}]
        t0 = time.perf_counter()
        s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": v}, "contentChanges": changes})
        t1, _ = s.wait(diag, timeout=30)
        times.append((t1 - t0) * 1000)
        time.sleep(0.3)
        while not s.q.empty():
            s.q.get()
    rss = s.rss_mb()
    try:
        s.request("shutdown", None)
        s.notify("exit", None)
    except Exception:
        pass
    s.p.kill()
    return statistics.median(times), min(times), max(times), rss, sync


def main():
    draft = open(sys.argv[1], encoding="utf-8").read()
    root = os.path.abspath(os.path.dirname(sys.argv[1]))
    print(f"draft: {len(draft.split())} words")
    for cmd in sys.argv[2:]:
        med, lo, hi, rss, sync = measure(cmd, draft, root)
        kind = "incremental" if sync == 2 else "full"
        print(f"{cmd}: edit → publishDiagnostics median {med:.1f} ms (min {lo:.1f}, max {hi:.1f}; {kind} sync); resident {rss:.1f} MB")


if __name__ == "__main__":
    main()
