/*
 * http.c: libcurl multi, driven from the one event loop.
 *
 * http_request only builds an easy handle and adds it to the one multi
 * handle; http_wait polls, performs and runs the callbacks of what finished.
 * A request that cannot even start (bad URL, a line break in a header) is
 * kept aside and answered by the next http_wait, so a callback never runs
 * from inside http_request.
 *
 * Redirects are not followed: a 3xx comes back as its status, so a moved
 * server shows up instead of credentials being sent somewhere else.
 * Proxies come from the environment (http_proxy, HTTPS_PROXY, NO_PROXY),
 * which libcurl reads itself, and HTTP_PROXY, which libcurl leaves alone for
 * http:// (a guard for CGI programs, where that variable comes from a request
 * header; kpidash is no CGI program, and users set it expecting it to work).
 */
#include "client/http.h"

#include <curl/curl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

#define HTTP_USER_AGENT	 "kpidash/0.1"
#define HTTP_TIMEOUT_MS	 10000L
#define HTTP_CONNECT_MS	 5000L
#define HTTP_MAX_BODY	 ((size_t)32 << 20)
#define HTTP_MAX_FDS	 8
#define HTTP_MAX_SECRETS 5

/* One request: its easy handle, what it received so far, and whom to tell. */
struct req {
	struct req *prev, *next; /* in h->active or h->failed */
	struct http *h;
	CURL *easy;
	CURLU *url;
	struct curl_slist *headers;
	http_done_fn done;
	void *ctx;
	char *body; /* what arrived, NUL-terminated once anything did */
	size_t len, cap, max_body;
	int too_big; /* the write callback refused the body */
	int https;   /* the URL's scheme is https */
	long timeout_ms, connect_ms;
	char *host, *port;		 /* for messages: never userinfo, path or query */
	char *secrets[HTTP_MAX_SECRETS]; /* strings no message may contain */
	enum http_error early;		 /* why it could not start, when on h->failed */
	char message[256];
	char errbuf[CURL_ERROR_SIZE];
};

struct http {
	CURLM *multi;
	struct req *active; /* added to multi */
	struct req *failed; /* could not start: answered by the next http_wait */
	int count;	    /* requests whose callback has not run yet */
};

/* Put r at the head of the list *head. */
static void list_push(struct req **head, struct req *r)
{
	r->prev = NULL;
	r->next = *head;
	if (*head != NULL)
		(*head)->prev = r;
	*head = r;
}

/* Take r out of the list *head. */
static void list_remove(struct req **head, struct req *r)
{
	if (r->prev != NULL)
		r->prev->next = r->next;
	else
		*head = r->next;
	if (r->next != NULL)
		r->next->prev = r->prev;
	r->prev = r->next = NULL;
}

/* Free a request and all it holds; it must already be out of the multi handle. */
static void req_free(struct req *r)
{
	if (r->easy != NULL)
		curl_easy_cleanup(r->easy);
	curl_url_cleanup(r->url);
	curl_slist_free_all(r->headers);
	for (int i = 0; i < HTTP_MAX_SECRETS; i++)
		free(r->secrets[i]);
	free(r->body);
	free(r->host);
	free(r->port);
	free(r);
}

/* Remember s (when not empty) as a string that must never appear in a message. */
static void req_keep_secret(struct req *r, const char *s)
{
	if (s == NULL || *s == '\0')
		return;
	for (int i = 0; i < HTTP_MAX_SECRETS; i++) {
		if (r->secrets[i] == NULL) {
			r->secrets[i] = xstrdup(s);
			return;
		}
	}
}

/* Whether m contains none of r's secrets. */
static int req_safe(const struct req *r, const char *m)
{
	for (int i = 0; i < HTTP_MAX_SECRETS; i++)
		if (r->secrets[i] != NULL && strstr(m, r->secrets[i]) != NULL)
			return 0;
	return 1;
}

/* Mark r as unable to start, with a message saying why. */
static int req_fail(struct req *r, enum http_error e, const char *msg)
{
	r->early = e;
	snprintf(r->message, sizeof r->message, "%s", msg);
	return -1;
}

/*
 * base (trailing '/' trimmed) + path, with exactly one '/' between them; an
 * empty path is base itself (a document's own URL). The caller frees.
 */
static char *url_join(const char *base, const char *path)
{
	size_t n = strlen(base);
	if (path == NULL || path[0] == '\0')
		return xstrdup(base);
	while (n > 0 && base[n - 1] == '/')
		n--;
	const char *sep = path[0] == '/' ? "" : "/";
	size_t len = n + strlen(sep) + strlen(path) + 1;
	char *u = xmalloc(len);
	snprintf(u, len, "%.*s%s%s", (int)n, base, sep, path);
	return u;
}

/* A heap copy of one part of u (NULL when absent); flags as for curl_url_get. */
static char *url_part(CURLU *u, CURLUPart what, unsigned flags)
{
	char *part = NULL;
	if (curl_url_get(u, what, &part, flags) != CURLUE_OK || part == NULL)
		return NULL;
	char *copy = xstrdup(part);
	curl_free(part);
	return copy;
}

/* Keep each userinfo and query part of r->url as a secret. */
static void req_keep_url_secrets(struct req *r)
{
	const CURLUPart parts[] = {CURLUPART_USER, CURLUPART_PASSWORD, CURLUPART_QUERY};
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		char *s = url_part(r->url, parts[i], 0);
		req_keep_secret(r, s);
		free(s);
	}
}

/* Parse base_url + path into r->url and note its host and port for messages. */
static int req_parse_url(struct req *r, const char *base, const char *path)
{
	if (base == NULL || *base == '\0')
		return req_fail(r, HTTP_ERR_NETWORK, "no server URL");
	r->url = curl_url();
	if (r->url == NULL)
		return req_fail(r, HTTP_ERR_NETWORK, "out of memory for the URL");
	char *full = url_join(base, path);
	CURLUcode uc = curl_url_set(r->url, CURLUPART_URL, full, 0);
	free(full);
	if (uc != CURLUE_OK)
		return req_fail(r, HTTP_ERR_NETWORK,
				"invalid server URL (http://host:port/path expected)");
	char *scheme = url_part(r->url, CURLUPART_SCHEME, 0);
	int web = scheme && (strcmp(scheme, "http") == 0 || strcmp(scheme, "https") == 0);
	r->https = scheme && strcmp(scheme, "https") == 0;
	free(scheme);
	if (!web)
		return req_fail(r, HTTP_ERR_NETWORK,
				"the server URL must start http:// or https://");
	r->host = url_part(r->url, CURLUPART_HOST, 0);
	r->port = url_part(r->url, CURLUPART_PORT, CURLU_DEFAULT_PORT);
	if (r->host == NULL || r->port == NULL)
		return req_fail(r, HTTP_ERR_NETWORK, "invalid server URL (no host)");
	req_keep_url_secrets(r);
	return 0;
}

/* Store what arrived, refusing more than max_body bytes (returning 0 aborts the transfer). */
static size_t req_write(char *data, size_t size, size_t n, void *userp)
{
	struct req *r = userp;
	size_t add = size * n;
	if (add > r->max_body - r->len) {
		r->too_big = 1;
		return 0;
	}
	xgrow(&r->body, &r->cap, r->len + add + 1, 1);
	memcpy(r->body + r->len, data, add);
	r->len += add;
	r->body[r->len] = '\0';
	return add;
}

/* Options every request has: URL, limits, timeouts, protocols, user agent. */
static void req_set_basics(struct req *r, const struct http_conn *c)
{
	CURL *e = r->easy;
	r->max_body = c->max_body ? c->max_body : HTTP_MAX_BODY;
	r->timeout_ms = c->timeout_ms > 0 ? c->timeout_ms : HTTP_TIMEOUT_MS;
	r->connect_ms = r->timeout_ms < HTTP_CONNECT_MS ? r->timeout_ms : HTTP_CONNECT_MS;
	curl_easy_setopt(e, CURLOPT_CURLU, r->url);
	curl_easy_setopt(e, CURLOPT_PRIVATE, (void *)r);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, r->errbuf);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, req_write);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, (void *)r);
	curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)r->max_body);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, r->timeout_ms);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, r->connect_ms);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(e, CURLOPT_USERAGENT, HTTP_USER_AGENT);
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
	const char *upper = getenv("HTTP_PROXY"), *lower = getenv("http_proxy");
	if (!r->https && upper && *upper && !(lower && *lower))
		curl_easy_setopt(e, CURLOPT_PROXY, upper);
#if CURL_AT_LEAST_VERSION(7, 85, 0)
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(e, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
	curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
}

/* Add one "Name: value" line to r's headers; refuse line breaks (header injection). */
static int req_add_header(struct req *r, const char *line, const char *what)
{
	char msg[96];
	if (strpbrk(line, "\r\n") != NULL) {
		snprintf(msg, sizeof msg, "%s contains a line break", what);
		return req_fail(r, HTTP_ERR_NETWORK, msg);
	}
	struct curl_slist *l = curl_slist_append(r->headers, line);
	if (l == NULL)
		return req_fail(r, HTTP_ERR_NETWORK, "out of memory for a header");
	r->headers = l;
	return 0;
}

/* The bearer token as an Authorization header, and basic auth credentials. */
static int req_set_auth(struct req *r, const struct http_conn *c)
{
	if (c->bearer_token != NULL && *c->bearer_token != '\0') {
		req_keep_secret(r, c->bearer_token);
		size_t len = strlen("Authorization: Bearer ") + strlen(c->bearer_token) + 1;
		char *line = xmalloc(len);
		snprintf(line, len, "Authorization: Bearer %s", c->bearer_token);
		int rc = req_add_header(r, line, "the bearer token");
		free(line);
		if (rc != 0)
			return rc;
	}
	if (c->basic_user != NULL) {
		req_keep_secret(r, c->basic_password);
		curl_easy_setopt(r->easy, CURLOPT_USERNAME, c->basic_user);
		curl_easy_setopt(r->easy, CURLOPT_PASSWORD,
				 c->basic_password ? c->basic_password : "");
		curl_easy_setopt(r->easy, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
	}
	return 0;
}

/* CA file, client certificate and key, and whether to verify at all. */
static int req_set_tls(struct req *r, const struct http_conn *c)
{
	CURL *e = r->easy;
	if (c->ca_file != NULL && curl_easy_setopt(e, CURLOPT_CAINFO, c->ca_file) != CURLE_OK)
		return req_fail(r, HTTP_ERR_TLS, "TLS: this libcurl cannot use a CA file");
	if (c->cert_file != NULL && curl_easy_setopt(e, CURLOPT_SSLCERT, c->cert_file) != CURLE_OK)
		return req_fail(r, HTTP_ERR_TLS,
				"TLS: this libcurl cannot use a client certificate");
	if (c->key_file != NULL && curl_easy_setopt(e, CURLOPT_SSLKEY, c->key_file) != CURLE_OK)
		return req_fail(r, HTTP_ERR_TLS, "TLS: this libcurl cannot use a client key");
	if (c->insecure) {
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
	}
	return 0;
}

/* The extra headers, then the form body of a POST with its content type. */
static int req_set_body(struct req *r, const struct http_conn *c, const char *form)
{
	for (size_t i = 0; c->headers != NULL && c->headers[i] != NULL; i++)
		if (req_add_header(r, c->headers[i], "an extra header") != 0)
			return -1;
	if (form != NULL) {
		if (req_add_header(r, "Content-Type: application/x-www-form-urlencoded", "") != 0 ||
		    req_add_header(r, "Expect:", "") != 0)
			return -1;
		if (curl_easy_setopt(r->easy, CURLOPT_COPYPOSTFIELDS, form) != CURLE_OK)
			return req_fail(r, HTTP_ERR_NETWORK, "out of memory for the form");
	}
	if (r->headers != NULL)
		curl_easy_setopt(r->easy, CURLOPT_HTTPHEADER, r->headers);
	return 0;
}

/* Build r's easy handle from c, path and form; -1 with r->early and r->message set. */
static int req_prepare(struct req *r, const struct http_conn *c, const char *path, const char *form)
{
	if (req_parse_url(r, c->base_url, path) != 0)
		return -1;
	r->easy = curl_easy_init();
	if (r->easy == NULL)
		return req_fail(r, HTTP_ERR_NETWORK, "libcurl could not make a request");
	req_set_basics(r, c);
	if (req_set_auth(r, c) != 0 || req_set_tls(r, c) != 0 || req_set_body(r, c, form) != 0)
		return -1;
	return 0;
}

/* Start a request; its callback runs from a later http_wait, never from here. */
void http_request(struct http *h, const struct http_conn *c, const char *path, const char *form,
		  http_done_fn done, void *ctx)
{
	struct req *r = xcalloc(1, sizeof *r);
	r->h = h;
	r->done = done;
	r->ctx = ctx;
	h->count++;
	if (req_prepare(r, c, path, form) != 0) {
		list_push(&h->failed, r);
		return;
	}
	CURLMcode mc = curl_multi_add_handle(h->multi, r->easy);
	if (mc != CURLM_OK) {
		snprintf(r->message, sizeof r->message, "cannot start the request: %s",
			 curl_multi_strerror(mc));
		r->early = HTTP_ERR_NETWORK;
		list_push(&h->failed, r);
		return;
	}
	list_push(&h->active, r);
}

/* Write "N MiB" (or KiB, or bytes) for a size limit into buf. */
static void size_format(char *buf, size_t len, size_t n)
{
	if (n >= ((size_t)1 << 20) && n % ((size_t)1 << 20) == 0)
		snprintf(buf, len, "%zu MiB", n >> 20);
	else if (n >= 1024 && n % 1024 == 0)
		snprintf(buf, len, "%zu KiB", n >> 10);
	else
		snprintf(buf, len, "%zu bytes", n);
}

/* curl's own reason (its error buffer, else its generic text), on one line, without secrets. */
static const char *req_reason(struct req *r, CURLcode code)
{
	size_t n = strlen(r->errbuf);
	while (n > 0 && (r->errbuf[n - 1] == '\n' || r->errbuf[n - 1] == ' '))
		r->errbuf[--n] = '\0';
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)r->errbuf[i] < 0x20 || r->errbuf[i] == 0x7f)
			r->errbuf[i] = ' ';
	if (n == 0 || !req_safe(r, r->errbuf))
		return curl_easy_strerror(code);
	return r->errbuf;
}

/* Whether code is a TLS failure: handshake, certificate, key or verification. */
static int code_is_tls(CURLcode code)
{
	switch (code) {
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_ENGINE_NOTFOUND:
	case CURLE_SSL_ENGINE_SETFAILED:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_ENGINE_INITFAILED:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_SHUTDOWN_FAILED:
	case CURLE_SSL_CRL_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
	case CURLE_USE_SSL_FAILED:
		return 1;
	default:
		return 0;
	}
}

/* Say why a transfer that reached no answer in time stopped. */
static enum http_error req_timed_out(struct req *r)
{
	curl_off_t connect_us = 0;
	curl_easy_getinfo(r->easy, CURLINFO_CONNECT_TIME_T, &connect_us);
	if (connect_us == 0)
		snprintf(r->message, sizeof r->message, "no connection in %.1f s (%s:%s)",
			 (double)r->connect_ms / 1000, r->host, r->port);
	else
		snprintf(r->message, sizeof r->message, "no answer in %.1f s",
			 (double)r->timeout_ms / 1000);
	return HTTP_ERR_TIMEOUT;
}

/* Turn a transfer's CURLcode into our error and a message without secrets. */
static enum http_error req_classify(struct req *r, CURLcode code)
{
	char limit[32];
	switch (code) {
	case CURLE_OK:
		r->message[0] = '\0';
		return HTTP_OK;
	case CURLE_COULDNT_CONNECT:
		snprintf(r->message, sizeof r->message, "connection refused (%s:%s)", r->host,
			 r->port);
		return HTTP_ERR_REFUSED;
	case CURLE_COULDNT_RESOLVE_HOST:
		snprintf(r->message, sizeof r->message, "cannot resolve host '%s'", r->host);
		return HTTP_ERR_DNS;
	case CURLE_COULDNT_RESOLVE_PROXY:
		snprintf(r->message, sizeof r->message,
			 "cannot resolve the proxy's host (see *_PROXY)");
		return HTTP_ERR_DNS;
	case CURLE_OPERATION_TIMEDOUT:
		return req_timed_out(r);
	case CURLE_FILESIZE_EXCEEDED:
	case CURLE_WRITE_ERROR:
		if (code == CURLE_WRITE_ERROR && !r->too_big)
			break;
		size_format(limit, sizeof limit, r->max_body);
		snprintf(r->message, sizeof r->message, "answer larger than the %s limit", limit);
		return HTTP_ERR_TOO_BIG;
	default:
		break;
	}
	if (code_is_tls(code)) {
		snprintf(r->message, sizeof r->message, "TLS: %s", req_reason(r, code));
		return HTTP_ERR_TLS;
	}
	long status = 0;
	curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &status);
	if (r->https && status == 0 &&
	    (code == CURLE_RECV_ERROR || code == CURLE_SEND_ERROR || code == CURLE_GOT_NOTHING)) {
		/* TLS 1.3 lets the server refuse a client certificate only after the client
		 * thinks the handshake done: the refusal arrives as a failed read */
		snprintf(r->message, sizeof r->message,
			 "TLS: closed by the server before an answer (wants a client "
			 "certificate? --cert-file): %s",
			 req_reason(r, code));
		return HTTP_ERR_TLS;
	}
	snprintf(r->message, sizeof r->message, "%s", req_reason(r, code));
	return HTTP_ERR_NETWORK;
}

/* Tell r's caller how it ended (code matters only if it started), then free it. */
static void req_finish(struct req *r, CURLcode code)
{
	struct http_response resp = {.body = "", .message = r->message, .error = r->early};
	if (r->early == HTTP_OK) {
		resp.error = req_classify(r, code);
		curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &resp.status);
		curl_easy_getinfo(r->easy, CURLINFO_CONTENT_TYPE, &resp.content_type);
		curl_easy_getinfo(r->easy, CURLINFO_TOTAL_TIME, &resp.seconds);
	}
	if (resp.error == HTTP_OK && r->body != NULL) {
		resp.body = r->body;
		resp.body_len = r->len;
	}
	r->h->count--;
	r->done(r->ctx, &resp);
	req_free(r);
}

/* Run the callbacks of every transfer the multi handle reports done. */
static void http_drain(struct http *h)
{
	CURLMsg *m;
	int left;
	while ((m = curl_multi_info_read(h->multi, &left)) != NULL) {
		if (m->msg != CURLMSG_DONE)
			continue;
		CURL *e = m->easy_handle;
		CURLcode code = m->data.result;
		char *priv = NULL;
		curl_easy_getinfo(e, CURLINFO_PRIVATE, &priv);
		struct req *r = (struct req *)(void *)priv;
		curl_multi_remove_handle(h->multi, e);
		list_remove(&h->active, r);
		req_finish(r, code);
	}
}

/* Answer the requests that could not start; those their callbacks add wait for the next pass. */
static void http_answer_failed(struct http *h)
{
	struct req *list = h->failed;
	h->failed = NULL;
	while (list != NULL) {
		struct req *r = list;
		list_remove(&list, r);
		req_finish(r, CURLE_OK);
	}
}

/* A multi handle; the caller frees it with http_free. NULL with err filled on failure. */
struct http *http_new(char *err, size_t errlen)
{
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		snprintf(err, errlen, "libcurl failed to start");
		return NULL;
	}
	struct http *h = xcalloc(1, sizeof *h);
	h->multi = curl_multi_init();
	if (h->multi == NULL) {
		snprintf(err, errlen, "libcurl could not make a multi handle");
		free(h);
		curl_global_cleanup();
		return NULL;
	}
	/* a refresh asks everything at once: queue past a few connections a host, as browsers do */
	curl_multi_setopt(h->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)HTTP_MAX_HOST_CONNECTIONS);
	return h;
}

/* Free h; requests still running are dropped without their callbacks. */
void http_free(struct http *h)
{
	if (h == NULL)
		return;
	while (h->active != NULL) {
		struct req *r = h->active;
		list_remove(&h->active, r);
		curl_multi_remove_handle(h->multi, r->easy);
		req_free(r);
	}
	while (h->failed != NULL) {
		struct req *r = h->failed;
		list_remove(&h->failed, r);
		req_free(r);
	}
	curl_multi_cleanup(h->multi);
	free(h);
	curl_global_cleanup();
}

/* Whether c needs no escape in a query string or form (RFC 3986 unreserved). */
static int char_unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.' || c == '_' || c == '~';
}

/* Percent-encode s for a query string or form into a new string the caller frees. */
char *http_escape(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	if (s == NULL)
		s = "";
	size_t n = strlen(s);
	char *out = xcalloc(n + 1, 3), *o = out;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (char_unreserved(c)) {
			*o++ = (char)c;
			continue;
		}
		*o++ = '%';
		*o++ = hex[c >> 4];
		*o++ = hex[c & 15];
	}
	*o = '\0';
	return out;
}

/* Poll the network and fds (their revents set) for up to timeout_ms; -1 on failure. */
static int http_poll(struct http *h, struct pollfd *fds, size_t nfds, int timeout_ms, char *err,
		     size_t errlen)
{
	struct curl_waitfd extra[HTTP_MAX_FDS];
	for (size_t i = 0; i < nfds; i++) {
		extra[i].fd = fds[i].fd;
		extra[i].events = CURL_WAIT_POLLIN;
		extra[i].revents = 0;
	}
	CURLMcode mc =
	    curl_multi_poll(h->multi, nfds ? extra : NULL, (unsigned)nfds, timeout_ms, NULL);
	if (mc != CURLM_OK) {
		snprintf(err, errlen, "waiting for input failed: %s", curl_multi_strerror(mc));
		return -1;
	}
	for (size_t i = 0; i < nfds; i++)
		fds[i].revents = (extra[i].revents & CURL_WAIT_POLLIN) ? POLLIN : 0;
	return 0;
}

/* Wait for the network or fds, move every transfer forward, run the finished callbacks. */
int http_wait(struct http *h, struct pollfd *fds, size_t nfds, int timeout_ms, char *err,
	      size_t errlen)
{
	if (nfds > HTTP_MAX_FDS) {
		snprintf(err, errlen, "http_wait takes at most %d fds", HTTP_MAX_FDS);
		return -1;
	}
	if (timeout_ms < 0)
		timeout_ms = INT_MAX;
	if (h->failed != NULL)
		timeout_ms = 0;
	if (http_poll(h, fds, nfds, timeout_ms, err, errlen) != 0)
		return -1;
	int running = 0;
	CURLMcode mc = curl_multi_perform(h->multi, &running);
	if (mc != CURLM_OK) {
		snprintf(err, errlen, "network transfer failed: %s", curl_multi_strerror(mc));
		return -1;
	}
	http_drain(h);
	http_answer_failed(h);
	return 0;
}

/* Requests whose callback has not run yet. */
int http_running(const struct http *h)
{
	return h->count;
}
