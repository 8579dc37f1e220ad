# lib.sh: drive a real binary in a real terminal (tmux) and check what a person sees.
# Source it; it starts a private tmux server and kills it on exit.

. "$(dirname "${BASH_SOURCE[0]}")/../check.sh"
# Patterns and widths below count characters, not bytes.
export LC_ALL=C.UTF-8
SOCK="kpidash-test-$$"
TMUX_CONF="$(mktemp)"
cat > "$TMUX_CONF" <<'CONF'
set -g default-terminal "tmux-256color"
set -g status off
set -g escape-time 10
set -g history-limit 0
set -g exit-empty off
CONF

# tmux on our own socket and config.
t() {
	tmux -L "$SOCK" -f "$TMUX_CONF" "$@"
}

# Stop the server and remove temporary files, whatever happened.
lib_cleanup() {
	t kill-server >/dev/null 2>&1 || true
	rm -f "$TMUX_CONF"
}
trap lib_cleanup EXIT

# Start a shell in a fresh session of W x H columns and rows, with env assignments after.
# TEST_SHELL picks the shell: sh by default, "bash" for one with job control.
start_shell() {
	local w="$1" h="$2" sh=(sh)
	shift 2
	[ "${TEST_SHELL:-sh}" = bash ] && sh=(bash --norc --noprofile -i)
	t kill-session -t main >/dev/null 2>&1 || true
	t new-session -d -s main -x "$w" -y "$h" \
		env -i PATH="$PATH" HOME="${HOME:-/tmp}" LANG="${TEST_LANG:-C.UTF-8}" TZ=UTC "$@" \
		PS1='$ ' "${sh[@]}"
	wait_for '\$' 5 >/dev/null
}

# Type a line into the pane and press Enter.
type_line() {
	t send-keys -t main -l "$1"
	t send-keys -t main Enter
}

# Press keys by tmux name (q, Tab, BTab, Escape, C-c ...).
press() {
	t send-keys -t main "$@"
}

# The pane's text now (also kept in LAST_CAPTURE for failure reports).
capture() {
	LAST_CAPTURE="$(t capture-pane -p -t main)"
	printf '%s\n' "$LAST_CAPTURE"
}

# The pane with attributes and colours as escape sequences.
capture_escapes() {
	t capture-pane -p -e -t main
}

# Wait until the pane matches extended regex $1, for at most $2 seconds (default 5).
wait_for() {
	local re="$1" limit="${2:-5}" i=0
	while [ "$i" -lt $((limit * 20)) ]; do
		if capture | grep -Eq -- "$re"; then
			return 0
		fi
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}

# Wait until the pane no longer matches $1.
wait_gone() {
	local re="$1" limit="${2:-5}" i=0
	while [ "$i" -lt $((limit * 20)) ]; do
		if ! capture | grep -Eq -- "$re"; then
			return 0
		fi
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}

# True when the pane shows text matching $1 now.
shows() {
	capture | grep -Eq -- "$1"
}

# True when the pane shows every one of the fixed strings given.
shows_all() {
	local s want
	s="$(capture)"
	for want in "$@"; do
		printf '%s' "$s" | grep -qF -- "$want" || return 1
	done
}

# True when the pane does not show $1 now.
hides() {
	! shows "$1"
}

# Resize the window to W x H.
resize() {
	t resize-window -t main -x "$1" -y "$2"
}

# tmux's own word on the pane: is the alternate screen on?
alternate_on() {
	[ "$(t display -p -t main '#{alternate_on}')" = "1" ]
}

# The pane shows the main screen, not the alternate one.
main_screen() {
	! alternate_on
}

# The pid of the process running in the pane's foreground, by name.
pane_pid_of() {
	local shell_pid
	shell_pid="$(t display -p -t main '#{pane_pid}')"
	pgrep -P "$shell_pid" -x "$1" | head -n 1
}
