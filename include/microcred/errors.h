/*
 * microcred - error codes and problem lists.
 *
 * They work on values alone, so they are declared with the types, in
 * types/errors.h (included through types.h); this header keeps its name.
 */
#ifndef MICROCRED_ERRORS_H
#define MICROCRED_ERRORS_H

#include "types.h"

#endif
