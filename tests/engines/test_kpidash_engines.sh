#!/usr/bin/env bash
# kpidash against real engines: Debian's Prometheus and VictoriaMetrics, loaded with the
# project's own data set (tests/engines/start.sh). Every shipped panel's figure must be
# the engine's own answer to the view's PromQL, scaled by the view's declared "per" over
# the step (check_figures.py: nothing is taken from kpidash's printed scale); the
# executive view in tmux must show the engine's figures, formatted as documented, each in
# its own panel; a wrong URL must say why on the first screen.
# usage: test_kpidash_engines.sh path/to/kpidash
set -u
BIN="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
. "$ROOT/tests/screen/lib.sh"
ENG="$(mktemp -d)"
trap '"$HERE/stop.sh" "$ENG"; lib_cleanup; rm -rf "$ENG"' EXIT

engines_up "$ENG"

# Every figure of every shipped panel, on each engine, against its own answer to the view's
# PromQL, scaled by the view's declared "per" over the step (check_figures.py). The floor
# of 1 person shows every cohort: hiding small ones is test_drill_engines.sh's to check.
RANGE=86400 # --range 24h, the default, given explicitly: the window the checks assume
for engine in prometheus victoriametrics; do
	url=$PROM_URL
	[ "$engine" = victoriametrics ] && url=$VM_URL
	"$BIN" --prometheus "$url" --clock "$DATA_END" --range 24h --privacy-floor 1 --once \
		>"$ENG/$engine.tsv" 2>"$ENG/$engine.err"
	check "$engine: kpidash --once fetches every panel without an error" \
		bash -c '[ -s "$1" ] && [ ! -s "$2" ]' _ "$ENG/$engine.tsv" "$ENG/$engine.err"
	sed 's/^/# /' "$ENG/$engine.err"
	run_checker "$engine" "$ENG/checker.out" "$HERE/check_figures.py" "$engine" "$url" "$ENG/$engine.tsv" \
		"$ROOT/views" --end "$DATA_END" --range "$RANGE"
done

# The text a panel's figure must read: the engine's own answer, formatted as documented (a
# ratio as a percent with the panel's decimals...), computed by check_figures.py --text.
engine_text() {
	python3 "$HERE/check_figures.py" --text "$1" "$ENG/$2.tsv" "$ROOT/views" executive "$3" \
		--end "$DATA_END" --range "$RANGE" 2>>"$ENG/text.err"
}

# True when the panel titled $1 (its box on the screen now) shows the figure $2 inside it.
in_panel() {
	capture | python3 "$HERE/check_figures.py" --in-panel "$1" "$2"
}

# Wait up to $3 seconds (default 10) for in_panel; an empty figure (none computed) fails.
panel_reads() {
	local i=0
	[ -n "$2" ] || return 1
	while [ "$i" -lt $((${3:-10} * 20)) ]; do
		in_panel "$1" "$2" && return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}

# The executive view in a real terminal shows the figures Prometheus computes: first that
# the screen is the executive view on Prometheus over 24h, then each stat panel's figure,
# inside that panel's own box, as the engine's answer formatted the documented way.
start_shell 160 48 TERM=tmux-256color
type_line "$BIN --prometheus $PROM_URL --clock $DATA_END --range 24h --refresh 5; echo EXIT=\$? prom"
check "the executive view appears with data from Prometheus" wait_for 'SLA compliance' 10
check "the status bar names the engine and its version" wait_for 'Prometheus 2\.[0-9]+' 5
check "the screen is the executive view over 24h (its tab, its panels, the range)" \
	shows_all '1 Executive' 'AI adoption' 'Automation rate' 'Model drift (max PSI)' 'range 24h'
for title in "AI adoption" "Automation rate" "Training-to-use gap" "Model drift (max PSI)" \
	"SLA compliance" "Productivity vs control"; do
	text=$(engine_text "$PROM_URL" prometheus "$title")
	check "on screen, the $title panel reads ${text:-?}: Prometheus's own answer, formatted as documented" \
		panel_reads "$title" "$text"
done
sed 's/^/# /' "$ENG/text.err"
press q
wait_for 'EXIT=0 prom' 5 >/dev/null

# VictoriaMetrics' buildinfo is empty: the status bar still names something honest, and the
# view fills in with VictoriaMetrics' own figures.
type_line "$BIN --prometheus $VM_URL --clock $DATA_END --range 24h; echo EXIT=\$? vm"
check "against VictoriaMetrics the view fills in" wait_for 'SLA compliance' 10
check "the screen is the executive view over 24h" shows_all '1 Executive' 'AI adoption' 'range 24h'
text=$(engine_text "$VM_URL" victoriametrics "SLA compliance")
check "on screen, the SLA compliance panel reads ${text:-?}: VictoriaMetrics's own answer" \
	panel_reads "SLA compliance" "$text"
press q
wait_for 'EXIT=0 vm' 5 >/dev/null

# True when kpidash's own screen is up (the alternate screen, the executive view's tab):
# the message checks below read it, not a line the shell printed.
screen_says() {
	wait_for "$1" "${2:-10}" && alternate_on && shows '1 Executive'
}

# A wrong path prefix answers 404 in plain text: the first screen says to check the URL.
type_line "$BIN --prometheus $PROM_URL/prometheus --clock $DATA_END; echo EXIT=\$? prefix"
check "a wrong path prefix: the executive view's screen is up" wait_for '1 Executive' 10
check "a wrong path prefix is named as such on it, not as invalid JSON" \
	screen_says 'check the URL' 10
press q
check "and q quits it (exit 0)" wait_for 'EXIT=0 prefix' 5

# VictoriaMetrics answers a wrong path with 400 in plain text: named the same way.
"$BIN" --prometheus "$VM_URL/bogus" --clock "$DATA_END" --once --view model >/dev/null 2>"$ENG/vm-bogus.err"
check "VictoriaMetrics at a wrong path: said to check the URL and path prefix" \
	grep -q 'not a Prometheus API here (HTTP 400, unsupported path: check the URL' "$ENG/vm-bogus.err"

# Nothing listens: the first screen says the connection was refused.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
type_line "$BIN --prometheus http://127.0.0.1:$port --clock $DATA_END; echo EXIT=\$? refused"
check "nothing listening: the executive view's screen is up" wait_for '1 Executive' 10
check "a refused connection is said on that first screen" screen_says 'refused' 10
press q
check "and q still quits at once" wait_for 'EXIT=0 refused' 5

finish
