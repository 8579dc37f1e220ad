#!/usr/bin/env bash
# Run every libFuzzer target for a while on its corpus (tests/fuzz/corpus/<name>/).
# usage: tests/fuzz/run.sh BUILD_DIR SECONDS
# New inputs go to a temporary directory, so the kept corpus changes only by hand; a crash
# is a failure, reported with the input that caused it (add it to the corpus once fixed).
set -u
BUILD="$1"
SECS="$2"
cd "$(dirname "$0")/../.."
. tests/check.sh
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# Fuzz target $1 for SECS seconds; true when it found nothing.
fuzz_clean() {
	local name="$1"
	mkdir -p "$WORK/$name"
	"$BUILD/fuzz_$name" -max_total_time="$SECS" -print_final_stats=1 \
		-artifact_prefix="$WORK/$name-" "$WORK/$name" "tests/fuzz/corpus/$name" \
		>"$WORK/$name.log" 2>&1
	local rc=$?
	RUNS=$(sed -n 's/^stat::number_of_executed_units: *//p' "$WORK/$name.log")
	if [ "$rc" -ne 0 ]; then
		echo "# exit status $rc; the end of its log:"
		grep -v '^#[0-9]' "$WORK/$name.log" | grep -v '^"' | tail -n 30 | sed 's/^/# /'
		for f in "$WORK/$name"-*; do
			[ -e "$f" ] && echo "# input: $(od -An -c "$f" | head -c 300)"
		done
	fi
	return "$rc"
}

for t in "$BUILD"/fuzz_*; do
	name="${t##*/fuzz_}"
	fuzz_clean "$name"
	check "fuzz_$name: ${RUNS:-0} inputs in ${SECS} s, no crash, leak or undefined behaviour" \
		[ "$?" -eq 0 ]
done
finish
