/*
 * settings.h: the values that flags, the environment and the config file all
 * take, parsed one way for all three: durations, sizes, secrets from files,
 * and the strings struct options keeps.
 */
#ifndef KPIDASH_SETTINGS_H
#define KPIDASH_SETTINGS_H

#include <stddef.h>

struct options;

/* Keep s (a copy) for as long as o lives, and return it. */
const char *settings_keep(struct options *o, const char *s);
/* Parse a size ("512k", "32M"); 0 when malformed. */
size_t settings_size(const char *s);
/* Read a secret's first line from path; NULL (with why in err) when it cannot. Caller frees. */
char *settings_secret(const char *path, char *err, size_t errlen);
/* Add the header line "Name: value" to o's, in place of an earlier one of the same name
 * (names compare without case), so a flag beats the config file; -1 when line has no ':'
 * or o already holds OPT_MAX_HEADERS others. */
int settings_header(struct options *o, const char *line);

#endif
