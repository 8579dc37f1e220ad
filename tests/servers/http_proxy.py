#!/usr/bin/env python3
"""http_proxy.py: a forward HTTP proxy that records every request it carried, for client tests.

usage: http_proxy.py --port-file FILE --log FILE

Listens on 127.0.0.1 (a port the kernel picks, written into FILE once listening) and
serves until killed, as HTTP_PROXY/HTTPS_PROXY point a client at it:
  GET/POST http://host:port/path   forwarded to host:port (loopback only), answer relayed
  CONNECT host:port                a tunnel to host:port (loopback only), for https://
Every request is logged as one JSON object a line: method, the target as asked (the
absolute URL, or host:port for CONNECT), the headers received (names in lower case) and
the status answered. A target off loopback is refused with 403: the tests never leave
the machine.
"""

import argparse
import http.client
import json
import os
import select
import socket
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization",
              "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade",
              "content-length"}
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
UPSTREAM_TIMEOUT = 60  # seconds
TUNNEL_IDLE = 30  # seconds a tunnel may carry nothing before it is closed


class Handler(BaseHTTPRequestHandler):
    """Forwards absolute-URL requests and tunnels CONNECT, recording each."""

    protocol_version = "HTTP/1.1"
    server_version = "http_proxy/1"

    def do_GET(self):
        self.forward()

    def do_POST(self):
        self.forward()

    def forward(self):
        """Relay a request in absolute form ("GET http://host:port/path") to its host."""
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        url = urllib.parse.urlsplit(self.path)
        if url.scheme != "http" or not url.hostname:
            self.record(self.send_text(400, b"http_proxy: absolute http:// URL expected\n"))
            return
        if url.hostname not in LOOPBACK:
            self.record(self.send_text(403, b"http_proxy: loopback only\n"))
            return
        target = url.path or "/"
        if url.query:
            target += "?" + url.query
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
        conn = http.client.HTTPConnection(url.hostname, url.port or 80, timeout=UPSTREAM_TIMEOUT)
        try:
            conn.request(self.command, target, body=body or None, headers=headers)
            resp = conn.getresponse()
            data = resp.read()
        except OSError as e:
            self.record(self.send_text(502, ("http_proxy: upstream failed: %s\n" % e).encode()))
            return
        finally:
            conn.close()
        self.send_response(resp.status)
        for name, value in resp.getheaders():
            if name.lower() not in HOP_BY_HOP:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.write(data)
        self.record(resp.status)

    def do_CONNECT(self):
        """Open a tunnel to host:port and copy bytes both ways until one side closes."""
        host, _, port = self.path.rpartition(":")
        host = host.strip("[]")
        if host not in LOOPBACK or not port.isdigit():
            self.record(self.send_text(403, b"http_proxy: loopback only\n"))
            return
        try:
            upstream = socket.create_connection((host, int(port)), timeout=UPSTREAM_TIMEOUT)
        except OSError as e:
            self.record(self.send_text(502, ("http_proxy: connect failed: %s\n" % e).encode()))
            return
        self.send_response(200, "Connection established")
        self.end_headers()
        self.wfile.flush()
        self.record(200)
        self.close_connection = True
        self.tunnel(self.connection, upstream)

    def tunnel(self, a, b):
        """Copy between sockets a and b until either closes or TUNNEL_IDLE passes idle."""
        last = time.monotonic()
        try:
            while time.monotonic() - last < TUNNEL_IDLE:
                readable, _, _ = select.select([a, b], [], [], 0.5)
                for s in readable:
                    data = s.recv(65536)
                    if not data:
                        return
                    (b if s is a else a).sendall(data)
                    last = time.monotonic()
        except OSError:
            return
        finally:
            b.close()

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

    def record(self, status):
        """Append this request to the log, one JSON object a line."""
        entry = {"method": self.command, "target": self.path, "status": status,
                 "headers": {k.lower(): v for k, v in self.headers.items()}}
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
        """Quiet."""


def write_port(path, port):
    """Write the port into path atomically, so a reader never sees half of it."""
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="ascii") as f:
        f.write("%d\n" % port)
    os.replace(tmp, path)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log", required=True)
    args = ap.parse_args()
    server = Server(("127.0.0.1", 0), Handler)
    server.log_lock = threading.Lock()
    server.log = args.log
    write_port(args.port_file, server.server_address[1])
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
