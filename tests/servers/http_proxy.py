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

import os
import select
import socket
import sys
import time
import urllib.parse

sys.dont_write_bytecode = True  # nothing written into the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
TUNNEL_IDLE = 30  # seconds a tunnel may carry nothing before it is closed


class Handler(common.Handler):
    """Forwards absolute-URL requests and tunnels CONNECT, recording each."""

    server_version = "http_proxy/1"

    def handle_any(self):
        """Relay a request in absolute form ("GET http://host:port/path") to its host."""
        body = self.read_body()
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
        self.record(self.relay(url.hostname, url.port or 80, target, body, self.forwardable(),
                               "http_proxy: upstream failed: %s\n"))

    def do_CONNECT(self):
        """Open a tunnel to host:port and copy bytes both ways until one side closes."""
        host, _, port = self.path.rpartition(":")
        host = host.strip("[]")
        if host not in LOOPBACK or not port.isdigit():
            self.record(self.send_text(403, b"http_proxy: loopback only\n"))
            return
        try:
            upstream = socket.create_connection((host, int(port)),
                                                timeout=common.UPSTREAM_TIMEOUT)
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

    def record(self, status):
        """Append this request to the log, one JSON object a line."""
        self.log_json({"method": self.command, "target": self.path, "status": status,
                       "headers": common.lower_headers(self.headers)})


def main():
    ap = common.arguments(__doc__)
    ap.add_argument("--log", required=True)
    args = ap.parse_args()
    return common.serve(common.Server(("127.0.0.1", 0), Handler, log=args.log), args.port_file)


if __name__ == "__main__":
    sys.exit(main())
