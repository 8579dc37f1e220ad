/*
 * kpi_rest_server.c: the KPI-REST contract (docs/rest-api.md) answered from
 * the demo company, with fault paths for client tests.
 *
 * usage: kpi_rest_server [--port N] [--port-file FILE] [--seed N] [--token-file F]
 *
 * Listens on 127.0.0.1:N (0: any free port, written into FILE once listening)
 * and serves GET, one request a connection, many connections at once:
 *   /v1/kpis                         the catalogue
 *   /v1/kpi/<id>?start&end&step[&group_by][&filter]   demo_query's answer
 *   /v1/kpi/<id>/current[?at][&group_by][&filter]     the value at "at" (default
 *                                    now) over the 900 s before it
 *   /slow/<ms>/<rest>                waits ms, then answers like /<rest>
 *   /hang/<rest>                     never answers, until the client goes
 *   /status/<code>/<rest>            that status with the contract's error shape
 *   /notjson/<rest>                  200, a web page
 *   /badjson/<rest>                  200 application/json that stops half-way
 *   /big/<bytes>/<rest>              200, exactly that many bytes of JSON
 *   /foreign/<rest>                  200, a foreign JSON API for the path mapper
 * With --token-file every path answers 401 {"error": {"code": "unauthorized"}}
 * unless the request has "Authorization: Bearer <the file's first line>".
 * Exits on SIGTERM, SIGINT or SIGHUP, and when its parent dies (Linux).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <math.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "client/demo.h"
#include "util/xalloc.h"

#define MAX_CONN       64
#define MAX_REQUEST    8192
#define MAX_FILTERS    16
#define MAX_BIG	       (256L << 20)
#define CURRENT_WINDOW 900.0

/* A foreign API's answer: nested objects, selections, gaps, numbers as strings, a hostile label. */
static const char foreign_json[] =
    "{\"data\": {\"kpis\": [{\"id\": \"roi\", \"value\": 1.6}, {\"id\": \"sla\", \"value\": null},"
    " {\"id\": \"nan\", \"value\": \"NaN\"}, {\"id\": \"cost\", \"value\": \"12.5\"},"
    " {\"id\": 7, \"value\": 70}, {\"id\": \"gone\"}, {\"name\": \"SLA, all\", \"value\": 0.93}],"
    " \"points\": [{\"t\": 1795435200, \"v\": 1.5}, {\"t\": 1795436100, \"v\": null},"
    " {\"t\": \"1795437000\", \"v\": \"2.25\"}, {\"t\": 1795437900}]},"
    " \"teams\": [{\"name\": \"claims\", \"sla\": 0.97}, {\"name\": \"fraud\", \"sla\": \"0.91\"},"
    " {\"name\": \"\\u001b[31mred\\u001b[0m\\u202e\", \"sla\": null}],"
    " \"by_team\": {\"claims\": 12, \"fraud\": 7}}\n";

/* Where a connection is. */
enum conn_state { CONN_FREE, CONN_READ, CONN_WAIT, CONN_HANG, CONN_WRITE };

/* One client connection: its request coming in, its answer going out. */
struct conn {
	enum conn_state state;
	int fd;
	char in[MAX_REQUEST + 1];
	size_t in_len;
	char *target; /* CONN_WAIT: what to answer at wake */
	double wake;  /* CONN_WAIT: monotonic ms */
	char *out;
	size_t out_len, out_off;
};

/* The server: its sockets, its company, its token, its connections. */
struct server {
	int lfd;
	int sig[2]; /* the signal handler writes a byte into sig[1] */
	struct demo *demo;
	char *token; /* or NULL: no auth */
	struct conn conns[MAX_CONN];
};

/* The write end of the signal pipe, for the handler. */
static int signal_fd = -1;

/* A stop signal: one byte into the pipe, nothing more. */
static void on_signal(int sig)
{
	int saved = errno;
	char b = (char)sig;
	if (write(signal_fd, &b, 1) < 0) {
		/* the pipe is full: a stop is already pending */
	}
	errno = saved;
}

/* Milliseconds on the monotonic clock. */
static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000 + (double)ts.tv_nsec / 1e6;
}

/* ---- answers ---- */

/* The reason phrase of an HTTP status. */
static const char *status_text(int status)
{
	switch (status) {
	case 200:
		return "OK";
	case 400:
		return "Bad Request";
	case 401:
		return "Unauthorized";
	case 404:
		return "Not Found";
	case 405:
		return "Method Not Allowed";
	case 500:
		return "Internal Server Error";
	case 503:
		return "Service Unavailable";
	default:
		return "Status";
	}
}

/* Queue an answer on c: status, type and the len bytes of body; c then writes it. */
static void conn_respond(struct conn *c, int status, const char *type, const char *body, size_t len)
{
	char head[256];
	int n = snprintf(head, sizeof head,
			 "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
			 "Connection: close\r\n\r\n",
			 status, status_text(status), type, len);
	c->out = xmalloc((size_t)n + len);
	memcpy(c->out, head, (size_t)n);
	memcpy(c->out + n, body, len);
	c->out_len = (size_t)n + len;
	c->out_off = 0;
	c->state = CONN_WRITE;
}

/* Queue j (taken) as a JSON answer; NULL (a string that is not UTF-8) answers 500. */
static void conn_json(struct conn *c, int status, json_t *j)
{
	static const char failed[] =
	    "{\"error\":{\"code\":\"internal\",\"message\":\"cannot encode the answer\"}}";
	char *s = j != NULL ? json_dumps(j, JSON_COMPACT) : NULL;
	if (s != NULL)
		conn_respond(c, status, "application/json", s, strlen(s));
	else
		conn_respond(c, 500, "application/json", failed, sizeof failed - 1);
	free(s);
	json_decref(j);
}

/* Queue the contract's error shape: {"error": {"code": code, "message": printf-style}}. */
static void conn_error(struct conn *c, int status, const char *code, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	conn_json(c, status,
		  json_pack("{s:{s:s,s:s%}}", "error", "code", code, "message", msg, strlen(msg)));
}

/* Queue exactly size bytes of JSON filler. */
static void conn_big(struct conn *c, long size)
{
	static const char head[] = "{\"filler\":\"", tail[] = "\"}";
	if (size < (long)(sizeof head + sizeof tail) || size > MAX_BIG) {
		conn_error(c, 400, "bad_request", "size from %zu to %ld", sizeof head + sizeof tail,
			   MAX_BIG);
		return;
	}
	char *b = xmalloc((size_t)size);
	memset(b, 'x', (size_t)size);
	memcpy(b, head, sizeof head - 1);
	memcpy(b + size - (long)sizeof tail + 1, tail, sizeof tail - 1);
	conn_respond(c, 200, "application/json", b, (size_t)size);
	free(b);
}

/* ---- the contract ---- */

/* Decode %XX in s in place (a bad escape is kept as it is). */
static void url_decode(char *s)
{
	char *o = s;
	for (; *s != '\0'; s++) {
		unsigned int x;
		if (s[0] == '%' && s[1] != '\0' && s[2] != '\0' && sscanf(s + 1, "%2x", &x) == 1) {
			*o++ = (char)x;
			s += 2;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
}

/* The parameters of a KPI request, decoded (filter kept raw: its ',' and ':' split it). */
struct params {
	const char *start, *end, *step, *at, *group_by;
	char *filter;
};

/* Split query (modified in place) into p. */
static void params_parse(char *query, struct params *p)
{
	char *save = NULL;
	memset(p, 0, sizeof *p);
	for (char *kv = strtok_r(query, "&", &save); kv != NULL; kv = strtok_r(NULL, "&", &save)) {
		char *v = strchr(kv, '=');
		if (v == NULL)
			continue;
		*v++ = '\0';
		url_decode(kv);
		if (strcmp(kv, "filter") == 0) {
			p->filter = v;
			continue;
		}
		url_decode(v);
		const char **slot = strcmp(kv, "start") == 0	  ? &p->start
				    : strcmp(kv, "end") == 0	  ? &p->end
				    : strcmp(kv, "step") == 0	  ? &p->step
				    : strcmp(kv, "at") == 0	  ? &p->at
				    : strcmp(kv, "group_by") == 0 ? &p->group_by
								  : NULL;
		if (slot != NULL)
			*slot = v;
	}
}

/* Read a time parameter s into *t; 0, or -1 when missing or not a finite number. */
static int param_time(const char *s, double *t)
{
	char *end;
	if (s == NULL || *s == '\0')
		return -1;
	*t = strtod(s, &end);
	return *end == '\0' && isfinite(*t) ? 0 : -1;
}

/* Split p's raw filter into q's matchers (decoded in place); 0, or -1 with the answer queued. */
static int params_filter(struct conn *c, struct params *p, struct kpi_filter *f,
			 struct kpi_query *q)
{
	char *save = NULL;
	if (p->filter == NULL || *p->filter == '\0')
		return 0;
	for (char *m = strtok_r(p->filter, ",", &save); m != NULL; m = strtok_r(NULL, ",", &save)) {
		char *v = strchr(m, ':');
		if (v == NULL || q->nfilter == MAX_FILTERS) {
			conn_error(c, 400, "bad_label",
				   "filter '%s' is not NAME:VALUE (at most %d)", m, MAX_FILTERS);
			return -1;
		}
		*v++ = '\0';
		url_decode(m);
		url_decode(v);
		f[q->nfilter++] = (struct kpi_filter){m, v};
	}
	q->filter = f;
	return 0;
}

/* A point's time or value as JSON: an integer when whole, null when not finite. */
static json_t *json_num(double v)
{
	if (!isfinite(v))
		return json_null();
	if (v == floor(v) && fabs(v) < 9e15)
		return json_integer((json_int_t)v);
	return json_real(v);
}

/* The labels of s as a JSON object. */
static json_t *json_labels(const struct series *s)
{
	json_t *o = json_object();
	for (size_t i = 0; i < s->nlabels; i++)
		json_object_set_new(o, s->labels[i].name, json_string(s->labels[i].value));
	return o;
}

/* Ask the demo q; on failure queue the contract's error and return -1. */
static int kpi_ask(struct server *sv, struct conn *c, const struct kpi_query *q,
		   struct series_set *out)
{
	static const struct {
		int status;
		const char *code;
	} answer[] = {[KPI_OK] = {200, ""},
		      [KPI_UNKNOWN] = {404, "unknown_kpi"},
		      [KPI_BAD_LABEL] = {400, "bad_label"},
		      [KPI_BAD_RANGE] = {400, "bad_range"},
		      [KPI_FAILED] = {500, "internal"}};
	char err[256];
	enum kpi_status st = demo_query(sv->demo, q, out, err, sizeof err);
	if (st == KPI_OK)
		return 0;
	conn_error(c, answer[st].status, answer[st].code, "%s", err);
	return -1;
}

/* GET /v1/kpi/<id>?...: the KPI's series. */
static void kpi_series(struct server *sv, struct conn *c, const char *id, struct params *p)
{
	struct kpi_filter f[MAX_FILTERS];
	struct kpi_query q = {.kpi = id, .group_by = p->group_by};
	struct series_set out;
	if (param_time(p->start, &q.start) || param_time(p->end, &q.end) ||
	    param_time(p->step, &q.step)) {
		conn_error(c, 400, "bad_range", "start, end and step must be numbers (seconds)");
		return;
	}
	series_set_init(&out);
	if (params_filter(c, p, f, &q) == 0 && kpi_ask(sv, c, &q, &out) == 0) {
		json_t *list = json_array();
		for (size_t i = 0; i < out.n; i++) {
			json_t *pts = json_array();
			for (size_t k = 0; k < out.items[i].n; k++)
				json_array_append_new(pts,
						      json_pack("[oo]", json_num(out.items[i].t[k]),
								json_num(out.items[i].v[k])));
			json_array_append_new(list,
					      json_pack("{s:o,s:o}", "labels",
							json_labels(&out.items[i]), "points", pts));
		}
		conn_json(c, 200,
			  json_pack("{s:s,s:o,s:o}", "kpi", id, "step", json_num(q.step), "series",
				    list));
	}
	series_set_done(&out);
}

/* GET /v1/kpi/<id>/current: each series' value at "at" (default now). */
static void kpi_current(struct server *sv, struct conn *c, const char *id, struct params *p)
{
	struct kpi_filter f[MAX_FILTERS];
	struct kpi_query q = {.kpi = id, .group_by = p->group_by, .step = CURRENT_WINDOW};
	struct series_set out;
	if (p->at == NULL)
		q.start = (double)time(NULL);
	else if (param_time(p->at, &q.start) != 0) {
		conn_error(c, 400, "bad_range", "at must be a number (seconds)");
		return;
	}
	q.end = q.start;
	series_set_init(&out);
	if (params_filter(c, p, f, &q) == 0 && kpi_ask(sv, c, &q, &out) == 0) {
		json_t *list = json_array();
		for (size_t i = 0; i < out.n; i++)
			json_array_append_new(list, json_pack("{s:o,s:o,s:o}", "labels",
							      json_labels(&out.items[i]), "t",
							      json_num(q.start), "v",
							      json_num(out.items[i].v[0])));
		conn_json(c, 200, json_pack("{s:s,s:o}", "kpi", id, "values", list));
	}
	series_set_done(&out);
}

/* GET /v1/kpis: every KPI and its labels. */
static void kpi_catalogue(struct conn *c)
{
	json_t *list = json_array();
	for (size_t i = 0; i < demo_kpi_count(); i++) {
		const char *const *l = demo_kpi_labels(demo_kpi_id(i));
		json_t *labels = json_array();
		for (size_t k = 0; l != NULL && l[k] != NULL; k++)
			json_array_append_new(labels, json_string(l[k]));
		json_array_append_new(
		    list, json_pack("{s:s,s:o}", "id", demo_kpi_id(i), "labels", labels));
	}
	conn_json(c, 200, json_pack("{s:o}", "kpis", list));
}

/* Answer /v1/... (path decoded segment by segment, query raw). */
static void route_v1(struct server *sv, struct conn *c, const char *path, char *query)
{
	struct params p;
	char id[256];
	params_parse(query, &p);
	if (strcmp(path, "/v1/kpis") == 0) {
		kpi_catalogue(c);
		return;
	}
	if (strncmp(path, "/v1/kpi/", 8) != 0 || strlen(path + 8) >= sizeof id) {
		conn_error(c, 404, "not_found", "no such path");
		return;
	}
	snprintf(id, sizeof id, "%s", path + 8);
	char *current = strchr(id, '/');
	if (current != NULL && strcmp(current, "/current") != 0) {
		conn_error(c, 404, "not_found", "no such path");
		return;
	}
	if (current != NULL)
		*current = '\0';
	url_decode(id);
	if (current != NULL)
		kpi_current(sv, c, id, &p);
	else
		kpi_series(sv, c, id, &p);
}

/* The number after prefix in path, the rest (from its '/') in *rest; -1 when path does not fit. */
static long route_number(const char *path, const char *prefix, const char **rest)
{
	size_t n = strlen(prefix);
	char *end;
	if (strncmp(path, prefix, n) != 0 || path[n] < '0' || path[n] > '9')
		return -1;
	long v = strtol(path + n, &end, 10);
	*rest = end;
	return *end == '/' || *end == '\0' ? v : -1;
}

/* True when path is prefix alone or prefix followed by '/'. */
static int route_is(const char *path, const char *prefix)
{
	size_t n = strlen(prefix);
	return strncmp(path, prefix, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/* Answer the request target (path and query), on c. */
static void route(struct server *sv, struct conn *c, const char *target)
{
	char *path = xstrdup(target), *query = strchr(path, '?');
	const char *rest;
	long n;
	if (query != NULL)
		*query++ = '\0';
	if ((n = route_number(path, "/slow/", &rest)) >= 0) {
		c->target = xstrdup(target + (rest - path));
		c->wake = now_ms() + (double)n;
		c->state = CONN_WAIT;
	} else if (route_is(path, "/hang")) {
		c->state = CONN_HANG;
	} else if ((n = route_number(path, "/status/", &rest)) >= 100 && n <= 599) {
		conn_error(c, (int)n,
			   n >= 500   ? "internal"
			   : n == 401 ? "unauthorized"
				      : "bad_request",
			   "status %ld on request", n);
	} else if (route_is(path, "/notjson")) {
		static const char page[] = "<html><body><h1>Sign in</h1></body></html>\n";
		conn_respond(c, 200, "text/html", page, sizeof page - 1);
	} else if (route_is(path, "/badjson")) {
		static const char half[] = "{\"kpi\": \"roi\", \"series\": [{\"labels\": {}, \"po";
		conn_respond(c, 200, "application/json", half, sizeof half - 1);
	} else if ((n = route_number(path, "/big/", &rest)) >= 0) {
		conn_big(c, n);
	} else if (route_is(path, "/foreign")) {
		conn_respond(c, 200, "application/json", foreign_json, sizeof foreign_json - 1);
	} else {
		route_v1(sv, c, path, query ? query : (char *)"");
	}
	free(path);
}

/* True when the request in c has "Authorization: Bearer <token>". */
static int request_authorized(const struct server *sv, const struct conn *c)
{
	static const char name[] = "\r\nAuthorization:";
	if (sv->token == NULL)
		return 1;
	for (const char *h = strstr(c->in, "\r\n"); h != NULL; h = strstr(h + 2, "\r\n")) {
		if (strncasecmp(h, name, sizeof name - 1) != 0)
			continue;
		const char *v = h + sizeof name - 1;
		while (*v == ' ')
			v++;
		size_t n = strlen(sv->token);
		return strncmp(v, "Bearer ", 7) == 0 && strncmp(v + 7, sv->token, n) == 0 &&
		       (v[7 + n] == '\r' || v[7 + n] == ' ');
	}
	return 0;
}

/* A whole request has arrived in c: check it and answer. */
static void request_handle(struct server *sv, struct conn *c)
{
	char method[16], target[4096];
	if (sscanf(c->in, "%15s %4095s", method, target) != 2) {
		conn_error(c, 400, "bad_request", "malformed request line");
	} else if (!request_authorized(sv, c)) {
		conn_error(c, 401, "unauthorized", "missing or wrong bearer token");
	} else if (strcmp(method, "GET") != 0) {
		conn_error(c, 405, "bad_request", "only GET is served");
	} else {
		route(sv, c, target);
	}
}

/* ---- connections ---- */

/* Close c and free what it holds. */
static void conn_close(struct conn *c)
{
	close(c->fd);
	free(c->out);
	free(c->target);
	memset(c, 0, sizeof *c);
}

/* Read what arrived on c; answer once the headers are complete. */
static void conn_read(struct server *sv, struct conn *c)
{
	char junk[512];
	int hang = c->state == CONN_HANG; /* what comes is dropped: only the close matters */
	ssize_t n = hang ? recv(c->fd, junk, sizeof junk, 0)
			 : recv(c->fd, c->in + c->in_len, MAX_REQUEST - c->in_len, 0);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		conn_close(c);
		return;
	}
	if (hang)
		return;
	c->in_len += (size_t)n;
	c->in[c->in_len] = '\0';
	if (strstr(c->in, "\r\n\r\n") != NULL)
		request_handle(sv, c);
	else if (c->in_len == MAX_REQUEST)
		conn_error(c, 400, "bad_request", "request headers over %d bytes", MAX_REQUEST);
}

/* Write what c can take of its answer; close it when all is sent. */
static void conn_write(struct conn *c)
{
	ssize_t n = send(c->fd, c->out + c->out_off, c->out_len - c->out_off, MSG_NOSIGNAL);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n < 0) {
		conn_close(c);
		return;
	}
	c->out_off += (size_t)n;
	if (c->out_off == c->out_len) {
		shutdown(c->fd, SHUT_WR);
		conn_close(c);
	}
}

/* Take a new connection, or drop it when every slot is busy. */
static void conn_accept(struct server *sv)
{
	int fd = accept(sv->lfd, NULL, NULL);
	if (fd < 0)
		return;
	for (int i = 0; i < MAX_CONN; i++) {
		if (sv->conns[i].state != CONN_FREE)
			continue;
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
		sv->conns[i] = (struct conn){.state = CONN_READ, .fd = fd};
		return;
	}
	close(fd);
}

/* Answer every waiting connection whose time has come; the ms until the next one, or -1. */
static int conn_wake(struct server *sv)
{
	double now = now_ms(), next = -1;
	for (int i = 0; i < MAX_CONN; i++) {
		struct conn *c = &sv->conns[i];
		if (c->state != CONN_WAIT)
			continue;
		if (c->wake <= now) {
			char *target = c->target;
			c->target = NULL;
			c->state = CONN_READ;
			route(sv, c, target);
			free(target);
		}
		if (c->state == CONN_WAIT && (next < 0 || c->wake - now < next))
			next = c->wake - now;
	}
	return next < 0 ? -1 : (int)ceil(next);
}

/* Serve until a stop signal: one poll over the listener, the signal pipe and every connection. */
static void server_run(struct server *sv)
{
	struct pollfd fds[MAX_CONN + 2];
	int slot[MAX_CONN + 2];
	for (;;) {
		int timeout = conn_wake(sv);
		nfds_t n = 2;
		fds[0] = (struct pollfd){.fd = sv->sig[0], .events = POLLIN};
		fds[1] = (struct pollfd){.fd = sv->lfd, .events = POLLIN};
		for (int i = 0; i < MAX_CONN; i++) {
			enum conn_state st = sv->conns[i].state;
			if (st == CONN_FREE || st == CONN_WAIT)
				continue;
			fds[n] = (struct pollfd){.fd = sv->conns[i].fd,
						 .events = st == CONN_WRITE ? POLLOUT : POLLIN};
			slot[n++] = i;
		}
		if (poll(fds, n, timeout) < 0 && errno != EINTR)
			return;
		if (fds[0].revents != 0)
			return;
		if (fds[1].revents & POLLIN)
			conn_accept(sv);
		for (nfds_t k = 2; k < n; k++) {
			struct conn *c = &sv->conns[slot[k]];
			if (fds[k].revents == 0)
				continue;
			if (c->state == CONN_WRITE)
				conn_write(c);
			else
				conn_read(sv, c);
		}
	}
}

/* ---- setup ---- */

/* The first line of the file path (the token), without its line end; NULL when unreadable. */
static char *token_read(const char *path)
{
	char line[1024];
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return NULL;
	char *got = fgets(line, sizeof line, f);
	fclose(f);
	if (got == NULL)
		return NULL;
	line[strcspn(line, "\r\n")] = '\0';
	return xstrdup(line);
}

/* Listen on 127.0.0.1:port; the socket, or -1. *port gets the port bound. */
static int server_listen(int *port)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)*port)};
	socklen_t len = sizeof a;
	int one = 1, fd = socket(AF_INET, SOCK_STREAM, 0);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(fd, 64) != 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &len) != 0) {
		close(fd);
		return -1;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	*port = ntohs(a.sin_port);
	return fd;
}

/* Write port into path whole (a temporary file renamed), so a reader never sees half; 0 or -1. */
static int port_write(const char *path, int port)
{
	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	FILE *f = fopen(tmp, "w");
	if (f == NULL)
		return -1;
	int rc = fprintf(f, "%d\n", port) < 0;
	rc |= fclose(f) != 0;
	return rc == 0 && rename(tmp, path) == 0 ? 0 : -1;
}

/* Stop signals into the pipe; SIGPIPE ignored; death with the parent. */
static int signals_init(struct server *sv)
{
	struct sigaction sa = {.sa_handler = on_signal};
	if (pipe(sv->sig) != 0)
		return -1;
	fcntl(sv->sig[1], F_SETFL, fcntl(sv->sig[1], F_GETFL) | O_NONBLOCK);
	signal_fd = sv->sig[1];
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
#ifdef __linux__
	prctl(PR_SET_PDEATHSIG, SIGTERM);
#endif
	return 0;
}

/* Options: port, port file, seed, token file. */
struct options {
	int port;
	const char *port_file, *token_file;
	unsigned long long seed;
};

/* Read argv into o; 0, or -1 after a usage message. */
static int options_parse(int argc, char **argv, struct options *o)
{
	*o = (struct options){.seed = 42};
	for (int i = 1; i < argc; i += 2) {
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (v != NULL && strcmp(argv[i], "--port") == 0)
			o->port = atoi(v);
		else if (v != NULL && strcmp(argv[i], "--port-file") == 0)
			o->port_file = v;
		else if (v != NULL && strcmp(argv[i], "--token-file") == 0)
			o->token_file = v;
		else if (v != NULL && strcmp(argv[i], "--seed") == 0)
			o->seed = strtoull(v, NULL, 10);
		else {
			fprintf(stderr,
				"usage: %s [--port N] [--port-file FILE] [--seed N] "
				"[--token-file FILE]\n",
				argv[0]);
			return -1;
		}
	}
	return 0;
}

/* Serve the demo company over KPI-REST until told to stop. */
int main(int argc, char **argv)
{
	struct options o;
	static struct server sv;
	if (options_parse(argc, argv, &o) != 0 || signals_init(&sv) != 0)
		return 2;
	if (o.token_file != NULL && (sv.token = token_read(o.token_file)) == NULL) {
		fprintf(stderr, "%s: cannot read %s\n", argv[0], o.token_file);
		return 1;
	}
	sv.demo = demo_new(o.seed); /* before the port is told: the first request needs it */
	if ((sv.lfd = server_listen(&o.port)) < 0 ||
	    (o.port_file != NULL && port_write(o.port_file, o.port) != 0)) {
		fprintf(stderr, "%s: cannot listen on port %d: %s\n", argv[0], o.port,
			strerror(errno));
		return 1;
	}
	server_run(&sv);
	for (int i = 0; i < MAX_CONN; i++)
		if (sv.conns[i].state != CONN_FREE)
			conn_close(&sv.conns[i]);
	demo_free(sv.demo);
	free(sv.token);
	close(sv.lfd);
	return 0;
}
