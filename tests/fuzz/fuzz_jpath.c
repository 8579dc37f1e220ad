/*
 * fuzz_jpath.c: libFuzzer target for the JSON path language of foreign APIs (client/jpath).
 * The input is a path, a newline, then a JSON body: both are compiled and mapped.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "client/jpath.h"
#include "util/xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Compile the first line as a value path (and as a label path), map the rest with it. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *nl = memchr(data, '\n', size);
	size_t plen = nl ? (size_t)(nl - (const char *)data) : size;
	char *path = xstrndup((const char *)data, plen);
	const char *body = nl ? nl + 1 : "";
	size_t blen = nl ? size - plen - 1 : 0;
	struct jpath *m = NULL;
	char err[256];
	if (jpath_compile(path, &m, err, sizeof err) == 0) {
		struct series_set out;
		series_set_init(&out);
		struct jpath_mapping with_label = {m, NULL, m, NULL, 1700000000};
		jpath_extract(&with_label, 200, body, blen, &out, err, sizeof err);
		struct jpath_mapping plain = {m, NULL, NULL, NULL, 1700000000};
		jpath_extract(&plain, 200, body, blen, &out, err, sizeof err);
		series_set_done(&out);
		jpath_free(m);
	}
	free(path);
	return 0;
}
