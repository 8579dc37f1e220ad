/* http.c: libcurl multi, driven from the one event loop. */
#include "client/http.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>

#include "util/xalloc.h"

struct http {
	CURLM *multi;
	int running;
};

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
	return h;
}

void http_free(struct http *h)
{
	if (h == NULL)
		return;
	curl_multi_cleanup(h->multi);
	free(h);
	curl_global_cleanup();
}

int http_wait(struct http *h, struct pollfd *fds, size_t nfds, int timeout_ms, char *err,
	      size_t errlen)
{
	struct curl_waitfd extra[8];
	if (nfds > sizeof extra / sizeof extra[0])
		nfds = sizeof extra / sizeof extra[0];
	for (size_t i = 0; i < nfds; i++) {
		extra[i].fd = fds[i].fd;
		extra[i].events = CURL_WAIT_POLLIN;
		extra[i].revents = 0;
	}
	CURLMcode mc = curl_multi_poll(h->multi, extra, (unsigned)nfds, timeout_ms, NULL);
	if (mc != CURLM_OK) {
		snprintf(err, errlen, "waiting for input failed: %s", curl_multi_strerror(mc));
		return -1;
	}
	for (size_t i = 0; i < nfds; i++)
		fds[i].revents = (extra[i].revents & CURL_WAIT_POLLIN) ? POLLIN : 0;
	curl_multi_perform(h->multi, &h->running);
	return 0;
}

int http_running(const struct http *h)
{
	return h->running;
}
