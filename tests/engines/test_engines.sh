#!/usr/bin/env bash
# The engine fixture against real engines: Prometheus and VictoriaMetrics loaded
# with gen_data.py's data answer the contract's queries (docs/metrics.md), and
# behave as the Prometheus API and the engines are documented to. Ends with
# "N passed, M failed".
#
# usage: tests/engines/test_engines.sh   (KEEP=1 keeps the work dir for a look)
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/check.sh

HERE=tests/engines
DIR="$(mktemp -d)"
trap '"$HERE/stop.sh" "$DIR"; [ -n "${KEEP:-}" ] && echo "# kept $DIR" || rm -rf "$DIR"' EXIT
BODY="$DIR/body"

# ---------------------------------------------------------------- helpers

# Call an API: api URL PATH [name=value...]; POSTs the pairs form-encoded.
# Leaves the body in $BODY, the status in $CODE and the content type in $CTYPE.
api() {
	local url="$1$2" args=() kv out
	shift 2
	for kv in "$@"; do args+=(--data-urlencode "$kv"); done
	out="$(curl -s --max-time 10 -o "$BODY" -w '%{http_code} %{content_type}' \
		"${args[@]}" "$url")"
	CODE="${out%% *}"
	CTYPE="${out#* }"
}

# Evaluate a Python expression over the JSON body (bound to d); prints its value.
js() {
	python3 - "$BODY" "$1" <<'EOF' 2>/dev/null
import json, math, sys
d = json.load(open(sys.argv[1]))
print(eval(sys.argv[2]))
EOF
}

# The value of an instant query at time T (default DATA_END): the first sample's
# value string, "" for an empty vector, "ERR" when the call failed.
value() {
	api "$1" /api/v1/query "query=$2" "time=${3:-$DATA_END}"
	[ "$CODE" = 200 ] || { echo ERR; return; }
	# A vector's first sample, or a scalar's value.
	js '(lambda r: "" if not r else r[0]["value"][1] if isinstance(r[0], dict) else r[1])(d["data"]["result"])'
}

# Succeed when the number V (a string from the API) lies in [LO, HI] and is finite.
between() {
	python3 -c 'import math, sys
v = float(sys.argv[1]); lo = float(sys.argv[2]); hi = float(sys.argv[3])
sys.exit(0 if math.isfinite(v) and lo <= v <= hi else 1)' "$1" "$2" "$3" 2>/dev/null
}

# Succeed when two strings are equal; on failure say what was seen.
same() {
	[ "$1" = "$2" ] && return 0
	echo "#   got '$1', want '$2'"
	return 1
}

# Succeed when V lies in [LO, HI]; on failure say what was seen.
in_range() {
	between "$1" "$2" "$3" && return 0
	echo "#   got '$1', want $2..$3"
	return 1
}

# ---------------------------------------------------------------- the generator

# Check the OpenMetrics file: "# EOF" last, each series whole and in time order,
# counters never decreasing, histogram buckets cumulative with _count == +Inf.
check_data_file() {
	python3 - "$1" <<'EOF'
import collections, math, re, sys
text = open(sys.argv[1]).read()
assert text.endswith("\n# EOF\n"), "no # EOF at the end"
types, series, order = {}, collections.OrderedDict(), []
sample = re.compile(r'^([a-zA-Z_:][\w:]*)(\{.*\})? (\S+) (\d+)$')
for ln in text.splitlines()[:-1]:
    if ln.startswith("# TYPE "):
        _, _, name, kind = ln.split()
        types[name] = kind
        continue
    if ln.startswith("#"):
        continue
    name, labels, v, t = sample.match(ln).groups()
    key = (name, labels or "")
    if not order or order[-1] != key:
        assert key not in series, "series split: %s%s" % key
        order.append(key)
    series.setdefault(key, []).append((int(t), float(v)))
def family(name):
    for suffix in ("_total", "_bucket", "_sum", "_count", ""):
        base = name[: len(name) - len(suffix)] if suffix else name
        if name.endswith(suffix) and base in types:
            return types[base]
    raise AssertionError("no TYPE for " + name)
hist = collections.defaultdict(dict)
for (name, labels), pts in series.items():
    ts = [t for t, _ in pts]
    assert ts == sorted(set(ts)), "out of order: " + name + labels
    assert ts[0] < 1e11, "timestamps are not seconds: " + name
    if family(name) in ("counter", "histogram"):
        vs = [v for _, v in pts]
        assert all(a <= b for a, b in zip(vs, vs[1:])), "decreases: " + name + labels
    if name.endswith("_bucket"):
        le = re.search(r'[{,]le="([^"]*)"', labels).group(1)
        rest = re.sub(r',?\ble="[^"]*"', "", labels)
        hist[(name[:-7], rest)][float(le)] = [v for _, v in pts]
for (base, rest), buckets in hist.items():
    les = sorted(buckets)
    for lo, hi in zip(les, les[1:]):
        assert all(a <= b for a, b in zip(buckets[lo], buckets[hi])), "not cumulative: " + base
    count = [v for _, v in series[(base + "_count", rest)]]
    assert buckets[math.inf] == count, "_count != +Inf bucket: " + base + rest
assert 0.3 in hist[next(k for k in hist if k[0] == "model_inference_latency_seconds")]
print("# %d series, %d histograms" % (len(series), len(hist)))
EOF
}

# The contract's metrics and types from docs/metrics.md, as "name type" lines, sorted.
contract_metrics() {
	python3 - "$1" <<'EOF'
import re, sys
for ln in open(sys.argv[1]):
    m = re.match(r"^\| `([a-z_]+)` \| (counter|gauge|histogram) \|", ln)
    if m:
        print(m.group(1), m.group(2))
EOF
}

# The generated metrics and types, from the TYPE lines of the Prometheus file.
generated_metrics() {
	grep '^# TYPE ' "$1" | awk '{print $3, $4}'
}

# ---------------------------------------------------------------- start

T0=$(date +%s)
if ! "$HERE/start.sh" "$DIR" >"$DIR/start.out" 2>&1; then
	sed 's/^/# /' "$DIR/start.out"
	check "engines start (tests/engines/start.sh)" false
	finish
	exit 1
fi
check "engines start ($(tail -n 1 "$DIR/start.out" | sed 's/; see.*//'))" true
. "$DIR/env"
ENGINES=("prometheus $PROM_URL" "victoria-metrics $VM_URL")

check "data file: EOF, series whole and sorted, counters monotonic, histograms consistent" \
	check_data_file "$DIR/data.om"
python3 "$HERE/gen_data.py" --end "$DATA_END" --format openmetrics -o "$DIR/again.om"
check "gen_data.py is deterministic (same --end, same bytes)" cmp -s "$DIR/data.om" "$DIR/again.om"
rm -f "$DIR/again.om"
check "every metric of docs/metrics.md is generated, with its type" \
	same "$(generated_metrics "$DIR/data.prom" | sort | tr '\n' ' ')" \
	"$(contract_metrics docs/metrics.md | sort | tr '\n' ' ')"

# ---------------------------------------------------------------- both engines

METRIC_NAMES="$(python3 "$HERE/gen_data.py" --list-metrics)"
for e in "${ENGINES[@]}"; do
	name="${e%% *}" url="${e#* }"
	missing=""
	for m in $METRIC_NAMES; do
		api "$url" /api/v1/query "query={__name__=~\"$m(_bucket|_sum|_count)?\"}" "time=$DATA_END"
		[ "$CODE" = 200 ] && [ "$(js 'len(d["data"]["result"])')" -gt 0 ] 2>/dev/null ||
			missing="$missing $m"
	done
	check "$name: all $(echo "$METRIC_NAMES" | wc -l) contract metrics have data at DATA_END" \
		same "$missing" ""
	check "$name: sum(hr_headcount{team=\"fraud\"}) is 3" \
		same "$(value "$url" 'sum(hr_headcount{team="fraud"})')" 3
	check "$name: increase(kpi_tasks_completed_total[1h]) is positive" \
		in_range "$(value "$url" 'sum(increase(kpi_tasks_completed_total[1h]))')" 1 1e12
	check "$name: p99 inference latency is finite" \
		in_range "$(value "$url" 'histogram_quantile(0.99, sum by (le) (rate(model_inference_latency_seconds_bucket[5m])))')" 0 100
	check "$name: share of inference under 300 ms is 0.9..1" \
		in_range "$(value "$url" 'sum(rate(model_inference_latency_seconds_bucket{le="0.3"}[5m])) / sum(rate(model_inference_latency_seconds_count[5m]))')" 0.9 1
	check "$name: SLA compliance over 6h is 0.9..0.99" \
		in_range "$(value "$url" '1 - sum(increase(kpi_sla_breaches_total[6h])) / sum(increase(kpi_sla_due_total[6h]))')" 0.9 0.99
	check "$name: AI adoption is about 0.6" \
		in_range "$(value "$url" 'sum(hr_ai_active_users) / sum(hr_headcount)')" 0.5 0.7
	check "$name: drift scores stay in 0.05..0.3, one past 0.2" \
		in_range "$(value "$url" 'max(model_drift_score) * (min(model_drift_score) >= bool 0.05)')" 0.2 0.3
	check "$name: ROI over 6h is positive" \
		in_range "$(value "$url" '(sum(increase(kpi_ai_value_usd_total[6h])) - sum(increase(kpi_ai_cost_usd_total[6h]))) / sum(increase(kpi_ai_cost_usd_total[6h]))')" 0.05 10
	api "$url" /api/v1/query_range 'query=sum(hr_headcount)' \
		"start=$((DATA_END - 6 * 3600))" "end=$DATA_END" step=60
	check "$name: query_range over 6h at 60s has ~360 points" \
		in_range "$(js 'len(d["data"]["result"][0]["values"])')" 355 361
	# FACTS: backfilled data ending a minute before now is served as "now".
	api "$url" /api/v1/query 'query=count(hr_headcount)'
	check "$name: a query without time (now) sees the data" \
		in_range "$(js 'd["data"]["result"][0]["value"][1]')" 1 1e6
	# FACTS: the lookback is 5 minutes.
	check "$name: 301 s after the last sample an instant query is empty" \
		same "$(value "$url" 'count(hr_headcount)' $((DATA_END + 301)))" ""
done

# ---------------------------------------------------------------- Prometheus

api "$PROM_URL" /api/v1/status/buildinfo
check "prometheus: buildinfo has a version ($(js 'd["data"]["version"]'))" \
	in_range "$(js 'len(d["data"]["version"])')" 1 100
# FACTS: more than 11,000 points per series is refused.
api "$PROM_URL" /api/v1/query_range 'query=sum(hr_headcount)' \
	"start=$((DATA_END - 11001))" "end=$DATA_END" step=1
check "prometheus: 11,002 points is 400 bad_data \"exceeded maximum resolution\"" \
	same "$CODE $(js 'd["errorType"]') $(js '"exceeded maximum resolution" in d["error"]')" \
	"400 bad_data True"
api "$PROM_URL" /prometheus/api/v1/query 'query=1'
check "prometheus: a wrong path prefix is 404 plain text \"404 page not found\"" \
	same "$CODE ${CTYPE%%;*} $(tr -d '\n' <"$BODY")" "404 text/plain 404 page not found"
api "$PROM_URL" /api/v1/query 'query=sum(' "time=$DATA_END"
check "prometheus: a parse error is 400 bad_data" \
	same "$CODE $(js 'd["errorType"]')" "400 bad_data"
check "prometheus: 0/0 in a vector is the string NaN" \
	same "$(value "$PROM_URL" 'vector(0/0)')" NaN
check "prometheus: 1.5e-7 in a vector is the string 1.5e-07" \
	same "$(value "$PROM_URL" 'vector(1.5e-7)')" 1.5e-07

# ---------------------------------------------------------------- VictoriaMetrics

api "$VM_URL" /api/v1/status/buildinfo
check "victoria-metrics: buildinfo answers \"data\": {} (FACTS)" \
	same "$CODE $(js 'd["status"], d["data"]')" "200 ('success', {})"
api "$VM_URL" /prometheus/api/v1/query 'query=count(hr_headcount)' "time=$DATA_END"
check "victoria-metrics: the /prometheus prefix is optional" \
	same "$CODE $(js 'd["data"]["result"][0]["value"][1]')" "200 43"
api "$VM_URL" /api/v1/query 'query=sum(' "time=$DATA_END"
check "victoria-metrics: a parse error is 422 with errorType \"422\"" \
	same "$CODE $(js 'd["errorType"]')" "422 422"
api "$VM_URL" /api/v1/query_range 'query=sum(hr_headcount)' \
	"start=$((DATA_END - 29999))" "end=$DATA_END" step=1
check "victoria-metrics: 30,000 points per series are allowed" same "$CODE" 200
api "$VM_URL" /api/v1/query_range 'query=sum(hr_headcount)' \
	"start=$((DATA_END - 30000))" "end=$DATA_END" step=1
check "victoria-metrics: 30,001 points are refused (422)" same "$CODE" 422
check "victoria-metrics: NaN samples are dropped (vector(0/0) is empty)" \
	same "$(value "$VM_URL" 'vector(0/0)')" ""
# Unlike Prometheus, 1.79 never uses e-notation and answers scalars as vectors.
check "victoria-metrics: 1.5e-7 in a vector is the string 0.00000015" \
	same "$(value "$VM_URL" 'vector(1.5e-7)')" 0.00000015
api "$VM_URL" /api/v1/query 'query=1 + 1' "time=$DATA_END"
check "victoria-metrics: a scalar expression answers resultType vector" \
	same "$(js 'd["data"]["resultType"]')" vector
# FACTS: VictoriaMetrics does not extrapolate rate/increase, Prometheus does;
# half a minute off the sample grid the two differ by a fraction of the total.
Q='sum(increase(kpi_tasks_completed_total[1h]))'
p="$(value "$PROM_URL" "$Q" $((DATA_END - 30)))"
v="$(value "$VM_URL" "$Q" $((DATA_END - 30)))"
check "increase off the grid: victoria-metrics $v is whole, prometheus $p extrapolated, within 1%" \
	python3 -c 'import sys
p, v = float(sys.argv[1]), float(sys.argv[2])
sys.exit(0 if v == int(v) and p != int(p) and abs(p - v) < 0.01 * v else 1)' "$p" "$v"

echo "# $(($(date +%s) - T0)) s including start"
finish
