#!/usr/bin/env python3
"""prefix_proxy.py: a path-prefixing reverse proxy that records what passed, for client tests.

usage: prefix_proxy.py --port-file FILE --route PREFIX=UPSTREAM [--route ...]
                       [--require-header PREFIX=NAME] [--log FILE]

Listens on 127.0.0.1 (a port the kernel picks, written into FILE once listening) and
serves until killed. A request whose path is PREFIX, or starts with PREFIX + "/", goes to
UPSTREAM with PREFIX taken off: with --route /select/0/prometheus=http://127.0.0.1:8428,
"/select/0/prometheus/api/v1/query" is asked as "http://127.0.0.1:8428/api/v1/query", the
way vmselect serves a tenant's API under its account id. The longest matching prefix wins;
"/" routes everything. A path no route matches is 404 "404 page not found" in plain text.

--require-header PREFIX=NAME makes that route answer 401 "no org id" in plain text unless
the request carries header NAME, as Grafana Mimir does without X-Scope-OrgID.

--log FILE gets one JSON object a line for every request: method, path, the headers
received (names in lower case), the form's "query" (PromQL) and the status answered.
tls_proxy.py builds on this.
"""

import argparse
import http.client
import json
import os
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# Headers that belong to one hop, never forwarded (RFC 9110 7.6.1), and those we recompute.
HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization",
              "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "host",
              "content-length"}
UPSTREAM_TIMEOUT = 60  # seconds: a bound, never reached by a healthy engine


def parse_pairs(items, what):
    """["A=B", ...] as a dict; exits with a usage error on a malformed one."""
    out = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or not key.startswith("/") or not value:
            sys.exit("prefix_proxy.py: %s: expected /PREFIX=VALUE, got %r" % (what, item))
        out[key.rstrip("/") or "/"] = value
    return out


class Handler(BaseHTTPRequestHandler):
    """Reads a whole request, finds its route, forwards it, records it."""

    protocol_version = "HTTP/1.1"
    server_version = "prefix_proxy/1"

    def do_GET(self):
        self.handle_any()

    def do_POST(self):
        self.handle_any()

    def extra_record(self):
        """More to log about a request (tls_proxy.py adds the client certificate)."""
        return {}

    def route(self, path):
        """(prefix, upstream, rest of the path) of the longest matching route, or None."""
        best = None
        for prefix, upstream in self.server.routes.items():
            if prefix == "/":
                match, rest = True, path
            else:
                match = path == prefix or path.startswith(prefix + "/")
                rest = path[len(prefix):] or "/"
            if match and (best is None or len(prefix) > len(best[0])):
                best = (prefix, upstream, rest)
        return best

    def handle_any(self):
        """Answer one request: 404 without a route, 401 without a required header, else forward."""
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        path, sep, query = self.path.partition("?")
        found = self.route(path)
        status = None
        if found is None:
            status = self.send_text(404, b"404 page not found\n")
        elif found[0] in self.server.required and \
                self.headers.get(self.server.required[found[0]]) is None:
            status = self.send_text(401, b"no org id\n")
        else:
            status = self.forward(found[1], found[2] + sep + query, body)
        self.record(status, body)

    def forward(self, upstream, target, body):
        """Ask upstream for target with this request's method, headers and body; relay its answer."""
        up = urllib.parse.urlsplit(upstream)
        base = up.path.rstrip("/")
        conn = http.client.HTTPConnection(up.hostname, up.port or 80, timeout=UPSTREAM_TIMEOUT)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
        headers["Host"] = up.netloc
        try:
            conn.request(self.command, base + target, body=body or None, headers=headers)
            resp = conn.getresponse()
            data = resp.read()
        except OSError as e:
            return self.send_text(502, ("upstream failed: %s\n" % e).encode())
        finally:
            conn.close()
        self.send_response(resp.status)
        for name, value in resp.getheaders():
            if name.lower() not in HOP_BY_HOP:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.write(data)
        return resp.status

    def send_text(self, code, data):
        """A plain-text answer; returns code."""
        self.send_response(code)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.write(data)
        return code

    def write(self, data):
        """Send data; a client that went away closes the connection."""
        try:
            self.wfile.write(data)
        except OSError:
            self.close_connection = True

    def record(self, status, body=b""):
        """Append this request to the log, one JSON object a line."""
        if not self.server.log:
            return
        form = urllib.parse.parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
        entry = {"method": self.command, "path": self.path, "status": status,
                 "headers": {k.lower(): v for k, v in self.headers.items()},
                 "query": form.get("query", [None])[0]}
        entry.update(self.extra_record())
        line = json.dumps(entry) + "\n"
        with self.server.log_lock, open(self.server.log, "a", encoding="utf-8") as f:
            f.write(line)

    def log_message(self, format, *args):
        """Quiet: tests read the --log file."""


class Server(ThreadingHTTPServer):
    """A threading server with a deep backlog and no tracebacks for clients that go away."""

    # a dashboard asks all its panels at once: a backlog of 5 would drop connections
    request_queue_size = 128
    daemon_threads = True

    def handle_error(self, request, client_address):
        """Quiet: a client that hangs up or fails its handshake is the test's business."""


def write_port(path, port):
    """Write the port into path atomically, so a reader never sees half of it."""
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="ascii") as f:
        f.write("%d\n" % port)
    os.replace(tmp, path)


def arguments(description):
    """The options every reverse proxy here takes."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--route", action="append", required=True, metavar="PREFIX=UPSTREAM")
    ap.add_argument("--require-header", action="append", metavar="PREFIX=NAME")
    ap.add_argument("--log")
    return ap


def serve(args, handler=Handler, setup=None):
    """Bind 127.0.0.1 on a free port, write it, serve until killed."""
    server = Server(("127.0.0.1", 0), handler)
    server.routes = parse_pairs(args.route, "--route")
    server.required = parse_pairs(args.require_header, "--require-header")
    server.log = args.log
    server.log_lock = threading.Lock()
    if setup:
        setup(server)
    write_port(args.port_file, server.server_address[1])
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


def main():
    return serve(arguments(__doc__.splitlines()[0]).parse_args())


if __name__ == "__main__":
    sys.exit(main())
