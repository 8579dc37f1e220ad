/* fuzz_prom.c: libFuzzer target for the Prometheus answer parsers. */
#include <stddef.h>
#include <stdint.h>

#include "client/prom.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Parse data as every kind of answer, with a status taken from its first byte. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const long statuses[] = {200, 400, 404, 422, 500, 503};
	long status = size ? statuses[data[0] % 6] : 200;
	const char *body = (const char *)data;
	struct prom_result res;
	struct series_set ss;
	series_set_init(&ss);
	prom_parse_query(status, body, size, &ss, &res);
	series_set_done(&ss);
	struct prom_buildinfo bi;
	prom_parse_buildinfo(status, body, size, NULL, &bi, &res);
	prom_strings_free(prom_parse_strings(status, body, size, &res));
	size_t n = 0;
	struct prom_alert *a = prom_parse_alerts(status, body, size, &n, &res);
	prom_alerts_free(a, n);
	return 0;
}
