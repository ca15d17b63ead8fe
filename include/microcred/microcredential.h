/*
 * microcred - the micro-credential model.
 *
 * The record, its vocabularies, its checks and its JSON form work on a
 * value alone, so they are declared with the types, in
 * types/microcredential.h (included through types.h); this header keeps
 * its name.
 */
#ifndef MICROCRED_MICROCREDENTIAL_H
#define MICROCRED_MICROCREDENTIAL_H

#include "types.h"

#endif
