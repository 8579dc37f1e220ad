/*
 * fuzz_jpos.c: libFuzzer target for the position scanner of validation messages.
 * The first byte says how many of the next bytes are a JSON path to look up; the
 * rest is the text. Whatever jansson accepts, the scanner must accept too.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/jpos.h"
#include "util/xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Scan the text, look the path up as a value and as a key, and compare with jansson. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t k = size ? data[0] % 32 : 0;
	if (k + 1 > size)
		return 0;
	char path[40];
	memcpy(path, data + 1, k);
	path[k] = '\0';
	size_t len = size - 1 - k;
	char *text = xmalloc(len ? len : 1); /* exactly len bytes: reads past them are caught */
	memcpy(text, data + 1 + k, len);
	struct jpos *p = jpos_scan(text, len);
	json_t *j = json_loadb(text, len, JSON_REJECT_DUPLICATES, NULL);
	/* jansson takes a NUL right after a number or literal; the scanner refuses it */
	if (j && p == NULL && memchr(text, 0, len) == NULL)
		abort();
	int line, col;
	jpos_find(p, path, 0, &line, &col);
	jpos_find(p, path, 1, &line, &col);
	json_decref(j);
	jpos_free(p);
	free(text);
	return 0;
}
