#!/usr/bin/env bash
# The scripted session of a person's use, under AddressSanitizer, UBSan and LeakSanitizer:
# every view, help, resizes, the too-small screen, then q. No report may appear.
# usage: test_session_asan.sh path/to/asan/kpidash
set -u
BIN="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
. "$(dirname "$0")/lib.sh"
WORK="$(mktemp -d)"
trap 'lib_cleanup; rm -rf "$WORK"' EXIT

start_shell 160 48 TERM=tmux-256color \
	ASAN_OPTIONS="detect_leaks=1:log_path=$WORK/asan:abort_on_error=0" \
	UBSAN_OPTIONS="print_stacktrace=1:log_path=$WORK/ubsan"
type_line "$BIN --refresh 0.2; echo EXIT=\$?"
check "the sanitized binary starts" wait_for 'Value vs cost' 10
for k in 2 3 4 1 Tab BTab j l k h '?' Escape - + r; do
	press "$k"
	sleep 0.15
done
resize 80 24
sleep 0.3
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
