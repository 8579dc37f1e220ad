/*
 * config.h: the user's config file, $XDG_CONFIG_HOME/kpidash/config.json
 * (~/.config/kpidash/config.json) or --config FILE, applied under the
 * environment and the flags. See docs/config.md.
 */
#ifndef KPIDASH_CONFIG_H
#define KPIDASH_CONFIG_H

#include <stddef.h>

#include "app/options.h"

/* The keys a config file may have at its top, NULL-terminated. */
extern const char *const config_keys[];

/*
 * Apply the config file to o. path NULL means the default place, where a
 * missing file is fine; a named file must exist. Returns 0, or -1 with err
 * saying "file:line:col: path: what was expected".
 */
int config_load(const char *path, struct options *o, char *err, size_t errlen);
/* The same for text (len bytes) already read from file. */
int config_parse(const char *text, size_t len, const char *file, struct options *o, char *err,
		 size_t errlen);

#endif
