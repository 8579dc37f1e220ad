"""common.py: what the Python test servers here share.

The port file (written once listening, atomically), a threading server with a deep backlog,
a request handler that reads whole requests and answers quietly, the JSON-lines request
log, holding a connection open without answering, relaying a request to an upstream, and
the options every server takes. Each server (fault_server.py, record_server.py,
http_proxy.py, prefix_proxy.py, tls_proxy.py) imports it from its own directory.
"""

import argparse
import http.client
import json
import os
import select
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# Headers that belong to one hop, never forwarded (RFC 9110 7.6.1), and the length we recompute.
HOP_BY_HOP = frozenset({"connection", "keep-alive", "proxy-authenticate", "proxy-authorization",
                        "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade",
                        "content-length"})
UPSTREAM_TIMEOUT = 60  # seconds: a bound, never reached by a healthy upstream


def prometheus_buildinfo(revision, user):
    """The answer of a Prometheus 2.42.0 to /api/v1/status/buildinfo."""
    return {"status": "success", "data": {
        "version": "2.42.0", "revision": revision, "branch": "HEAD", "buildUser": user,
        "buildDate": "20230101-00:00:00", "goVersion": "go1.19"}}


def arguments(doc):
    """An argument parser described by doc's first line, with the --port-file every server takes."""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument("--port-file", required=True)
    return ap


def write_port(path, port):
    """Write the port into path atomically, so a reader never sees half of it."""
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="ascii") as f:
        f.write("%d\n" % port)
    os.replace(tmp, path)


class Server(ThreadingHTTPServer):
    """A threading server with a deep backlog, and (quiet) no tracebacks for clients that go.

    A dashboard asks all its panels at once: the default backlog of 5 would drop
    connections and make curl wait a second to try again.
    """

    request_queue_size = 128
    daemon_threads = True

    def __init__(self, address, handler, quiet=True, log=None):
        super().__init__(address, handler)
        self.quiet = quiet
        self.log = log  # the JSON-lines request log, or None
        self.log_lock = threading.Lock()

    def handle_error(self, request, client_address):
        """Quiet: a client that hangs up or fails its handshake is the test's business."""
        if not self.quiet:
            super().handle_error(request, client_address)


def serve(server, port_file):
    """Write the server's port into port_file, then serve until killed; returns 0."""
    write_port(port_file, server.server_address[1])
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


def lower_headers(headers):
    """Request headers as a dict, names in lower case."""
    return {k.lower(): v for k, v in headers.items()}


def hold(conn, limit=None, poll=0.5):
    """Answer nothing on conn until the client closes it (or limit seconds pass, when given)."""
    deadline = None if limit is None else time.monotonic() + limit
    while deadline is None or time.monotonic() < deadline:
        readable, _, _ = select.select([conn], [], [], poll)
        if readable:
            try:
                if not conn.recv(1, socket.MSG_PEEK):
                    return
            except OSError:
                return
            time.sleep(0.05)


class Handler(BaseHTTPRequestHandler):
    """HTTP/1.1; GET and POST both go to handle_any; answers written without tracebacks."""

    protocol_version = "HTTP/1.1"

    def do_GET(self):
        self.handle_any()

    def do_POST(self):
        self.handle_any()

    def handle_any(self):
        """Answer one request (each server says how)."""
        raise NotImplementedError

    def read_body(self):
        """The request's body, by its Content-Length (b"" without one)."""
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def send_body(self, code, data, ctype, headers=None):
        """One complete answer with a Content-Length; returns code."""
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.write(data)
        return code

    def send_text(self, code, data):
        """A plain-text answer; returns code."""
        return self.send_body(code, data, "text/plain; charset=utf-8")

    def send_json(self, code, obj, headers=None):
        """obj as a JSON answer; returns code."""
        return self.send_body(code, json.dumps(obj).encode(), "application/json", headers)

    def write(self, data):
        """Send data; a client that went away closes the connection."""
        try:
            self.wfile.write(data)
        except OSError:
            self.close_connection = True

    def log_json(self, entry):
        """Append entry to the server's request log as one JSON line (none without a log)."""
        if not self.server.log:
            return
        line = json.dumps(entry) + "\n"
        with self.server.log_lock, open(self.server.log, "a", encoding="utf-8") as f:
            f.write(line)

    def forwardable(self, drop=HOP_BY_HOP):
        """This request's headers without those in drop, to send upstream."""
        return {k: v for k, v in self.headers.items() if k.lower() not in drop}

    def relay(self, host, port, target, body, headers, failed, drop=HOP_BY_HOP):
        """Ask host:port for target with this request's method, body and headers, and send
        its answer back without the headers in drop; an upstream that fails is a 502 saying
        failed % why. Returns the status sent."""
        conn = http.client.HTTPConnection(host, port, timeout=UPSTREAM_TIMEOUT)
        try:
            conn.request(self.command, target, body=body or None, headers=headers)
            resp = conn.getresponse()
            data = resp.read()
        except OSError as e:
            return self.send_text(502, (failed % e).encode())
        finally:
            conn.close()
        self.send_response(resp.status)
        for name, value in resp.getheaders():
            if name.lower() not in drop:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.write(data)
        return resp.status

    def log_message(self, format, *args):
        """Quiet: tests read the log file, or their own output."""
