#!/usr/bin/env bash
# kpidash's network claims (README, "Pointing it at your engine"), each against a real
# server on loopback: TLS with a private CA and a client certificate (tests/servers/
# tls_proxy.py in front of the real Prometheus of tests/engines), basic auth, extra headers
# and a bearer token as a recording server sees them (record_server.py), HTTP_PROXY,
# HTTPS_PROXY and NO_PROXY through a recording proxy (http_proxy.py), KPIDASH_REST_URL and
# KPIDASH_PROMETHEUS_URL, the default timeout and body limit, the VictoriaMetrics cluster
# path and the Mimir prefix with its tenant header (prefix_proxy.py in front of both
# engines), and, in tmux, that a refresh whose answers did not change writes next to
# nothing to the terminal. Certificates are made here with the openssl command line.
# Servers listen on 127.0.0.1 on ports the kernel picks and are stopped by PID.
# usage: test_network.sh path/to/kpidash path/to/kpi_rest_server
set -u
BIN="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
SERVER="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
. "$ROOT/tests/screen/lib.sh"
WORK="$(mktemp -d)"
ENG="$WORK/engines"
PIDS=""
# Stop what we started, by PID, then the engines and tmux.
cleanup() {
	local p
	for p in $PIDS; do kill "$p" 2>/dev/null; done
	"$ROOT/tests/engines/stop.sh" "$ENG"
	lib_cleanup
	rm -rf "$WORK"
}
trap cleanup EXIT
# Proxies are set by each check that wants one, never inherited.
unset http_proxy HTTP_PROXY https_proxy HTTPS_PROXY no_proxy NO_PROXY all_proxy ALL_PROXY
T0=$(date +%s)
LIMIT=60 # seconds any one kpidash --once may take (the hang case needs 10)
MIB32=$((32 << 20))

. "$ROOT/tests/servers/serve.sh"

# A prerequisite that is not itself a claim: when it fails, say why, count it, and stop.
need() {
	local name="$1"
	shift
	"$@" && return 0
	check "$name" false
	finish
	exit 1
}

# Start tests/servers/SCRIPT with args; http://127.0.0.1:PORT in the variable named $1.
pyserve() {
	local var="$1" script="$2"
	shift 2
	rm -f "$WORK/$var.port"
	python3 "$ROOT/tests/servers/$script" --port-file "$WORK/$var.port" "$@" \
		2>"$WORK/$var.stderr" &
	PIDS="$PIDS $!"
	for _ in $(seq 300); do [ -s "$WORK/$var.port" ] && break; sleep 0.05; done
	if [ ! -s "$WORK/$var.port" ]; then
		sed 's/^/# /' "$WORK/$var.stderr"
		need "$script starts and writes its port within 15 s" false
	fi
	printf -v "$var" 'http://127.0.0.1:%s' "$(cat "$WORK/$var.port")"
}

# kpidash, bounded in time (--once never waits past its timeout + 5 s; this is a backstop).
kp() {
	timeout "$LIMIT" "$BIN" "$@"
}

# Lines in a file (0 when it does not exist yet).
lines() {
	if [ -f "$1" ]; then wc -l <"$1"; else echo 0; fi
}

# True when Python expression $3 holds of R, the requests logged in $1 from line $2 on
# (0-based; JSON objects, one a line). Extra values for the expression come in E, the
# environment, so that no secret is ever put on a command line.
logged() {
	python3 - "$1" "$2" "$3" <<'PY'
import json, os, sys
E = os.environ
try:
    with open(sys.argv[1], encoding="utf-8") as f:
        R = [json.loads(l) for l in f if l.strip()][int(sys.argv[2]):]
except OSError as e:
    print("# cannot read the log: %s" % e)
    sys.exit(1)
ok = bool(eval(sys.argv[3]))
if not ok:
    print("# %d requests logged; the last: %s" % (len(R), json.dumps(R[-1:])[:600]))
sys.exit(0 if ok else 1)
PY
}

# True when the run that wrote $1.tsv and $1.err printed the figures of file $2 (not
# empty) and no error. Values (column 6) may differ in the last bits, 1e-12 relative:
# VictoriaMetrics adds in parallel, so two answers to one query can round differently.
same_as() {
	[ -s "$1.tsv" ] && [ ! -s "$1.err" ] && python3 - "$2" "$1.tsv" <<'PY' && return 0
import sys
a, b = (open(p, encoding="utf-8").read().splitlines() for p in sys.argv[1:3])
def same(x, y):
    if x == y:
        return True
    x, y = x.split("\t"), y.split("\t")
    if len(x) != len(y) or x[:5] + x[6:] != y[:5] + y[6:]:
        return False
    u, v = float(x[5]), float(y[5])
    return u == v or abs(u - v) <= 1e-12 * max(abs(u), abs(v))
sys.exit(0 if len(a) == len(b) and all(same(x, y) for x, y in zip(a, b)) else 1)
PY
	sed 's/^/#   stderr: /' "$1.err" | head -n 5
	diff "$2" "$1.tsv" | head -n 6 | sed 's/^/#   diff: /'
	return 1
}

# True when run $1 got the canned figure $2 and every request logged in $3 from line $4
# on carried the Authorization header in E[$5], exactly.
authorized_as() {
	got_canned "$1" "$2" &&
		logged "$3" "$4" "len(R) >= 2 and all(r['headers'].get('authorization') == E['$5'] for r in R)"
}

# The value column of the "Canned figure" panel in a --once TSV.
canned() {
	awk -F'\t' '$2 == "Canned figure" { print $6; exit }' "$1"
}

# True when the --once run that wrote $1.tsv and $1.err got the canned figure $2, no error.
got_canned() {
	[ "$(canned "$1.tsv")" = "$2" ] && [ ! -s "$1.err" ]
}

# True when the run $1 printed no figure and every line of its stderr matches $2
# (at least $3 lines: one a panel, and the source's own).
failed_all() {
	[ ! -s "$1.tsv" ] && [ "$(grep -c . "$1.err")" -ge "$3" ] &&
		! grep -vEq -- "$2" "$1.err"
}

# True when no file of the list $2... contains the first line of file $1 (the secret).
secret_absent() {
	local secret="$1"
	shift
	! grep -qF -f "$secret" "$@"
}

# True when no process's command line, as /proc and ps show them, holds the secret in $1.
secret_in_no_cmdline() {
	! grep -qF -f "$1" /proc/[0-9]*/cmdline 2>/dev/null &&
		! ps -eww -o args= | grep -qF -f "$1"
}

# True when process $1's command line holds the fixed string $2 (its own NUL-split argv).
cmdline_has() {
	tr '\0' '\n' <"/proc/$1/cmdline" | grep -qxF -- "$2"
}

# True when process $1's command line does not hold the secret in file $2.
cmdline_lacks() {
	[ -r "/proc/$1/cmdline" ] && ! grep -qF -f "$2" "/proc/$1/cmdline"
}

# True when $1 is an integer from $2 to $3.
between() {
	[ "$1" -ge "$2" ] && [ "$1" -le "$3" ]
}

# Quit the kpidash in the pane and wait for the shell.
quit_pane() {
	press q
	wait_for 'EXIT=0' 5 >/dev/null
}

# === the engines, and the same figures straight from them ===============================
engines_up "$ENG"
kp --prometheus "$PROM_URL" --clock "$DATA_END" --once --view executive \
	>"$WORK/direct.tsv" 2>"$WORK/direct.err"
need "the executive view straight from Prometheus has figures and no error" \
	bash -c '[ -s "$1" ] && [ ! -s "$2" ]' _ "$WORK/direct.tsv" "$WORK/direct.err"
NFIG=$(wc -l <"$WORK/direct.tsv")
NPANEL=$(cut -f2 "$WORK/direct.tsv" | sort -u | wc -l)
echo "# Prometheus: $NFIG executive figures over $NPANEL panels at $DATA_END"

# A one-panel dashboard for the canned servers: its figure is the server's value.
cat >"$WORK/one.json" <<'JSON'
{"name": "net", "title": "Network", "rows": [{"height": 6, "panels": [
  {"title": "Canned figure", "kind": "stat", "unit": "none", "decimals": 4,
   "queries": [{"kpi": "canned", "promql": "canned_value"}]}]}]}
JSON
ONE=(--dashboard "$WORK/one.json" --view net)

# === 1. TLS: a private CA, a client certificate =========================================
command -v openssl >/dev/null || need "openssl is installed (Debian package openssl)" false
PKI="$WORK/pki"
mkdir -p "$PKI"
cat >"$PKI/x509.cnf" <<'CNF'
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = unused
[ ca ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ server ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1, DNS:localhost
authorityKeyIdentifier = keyid
[ client ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = clientAuth
authorityKeyIdentifier = keyid
CNF
# A private CA, then a certificate it signs for $1 with common name $2.
make_pki() {
	local ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
	openssl req -x509 -config x509.cnf -extensions ca "${ec[@]}" -keyout ca.key \
		-out ca.pem -days 2 -subj "/CN=kpidash test CA" &&
		openssl req -new -config x509.cnf "${ec[@]}" -keyout server.key -out server.csr \
			-subj "/CN=127.0.0.1" &&
		openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -set_serial 2 -days 2 \
			-extfile x509.cnf -extensions server -out server.pem &&
		openssl req -new -config x509.cnf "${ec[@]}" -keyout client.key -out client.csr \
			-subj "/CN=kpidash-test-client" &&
		openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -set_serial 3 -days 2 \
			-extfile x509.cnf -extensions client -out client.pem &&
		openssl verify -CAfile ca.pem server.pem client.pem
}
(cd "$PKI" && make_pki) >"$PKI/openssl.log" 2>&1 || sed 's/^/# /' "$PKI/openssl.log"
need "openssl made a private CA, a server and a client certificate it signed" \
	grep -q '^client.pem: OK' "$PKI/openssl.log"

pyserve TLS tls_proxy.py --cert "$PKI/server.pem" --key "$PKI/server.key" \
	--route "/=$PROM_URL" --log "$WORK/tls.log"
pyserve MTLS tls_proxy.py --cert "$PKI/server.pem" --key "$PKI/server.key" \
	--client-ca "$PKI/ca.pem" --route "/=$PROM_URL" --log "$WORK/mtls.log"
TLS="https://127.0.0.1:$(cat "$WORK/TLS.port")"
MTLS="https://127.0.0.1:$(cat "$WORK/MTLS.port")"

kp --prometheus "$TLS" --ca-file "$PKI/ca.pem" --clock "$DATA_END" --once --view executive \
	>"$WORK/tls-ca.tsv" 2>"$WORK/tls-ca.err"
check "TLS with a private CA (--ca-file): all $NFIG executive figures arrive and equal Prometheus' own" \
	same_as "$WORK/tls-ca" "$WORK/direct.tsv"
check "and they came through the TLS proxy (buildinfo and at least $NPANEL query_range requests)" \
	logged "$WORK/tls.log" 0 "any(r.get('path') == '/api/v1/status/buildinfo' for r in R) and \
	sum(r.get('path') == '/api/v1/query_range' and r.get('status') == 200 for r in R) >= $NPANEL"

n=$(lines "$WORK/tls.log")
kp --prometheus "$TLS" --clock "$DATA_END" --once --view executive \
	>"$WORK/tls-noca.tsv" 2>"$WORK/tls-noca.err"
check "without the CA: no figure, and every panel and the source say TLS: SSL certificate problem" \
	failed_all "$WORK/tls-noca" '^kpidash: .*: TLS: SSL certificate problem: unable to get local issuer certificate$' \
	$((NPANEL + 1))
sed -n '1p' "$WORK/tls-noca.err" | sed 's/^/# /'
check "and the server saw handshakes refused by the client, never a request" \
	logged "$WORK/tls.log" "$n" "R and all('tls_error' in r for r in R)"

kp --prometheus "$TLS" --insecure --clock "$DATA_END" --once --view executive \
	>"$WORK/tls-insecure.tsv" 2>"$WORK/tls-insecure.err"
check "--insecure without the CA: the figures arrive, equal to Prometheus' own" \
	same_as "$WORK/tls-insecure" "$WORK/direct.tsv"

kp --prometheus "$MTLS" --ca-file "$PKI/ca.pem" --cert-file "$PKI/client.pem" \
	--key-file "$PKI/client.key" --clock "$DATA_END" --once --view executive \
	>"$WORK/mtls.tsv" 2>"$WORK/mtls.err"
check "a server requiring a client certificate (--cert-file, --key-file): the figures arrive, equal" \
	same_as "$WORK/mtls" "$WORK/direct.tsv"
check "and the server saw the client certificate on every request (CN kpidash-test-client)" \
	logged "$WORK/mtls.log" 0 "len(R) > $NPANEL and all(r.get('client_cn') == 'kpidash-test-client' for r in R)"

n=$(lines "$WORK/mtls.log")
kp --prometheus "$MTLS" --ca-file "$PKI/ca.pem" --clock "$DATA_END" --once --view executive \
	>"$WORK/mtls-nocert.tsv" 2>"$WORK/mtls-nocert.err"
check "without the client certificate: refused, no figure, every panel and the source failed" \
	failed_all "$WORK/mtls-nocert" '^kpidash: ' $((NPANEL + 1))
check "the server refused the handshakes for the missing certificate and forwarded nothing" \
	logged "$WORK/mtls.log" "$n" "R and all('peer did not return a certificate' in r.get('tls_error', '') for r in R)"
sort "$WORK/mtls-nocert.err" | sed 's/^kpidash: [^:]*: [^:]*: //' | sort | uniq -c | sed 's/^/# /'
# libcurl ends such a transfer with a failed read ("SSL_read: ... tlsv13 alert certificate
# required") or, when the server's reset comes first, "getpeername() failed"; kpidash names
# both as TLS, with the hint of a client certificate.
check "and each panel and the source name it as TLS, hinting at the client certificate" \
	bash -c '[ -s "$1" ] && ! grep -vE "TLS: .*client certificate" "$1"' _ "$WORK/mtls-nocert.err"

# === 2. credentials and headers as the server received them ============================
PW="pw-$$-$RANDOM-basic"
printf '%s\n' "$PW" >"$WORK/pw"
printf '%s\n' "wrong-$$-$RANDOM" >"$WORK/pw.wrong"
TOK="tok-$$-$RANDOM-bearer"
printf '%s\n' "$TOK" >"$WORK/token"
export WANT_BASIC="Basic $(printf 'ops:%s' "$PW" | base64 -w0)"
export WANT_BEARER="Bearer $TOK"
pyserve BASIC record_server.py --basic-user ops --basic-password-file "$WORK/pw" \
	--value 0.375 --log "$WORK/basic.log"
pyserve BEARER record_server.py --token-file "$WORK/token" --value 0.125 --log "$WORK/bearer.log"

kp --prometheus "$BASIC" "${ONE[@]}" --once --basic-user ops --basic-password-file "$WORK/pw" \
	--header 'X-Scope-OrgID: ops' >"$WORK/basic.tsv" 2>"$WORK/basic.err"
check "basic auth from a file with an extra header: the server's figure arrives (0.375)" \
	got_canned "$WORK/basic" 0.375
check "the server received Authorization: Basic base64(ops:password), exactly, on every request" \
	logged "$WORK/basic.log" 0 "len(R) >= 2 and all(r['headers'].get('authorization') == E['WANT_BASIC'] for r in R)"
check "and X-Scope-OrgID: ops, exactly and once, on buildinfo and query_range alike" \
	logged "$WORK/basic.log" 0 "{r['path'] for r in R} == {'/api/v1/status/buildinfo', '/api/v1/query_range'} \
	and all(r['headers'].get('x-scope-orgid') == 'ops' for r in R)"
check "the password is in neither stdout nor stderr" secret_absent "$WORK/pw" "$WORK/basic.tsv" "$WORK/basic.err"

kp --prometheus "$BASIC" "${ONE[@]}" --once --basic-user ops --basic-password-file "$WORK/pw.wrong" \
	>"$WORK/wrongpw.tsv" 2>"$WORK/wrongpw.err"
check "a wrong password: no figure, the panel and the source say HTTP 401" \
	failed_all "$WORK/wrongpw" 'HTTP 401: unauthorized' 2
check "and neither password is in stdout or stderr" \
	bash -c '! grep -qF -f "$1" "$3" "$4" && ! grep -qF -f "$2" "$3" "$4"' _ \
	"$WORK/pw" "$WORK/pw.wrong" "$WORK/wrongpw.tsv" "$WORK/wrongpw.err"

n=$(lines "$WORK/basic.log")
KPIDASH_BASIC_USER=ops KPIDASH_BASIC_PASSWORD="$PW" kp --prometheus "$BASIC" "${ONE[@]}" --once \
	>"$WORK/basicenv.tsv" 2>"$WORK/basicenv.err"
check "KPIDASH_BASIC_USER and KPIDASH_BASIC_PASSWORD: the same exact Authorization, the figure arrives" \
	authorized_as "$WORK/basicenv" 0.375 "$WORK/basic.log" "$n" WANT_BASIC

# The running process: its command line names the password's file, never the password.
start_shell 160 48 TERM=tmux-256color
type_line "$BIN --prometheus $BASIC ${ONE[*]} --basic-user ops --basic-password-file $WORK/pw --header 'X-Scope-OrgID: ops' --refresh 1; echo EXIT=\$?"
check "on screen the figure arrives with basic auth (0.3750)" wait_for '0\.3750' 10
pid=$(pane_pid_of kpidash)
check "kpidash (pid ${pid:-none}) runs with --basic-password-file $WORK/pw on its command line" \
	cmdline_has "${pid:-0}" "$WORK/pw"
check "and its /proc/PID/cmdline does not hold the password" cmdline_lacks "${pid:-0}" "$WORK/pw"
check "nor does any process's command line (/proc/*/cmdline, ps -eww)" secret_in_no_cmdline "$WORK/pw"
check "nor the screen" hides "$PW"
quit_pane

kp --prometheus "$BEARER" "${ONE[@]}" --once >"$WORK/nobearer.tsv" 2>"$WORK/nobearer.err"
check "the token-guarded server: without a token, no figure and HTTP 401" \
	failed_all "$WORK/nobearer" 'HTTP 401: unauthorized' 2
n=$(lines "$WORK/bearer.log")
KPIDASH_BEARER_TOKEN="$TOK" kp --prometheus "$BEARER" "${ONE[@]}" --once \
	>"$WORK/bearer.tsv" 2>"$WORK/bearer.err"
check "KPIDASH_BEARER_TOKEN in the environment: the figure arrives (0.125)" got_canned "$WORK/bearer" 0.125
check "the server received Authorization: Bearer <token>, exactly, on every request" \
	logged "$WORK/bearer.log" "$n" "len(R) >= 2 and all(r['headers'].get('authorization') == E['WANT_BEARER'] for r in R)"
check "the token is in neither stdout nor stderr" secret_absent "$WORK/token" "$WORK/bearer.tsv" "$WORK/bearer.err"
n=$(lines "$WORK/bearer.log")
kp --prometheus "$BEARER" "${ONE[@]}" --once --bearer-token-file "$WORK/token" \
	>"$WORK/bearerfile.tsv" 2>"$WORK/bearerfile.err"
check "--bearer-token-file: the same exact Authorization, the figure arrives" \
	authorized_as "$WORK/bearerfile" 0.125 "$WORK/bearer.log" "$n" WANT_BEARER

# The tmux server already runs (started above), so the token given to the new shell's
# environment is on no long-lived command line of the harness.
start_shell 160 48 TERM=tmux-256color KPIDASH_BEARER_TOKEN="$TOK"
type_line "$BIN --prometheus $BEARER ${ONE[*]} --refresh 1; echo EXIT=\$?"
check "on screen the figure arrives with the token from the environment (0.1250)" wait_for '0\.1250' 10
pid=$(pane_pid_of kpidash)
check "kpidash (pid ${pid:-none}) runs with --prometheus $BEARER on its command line" \
	cmdline_has "${pid:-0}" "$BEARER"
check "and its /proc/PID/cmdline does not hold the token" cmdline_lacks "${pid:-0}" "$WORK/token"
check "nor does any process's command line (/proc/*/cmdline, ps -eww)" secret_in_no_cmdline "$WORK/token"
check "nor the screen" hides "$TOK"
quit_pane
export -n WANT_BASIC WANT_BEARER

# === 3. proxies ========================================================================
pyserve HPX http_proxy.py --log "$WORK/proxy.log"
export PROM_URL
n=$(lines "$WORK/proxy.log")
http_proxy="$HPX" kp --prometheus "$PROM_URL" --clock "$DATA_END" --once --view executive \
	>"$WORK/px.tsv" 2>"$WORK/px.err"
check "through http_proxy: the figures arrive, equal to Prometheus' own" \
	same_as "$WORK/px" "$WORK/direct.tsv"
check "and every request went through the proxy (buildinfo and >= $NPANEL query_range, by absolute URL)" \
	logged "$WORK/proxy.log" "$n" "any(r['target'] == E['PROM_URL'] + '/api/v1/status/buildinfo' for r in R) and \
	sum(r['target'] == E['PROM_URL'] + '/api/v1/query_range' and r['status'] == 200 for r in R) >= $NPANEL"

n=$(lines "$WORK/proxy.log")
HTTP_PROXY="$HPX" kp --prometheus "$PROM_URL" --clock "$DATA_END" --once --view executive \
	>"$WORK/pxup.tsv" 2>"$WORK/pxup.err"
# libcurl reads only the lower-case http_proxy for http:// URLs; kpidash reads HTTP_PROXY
# itself, as the README and --help say.
check "HTTP_PROXY alone (upper case): the figures arrive" \
	same_as "$WORK/pxup" "$WORK/direct.tsv"
check "and they went through the proxy HTTP_PROXY names" \
	logged "$WORK/proxy.log" "$n" "sum(r['target'].startswith(E['PROM_URL']) for r in R) >= $NPANEL"

n=$(lines "$WORK/proxy.log")
HTTP_PROXY="$HPX" NO_PROXY=127.0.0.1 kp --prometheus "$PROM_URL" --clock "$DATA_END" --once \
	--view executive >"$WORK/nopxup.tsv" 2>"$WORK/nopxup.err"
check "HTTP_PROXY with NO_PROXY=127.0.0.1: the figures arrive direct, the proxy saw nothing" \
	bash -c 'cmp -s "$1" "$2" && [ ! -s "$3" ]' _ "$WORK/nopxup.tsv" "$WORK/direct.tsv" "$WORK/nopxup.err"
check "(the proxy's log did not grow)" logged "$WORK/proxy.log" "$n" "len(R) == 0"

n=$(lines "$WORK/proxy.log")
http_proxy="$HPX" HTTP_PROXY="$HPX" NO_PROXY=127.0.0.1 kp --prometheus "$PROM_URL" \
	--clock "$DATA_END" --once --view executive >"$WORK/nopx.tsv" 2>"$WORK/nopx.err"
check "NO_PROXY=127.0.0.1 with the proxy set: the figures arrive, equal" \
	same_as "$WORK/nopx" "$WORK/direct.tsv"
check "and the proxy saw none of those requests" logged "$WORK/proxy.log" "$n" "len(R) == 0"

n=$(lines "$WORK/proxy.log")
export TLS_HOSTPORT="127.0.0.1:$(cat "$WORK/TLS.port")"
HTTPS_PROXY="$HPX" kp --prometheus "$TLS" --ca-file "$PKI/ca.pem" --clock "$DATA_END" --once \
	--view executive >"$WORK/pxs.tsv" 2>"$WORK/pxs.err"
check "HTTPS_PROXY to the TLS server: the figures arrive, equal, the certificate checked end to end" \
	same_as "$WORK/pxs" "$WORK/direct.tsv"
check "and they went through the proxy's CONNECT tunnel to $TLS_HOSTPORT" \
	logged "$WORK/proxy.log" "$n" "R and all(r['method'] == 'CONNECT' and r['target'] == E['TLS_HOSTPORT'] for r in R)"

# === 4. the environment names the source ===============================================
CLOCK=2026-11-23T12:00:00Z
serve RESTSRV --seed 7
kp --demo --seed 7 --clock "$CLOCK" --once | cut -f1-5,8 >"$WORK/demo7.tsv"
kp --demo --clock "$CLOCK" --once | cut -f1-5,8 >"$WORK/demo42.tsv"
kp --rest "$RESTSRV" --clock "$CLOCK" --once >"$WORK/restflag.tsv" 2>/dev/null
KPIDASH_REST_URL="$RESTSRV" kp --clock "$CLOCK" --once >"$WORK/restenv.tsv" 2>"$WORK/restenv.err"
check "KPIDASH_REST_URL stands for --rest: the same $(lines "$WORK/restenv.tsv") figures, no error" \
	bash -c '[ -s "$1" ] && cmp -s "$1" "$2" && [ ! -s "$3" ]' _ "$WORK/restenv.tsv" "$WORK/restflag.tsv" "$WORK/restenv.err"
check "and they are the server's (the seed-7 demo it serves), not the built-in demo's (seed 42)" \
	bash -c 'cut -f1-5,8 "$1" | cmp -s - "$2" && ! cmp -s "$2" "$3"' _ \
	"$WORK/restenv.tsv" "$WORK/demo7.tsv" "$WORK/demo42.tsv"

kp --demo --clock "$DATA_END" --once --view executive >"$WORK/demoexec.tsv" 2>/dev/null
KPIDASH_PROMETHEUS_URL="$PROM_URL" kp --clock "$DATA_END" --once --view executive \
	>"$WORK/promenv.tsv" 2>"$WORK/promenv.err"
check "KPIDASH_PROMETHEUS_URL stands for --prometheus: all $NFIG figures equal Prometheus' own" \
	same_as "$WORK/promenv" "$WORK/direct.tsv"
check "and they are not the demo's" bash -c '! cmp -s "$1" "$2"' _ "$WORK/promenv.tsv" "$WORK/demoexec.tsv"

# === 5. the default timeout and body limit =============================================
pyserve PLAIN record_server.py --value 0.625 --log "$WORK/plain.log"
s=$(date +%s%N)
kp --prometheus "$PLAIN/hang" "${ONE[@]}" --once >"$WORK/hang.tsv" 2>"$WORK/hang.err"
ms=$((($(date +%s%N) - s) / 1000000))
check "a server that hangs is given up after the default 10 s ($((ms / 1000)).$((ms % 1000 / 100)) s, between 9 and 15)" \
	between "$ms" 9000 15000
check "with the timeout said for the panel and the source, and no figure" \
	failed_all "$WORK/hang" ': no answer in 10\.0 s$' 2
for _ in $(seq 60); do logged "$WORK/plain.log" 0 "len(R) >= 2" >/dev/null && break; sleep 0.05; done
check "the server had the requests, and held them until kpidash gave up" \
	logged "$WORK/plain.log" 0 "len(R) >= 2 and all(r['path'].startswith('/hang/') and r['status'] is None for r in R)"

for size in $((MIB32 - 1)) $MIB32; do
	kp --prometheus "$PLAIN/pad/$size" "${ONE[@]}" --once >"$WORK/pad$size.tsv" 2>"$WORK/pad$size.err"
done
check "an answer one byte under 32 MiB is read: its figure arrives (0.625)" got_canned "$WORK/pad$((MIB32 - 1))" 0.625
check "so is one of exactly 32 MiB, the default limit" got_canned "$WORK/pad$MIB32" 0.625
kp --prometheus "$PLAIN/pad/$((MIB32 + 1))" "${ONE[@]}" --once >"$WORK/over.tsv" 2>"$WORK/over.err"
check "an answer one byte over 32 MiB is refused with the size: no figure, 'larger than the 32 MiB limit'" \
	failed_all "$WORK/over" ': answer larger than the 32 MiB limit$' 2
kp --prometheus "$PLAIN/padclose/$((MIB32 + 1))" "${ONE[@]}" --once >"$WORK/overclose.tsv" 2>"$WORK/overclose.err"
check "the same without a Content-Length (the end is the close): refused as it streams in" \
	failed_all "$WORK/overclose" ': answer larger than the 32 MiB limit$' 2
check "and the server did send those answers (every pad request answered 200)" \
	logged "$WORK/plain.log" 0 "sum(r['path'].startswith('/pad') and r['status'] == 200 for r in R) >= 8"

# === 6. VictoriaMetrics cluster path, Mimir prefix with the tenant header ===============
pyserve VMSELECT prefix_proxy.py --route "/select/0/prometheus=$VM_URL" --log "$WORK/vmselect.log"
pyserve MIMIR prefix_proxy.py --route "/prometheus=$PROM_URL" \
	--require-header /prometheus=X-Scope-OrgID --log "$WORK/mimir.log"
kp --prometheus "$VM_URL" --clock "$DATA_END" --once --view operations >"$WORK/vm.tsv" 2>"$WORK/vm.err"
kp --prometheus "$PROM_URL" --clock "$DATA_END" --once --view operations >"$WORK/prom.tsv" 2>"$WORK/prom.err"
need "the operations view straight from both engines has figures and no error" \
	bash -c '[ -s "$1" ] && [ -s "$2" ] && [ ! -s "$3" ] && [ ! -s "$4" ]' _ \
	"$WORK/vm.tsv" "$WORK/prom.tsv" "$WORK/vm.err" "$WORK/prom.err"

kp --prometheus "$VMSELECT/select/0/prometheus" --clock "$DATA_END" --once --view operations \
	>"$WORK/vmsel.tsv" 2>"$WORK/vmsel.err"
check "VictoriaMetrics cluster path (.../select/0/prometheus): the $(lines "$WORK/vm.tsv") operations figures equal VictoriaMetrics' own" \
	same_as "$WORK/vmsel" "$WORK/vm.tsv"
check "and every request was asked under the tenant's path" \
	logged "$WORK/vmselect.log" 0 "len(R) > $NPANEL and all(r['path'].startswith('/select/0/prometheus/api/v1/') and r['status'] == 200 for r in R)"

kp --prometheus "$MIMIR/prometheus" --header 'X-Scope-OrgID: ops' --clock "$DATA_END" --once \
	--view operations >"$WORK/mimir.tsv" 2>"$WORK/mimir.err"
check "Mimir prefix (.../prometheus) with X-Scope-OrgID: the $(lines "$WORK/prom.tsv") operations figures equal Prometheus' own" \
	same_as "$WORK/mimir" "$WORK/prom.tsv"
check "and the tenant header reached the server as 'ops' on every request" \
	logged "$WORK/mimir.log" 0 "len(R) > $NPANEL and all(r['headers'].get('x-scope-orgid') == 'ops' and r['status'] == 200 for r in R)"
n=$(lines "$WORK/mimir.log")
kp --prometheus "$MIMIR/prometheus" --clock "$DATA_END" --once --view operations \
	>"$WORK/mimir401.tsv" 2>"$WORK/mimir401.err"
check "without the header: no figure, and every panel and the source name HTTP 401" \
	failed_all "$WORK/mimir401" 'HTTP 401' $((NPANEL + 1))
check "(the server did answer them 401)" logged "$WORK/mimir.log" "$n" "R and all(r['status'] == 401 for r in R)"

# === 7. a refresh with unchanged answers writes next to nothing ========================
# kpidash in tmux at 160x48 with --refresh 1, the bytes the terminal receives copied by
# pipe-pane. The first frame is everything up to a second after the figures show; then
# ~5 refreshes. The log of the server in front proves each query was asked again.
# usage: paint NAME URL LOG PATTERN; sets FIRST, AFTER (bytes), ASKED (refreshes seen).
paint() {
	local name="$1" url="$2" log="$3" want="$4" bytes="$WORK/pane-$1.bytes" n0
	FIRST=0 AFTER=0 ASKED=0
	start_shell 160 48 TERM=tmux-256color
	: >"$bytes"
	t pipe-pane -t main -o "cat >> '$bytes'"
	type_line "$BIN --prometheus $url --clock $DATA_END --refresh 1; echo EXIT=\$?"
	if ! wait_for "$want" 15 >/dev/null; then
		quit_pane
		return 1
	fi
	sleep 1
	FIRST=$(stat -c %s "$bytes")
	capture >"$WORK/screen-$name.1"
	n0=$(lines "$log")
	sleep 5.5
	AFTER=$(($(stat -c %s "$bytes") - FIRST))
	capture >"$WORK/screen-$name.2"
	quit_pane
	t pipe-pane -t main
	# how many times each query of the view on screen (the PromQL of its --once figures;
	# the views behind it are refreshed less often) was asked in the window: the fewest
	ASKED=$(python3 - "$log" "$n0" "$WORK/direct.tsv" <<'PY'
import collections, json, sys
with open(sys.argv[1], encoding="utf-8") as f:
    R = [json.loads(l) for l in f if l.strip()]
with open(sys.argv[3], encoding="utf-8") as f:
    view = {l.rstrip("\n").split("\t")[8] for l in f if l.count("\t") >= 8}
first = {r["query"] for r in R[:int(sys.argv[2])] if r.get("query") in view}
seen = collections.Counter(r["query"] for r in R[int(sys.argv[2]):] if r.get("query"))
print(min((seen[q] for q in first), default=0) if len(first) >= 5 else 0)
PY
)
}

pyserve THRU prefix_proxy.py --route "/=$PROM_URL" --log "$WORK/pass.log"
adoption=$(awk -F'\t' '$2 == "AI adoption" { print $8; exit }' "$WORK/direct.tsv")
paint idle "$THRU" "$WORK/pass.log" "AI adoption.*|.*$adoption"
echo "# unchanged: first frame $FIRST bytes, then $AFTER bytes over $ASKED refreshes"
check "against Prometheus the executive view paints with its figures (AI adoption $adoption, first frame $FIRST bytes)" \
	bash -c '[ "$1" -gt 4000 ] && grep -qF -- "$2" "$3"' _ "$FIRST" "$adoption" "$WORK/screen-idle.1"
check "every query was asked again at least 4 times in 5.5 s (--refresh 1: $ASKED)" \
	between "$ASKED" 4 100
check "with unchanged answers each refresh wrote under 5% of the first frame ($AFTER bytes in all)" \
	bash -c '[ "$2" -ge 1 ] && [ $(($1 * 100)) -lt $(($3 * 5 * $2)) ]' _ "$AFTER" "$ASKED" "$FIRST"
check "and the screen is the same as before them" cmp -s "$WORK/screen-idle.1" "$WORK/screen-idle.2"
IDLE_AFTER=$AFTER IDLE_ASKED=$ASKED

pyserve MOVING record_server.py --changing --value 100 --log "$WORK/moving.log"
paint moving "$MOVING" "$WORK/moving.log" 'AI adoption'
echo "# changing: first frame $FIRST bytes, then $AFTER bytes over $ASKED refreshes"
check "against a server whose answers change every refresh, the view paints (first frame $FIRST bytes)" \
	bash -c '[ "$1" -gt 4000 ] && grep -q "Record_server\|Prometheus 2.42.0" "$2"' _ "$FIRST" "$WORK/screen-moving.1"
check "and every query was asked again at least 4 times ($ASKED)" between "$ASKED" 4 100
check "then the screen changed" bash -c '! cmp -s "$1" "$2"' _ "$WORK/screen-moving.1" "$WORK/screen-moving.2"
check "and the redraws wrote over 2% of the first frame a refresh, 10 times the unchanged case's ($AFTER bytes)" \
	bash -c '[ "$2" -ge 1 ] && [ $(($1 * 100)) -gt $(($3 * 2 * $2)) ] &&
		[ $(($1 * $5)) -gt $((10 * $4 * $2)) ]' _ "$AFTER" "$ASKED" "$FIRST" "$IDLE_AFTER" "$IDLE_ASKED"

echo "# test_network.sh took $(($(date +%s) - T0)) s"
finish
