#!/usr/bin/env bash
# Screen tests of what changed (w): the list of everything abnormal now across the views,
# worst first, on the demo with a fixed clock, at 80x24, 160x48 and 300x90: its title's
# counts, its entries and their order, the "driven by" line under an entry whose drivers
# are known, j/k/g/G, Enter into the entry's drill-down at its cohort on its driver's row,
# Esc and w back to the dashboard; the status line's count on the dashboard before; and the
# privacy floor: no entry and no "driven by" line of an HR panel names a cohort that the
# drill-down of the same cohort shows as suppressed.
#
# Every expectation comes from outside the screen: kpidash --once --what-changed (the same
# list as TSV: level, view, panel[ / column], series, figure, window, normal, since, kinds,
# drivers) and, for the privacy floor, kpidash --once --drill (the cohort table as CSV, its
# status column saying "ok" or "suppressed (...)"), each with the same clock and floor. Each
# check first finds the screen it means: the frame titled "What changed: ...", the tab drawn
# active, the breadcrumb of the drill-down. Titles cut to "Prefix…" in a narrow column are
# compared as prefixes. Normal and since are compared too: they come from the detectors'
# points, the same at any size (since reads "all range" where it was so all along).
#
# The privacy runs add one view of our own (--dashboard): HR overtime over 24 hours, past
# its thresholds, so that it is listed with a driver broken down by team, where the floor
# hides fraud (3 people) and the cohort that covers it. At --privacy-floor 1 its driver is a
# cohort that the default floor hides: the privacy check has something to find.
# usage: test_changes.sh path/to/kpidash
set -u
BIN="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
. "$ROOT/tests/screen/lib.sh"
WORK="$(mktemp -d)"
trap 'lib_cleanup; rm -rf "$WORK"' EXIT
CLOCK="--clock 2026-11-23T12:00:00Z"
TABS=("1 Executive" "2 Operations" "3 Model health" "4 HR adoption")

cat >"$WORK/ot.json" <<'JSON'
{"name": "overtime", "title": "Overtime", "range": "24h",
 "headcount": {"kpi": "headcount", "promql": "sum by ($group) (hr_headcount{$filter})"},
 "rows": [{"height": 5, "panels": [
  {"title": "Overtime hours", "kind": "stat", "unit": "hours", "decimals": 2,
   "direction": "down", "thresholds": {"warn": 1, "bad": 2}, "window": "24h",
   "drill": ["team"], "privacy": true, "detect": false,
   "queries": [{"kpi": "overtime_hours",
                "promql": "sum by ($group) (increase(hr_overtime_hours_total{$filter}[$step]))"}]}]}]}
JSON

cat >"$WORK/cw.py" <<'PY'
"""cw.py COMMAND ...: what test_changes.sh reads off a screen (stdin: tmux capture-pane -e).

tab LABEL...          the LABEL of the first line drawn in a style no other has: the active tab
title                 the text of the what-changed frame's title ("What changed: ...")
rows                  the list's lines, one a line: E<TAB>sel<TAB>what<TAB>figure<TAB>view for an
                      entry, D<TAB>sel<TAB>text for a "driven by" line (sel: 1 when highlighted)
first ORACLE          the list's first line is the oracle's first entry
order ORACLE ROWS     the entries shown, top down, are the oracle's first ones: all of them, or
                      as many as fill the list's ROWS lines
drivers ORACLE I      under entry I (from 1) of the oracle, as shown, a line "driven by TEXT"
                      when its drivers field is TEXT, none when it is empty
drivers-all ORACLE    the same under every entry shown, and no other "driven by" line
sel ORACLE I          the one entry drawn selected is the oracle's entry I (from 1; 0: the
                      last); when the list starts at the top, it is the I-th shown
last ORACLE           the last entry shown is the oracle's last entry
crumb                 the drill-down's breadcrumb (line 2), stripped
drillsel              the cohort on the drill-down's selected row
privacy ORACLE VIEWS  every entry shown of a privacy panel names no cohort, and its "driven by"
                      line no cohort, that --once --drill (env KP_BIN, KP_ARGS) shows as
                      suppressed; exit 1 on such a leak (LEAK lines), 2 when it cannot tell
nohr ORACLE VIEWS     neither the screen nor the oracle lists an entry of a privacy panel
VIEWS: a file of "view<TAB>privacy<TAB>panel title" lines.
"""
import csv
import datetime
import io
import os
import re
import shlex
import subprocess
import sys

CSI = re.compile(r"\x1b\[([0-?]*)([ -/]*)([@-~])")
OSC = re.compile(r"\x1b\][^\x07\x1b]*(\x07|\x1b\\)")


def cells(screen):
    """Each line as a list of (char, style, highlighted): the SGR state carries over lines.
    style: (bold, dim, italic, underline, reverse, foreground, background)."""
    out, st = [], [False, False, False, False, False, None, None]
    for line in screen.split("\n"):
        row, i = [], 0
        line = OSC.sub("", line)
        while i < len(line):
            if line[i] == "\x1b":
                m = CSI.match(line, i)
                if not m:
                    i += 1
                    continue
                if m.group(3) == "m":
                    ps = re.split("[;:]", m.group(1)) if m.group(1) else ["0"]
                    k = 0
                    while k < len(ps):
                        n = int(ps[k]) if ps[k].isdigit() else 0
                        if n == 0:
                            st = [False, False, False, False, False, None, None]
                        elif 1 <= n <= 4 or n == 7:
                            st[{1: 0, 2: 1, 3: 2, 4: 3, 7: 4}[n]] = True
                        elif n == 22:
                            st[0] = st[1] = False
                        elif 23 <= n <= 24 or n == 27:
                            st[{23: 2, 24: 3, 27: 4}[n]] = False
                        elif 30 <= n <= 37 or 90 <= n <= 97:
                            st[5] = str(n)
                        elif n == 39:
                            st[5] = None
                        elif 40 <= n <= 47 or 100 <= n <= 107:
                            st[6] = str(n)
                        elif n == 49:
                            st[6] = None
                        elif n in (38, 48, 58):
                            w = 3 if k + 1 < len(ps) and ps[k + 1] == "5" else 5
                            colour = ";".join(ps[k + 1:k + w])
                            if n != 58:
                                st[5 if n == 38 else 6] = colour
                            k += w - 1
                        k += 1
                i = m.end()
                continue
            row.append((line[i], tuple(st), st[4] or st[6] is not None))
            i += 1
        out.append(row)
    return out


def text_of(row):
    return "".join(c for c, _, _ in row)


def read_screen():
    grid = cells(sys.stdin.read())
    return grid, [text_of(r) for r in grid]


def oracle(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            c = line.split("\t")
            c += [""] * (10 - len(c))
            out.append({"level": c[0], "view": c[1], "title": c[2], "series": c[3],
                        "now": c[4], "window": c[5], "normal": c[6], "since": c[7],
                        "drivers": c[9]})
    return out


def full_what(o):
    return o["title"] + ("  " + o["series"] if o["series"] else "")


def figure(o):
    return ("✗" if o["level"] == "bad" else "!") + " " + o["now"] + " (" + o["window"] + ")"


ENTRY = re.compile(r"^│ (.*?)\s+([✗!] \S+ \(\S+\))\s+(\S+)\s+(all range|--|[A-Z][a-z]{2} \d\d \d\d:\d\d|"
                   r"\d\d:\d\d)\s+(\S+)\s*│$")
DRIVEN = re.compile(r"^│   driven by (.*?)\s*│$")


def rows(grid, texts):
    """The list's lines under its header, to the frame's bottom: dicts with kind, sel, ..."""
    out, inside = [], False
    for row, t in zip(grid, texts):
        if not inside:
            inside = re.match(r"^│ what\s+now\s+normal\s+since\s+view\s*│$", t) is not None
            continue
        if t.startswith("└"):
            break
        sel = any(h for c, _, h in row[1:-1] if c != " ") if len(row) > 2 else False
        m = ENTRY.match(t)
        if m:
            out.append({"kind": "E", "sel": sel, "what": m.group(1), "fig": m.group(2),
                        "normal": m.group(3), "since": m.group(4), "view": m.group(5),
                        "text": t})
            continue
        m = DRIVEN.match(t)
        if m:
            out.append({"kind": "D", "sel": sel, "text": m.group(1)})
            continue
        if t.strip("│ ") == "":
            continue
        out.append({"kind": "?", "sel": sel, "text": t})
    return out


# The data's clock (--clock): since reads HH:MM within a day of it, else "Mon DD HH:MM".
NOW = datetime.datetime(2026, 11, 23, 12, 0, tzinfo=datetime.timezone.utc)


def since_shown(o):
    """The oracle's since (ISO, UTC) as the screen writes it (TZ=UTC), "--" when empty."""
    if not o["since"]:
        return "--"
    t = datetime.datetime.strptime(o["since"], "%Y-%m-%dT%H:%M:%SZ").replace(
        tzinfo=datetime.timezone.utc)
    return t.strftime("%H:%M" if abs((NOW - t).total_seconds()) < 86400 else "%b %d %H:%M")


def same(shown, o):
    """Whether a shown entry is oracle entry o: what (whole or its cut prefix), figure,
    normal, since ("all range" where it was so from the range's start) and view."""
    full, what = full_what(o), shown["what"]
    if what.endswith("…"):
        ok = len(what) > 1 and full.startswith(what[:-1]) and what[:-1] != full
    else:
        ok = what == full
    since_ok = shown["since"] in (since_shown(o), "all range") and o["since"] != "" or \
        shown["since"] == since_shown(o)
    return ok and shown["fig"] == figure(o) and shown["view"] == o["view"] and \
        shown["normal"] == o["normal"] and since_ok


def say(msg):
    print("# " + msg)


def show(o):
    return "%s | %s | %s | %s | %s" % (full_what(o), figure(o), o["normal"], since_shown(o),
                                      o["view"])


def entries_of(lines):
    return [r for r in lines if r["kind"] == "E"]


def cmd_first(args, grid, texts):
    o = oracle(args[0])
    lines = rows(grid, texts)
    if not o or not lines:
        say("no oracle entry or no list line")
        return 1
    if lines[0]["kind"] != "E" or not same(lines[0], o[0]):
        say("first line: %r; the oracle's: %s" % (lines[0]["text"], show(o[0])))
        return 1
    return 0


def cmd_order(args, grid, texts):
    o, room = oracle(args[0]), int(args[1])
    lines = rows(grid, texts)
    shown = entries_of(lines)
    strange = [r["text"] for r in lines if r["kind"] == "?"]
    if strange:
        say("lines that are neither an entry nor a driven-by line: %r" % strange[:3])
        return 1
    if len(shown) > len(o) or (len(shown) < len(o) and len(lines) < room):
        say("%d entries in %d lines shown, the oracle has %d entries, the list %d rows" % (
            len(shown), len(lines), len(o), room))
        return 1
    for i, s in enumerate(shown):
        if not same(s, o[i]):
            say("entry %d shown: %r; the oracle's: %s" % (i + 1, s["text"], show(o[i])))
            return 1
    say("%d entries shown, all in the oracle's order" % len(shown))
    return 0


def driven_after(lines, idx):
    """The driven-by line right after line idx, or None."""
    if idx + 1 < len(lines) and lines[idx + 1]["kind"] == "D":
        return lines[idx + 1]["text"]
    return None


def check_driver(lines, shown_pos, o):
    """Entry at lines[shown_pos] against oracle entry o; returns a problem or None."""
    got = driven_after(lines, shown_pos)
    if o["drivers"]:
        if got != o["drivers"]:
            return "under %s: driven by %r, the oracle says %r" % (show(o), got, o["drivers"])
    elif got is not None:
        return "under %s: driven by %r, the oracle has no drivers" % (show(o), got)
    return None


def cmd_drivers(args, grid, texts):
    o, k = oracle(args[0]), int(args[1])
    lines = rows(grid, texts)
    if k > len(o):
        say("the oracle has %d entries, not %d" % (len(o), k))
        return 1
    pos = [i for i, r in enumerate(lines) if r["kind"] == "E"]
    if len(pos) < k or not same(lines[pos[k - 1]], o[k - 1]):
        say("entry %d is not shown as the oracle's %s" % (k, show(o[k - 1])))
        return 1
    p = check_driver(lines, pos[k - 1], o[k - 1])
    if p:
        say(p)
        return 1
    return 0


def cmd_drivers_all(args, grid, texts):
    o = oracle(args[0])
    lines = rows(grid, texts)
    n, bad = 0, 0
    for i, r in enumerate(lines):
        if r["kind"] == "D" and (i == 0 or lines[i - 1]["kind"] != "E"):
            say("a driven-by line under no entry: %r" % r["text"])
            bad = 1
        if r["kind"] != "E":
            continue
        if n >= len(o) or not same(r, o[n]):
            say("entry %d is not the oracle's" % (n + 1))
            return 1
        p = check_driver(lines, i, o[n])
        if p:
            say(p)
            bad = 1
        n += 1
    say("%d entries, %d driven-by lines" % (n, sum(r["kind"] == "D" for r in lines)))
    return 1 if bad or n == 0 else 0


def cmd_sel(args, grid, texts):
    o, k = oracle(args[0]), int(args[1])
    lines = rows(grid, texts)
    if k == 0:
        k = len(o)
    picked = [r for r in lines if r["sel"]]
    if len(picked) != 1 or picked[0]["kind"] != "E":
        say("lines drawn selected: %r" % [r["text"] for r in picked])
        return 1
    if k > len(o) or not same(picked[0], o[k - 1]):
        say("selected %r, wanted the oracle's entry %d" % (picked[0]["text"], k))
        return 1
    shown = entries_of(lines)
    if shown and same(shown[0], o[0]) and len(shown) >= k and shown[k - 1] is not picked[0]:
        say("the selected entry is not the %d-th shown" % k)
        return 1
    return 0


def cmd_last(args, grid, texts):
    o = oracle(args[0])
    shown = entries_of(rows(grid, texts))
    if not shown or not o or not same(shown[-1], o[-1]):
        say("last shown %r, the oracle's last: %s" % (shown[-1]["text"] if shown else None,
                                                      show(o[-1]) if o else None))
        return 1
    return 0


def cmd_tab(args, grid, texts):
    row, text = grid[0], texts[0]
    styles = {}
    for label in args:
        at = text.find(label)
        if at < 0:
            return 1
        styles[label] = (row[at][1], row[at][2])
    odd = [l for l in args if sum(styles[m] == styles[l] for m in args) == 1]
    if len(odd) != 1:
        return 1
    print(odd[0])
    return 0


def cmd_title(args, grid, texts):
    for t in texts[:3]:
        m = re.match(r"^┌─ (?:[✗!] )?(What changed: .*?) ─", t)
        if m:
            print(m.group(1))
            return 0
    return 1


def cmd_crumb(args, grid, texts):
    print(texts[1].strip() if len(texts) > 1 else "")
    return 0


def cmd_drillsel(args, grid, texts):
    for row, t in zip(grid[3:], texts[3:]):
        if not t.startswith("│ ") or len(row) < 3:
            continue
        if row[2][2] and row[2][0] != " ":
            print(t[2:].split()[0])
            return 0
    return 1


def views_file(path):
    panels = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            v, priv, title = line.rstrip("\n").split("\t")
            panels.setdefault(v, []).append((title, priv == "1"))
    return panels


def panel_of(panels, view, title):
    """The panel an entry's title names ("Panel" or "Panel / column"), longest first."""
    best = None
    for p, priv in panels.get(view, []):
        if title == p or title.startswith(p + " / "):
            if best is None or len(p) > len(best[0]):
                best = (p, priv)
    return best


def split_what(what):
    """A whole entry text: (title, series); the series is after the last two blanks."""
    if "  " in what:
        t, s = what.rsplit("  ", 1)
        if "=" in s:
            return t, s
    return what, ""


def drill_status(view, panel, path, label, value):
    """The status --once --drill gives cohort label=value under path; or a problem."""
    spec = ",".join(path + [label])
    cmd = [os.environ["KP_BIN"]] + shlex.split(os.environ.get("KP_ARGS", "")) + [
        "--once", "--view", view, "--drill", spec, "--panel", panel]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        return None, "%s: exit %d: %s" % (" ".join(cmd[1:]), p.returncode, p.stderr.strip()[:200])
    for r in csv.DictReader(io.StringIO(p.stdout)):
        if r.get("label") == label and r.get("cohort") == value:
            return r.get("status", ""), None
    return None, "%s: no row for %s=%s" % (spec, label, value)


DRIVER = re.compile(r"^(?:spread; most )?([^=\s]+)=(\S+) ")


def cmd_privacy(args, grid, texts):
    o, panels = oracle(args[0]), views_file(args[1])
    lines = rows(grid, texts)
    leaks, unknown, checked = [], [], 0
    for i, r in enumerate(lines):
        if r["kind"] != "E":
            continue
        if r["what"].endswith("…"):
            unknown.append("cut entry %r" % r["text"])
            continue
        title, series = split_what(r["what"])
        found = panel_of(panels, r["view"], title)
        if found is None:
            unknown.append("no panel of %s named by %r" % (r["view"], title))
            continue
        if not found[1]:
            continue
        path = [kv for kv in series.split(",") if kv]
        names = []
        for kv in path:
            names.append(("entry", path[:path.index(kv)], kv))
        drv = driven_after(lines, i)
        if drv:
            m = DRIVER.match(drv + " ")
            if not m:
                unknown.append("cannot read the cohort of 'driven by %s'" % drv)
            else:
                names.append(("driven by", path, m.group(1) + "=" + m.group(2)))
        for what, under, kv in names:
            label, value = kv.split("=", 1)
            st, problem = drill_status(r["view"], found[0], under, label, value)
            checked += 1
            if problem:
                unknown.append(problem)
            elif st != "ok":
                leaks.append("%s / %s %s names %s=%s, which the drill-down under '%s' shows as %r" % (
                    r["view"], r["what"], what, label, value, ",".join(under), st))
    for l in leaks:
        print("LEAK " + l)
    for u in unknown:
        say("cannot tell: " + u)
    say("%d cohorts named by entries of privacy panels checked against --once --drill" % checked)
    if leaks:
        return 1
    return 2 if unknown or checked == 0 else 0


def cmd_nohr(args, grid, texts):
    o, panels = oracle(args[0]), views_file(args[1])
    bad = 0
    for e in o:
        p = panel_of(panels, e["view"], e["title"])
        if p is None or p[1]:
            say("the oracle lists %s (%s)" % (show(e), "a privacy panel" if p else "no panel known"))
            bad = 1
    for r in entries_of(rows(grid, texts)):
        title, _ = split_what(r["what"])
        p = panel_of(panels, r["view"], title)
        if p is None or p[1]:
            say("the screen lists %r" % r["text"])
            bad = 1
    return bad


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    grid, texts = read_screen()
    if cmd == "rows":
        for r in rows(grid, texts):
            if r["kind"] == "E":
                print("E\t%d\t%s\t%s\t%s" % (r["sel"], r["what"], r["fig"], r["view"]))
            else:
                print("%s\t%d\t%s" % (r["kind"], r["sel"], r["text"]))
        return 0
    return {"first": cmd_first, "order": cmd_order, "drivers": cmd_drivers,
            "drivers-all": cmd_drivers_all, "sel": cmd_sel, "last": cmd_last, "tab": cmd_tab,
            "title": cmd_title, "crumb": cmd_crumb, "drillsel": cmd_drillsel,
            "privacy": cmd_privacy, "nohr": cmd_nohr}[cmd](args, grid, texts)


if __name__ == "__main__":
    sys.exit(main())
PY

# The panels of every view (shipped, and ours): view, privacy (1/0), title.
python3 - "$ROOT/views" "$WORK/ot.json" >"$WORK/views.tsv" <<'PY'
import glob, json, sys
files = sorted(glob.glob(sys.argv[1] + "/*.json")) + sys.argv[2:]
for f in files:
    d = json.load(open(f, encoding="utf-8"))
    for row in d.get("rows", []):
        for p in row.get("panels", []):
            print("%s\t%d\t%s" % (d["name"], 1 if p.get("privacy") else 0, p["title"]))
PY
# The dashboards' titles as the breadcrumb names them.
declare -A VIEW_TITLE=()
while IFS=$'\t' read -r v t; do VIEW_TITLE[$v]="$t"; done < <(python3 - "$ROOT/views" <<'PY'
import glob, json, sys
for f in sorted(glob.glob(sys.argv[1] + "/*.json")):
    d = json.load(open(f, encoding="utf-8"))
    print("%s\t%s" % (d["name"], d["title"]))
PY
)

# The pane with its styles, read afresh (the plain text kept for a failure's report).
SCREEN=""
grab() {
	capture >/dev/null
	SCREEN="$(capture_escapes)"
}

# cw.py COMMAND ARGS on the screen grabbed now.
cw() {
	grab
	printf '%s\n' "$SCREEN" | python3 "$WORK/cw.py" "$@"
}

# Run the command after $1 until it succeeds or $1 seconds of wall time have passed; the
# last try's output is shown.
within() {
	local until_us=$((${EPOCHREALTIME/./} + $1 * 1000000)) rc
	shift
	while :; do
		"$@" >"$WORK/within.out" 2>&1
		rc=$?
		[ "$rc" -eq 0 ] && break
		[ "${EPOCHREALTIME/./}" -lt "$until_us" ] || break
		sleep 0.05
	done
	grep '^# ' "$WORK/within.out" | head -n 8
	return "$rc"
}

# True when the command's output ($2...) is the fixed string $1.
says() {
	local want="$1" got
	shift
	got="$("$@")"
	[ "$got" = "$want" ] || { echo "# got '$got', wanted '$want'"; return 1; }
}

# The active tab now, the status line now.
active_tab() { cw tab "${TABS[@]}"; }
status_line() { capture | tail -n 1; }

# True when the list is not on screen and the dashboard of tab $1 is: its tab active, a
# panel's box under the tab line, no breadcrumb, the list's hint gone from the status line.
on_dashboard() {
	grab
	[ "$(active_tab)" = "$1" ] || { echo "# active tab: $(active_tab)"; return 1; }
	capture | sed -n 2p | grep -q '^┌─' && ! capture | grep -qF 'What changed:' &&
		! status_line | grep -qF 'Esc back'
}

# True when no line of the pane is wider than $1 characters.
fits() {
	local line
	while IFS= read -r line; do
		[ "${#line}" -le "$1" ] || { echo "# ${#line} columns: $line"; return 1; }
	done < <(capture)
}

# Start kpidash at W x H ($1, "80x24") with the arguments after. A refresh only once a
# minute: an entry whose breakdown names no one makes way for the next at once, not at the
# next refresh, so every driver the oracle names is on the screen within the checks' wait.
open_at() {
	start_shell "${1%x*}" "${1#*x}" TERM=tmux-256color
	shift
	type_line "$BIN $CLOCK --refresh 60 $*; echo EXIT=\$?"
	wait_for '1 Executive' 5 >/dev/null
}

# Quit kpidash and wait for the shell.
quit() {
	press q
	wait_for 'EXIT=' 5 >/dev/null
}

# The oracle (file $1) : its counts into O_BAD, O_WARN, O_N.
counts_of() {
	O_N=$(grep -c . "$1")
	O_BAD=$(awk -F'\t' '$1 == "bad"' "$1" | wc -l)
	O_WARN=$(awk -F'\t' '$1 == "warn"' "$1" | wc -l)
}
# The list's title for those counts.
title_for() {
	printf 'What changed: %d bad, %d warning%s, worst first' "$O_BAD" "$O_WARN" \
		"$([ "$O_WARN" = 1 ] || echo s)"
}

# --- the oracle ---------------------------------------------------------------------------
ORACLE="$WORK/oracle.tsv"
"$BIN" --once --what-changed $CLOCK >"$ORACLE" 2>"$WORK/oracle.err"
ORC=$?
counts_of "$ORACLE"
TITLE="$(title_for)"
check "the oracle lists $O_N entries ($O_BAD bad, $O_WARN warnings), each of 10 columns, exit $ORC (2: one is bad)" \
	bash -c '[ "$1" -ge 3 ] && [ "$2" -ge 1 ] && [ "$3" = 2 ] && [ ! -s "$4" ] &&
		[ "$(awk -F"\t" "NF != 10" "$5" | wc -l)" = 0 ]' _ "$O_N" "$O_BAD" "$ORC" "$WORK/oracle.err" "$ORACLE"
SHORT="w ${O_BAD}✗ ${O_WARN}!"
LONG="w: $O_BAD bad $O_WARN warn"

# True when the status line holds the count segment in form $1 (short, long or either).
count_reads() {
	local s
	s="$(status_line)"
	case "$1" in
	short) [[ "$s" == *"  $SHORT  "* ]] ;;
	long) [[ "$s" == *"  $LONG  "* ]] ;;
	*) [[ "$s" == *"  $SHORT  "* || "$s" == *"  $LONG  "* ]] ;;
	esac || { echo "# status: $s"; return 1; }
}

# True when the executive dashboard is on screen and the status line counts as the oracle.
dashboard_counts() {
	on_dashboard "1 Executive" && count_reads "$1"
}

# True when the entry selected is the oracle's ($2: file, $3: index) and cw.py's $1 holds.
sel_and() {
	cw sel "$2" "$3" && cw "$1" "$2"
}

# True when the breadcrumb starts with $1 and no longer holds $2.
crumb_up() {
	local c
	c="$(cw crumb)"
	[[ "$c" == "$1"* && "$c" != *"$2"* ]] || { echo "# crumb: $c"; return 1; }
}

# True when the list is on screen titled $1.
list_titled() {
	says "$1" cw title
}

# --- 1, 2, 6 at each size -----------------------------------------------------------------
declare -A FORM=([80x24]=short [160x48]=either [300x90]=long)

for size in 80x24 160x48 300x90; do
	open_at "$size"
	check "$size: the executive dashboard first, its status line counting what w lists: '$SHORT' or '$LONG' (${FORM[$size]})" \
		within 10 dashboard_counts "${FORM[$size]}"
	press w
	check "$size: w shows the list titled '$TITLE' (the oracle's counts)" within 10 list_titled "$TITLE"
	check "$size: its first entry is the oracle's first: $(head -n 1 "$ORACLE" | cut -f3,4,5,6 | tr '\t' ' ')" \
		within 5 cw first "$ORACLE"
	h=${size#*x}
	check "$size: the entries shown are the oracle's, in its order (all $O_N, or as many as fill its $((h - 5)) rows)" \
		within 5 cw order "$ORACLE" $((h - 5))
	check "$size: every line of the list fits ${size%x*} columns" fits "${size%x*}"

	if [ "$size" = 80x24 ]; then
		press G
		check "80x24: G selects the oracle's last entry, scrolled into sight as the last row" \
			within 3 sel_and last "$ORACLE" 0
		press g
		check "80x24: g selects the first entry again, the list back at its top" \
			within 3 sel_and first "$ORACLE" 1
	fi

	if [ "$size" = 160x48 ]; then
		# --- 3. driven by ---------------------------------------------------------------
		for k in 1 2 3 4 5 6; do
			d="$(sed -n "${k}p" "$ORACLE" | cut -f10)"
			[ -n "$d" ] && d="a line 'driven by $d'" || d="no driven-by line"
			check "160x48: under entry $k ($(sed -n "${k}p" "$ORACLE" | cut -f3,4 | tr '\t' ' ')): $d" \
				within 8 cw drivers "$ORACLE" "$k"
		done
		check "160x48: every entry shown has its oracle's driven-by line, or none; no other" \
			within 8 cw drivers-all "$ORACLE"

		# --- 4. the selection -----------------------------------------------------------
		check "160x48: on opening, the first entry is drawn selected, and only it" within 3 cw sel "$ORACLE" 1
		press j
		check "160x48: j selects the second entry (over the first's driven-by line)" within 3 cw sel "$ORACLE" 2
		press j
		check "160x48: j again, the third" within 3 cw sel "$ORACLE" 3
		press k
		check "160x48: k goes back to the second" within 3 cw sel "$ORACLE" 2
		press k k j
		check "160x48: k k j: k stops at the first entry (j from there is the second)" \
			within 3 cw sel "$ORACLE" 2
		press G
		check "160x48: G selects the last entry, the oracle's last ($(tail -n 1 "$ORACLE" | cut -f3,4 | tr '\t' ' '))" \
			within 3 cw sel "$ORACLE" 0
		press j k
		check "160x48: j k: j stops at the last entry (k from there is the one before it)" \
			within 3 cw sel "$ORACLE" $((O_N - 1))
		press g
		check "160x48: g selects the first entry again" within 3 cw sel "$ORACLE" 1

		# --- 6. back to the dashboard ---------------------------------------------------
		press w
		check "160x48: w in the list goes back to the executive dashboard" within 3 on_dashboard "1 Executive"
		press w
		within 5 list_titled "$TITLE" >/dev/null
		press Escape
		check "160x48: Esc in the list goes back to the executive dashboard" within 3 on_dashboard "1 Executive"

		# --- 5. Enter: the drill-down at the entry's cohort, on its driver's row ----------
		IDX=$(awk -F'\t' '$4 != "" && $10 ~ /^(spread; most )?[^= ]+=[^ ]+ / { print NR; exit }' "$ORACLE")
		IDX=${IDX:-1}
		IFS=$'\t' read -r _ E_VIEW E_TITLE E_SERIES _ _ _ _ _ E_DRV < <(sed -n "${IDX}p" "$ORACLE")
		D_KV="$(sed -E 's/^(spread; most )?([^= ]+=[^ ]+) .*/\2/' <<<"$E_DRV")"
		D_LABEL="${D_KV%%=*}"
		D_VALUE="${D_KV#*=}"
		CRUMB="${VIEW_TITLE[$E_VIEW]:-?} > $E_TITLE > ${E_SERIES//,/ > } > by $D_LABEL"
		TAB=""
		for tb in "${TABS[@]}"; do [ "${tb#* }" = "${VIEW_TITLE[$E_VIEW]:-?}" ] && TAB="$tb"; done
		press w
		within 5 list_titled "$TITLE" >/dev/null
		press g
		for _ in $(seq 2 "$IDX"); do press j; done
		check "160x48: j to entry $IDX, the oracle's first with a cohort ($E_SERIES) and a driver ($D_KV)" \
			within 3 cw sel "$ORACLE" "$IDX"
		press Enter
		check "160x48: Enter opens its drill-down: the breadcrumb reads '$CRUMB'" \
			within 5 says "$CRUMB" cw crumb
		check "160x48: on the entry's view: tab '${TAB:-?}' drawn active" says "${TAB:-?}" active_tab
		check "160x48: the selected row is the driver's cohort, $D_VALUE" within 5 says "$D_VALUE" cw drillsel
		press BSpace
		check "160x48: Backspace goes up a level: the breadcrumb no longer fixes $E_SERIES" \
			within 3 crumb_up "${VIEW_TITLE[$E_VIEW]:-?} > $E_TITLE > by " "$E_SERIES"
		press Escape
		check "160x48: Esc from there goes to the ${E_VIEW} dashboard" within 3 on_dashboard "${TAB:-?}"
	else
		press Escape
		check "$size: Esc in the list goes back to the executive dashboard" within 3 on_dashboard "1 Executive"
	fi
	quit
done

# --- 7. the privacy floor ------------------------------------------------------------------
# True when the privacy check of cw.py holds on the list now (KP_ARGS: the floor's options).
privacy_holds() {
	local out rc
	out="$(cw privacy "$1" "$WORK/views.tsv")"
	rc=$?
	printf '%s\n' "$out" | sed 's/^LEAK /# LEAK: /'
	return "$rc"
}
# True when the check finds a leak (exit 1 and a LEAK line), judged by the floor in KP_ARGS.
privacy_leaks() {
	local out rc
	out="$(cw privacy "$1" "$WORK/views.tsv")"
	rc=$?
	printf '%s\n' "$out" | sed 's/^/# /' | head -n 5
	[ "$rc" = 1 ] && printf '%s\n' "$out" | grep -q '^LEAK .* driven by '
}
export KP_BIN="$BIN"

# One floor: $1 its name, $2 the options ("" for the default). Leaves the session open.
floor_run() {
	local name="$1" opts="$2" o="$WORK/oracle-$1.tsv"
	"$BIN" --once --what-changed $CLOCK --dashboard "$WORK/ot.json" $opts >"$o" 2>/dev/null
	counts_of "$o"
	F_ORACLE="$o"
	F_TITLE="$(title_for)"
	open_at 160x48 --dashboard "$WORK/ot.json" $opts
	press w
	check "privacy floor $name: the list (with our overtime view) is titled '$F_TITLE', as the oracle counts" \
		within 10 list_titled "$F_TITLE"
	check "privacy floor $name: its entries are the oracle's, in order" \
		within 5 cw order "$o" 43
}

for floor in default 50 100; do
	opts=""
	[ "$floor" = default ] || opts="--privacy-floor $floor"
	floor_run "$floor" "$opts"
	export KP_ARGS="$CLOCK --dashboard $WORK/ot.json $opts"
	check "privacy floor $floor: every driven-by line is the oracle's" within 8 cw drivers-all "$F_ORACLE"
	check "privacy floor $floor: no entry of an HR panel, nor its driven-by line, names a cohort the drill-down shows as suppressed" \
		privacy_holds "$F_ORACLE"
	quit
done

floor_run 1 "--privacy-floor 1"
within 8 cw drivers-all "$F_ORACLE" >/dev/null
export KP_ARGS="$CLOCK --dashboard $WORK/ot.json"
check "privacy floor 1: some driven-by line of an HR panel names a cohort the default floor hides (the check above can fail)" \
	privacy_leaks "$F_ORACLE"
quit

floor_run 100000 "--privacy-floor 100000"
check "privacy floor 100000: neither the screen nor the oracle lists an entry of an HR panel: no cohort, no driven-by line" \
	cw nohr "$F_ORACLE" "$WORK/views.tsv"
quit

finish
