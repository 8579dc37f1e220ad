# serve.sh: start the KPI-REST test server for a test script (sourced).
# It needs SERVER (the binary), WORK (a scratch directory) and PIDS (the pids to stop).

# Start a server with args; its URL in the variable named $1.
serve() {
	local var="$1"
	shift
	rm -f "$WORK/$var.port"
	"$SERVER" --port 0 --port-file "$WORK/$var.port" "$@" &
	PIDS="$PIDS $!"
	for _ in $(seq 100); do [ -s "$WORK/$var.port" ] && break; sleep 0.05; done
	printf -v "$var" 'http://127.0.0.1:%s' "$(cat "$WORK/$var.port")"
}
