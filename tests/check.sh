# check.sh: counting checks the way the suite adds them up. Source it.
# Each check prints "ok - NAME" or "not ok - NAME", each skip "skip - NAME: REASON";
# finish prints the closing line "N passed, M failed, K skipped" that tests/run-all.sh
# adds up (and that fails the whole run under CI=true when K > 0).

PASS=0
FAIL=0
SKIP=0
LAST_CAPTURE=""

# Record one check: name, then a command that succeeds when it holds. Returns 0 when it
# held, 1 when it did not.
check() {
	local name="$1"
	shift
	if "$@"; then
		PASS=$((PASS + 1))
		echo "ok - $name"
		return 0
	fi
	FAIL=$((FAIL + 1))
	echo "not ok - $name"
	if [ -n "${LAST_CAPTURE:-}" ]; then
		echo "# screen was:"
		printf '%s\n' "$LAST_CAPTURE" | sed 's/^/#   /'
	fi
	return 1
}

# Record a check that could not be made here: name, then why (said, and counted apart).
skip() {
	local name="$1"
	shift
	SKIP=$((SKIP + 1))
	echo "skip - $name: ${*:-no reason given}"
}

# The closing line the suite adds up; fails when a check failed.
finish() {
	echo "$PASS passed, $FAIL failed, $SKIP skipped"
	[ "$FAIL" -eq 0 ]
}

# A Python checker's lines, counted as this suite's checks: name, a file for its output,
# then the script and its arguments. It must end with its own summary, and its exit
# status must agree with it: a checker that crashed, or checked nothing, fails here.
run_checker() {
	local name="$1" out="$2" rc fails=0 summary
	shift 2
	python3 "$@" >"$out" 2>&1
	rc=$?
	while IFS= read -r line; do
		case "$line" in
		"ok - "*) PASS=$((PASS + 1)); echo "$line" ;;
		"not ok - "*) FAIL=$((FAIL + 1)); fails=$((fails + 1)); echo "$line" ;;
		*" passed, "*" failed") ;;
		*) echo "# $line" ;;
		esac
	done <"$out"
	summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$out" | tail -n 1)
	check "$name: the checker ran to its end ($summary, exit $rc)" \
		bash -c '[ -n "$1" ] && [ "${1%% *}" -gt 0 ] &&
			{ { [ "$2" = 0 ] && [ "$3" = 0 ]; } || { [ "$2" != 0 ] && [ "$3" -gt 0 ]; }; }' \
		_ "$summary" "$rc" "$fails"
}

# Start the test engines (tests/engines/start.sh) into DIR and read their env; when they
# do not come up, show why, count it as a failure and end the script.
engines_up() {
	local here
	here="$(dirname "${BASH_SOURCE[0]}")/engines"
	mkdir -p "$1"
	if ! "$here/start.sh" "$1" >"$1/start.out" 2>&1; then
		sed 's/^/# /' "$1/start.out"
		check "the engines start" false
		finish
		exit 1
	fi
	. "$1/env"
}
