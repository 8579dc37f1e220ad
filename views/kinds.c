/* kinds.c: the table of panel kinds. */
#include "views/kinds.h"

#include <string.h>

static const struct panel_type panel_types[] = {
    {"stat", kind_points_width, 1, kind_stat_draw},
    {"bignum", kind_points_width, 1, kind_bignum_draw},
    {"timeseries", kind_chart_points, 0, kind_chart_draw},
    {"bar", kind_points_fixed, 0, kind_bar_draw},
    {"gauge", kind_points_fixed, 1, kind_gauge_draw},
    {"table", kind_points_fixed, 0, kind_table_draw},
    {"heatmap", kind_heatmap_points, 0, kind_heatmap_draw},
    {"slo", kind_points_fixed, 0, kind_slo_draw},
};
#define NTYPES (sizeof panel_types / sizeof panel_types[0])

const struct panel_type *panel_type_find(const char *name)
{
	for (size_t i = 0; i < NTYPES; i++)
		if (strcmp(panel_types[i].name, name) == 0)
			return &panel_types[i];
	return NULL;
}

const char *const *panel_type_names(void)
{
	static const char *names[NTYPES + 1];
	for (size_t i = 0; i < NTYPES; i++)
		names[i] = panel_types[i].name;
	return names;
}
