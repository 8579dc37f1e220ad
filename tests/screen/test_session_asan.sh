#!/usr/bin/env bash
# The scripted session of a person's use, under AddressSanitizer, UBSan and LeakSanitizer:
# every view, help, the drill-down, resizes, the too-small screen, then q. No report may appear.
# usage: test_session_asan.sh path/to/asan/kpidash
set -u
BIN="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
. "$(dirname "$0")/lib.sh"
WORK="$(mktemp -d)"
trap 'lib_cleanup; rm -rf "$WORK"' EXIT
cd "$WORK" # the drill-down's export lands here

start_shell 160 48 TERM=tmux-256color \
	ASAN_OPTIONS="detect_leaks=1:log_path=$WORK/asan:abort_on_error=0" \
	UBSAN_OPTIONS="print_stacktrace=1:log_path=$WORK/ubsan"
type_line "$BIN --refresh 0.2; echo EXIT=\$?"
check "the sanitized binary starts" wait_for 'Value vs cost' 10
for k in 2 3 4 1 Tab BTab j l k h '?' Escape - + r; do
	press "$k"
	sleep 0.15
done
# the drill-down: HR (privacy), drill, nested, sort, filter, heat grid, compare refused,
# export, scroll, a resize inside it, back up; then compare on the executive view
for k in 4 Enter d d d j Enter S s / f r a BSpace Escape h j h c G g End Home e \
	PageDown PageUp BSpace 0 1 j l Enter c s S h h c Escape; do
	press "$k"
	sleep 0.15
done
check "the drill-down took the keys and came back to the dashboard" wait_for '1 Executive' 5
resize 80 24
sleep 0.3
press 4
press Enter
sleep 0.3
resize 100 30
sleep 0.3
press Escape
sleep 0.2
resize 50 14
sleep 0.3
resize 200 60
sleep 0.5
press C-l
sleep 0.3
check "it still shows the dashboard after the session" wait_for '1 Executive' 5
press q
check "it exits with status 0" wait_for 'EXIT=0' 10
check "no sanitizer report" bash -c "! ls $WORK/asan* $WORK/ubsan* 2>/dev/null | grep -q ."
if ls "$WORK"/asan* "$WORK"/ubsan* >/dev/null 2>&1; then
	head -n 40 "$WORK"/asan* "$WORK"/ubsan* 2>/dev/null | sed 's/^/# /'
fi
finish
