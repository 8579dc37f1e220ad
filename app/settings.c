/* settings.c: the values flags, environment and the config file all take: durations, sizes,
 * secrets. */
#include "app/settings.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/options.h"
#include "util/xalloc.h"

/* A size in bytes with an optional k, M or G (powers of 1024), at most 1 TiB; 0 if not one. */
size_t settings_size(const char *s)
{
	char *end;
	double v = strtod(s, &end);
	double mult = *end == 'k'   ? 1024.0
		      : *end == 'M' ? 1048576.0
		      : *end == 'G' ? 1073741824.0
				    : 1;
	if (end == s || v <= 0 || !isfinite(v) || (*end && (mult == 1 || end[1] != '\0')))
		return 0;
	if (v * mult > 1099511627776.0) /* past any sane limit, and past what size_t may hold */
		return 0;
	return (size_t)(v * mult);
}

char *settings_secret(const char *path, char *err, size_t errlen)
{
	/* opened without blocking: opening a FIFO with no writer would wait for one forever */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	if (fd < 0) {
		snprintf(err, errlen, "cannot read '%s': %s", path, strerror(errno));
		return NULL;
	}
	FILE *f = NULL;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (f = fdopen(fd, "r")) == NULL) {
		close(fd); /* a FIFO or a device could hang a read too */
		snprintf(err, errlen, "'%s' is not a regular file", path);
		return NULL;
	}
	char buf[4096] = "";
	if (fgets(buf, sizeof buf, f) == NULL)
		buf[0] = '\0';
	fclose(f);
	buf[strcspn(buf, "\r\n")] = '\0';
	if (buf[0] == '\0') {
		snprintf(err, errlen, "'%s' is empty", path);
		return NULL;
	}
	char *s = xstrdup(buf);
	memset(buf, 0, sizeof buf);
	return s;
}

const char *settings_keep(struct options *o, const char *s)
{
	if (o->nowned == sizeof o->owned / sizeof o->owned[0])
		return NULL;
	return o->owned[o->nowned++] = xstrdup(s);
}

int settings_header(struct options *o, const char *line)
{
	const char *colon = strchr(line, ':');
	if (colon == NULL)
		return -1;
	size_t n = (size_t)(colon - line);
	for (size_t i = 0; i < o->nheaders; i++) {
		const char *old = o->headers[i];
		if (strncasecmp(old, line, n) == 0 && old[n] == ':') {
			o->headers[i] = line;
			return 0;
		}
	}
	if (o->nheaders == OPT_MAX_HEADERS)
		return -1;
	o->headers[o->nheaders++] = line;
	o->headers[o->nheaders] = NULL;
	return 0;
}
