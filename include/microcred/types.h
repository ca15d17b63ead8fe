/*
 * microcred - the types: every record, enum, option struct and constant
 * the library hands out or takes, below the functions that act on them
 * (as libgit2's git2/types.h).
 *
 * Each topic has one header in types/, named as the operations header of
 * the same topic (types/credential.h beside credential.h).  Besides the
 * types, a types header declares only functions that work on a value
 * alone and are defined at or below the model layer (src/lib/util,
 * src/lib/json, src/lib/model): _new, _dup, _free and _list_free, the
 * names of enum values, the model's JSON forms and checks.  Everything
 * that acts (on a store, keys, the network, files) is declared in the
 * operations headers, which include this one.
 *
 * The store (src/lib/store) includes only these headers and store.h, its
 * own handle; tests/check_layers.sh fails when it reaches any other public
 * header.  A types header includes nothing but other types headers.
 */
#ifndef MICROCRED_TYPES_H
#define MICROCRED_TYPES_H

/** An open database (store.h); the same declaration as there. */
typedef struct mc_store mc_store;

#include "types/errors.h"
#include "types/langmap.h"
#include "types/microcredential.h"
#include "types/organisation.h"
#include "types/catalogue.h"
#include "types/account.h"
#include "types/esco.h"
#include "types/keys.h"
#include "types/seal.h"
#include "types/credential.h"
#include "types/roster.h"
#include "types/certificate.h"
#include "types/badge.h"
#include "types/extract.h"
#include "types/europass.h"
#include "types/jobs.h"
#include "types/store_copy.h"

#endif
