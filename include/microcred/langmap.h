/*
 * microcred - multilingual text and string lists.
 *
 * They work on values alone, so they are declared with the types, in
 * types/langmap.h (included through types.h); this header keeps its name.
 */
#ifndef MICROCRED_LANGMAP_H
#define MICROCRED_LANGMAP_H

#include "types.h"

#endif
