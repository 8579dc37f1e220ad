/*
 * dashboards.h: the views kpidash shows: the shipped dashboards (compiled
 * in), then the user's directory ($XDG_CONFIG_HOME/kpidash/dashboards/, every NAME.json),
 * then --dashboard files; a later one replaces an earlier one of its name.
 */
#ifndef KPIDASH_DASHBOARDS_H
#define KPIDASH_DASHBOARDS_H

#include "app/app.h"

/*
 * Load every dashboard into a->dash and make a view of each. A broken file
 * stops kpidash before the screen is taken: -1, its problems on stderr.
 */
int dashboards_load(struct app *a);
/* Make the view --view names the current one; -1 (with the names there are) when none is. */
int dashboards_select(struct app *a);

#endif
