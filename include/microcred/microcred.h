/*
 * microcred - umbrella header: include this to get the whole public API.
 */
#ifndef MICROCRED_H
#define MICROCRED_H

#include "types.h"

#include "errors.h"
#include "langmap.h"
#include "microcredential.h"
#include "organisation.h"
#include "store.h"
#include "store_copy.h"
#include "catalogue.h"
#include "esco.h"
#include "keys.h"
#include "credential.h"
#include "extract.h"
#include "roster.h"
#include "account.h"
#include "certificate.h"
#include "badge.h"
#include "seal.h"
#include "europass.h"
#include "jobs.h"

/** Library version, "MAJOR.MINOR.PATCH". */
#define MC_VERSION "0.1.0"

const char *mc_version(void);

/**
 * Non-zero in a test build (configured with -DMC_TEST_CLOCK=ON, as
 * scripts/test does), where the environment variable MICROCRED_TEST_NOW
 * fixes the clock so that expiry can be tested without waiting.  Zero in
 * every other build, which never reads that variable.
 */
int mc_test_clock(void);

#endif
