/*
 * input.h: one key, by name, to what it means here: a line being edited,
 * an overlay, the screen in front, then the global actions. Returns the
 * reactions (app/screen.h) for the loop to carry out.
 */
#ifndef KPIDASH_INPUT_H
#define KPIDASH_INPUT_H

#include "app/app.h"

unsigned input_key(struct app *a, const char *name);

#endif
