/*
 * The registrations and consents the demo catalogue needs
 * (demo_grants.c), for mc_catalogue_load_demo().
 */
#ifndef MC_DEMO_GRANTS_H
#define MC_DEMO_GRANTS_H

#include "microcred/store.h"

/**
 * Inside the loader's transaction: with `after` 0 (once the organisations
 * are stored, before the MCs), register the agencies that provide demo
 * MCs as self-accrediting for their country; with `after` 1 (once the MCs
 * are stored), record every demo co-awarding body's consent as accepted.
 * Recorded as granted or accepted by "demo".  Idempotent.
 */
int mc__demo_grants(mc_store *store, int after);

#endif
