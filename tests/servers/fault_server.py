#!/usr/bin/env python3
"""fault_server.py: a small HTTP server that misbehaves on request, for client tests.

usage: fault_server.py --port 0 --port-file FILE [--token-file F] [--switch-file F]

Writes the bound port into FILE once listening, then serves until killed.
Routes (GET and POST), looked up by the first path segment in ROUTES:
  /ok                 200, an empty Prometheus vector
  /hang               reads the request, never answers until the client goes
  /delay/<ms>/<rest>  sleeps ms, then answers like /<rest>
  /prefix/<rest>      answers like /<rest> (a server behind a path prefix)
  /status/<code>      that status with a Prometheus-style error body
  /auth/<api path>    401 unless "Authorization: Bearer <token file's content>",
                      then like /canned (an empty vector for /auth alone)
  /notjson            200 text/plain "404 page not found"
  /big/<bytes>        200 with that many bytes of JSON-ish filler
                      (?nolength: no Content-Length, the end is the close)
  /gzip               gzip-encoded JSON when the client accepts it
  /echo               200 JSON: method, path, query, form, body and headers received
  /badjson            200 application/json that stops half-way
  /canned/<api path>  a Prometheus 2.42 that answers every query with the same three
                      series (a headcount query alone: 40 people each, so that the
                      privacy floor hides nothing): 0.5 (last point NaN), +Inf, and -Inf under a label value
                      full of escape sequences and a bidi override
  /switch/<api path>  like /canned until the --switch-file exists, then 500
  /warned/<api path>  like /canned, with a warning (a partial answer)
Anything else is 404 "404 page not found" in plain text, as Prometheus answers
a wrong path prefix. Asked as an HTTP proxy ("GET http://any.host/path"), it serves
the path itself, so a client's use of HTTP_PROXY can be seen.
"""

import gzip
import json
import os
import sys
import time
import urllib.parse

sys.dont_write_bytecode = True  # nothing written into the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

# Prometheus errorType by HTTP status.
ERROR_TYPES = {400: "bad_data", 404: "not_found", 422: "execution", 499: "canceled",
               500: "internal", 503: "timeout"}
EMPTY_VECTOR = {"status": "success", "data": {"resultType": "vector", "result": []}}


def route_ok(req, rest):
    """An empty instant vector, as a healthy Prometheus answers."""
    req.send_json(200, EMPTY_VECTOR)


def route_hang(req, rest):
    """Hold the connection, answering nothing, until the client closes it."""
    req.close_connection = True
    common.hold(req.connection, poll=1.0)


def route_delay(req, rest):
    """Sleep <ms>, then answer like the rest of the path."""
    ms, _, tail = rest.partition("/")
    time.sleep(int(ms) / 1000.0)
    req.dispatch("/" + tail)


def route_prefix(req, rest):
    """Answer like the rest of the path: a server mounted under /prefix."""
    req.dispatch("/" + rest)


def route_status(req, rest):
    """That status with the error envelope Prometheus sends."""
    code = int(rest.split("/")[0])
    body = {"status": "error", "errorType": ERROR_TYPES.get(code, "internal"),
            "error": "fault_server: status %d on request" % code}
    req.send_json(code, body)


def route_auth(req, rest):
    """401 unless the bearer token matches the token file."""
    want = None
    if req.server.token_file:
        with open(req.server.token_file, encoding="utf-8") as f:
            want = f.read().strip()
    got = req.headers.get("Authorization", "")
    if want and got == "Bearer " + want:
        if rest:
            route_canned(req, rest)  # /auth/api/v1/...: a Prometheus behind a token
        else:
            req.send_json(200, EMPTY_VECTOR)
        return
    body = {"status": "error", "errorType": "unauthorized", "error": "missing or wrong token"}
    req.send_json(401, body, {"WWW-Authenticate": 'Bearer realm="fault_server"'})


def route_notjson(req, rest):
    """Plain text where JSON was expected."""
    req.send_body(200, b"404 page not found\n", "text/plain; charset=utf-8")


def route_big(req, rest):
    """<bytes> of filler, streamed, with or without a Content-Length."""
    size = int(rest.split("/")[0])
    nolength = "nolength" in req.query
    req.send_response(200)
    req.send_header("Content-Type", "application/json")
    if nolength:
        req.send_header("Connection", "close")
        req.close_connection = True
    else:
        req.send_header("Content-Length", str(size))
    req.end_headers()
    head, tail = b'{"filler":"', b'"}'
    chunk = b"x" * 65536
    left = size - len(head) - len(tail)
    try:
        req.wfile.write(head[:size])
        while left > 0:
            req.wfile.write(chunk[:left])
            left -= len(chunk)
        if size > len(head):
            req.wfile.write(tail[:size - len(head)])
    except OSError:
        req.close_connection = True


def route_gzip(req, rest):
    """gzip-encoded JSON when Accept-Encoding allows it; the body says which."""
    accepts = "gzip" in req.headers.get("Accept-Encoding", "")
    body = dict(EMPTY_VECTOR, encoding="gzip" if accepts else "identity")
    data = json.dumps(body).encode()
    headers = {}
    if accepts:
        data = gzip.compress(data)
        headers["Content-Encoding"] = "gzip"
    req.send_body(200, data, "application/json", headers)


def route_echo(req, rest):
    """What the request carried, for tests to check what a client sent."""
    ctype = req.headers.get("Content-Type", "")
    text = req.body.decode("utf-8", "replace")
    form = {}
    if ctype.startswith("application/x-www-form-urlencoded"):
        form = urllib.parse.parse_qs(text, keep_blank_values=True)
    req.send_json(200, {
        "method": req.command,
        "path": req.path.partition("?")[0],
        "query": req.query,
        "form": form,
        "body": text,
        "headers": common.lower_headers(req.headers),
    })


def route_badjson(req, rest):
    """JSON cut off in the middle."""
    req.send_body(200, b'{"status":"success","data":{"resultType":"matrix","result":[{"metr',
                  "application/json")


# A label value that would set the terminal's title, turn text red and reverse it.
HOSTILE = "evil\x1b]0;owned\x07\x1b[31mred\u202ereversed\x9b2J"
BUILDINFO = common.prometheus_buildinfo("canned", "fault_server")


def canned_points(req, value, last=None):
    """Points from the form's start to end by step, all value but the last."""
    form = urllib.parse.parse_qs(req.body.decode(), keep_blank_values=True)
    form.update(req.query)
    start = float(form.get("start", ["0"])[0])
    end = float(form.get("end", ["0"])[0])
    step = float(form.get("step", ["60"])[0])
    pts, t = [], start
    while t <= end + 1e-9:
        pts.append([round(t, 3), value])
        t += step
    if pts and last is not None:
        pts[-1][1] = last
    return pts


def route_canned(req, rest):
    """A Prometheus with odd but valid data: NaN, infinities, a hostile label."""
    if rest.endswith("status/buildinfo"):
        req.send_json(200, BUILDINFO)
        return
    form = urllib.parse.parse_qs(req.body.decode(), keep_blank_values=True)
    if "hr_headcount" in form.get("query", [""])[0] and "/" not in form["query"][0]:
        # the people behind each cohort, for the privacy floor: large enough to show them
        people = [{"metric": {"team": t}, "values": canned_points(req, "40")}
                  for t in ("claims", "dispatch", HOSTILE)]
        req.send_json(200, {"status": "success",
                            "data": {"resultType": "matrix", "result": people}})
        return
    result = [
        {"metric": {"team": "claims"}, "values": canned_points(req, "0.5", "NaN")},
        {"metric": {"team": "dispatch"}, "values": canned_points(req, "+Inf")},
        {"metric": {"team": HOSTILE}, "values": canned_points(req, "-Inf")},
    ]
    answer = {"status": "success", "data": {"resultType": "matrix", "result": result}}
    if getattr(req, "warnings", None):
        answer["warnings"] = req.warnings
    req.send_json(200, answer)


def route_warned(req, rest):
    """Canned answers that carry a warning, as Thanos sends with a partial answer."""
    req.warnings = ["partial response: store eu-1 unreachable"]
    route_canned(req, rest)


def route_switch(req, rest):
    """Canned answers until the switch file appears, then 500s."""
    if req.server.switch_file and os.path.exists(req.server.switch_file):
        route_status(req, "500")
    else:
        route_canned(req, rest)


# The first path segment names the route; later a directory of canned answers can join.
ROUTES = {
    "ok": route_ok,
    "hang": route_hang,
    "delay": route_delay,
    "prefix": route_prefix,
    "status": route_status,
    "auth": route_auth,
    "notjson": route_notjson,
    "big": route_big,
    "gzip": route_gzip,
    "echo": route_echo,
    "badjson": route_badjson,
    "canned": route_canned,
    "switch": route_switch,
    "warned": route_warned,
}


class Handler(common.Handler):
    """Reads the whole request, then hands it to the route its path names."""

    server_version = "fault_server/1"

    def handle_any(self):
        """Read the body and query, then dispatch the path."""
        self.body = self.read_body()
        if self.path.startswith("http://"):
            # asked as a proxy ("GET http://host/path"): serve the path as if it were ours
            self.path = urllib.parse.urlsplit(self.path)._replace(scheme="", netloc="").geturl()
        path, _, query = self.path.partition("?")
        self.query = urllib.parse.parse_qs(query, keep_blank_values=True)
        try:
            self.dispatch(path)
        except (ValueError, IndexError):
            self.send_body(400, b"bad fault_server path\n", "text/plain")

    def dispatch(self, path):
        """Answer path (without its query) through ROUTES."""
        first, _, rest = path.lstrip("/").partition("/")
        route = ROUTES.get(first)
        if route is None:
            self.send_body(404, b"404 page not found\n", "text/plain; charset=utf-8")
            return
        route(self, rest)


def main():
    ap = common.arguments(__doc__)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--token-file")
    ap.add_argument("--switch-file")
    args = ap.parse_args()
    # not quiet: a traceback on stderr says why a client's request went wrong
    server = common.Server((args.host, args.port), Handler, quiet=False)
    server.token_file = args.token_file
    server.switch_file = args.switch_file
    return common.serve(server, args.port_file)


if __name__ == "__main__":
    sys.exit(main())
