#!/usr/bin/env bash
# The docs against the code: every metric a shipped view queries is documented in
# docs/metrics.md, the generator of the engine test data writes the documented metrics
# with their types, and no file of the repository points to notes kept outside it.
# Ends with "N passed, M failed".
# usage: tests/test_docs.sh
set -u
cd "$(dirname "$0")/.." || exit 1
. tests/check.sh

DOC=docs/metrics.md
SELF=tests/test_docs.sh
# The metric name prefixes of the contract.
METRIC_RE='\b(kpi|model|hr)_[A-Za-z0-9_]+'

# The metric names in the PromQL of views/*.json, one a line, sorted.
view_metrics() {
	grep -ohE '"promql": *"([^"\\]|\\.)*"' views/*.json | grep -oE "$METRIC_RE" | sort -u
}

# The metrics of docs/metrics.md's tables, as "name type" lines, sorted.
doc_metrics() {
	sed -nE 's/^\| `([a-z0-9_]+)` \| (counter|gauge|histogram) \|.*/\1 \2/p' "$DOC" | sort
}

# The metric families tests/engines/gen_data.py writes, as "name type" lines, sorted.
generated_metrics() {
	grep -oE 'Family\("[a-z0-9_]+", "[a-z]+"' tests/engines/gen_data.py |
		sed -E 's/Family\("([a-z0-9_]+)", "([a-z]+)"/\1 \2/' | sort
}

# True when docs/metrics.md names every metric in the lines of $1; names the missing.
all_documented() {
	local m missing=""
	for m in $1; do
		grep -qw -- "$m" "$DOC" || missing="$missing $m"
	done
	[ -z "$missing" ] || echo "# not in $DOC:$missing"
	[ -z "$missing" ]
}

# True when $1 and $2 are the same; shows both when not.
same() {
	[ "$1" = "$2" ] && return 0
	echo "# got:      $1"
	echo "# expected: $2"
	return 1
}

# The repository's files, tracked or about to be (not ignored), without this script.
repo_files() {
	if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
		git ls-files --cached --others --exclude-standard
	else
		find . -type f -not -path './.git/*' -not -path './build*' | sed 's|^\./||'
	fi | grep -vxF "$SELF" | sort -u
}

# True when no file of the repository refers to ../shared/, or to a DESIGN.md,
# METRICS.md, FACTS.md or STYLE.md that is not itself in the repository; lists each
# reference found as file:line.
no_outside_refs() {
	local pat='\.\./shared/|(^|[^A-Za-z0-9_.-])shared/[A-Za-z0-9_.-]+\.md'
	local n ours
	for n in DESIGN METRICS FACTS STYLE; do
		ours=$(repo_files | grep -cE "(^|/)$n\.md$")
		[ "$ours" -eq 0 ] && pat="$pat|\\b$n\\.md\\b"
	done
	local hits
	hits=$(repo_files | while IFS= read -r f; do
		[ -f "$f" ] && printf '%s\0' "$f"
	done | xargs -0 -r grep -nIE -- "$pat" 2>/dev/null)
	[ -z "$hits" ] && return 0
	printf '%s\n' "$hits" | sed 's/^/# /'
	return 1
}

VIEW_METRICS="$(view_metrics)"
check "the views query metrics ($(echo "$VIEW_METRICS" | wc -w) names found)" \
	test -n "$VIEW_METRICS"
check "$DOC documents every metric queried in views/*.json" \
	all_documented "$VIEW_METRICS"
check "$DOC has the contract's tables ($(doc_metrics | wc -l) metrics)" \
	test "$(doc_metrics | wc -l)" -gt 0
check "tests/engines/gen_data.py writes exactly the metrics of $DOC, with their types" \
	same "$(generated_metrics | tr '\n' ' ')" "$(doc_metrics | tr '\n' ' ')"
check "README.md points to $DOC" grep -qF "$DOC" README.md
check "no file of the repository refers to notes outside it" no_outside_refs

finish
