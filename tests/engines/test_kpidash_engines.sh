#!/usr/bin/env bash
# kpidash against real engines: Debian's Prometheus and VictoriaMetrics, loaded with the
# project's own data set (tests/engines/start.sh). Every shipped panel's figure must be
# what the engine computes; the executive view in tmux must show those figures; a wrong
# URL must say why on the first screen.
# usage: test_kpidash_engines.sh path/to/kpidash
set -u
BIN="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
. "$ROOT/tests/screen/lib.sh"
ENG="$(mktemp -d)"
trap '"$HERE/stop.sh" "$ENG"; lib_cleanup; rm -rf "$ENG"' EXIT

engines_up "$ENG"

# Every figure of every shipped panel, on each engine, against its own answer. The floor
# of 1 person shows every cohort: hiding small ones is test_drill_engines.sh's to check.
for engine in prometheus victoriametrics; do
	url=$PROM_URL
	[ "$engine" = victoriametrics ] && url=$VM_URL
	"$BIN" --prometheus "$url" --clock "$DATA_END" --privacy-floor 1 --once \
		>"$ENG/$engine.tsv" 2>"$ENG/$engine.err"
	check "$engine: kpidash --once fetches every panel without an error" \
		bash -c '[ -s "$1" ] && [ ! -s "$2" ]' _ "$ENG/$engine.tsv" "$ENG/$engine.err"
	sed 's/^/# /' "$ENG/$engine.err"
	while IFS= read -r line; do
		case "$line" in
		"ok - "*) PASS=$((PASS + 1)); echo "$line" ;;
		"not ok - "*) FAIL=$((FAIL + 1)); echo "$line" ;;
		"#"*) echo "$line" ;;
		esac
	done < <(python3 "$HERE/check_figures.py" "$engine" "$url" "$ENG/$engine.tsv" "$ROOT/views")
done

# The executive view in a real terminal shows the figures Prometheus computes.
start_shell 160 48 TERM=tmux-256color
type_line "$BIN --prometheus $PROM_URL --clock $DATA_END --refresh 5; echo EXIT=\$?"
check "the executive view appears with data from Prometheus" wait_for 'SLA compliance' 10
check "the status bar names the engine and its version" wait_for 'Prometheus 2\.[0-9]+' 5
wait_for '[0-9]%' 5 >/dev/null
sleep 0.5
for title in "AI adoption" "Automation rate" "Training-to-use gap" "Model drift (max PSI)" \
	"SLA compliance" "Productivity vs control"; do
	text=$(awk -F'\t' -v t="$title" '$1 == "executive" && $2 == t { print $8; exit }' \
		"$ENG/prometheus.tsv")
	check "on screen, $title reads $text as Prometheus computes it" shows "[ !✗]$text( |$)"
done
press q
wait_for 'EXIT=0' 5 >/dev/null

# VictoriaMetrics' buildinfo is empty: the status bar still names something honest.
type_line "$BIN --prometheus $VM_URL --clock $DATA_END; echo EXIT=\$?"
check "against VictoriaMetrics the view fills in" wait_for 'SLA compliance' 10
press q
wait_for 'EXIT=0' 5 >/dev/null

# A wrong path prefix answers 404 in plain text: the first screen says to check the URL.
type_line "$BIN --prometheus $PROM_URL/prometheus --clock $DATA_END; echo EXIT=\$?"
check "a wrong path prefix is named as such, not as invalid JSON" \
	wait_for 'check the URL' 10
press q
wait_for 'EXIT=0' 5 >/dev/null

# VictoriaMetrics answers a wrong path with 400 in plain text: named the same way.
"$BIN" --prometheus "$VM_URL/bogus" --clock "$DATA_END" --once --view model >/dev/null 2>"$ENG/vm-bogus.err"
check "VictoriaMetrics at a wrong path: said to check the URL and path prefix" \
	grep -q 'not a Prometheus API here (HTTP 400, unsupported path: check the URL' "$ENG/vm-bogus.err"

# Nothing listens: the first screen says the connection was refused.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
type_line "$BIN --prometheus http://127.0.0.1:$port --clock $DATA_END; echo EXIT=\$?"
check "a refused connection is said on the first screen" wait_for 'refused' 10
press q
check "and q still quits at once" wait_for 'EXIT=0' 5

finish
