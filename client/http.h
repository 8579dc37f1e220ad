/*
 * http.h: the network side of the one event loop. Every request runs on one
 * libcurl multi handle; the loop waits here, on the network and on the
 * caller's own fds (terminal input, signal pipe) at once.
 */
#ifndef KPIDASH_HTTP_H
#define KPIDASH_HTTP_H

#include <poll.h>
#include <stddef.h>

struct http;

/* A multi handle; the caller frees it with http_free. NULL with err filled on failure. */
struct http *http_new(char *err, size_t errlen);
void http_free(struct http *h);
/*
 * Wait up to timeout_ms for network activity or for one of fds to be
 * readable (their revents are set), then move every transfer forward.
 * Returns 0, or -1 with err filled when the wait itself failed.
 */
int http_wait(struct http *h, struct pollfd *fds, size_t nfds, int timeout_ms, char *err,
	      size_t errlen);
/* Transfers still running. */
int http_running(const struct http *h);

#endif
