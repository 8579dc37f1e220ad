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

import os
import sys
import urllib.parse

sys.dont_write_bytecode = True  # nothing written into the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

# Not forwarded: the hop-by-hop headers, and Host (set to the upstream's).
HOP_BY_HOP = common.HOP_BY_HOP | {"host"}


def parse_pairs(items, what):
    """["A=B", ...] as a dict; exits with a usage error on a malformed one."""
    out = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or not key.startswith("/") or not value:
            sys.exit("prefix_proxy.py: %s: expected /PREFIX=VALUE, got %r" % (what, item))
        out[key.rstrip("/") or "/"] = value
    return out


class Handler(common.Handler):
    """Reads a whole request, finds its route, forwards it, records it."""

    server_version = "prefix_proxy/1"

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
        body = self.read_body()
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
        headers = self.forwardable(HOP_BY_HOP)
        headers["Host"] = up.netloc
        return self.relay(up.hostname, up.port or 80, up.path.rstrip("/") + target, body, headers,
                          "upstream failed: %s\n", HOP_BY_HOP)

    def record(self, status, body=b""):
        """Append this request to the log, one JSON object a line."""
        if not self.server.log:
            return
        form = urllib.parse.parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
        entry = {"method": self.command, "path": self.path, "status": status,
                 "headers": common.lower_headers(self.headers),
                 "query": form.get("query", [None])[0]}
        entry.update(self.extra_record())
        self.log_json(entry)


def arguments(doc):
    """The options every reverse proxy here takes, described by doc's first line."""
    ap = common.arguments(doc)
    ap.add_argument("--route", action="append", required=True, metavar="PREFIX=UPSTREAM")
    ap.add_argument("--require-header", action="append", metavar="PREFIX=NAME")
    ap.add_argument("--log")
    return ap


def serve(args, handler=Handler, setup=None):
    """Bind 127.0.0.1 on a free port, write it, serve until killed."""
    server = common.Server(("127.0.0.1", 0), handler, log=args.log)
    server.routes = parse_pairs(args.route, "--route")
    server.required = parse_pairs(args.require_header, "--require-header")
    if setup:
        setup(server)
    return common.serve(server, args.port_file)


def main():
    return serve(arguments(__doc__).parse_args())


if __name__ == "__main__":
    sys.exit(main())
