#!/usr/bin/env python3
"""record_server.py: a Prometheus API with canned answers that records what it received.

usage: record_server.py --port-file FILE [--log FILE] [--value V] [--changing]
                        [--basic-user U --basic-password-file F] [--token-file F]

Listens on 127.0.0.1 (a port the kernel picks, written into FILE once listening) and
serves until killed:
  /api/v1/status/buildinfo     a Prometheus 2.42.0
  /api/v1/query_range          one series, no labels, every point V (default 0.25);
                               with --changing V + n, n counting the query_range answers,
                               so that every refresh gets figures it has not seen
  /api/v1/query                the same as an instant vector
  /hang/<api path>             reads the request and answers nothing until the client
                               goes (or 120 s pass)
  /pad/<N>/<api path>          the answer to <api path>, padded with spaces (still valid
                               JSON) to exactly N bytes, with a Content-Length
  /padclose/<N>/<api path>     the same without a Content-Length: the end is the close
Anything else is 404 "404 page not found" in plain text.

With --basic-user and --basic-password-file every path answers 401 unless the request
carries "Authorization: Basic base64(U:password)"; with --token-file unless it carries
"Authorization: Bearer <the file's first line>". Secrets come from files, never argv.

--log FILE gets one JSON object a line for every request: method, path, the headers
received (names in lower case, a repeated header's values joined by ", "), the form's
"query" and the status answered.
"""

import argparse
import base64
import json
import os
import select
import socket
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HANG_LIMIT = 120  # seconds a hung answer holds the connection at most
BUILDINFO = {"status": "success", "data": {
    "version": "2.42.0", "revision": "record_server", "branch": "HEAD",
    "buildUser": "record_server", "buildDate": "20230101-00:00:00", "goVersion": "go1.19"}}


def first_line(path):
    """The first line of a file, without its line break."""
    with open(path, encoding="utf-8") as f:
        return f.readline().rstrip("\r\n")


class Handler(BaseHTTPRequestHandler):
    """Reads the whole request, checks credentials, answers by the path, records it."""

    protocol_version = "HTTP/1.1"
    server_version = "record_server/1"

    def do_GET(self):
        self.handle_any()

    def do_POST(self):
        self.handle_any()

    def handle_any(self):
        """Read body and form, then answer and record."""
        length = int(self.headers.get("Content-Length") or 0)
        self.body = self.rfile.read(length) if length > 0 else b""
        path, _, query = self.path.partition("?")
        self.form = urllib.parse.parse_qs(query, keep_blank_values=True)
        if self.headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded"):
            self.form.update(urllib.parse.parse_qs(self.body.decode("utf-8", "replace"),
                                                   keep_blank_values=True))
        status = self.answer(path)
        self.record(status)

    def authorized(self):
        """Whether the request carries the credentials the server was started with."""
        got = self.headers.get("Authorization")
        want = self.server.want_auth
        return want is None or got == want

    def answer(self, path):
        """Answer path; returns the status sent (None for a hang)."""
        if not self.authorized():
            return self.send_json(401, {"status": "error", "errorType": "unauthorized",
                                        "error": "record_server: wrong or no credentials"})
        first, _, rest = path.lstrip("/").partition("/")
        pad = None
        if first == "hang":
            return self.hang()
        if first in ("pad", "padclose"):
            size, _, rest = rest.partition("/")
            try:
                pad = (int(size), first == "padclose")
            except ValueError:
                return self.send_text(400, b"bad pad size\n")
            path = "/" + rest
        obj = self.api(path)
        if obj is None:
            return self.send_text(404, b"404 page not found\n")
        return self.send_json(200, obj, pad)

    def api(self, path):
        """The canned answer to an API path, or None when there is none."""
        if path == "/api/v1/status/buildinfo":
            return BUILDINFO
        if path not in ("/api/v1/query_range", "/api/v1/query"):
            return None
        value = self.server.value
        if self.server.changing:
            with self.server.count_lock:
                value += self.server.count
                self.server.count += 1
        text = repr(float(value))
        if path == "/api/v1/query":
            t = float(self.form.get("time", [time.time()])[0])
            return {"status": "success", "data": {"resultType": "vector", "result": [
                {"metric": {}, "value": [t, text]}]}}
        start = float(self.form.get("start", ["0"])[0])
        end = float(self.form.get("end", ["0"])[0])
        step = max(float(self.form.get("step", ["60"])[0]), 1e-3)
        points, t = [], start
        while t <= end + 1e-9 and len(points) < 11000:
            points.append([round(t, 3), text])
            t += step
        return {"status": "success", "data": {"resultType": "matrix", "result": [
            {"metric": {}, "values": points}]}}

    def hang(self):
        """Hold the connection, answering nothing, until the client closes it."""
        self.close_connection = True
        deadline = time.monotonic() + HANG_LIMIT
        while time.monotonic() < deadline:
            readable, _, _ = select.select([self.connection], [], [], 0.5)
            if readable:
                try:
                    if not self.connection.recv(1, socket.MSG_PEEK):
                        return None
                except OSError:
                    return None
                time.sleep(0.05)
        return None

    def send_json(self, code, obj, pad=None):
        """obj as JSON; pad = (N, close) pads it with spaces to exactly N bytes."""
        data = json.dumps(obj).encode()
        if pad is None:
            return self.send_body(code, data, "application/json")
        size, close = pad
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        else:
            self.send_header("Content-Length", str(max(size, len(data))))
        self.end_headers()
        try:
            self.wfile.write(data)
            left = size - len(data)
            chunk = b" " * 65536
            while left > 0:
                self.wfile.write(chunk[:left])
                left -= len(chunk)
        except OSError:
            self.close_connection = True
        return code

    def send_text(self, code, data):
        """A plain-text answer."""
        return self.send_body(code, data, "text/plain; charset=utf-8")

    def send_body(self, code, data, ctype):
        """One complete answer with a Content-Length; returns code."""
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        try:
            self.wfile.write(data)
        except OSError:
            self.close_connection = True
        return code

    def record(self, status):
        """Append this request to the log, one JSON object a line."""
        if not self.server.log:
            return
        headers = {}
        for name in self.headers.keys():
            key = name.lower()
            if key not in headers:
                headers[key] = ", ".join(self.headers.get_all(name))
        entry = {"method": self.command, "path": self.path, "headers": headers,
                 "query": self.form.get("query", [None])[0], "status": status}
        line = json.dumps(entry) + "\n"
        with self.server.log_lock, open(self.server.log, "a", encoding="utf-8") as f:
            f.write(line)

    def log_message(self, format, *args):
        """Quiet: tests read the --log file."""


class Server(ThreadingHTTPServer):
    """A threading server with a deep backlog and no tracebacks for clients that go away."""

    request_queue_size = 128
    daemon_threads = True

    def handle_error(self, request, client_address):
        """Quiet: a client that hangs up mid-answer is the test's business."""


def write_port(path, port):
    """Write the port into path atomically, so a reader never sees half of it."""
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="ascii") as f:
        f.write("%d\n" % port)
    os.replace(tmp, path)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log")
    ap.add_argument("--value", type=float, default=0.25)
    ap.add_argument("--changing", action="store_true")
    ap.add_argument("--basic-user")
    ap.add_argument("--basic-password-file")
    ap.add_argument("--token-file")
    args = ap.parse_args()
    server = Server(("127.0.0.1", 0), Handler)
    server.want_auth = None
    if args.basic_user is not None:
        pair = "%s:%s" % (args.basic_user, first_line(args.basic_password_file))
        server.want_auth = "Basic " + base64.b64encode(pair.encode()).decode()
    elif args.token_file:
        server.want_auth = "Bearer " + first_line(args.token_file)
    server.log = args.log
    server.log_lock = threading.Lock()
    server.value = args.value
    server.changing = args.changing
    server.count = 0
    server.count_lock = threading.Lock()
    write_port(args.port_file, server.server_address[1])
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
