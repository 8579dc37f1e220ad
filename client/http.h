/*
 * http.h: the network side of the one event loop. Every request runs on one
 * libcurl multi handle; the loop waits here, on the network and on the
 * caller's own fds (terminal input, signal pipe) at once. Nothing here blocks.
 */
#ifndef KPIDASH_HTTP_H
#define KPIDASH_HTTP_H

#include <poll.h>
#include <stddef.h>

struct http;

/*
 * Connections open to one host at once; more requests wait for one to be free
 * (their timeout runs meanwhile). A refresh of every view asks ~150 at once.
 */
#define HTTP_MAX_HOST_CONNECTIONS 16

/* How to reach a server: shared by every request to it. All strings borrowed. */
struct http_conn {
	const char *base_url;	    /* "https://host:9090/prometheus" (a path prefix is kept) */
	const char *const *headers; /* extra "Name: value" lines, NULL-terminated, or NULL */
	const char *bearer_token;   /* the token itself (read from a file or the environment) */
	const char *basic_user;
	const char *basic_password;
	const char *ca_file;
	const char *cert_file;
	const char *key_file;
	int insecure;	 /* skip TLS verification */
	long timeout_ms; /* per request, whole transfer; 0: 10 000 */
	size_t max_body; /* refuse larger bodies; 0: 32 MiB */
};

/* Why a request failed, for a panel to say in a word or two. */
enum http_error {
	HTTP_OK = 0,
	HTTP_ERR_REFUSED, /* connection refused */
	HTTP_ERR_DNS,	  /* host name not resolved */
	HTTP_ERR_TIMEOUT, /* no complete answer in time */
	HTTP_ERR_TLS,	  /* certificate or handshake */
	HTTP_ERR_TOO_BIG, /* body over max_body */
	HTTP_ERR_NETWORK, /* anything else below HTTP */
};

/* A finished request. body is NUL-terminated; everything is valid only during the callback. */
struct http_response {
	enum http_error error;
	long status;		  /* HTTP status, 0 when no answer */
	const char *content_type; /* or NULL */
	const char *body;
	size_t body_len;
	const char *message; /* one line saying what went wrong (no secrets), "" when fine */
	double seconds;	     /* how long it took */
};

typedef void (*http_done_fn)(void *ctx, const struct http_response *r);

/* A multi handle; the caller frees it with http_free. NULL with err filled on failure. */
struct http *http_new(char *err, size_t errlen);
/* Free h; requests still running are dropped without their callbacks. */
void http_free(struct http *h);
/*
 * Start a request for c->base_url + path (path begins with '/', or is "" for
 * base_url itself). With form
 * NULL it is a GET; otherwise a POST of form (application/x-www-form-urlencoded,
 * already encoded). done(ctx, ...) runs once, from http_wait, never from here.
 */
void http_request(struct http *h, const struct http_conn *c, const char *path, const char *form,
		  http_done_fn done, void *ctx);
/* Percent-encode s for a query string or form into a new string the caller frees. */
char *http_escape(const char *s);
/*
 * Wait up to timeout_ms for network activity or for one of fds to be
 * readable (their revents are set), then move every transfer forward and run
 * the callbacks of those that finished. Returns 0, or -1 with err filled.
 */
int http_wait(struct http *h, struct pollfd *fds, size_t nfds, int timeout_ms, char *err,
	      size_t errlen);
/* Transfers still running. */
int http_running(const struct http *h);

#endif
