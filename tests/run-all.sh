#!/usr/bin/env bash
# Run every test and end with the one line the suite adds up to: "N passed, M failed".
# usage: tests/run-all.sh BUILD_DIR ASAN_BUILD_DIR
set -u
BUILD="${1:-build}"
ASAN="${2:-build-asan}"
cd "$(dirname "$0")/.."
passed=0
failed=0
LOG="$(mktemp -d)"
trap 'rm -rf "$LOG"' EXIT

# Add the counts a cmocka binary printed ("[  PASSED  ] N test(s)." / "[  FAILED  ] N test(s)").
count_cmocka() {
	local p f
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$1" | tail -n 1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$1" | tail -n 1)
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
}

# Add the counts of a script that ends with "N passed, M failed".
count_plain() {
	local line
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$1" | tail -n 1)
	passed=$((passed + $(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')))
	failed=$((failed + $(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')))
}

# Run one test; a run that crashed or printed no counts is one failure.
run() {
	local kind="$1" name="$2"
	shift 2
	local out="$LOG/${name//\//_}.log"
	echo "== $name"
	"$@" >"$out" 2>&1
	local rc=$?
	cat "$out"
	local before=$((passed + failed)) fb=$failed
	"count_$kind" "$out"
	if [ $((passed + failed)) -eq "$before" ] || { [ "$rc" -ne 0 ] && [ "$failed" -eq "$fb" ]; }; then
		echo "not ok - $name exited $rc without reporting a failure"
		failed=$((failed + 1))
	fi
}

export TZ=UTC
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
# A locale whose decimal point is a comma, so number formatting is tested against one.
mkdir -p "$LOG/locale"
localedef -i de_DE -f UTF-8 "$LOG/locale/de_DE.UTF-8" >/dev/null 2>&1 || true
# The unit tests, then the same under ASan, UBSan and LeakSanitizer.
for t in "$BUILD"/test_* $([ "$ASAN" != "$BUILD" ] && echo "$ASAN"/test_*); do
	[ -x "$t" ] || continue
	name="$(basename "$(dirname "$t")")/$(basename "$t")"
	case "$t" in
	*/test_format | */test_prom | */test_rest) run cmocka "$name" env LOCPATH="$LOG/locale" "$t" ;;
	*) run cmocka "$name" "$t" ;;
	esac
done
run plain layers tests/test_layers.sh "$BUILD"
run plain layers-selftest tests/test_layers_selftest.sh
run plain fuzz tests/fuzz/run.sh build-fuzz 20
run plain config tests/test_config.sh "$BUILD/kpidash"
run plain docs tests/test_docs.sh
run plain gallery tests/screen/test_gallery.sh "$BUILD/gallery"
run plain screen tests/screen/test_kpidash.sh "$BUILD/kpidash"
run plain drill-screen tests/screen/test_drill.sh "$BUILD/kpidash"
run plain asan-session tests/screen/test_session_asan.sh "$ASAN/kpidash"
run plain faults tests/screen/test_faults.sh "$BUILD/kpidash"
run plain rest tests/test_rest.sh "$BUILD/kpidash" "$BUILD/kpi_rest_server"
run plain engine-fixture tests/engines/test_engines.sh
run plain engines tests/engines/test_kpidash_engines.sh "$BUILD/kpidash"
run plain drill-rest tests/test_drill_rest.sh "$BUILD/kpidash" "$BUILD/kpi_rest_server"
run plain drill-engines tests/engines/test_drill_engines.sh "$BUILD/kpidash"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
