#!/usr/bin/env bash
# Line and branch coverage of the product's code from a --coverage build that has run
# the suite: one line a folder, then the files below 90% of lines, then the total.
# usage: scripts/coverage.sh BUILD_DIR   (writes BUILD_DIR/coverage.json and coverage.txt)
set -euo pipefail
BUILD="${1:-build-cov}"
cd "$(dirname "$0")/.."
# The product only: the tests, the generated tables and the build tools are not measured.
gcovr -r . --object-directory "$BUILD/obj" \
	--filter 'app/' --filter 'client/' --filter 'views/' --filter 'tui/' --filter 'util/' \
	--filter 'report/' --filter 'analysis/' --filter 'main\.c' \
	--exclude-unreachable-branches \
	--json-summary "$BUILD/coverage.json" --txt "$BUILD/coverage.txt" >/dev/null
python3 - "$BUILD/coverage.json" <<'EOF'
import collections, json, sys
files = json.load(open(sys.argv[1]))["files"]
by = collections.OrderedDict()
for f in sorted(files, key=lambda f: f["filename"]):
    folder = f["filename"].split("/")[0] if "/" in f["filename"] else "main.c"
    d = by.setdefault(folder, [0, 0, 0, 0])
    d[0] += f["line_covered"]; d[1] += f["line_total"]
    d[2] += f["branch_covered"]; d[3] += f["branch_total"]
pct = lambda a, b: 100.0 * a / b if b else 100.0
print("%-8s %14s %16s" % ("folder", "lines", "branches"))
tot = [0, 0, 0, 0]
for folder, d in by.items():
    print("%-8s %6.1f%% %6d %8.1f%% %6d" % (folder, pct(d[0], d[1]), d[1], pct(d[2], d[3]), d[3]))
    tot = [a + b for a, b in zip(tot, d)]
print("%-8s %6.1f%% %6d %8.1f%% %6d" % ("all", pct(tot[0], tot[1]), tot[1], pct(tot[2], tot[3]), tot[3]))
low = [(pct(f["line_covered"], f["line_total"]), f["filename"]) for f in files
       if f["line_total"] and pct(f["line_covered"], f["line_total"]) < 90]
if low:
    print("# below 90% of lines:", ", ".join("%s %.0f%%" % (n, p) for p, n in sorted(low)))
EOF
