/* fuzz_dashboard.c: libFuzzer target for the dashboard loader (any bytes, never a crash). */
#include <stddef.h>
#include <stdint.h>

#include "views/dashboard.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Load data as a dashboard file; on success, free what was loaded. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dashboard d;
	char err[512];
	if (dashboard_parse((const char *)data, size, "fuzz.json", &d, err, sizeof err) == 0)
		dashboard_done(&d);
	return 0;
}
