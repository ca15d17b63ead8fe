/*
 * microcred - organisations and clusters.
 *
 * The records, their vocabularies and their JSON forms work on a value
 * alone, so they are declared with the types, in types/organisation.h
 * (included through types.h); the functions that store them are in
 * catalogue.h.  This header keeps its name.
 */
#ifndef MICROCRED_ORGANISATION_H
#define MICROCRED_ORGANISATION_H

#include "types.h"

#endif
