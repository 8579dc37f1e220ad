# check.sh: counting checks the way the suite adds them up. Source it.
# Each check prints "ok - NAME" or "not ok - NAME"; finish prints "N passed, M failed".

PASS=0
FAIL=0
LAST_CAPTURE=""

# Record one check: name, then a command that succeeds when it holds.
check() {
	local name="$1"
	shift
	if "$@"; then
		PASS=$((PASS + 1))
		echo "ok - $name"
	else
		FAIL=$((FAIL + 1))
		echo "not ok - $name"
		if [ -n "${LAST_CAPTURE:-}" ]; then
			echo "# screen was:"
			printf '%s\n' "$LAST_CAPTURE" | sed 's/^/#   /'
		fi
	fi
}

# The closing line the suite adds up.
finish() {
	echo "$PASS passed, $FAIL failed"
	[ "$FAIL" -eq 0 ]
}

# Start the test engines (tests/engines/start.sh) into DIR and read their env; when they
# do not come up, show why, count it as a failure and end the script.
engines_up() {
	local here
	here="$(dirname "${BASH_SOURCE[0]}")/engines"
	if ! "$here/start.sh" "$1" >"$1/start.out" 2>&1; then
		sed 's/^/# /' "$1/start.out"
		check "the engines start" false
		finish
		exit 1
	fi
	. "$1/env"
}
