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

import base64
import json
import os
import sys
import threading
import time
import urllib.parse

sys.dont_write_bytecode = True  # nothing written into the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

HANG_LIMIT = 120  # seconds a hung answer holds the connection at most
BUILDINFO = common.prometheus_buildinfo("record_server", "record_server")


def first_line(path):
    """The first line of a file, without its line break."""
    with open(path, encoding="utf-8") as f:
        return f.readline().rstrip("\r\n")


class Handler(common.Handler):
    """Reads the whole request, checks credentials, answers by the path, records it."""

    server_version = "record_server/1"

    def handle_any(self):
        """Read body and form, then answer and record."""
        self.body = self.read_body()
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
        if first == "hang":
            self.close_connection = True
            common.hold(self.connection, HANG_LIMIT)
            return None
        pad = None
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
        if pad is None:
            return self.send_json(200, obj)
        return self.send_padded(200, obj, *pad)

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

    def send_padded(self, code, obj, size, close):
        """obj as JSON padded with spaces to exactly size bytes; with close, without a
        Content-Length (the end is the close)."""
        data = json.dumps(obj).encode()
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

    def record(self, status):
        """Append this request to the log, one JSON object a line."""
        headers = {}
        for name in self.headers.keys():
            key = name.lower()
            if key not in headers:
                headers[key] = ", ".join(self.headers.get_all(name))
        self.log_json({"method": self.command, "path": self.path, "headers": headers,
                       "query": self.form.get("query", [None])[0], "status": status})


def main():
    ap = common.arguments(__doc__)
    ap.add_argument("--log")
    ap.add_argument("--value", type=float, default=0.25)
    ap.add_argument("--changing", action="store_true")
    ap.add_argument("--basic-user")
    ap.add_argument("--basic-password-file")
    ap.add_argument("--token-file")
    args = ap.parse_args()
    server = common.Server(("127.0.0.1", 0), Handler, log=args.log)
    server.want_auth = None
    if args.basic_user is not None:
        pair = "%s:%s" % (args.basic_user, first_line(args.basic_password_file))
        server.want_auth = "Basic " + base64.b64encode(pair.encode()).decode()
    elif args.token_file:
        server.want_auth = "Bearer " + first_line(args.token_file)
    server.value = args.value
    server.changing = args.changing
    server.count = 0
    server.count_lock = threading.Lock()
    return common.serve(server, args.port_file)


if __name__ == "__main__":
    sys.exit(main())
