/* keys.c: libtermkey input and the keymap table. */
#include "tui/keys.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termkey.h>

#include "util/xalloc.h"

static const struct keymap_entry keymap_table[] = {
#define X(id, where, keys, help) {keys, ACT_##id, KEYS_##where, help},
    KEYMAP(X)
#undef X
};

struct keys {
	TermKey *tk;
	int fd;
};

const struct keymap_entry *keymap(size_t *n)
{
	*n = sizeof keymap_table / sizeof keymap_table[0];
	return keymap_table;
}

/* True when key is one of the space-separated names in list. */
static int keymap_has(const char *list, const char *key)
{
	size_t klen = strlen(key);
	for (const char *p = list; *p;) {
		size_t n = strcspn(p, " ");
		if (n == klen && strncmp(p, key, n) == 0)
			return 1;
		p += n;
		p += strspn(p, " ");
	}
	return 0;
}

enum action keymap_lookup(const char *key, enum key_where where)
{
	size_t n;
	const struct keymap_entry *t = keymap(&n);
	enum action any = ACT_NONE;
	for (size_t i = 0; i < n; i++) {
		if (!keymap_has(t[i].keys, key))
			continue;
		if (t[i].where == where)
			return t[i].action;
		if (t[i].where == KEYS_ANY && any == ACT_NONE)
			any = t[i].action;
	}
	return any;
}

struct keys *keys_new(int fd, char *err, size_t errlen)
{
	TermKey *tk = termkey_new(fd, 0);
	if (tk == NULL) {
		snprintf(err, errlen, "cannot read the keyboard (libtermkey failed on fd %d)", fd);
		return NULL;
	}
	termkey_set_canonflags(tk, termkey_get_canonflags(tk) | TERMKEY_CANON_DELBS);
	struct keys *k = xcalloc(1, sizeof *k);
	k->tk = tk;
	k->fd = fd;
	return k;
}

struct keys *keys_new_abstract(void)
{
	TermKey *tk = termkey_new_abstract("xterm", 0);
	if (tk == NULL)
		return NULL;
	struct keys *k = xcalloc(1, sizeof *k);
	k->tk = tk;
	k->fd = -1;
	return k;
}

void keys_free(struct keys *k)
{
	if (k == NULL)
		return;
	termkey_destroy(k->tk);
	free(k);
}

void keys_stop(struct keys *k)
{
	termkey_stop(k->tk);
}

void keys_start(struct keys *k)
{
	termkey_start(k->tk);
}

int keys_fd(const struct keys *k)
{
	return k->fd;
}

void keys_push(struct keys *k, const char *bytes, size_t n)
{
	termkey_push_bytes(k->tk, bytes, n);
}

void keys_readable(struct keys *k)
{
	termkey_advisereadable(k->tk);
}

/* Name a termkey key the way the keymap spells it. */
static void keys_name(struct keys *k, TermKeyKey *key, char *name, size_t len)
{
	termkey_strfkey(k->tk, name, len, key, 0);
}

/* Map a termkey result to ours, naming the key when there is one. */
static enum keys_result keys_result(struct keys *k, TermKeyResult r, TermKeyKey *key, char *name,
				    size_t len)
{
	switch (r) {
	case TERMKEY_RES_KEY:
		keys_name(k, key, name, len);
		return KEYS_KEY;
	case TERMKEY_RES_AGAIN:
		return KEYS_AGAIN;
	case TERMKEY_RES_EOF:
		return KEYS_EOF;
	default:
		return KEYS_NONE;
	}
}

enum keys_result keys_next(struct keys *k, char *name, size_t len, int *wait_ms)
{
	TermKeyKey key;
	TermKeyResult r = termkey_getkey(k->tk, &key);
	*wait_ms = termkey_get_waittime(k->tk);
	return keys_result(k, r, &key, name, len);
}

enum keys_result keys_force(struct keys *k, char *name, size_t len)
{
	TermKeyKey key;
	return keys_result(k, termkey_getkey_force(k->tk, &key), &key, name, len);
}
