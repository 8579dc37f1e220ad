/* fuzz_config.c: libFuzzer target for the config file loader (any bytes, never a crash). */
#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "app/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Load data as a config over fresh options, then free what it kept. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct options o = {.seed = 42,
			    .clock = NAN,
			    .refresh = 10,
			    .range = 86400,
			    .timeout = 10,
			    .max_body = 32u << 20};
	char err[4096];
	config_parse((const char *)data, size, "fuzz.json", &o, err, sizeof err);
	options_done(&o);
	return 0;
}
