/*
 * Dates and times as credentials carry them: ISO 8601 dates (YYYY-MM-DD)
 * and RFC 3339 date-times, converted to seconds since the epoch (UTC).
 */
#ifndef MC_TIMEUTIL_H
#define MC_TIMEUTIL_H

#include <time.h>

/** Non-zero for a real calendar date "YYYY-MM-DD" (years 1900-9999). */
int mc__date_valid(const char *s);

/** Non-zero for the UTC form this library writes: "YYYY-MM-DDTHH:MM:SSZ". */
int mc__timestamp_valid(const char *s);

/**
 * Parse an RFC 3339 date-time ("2026-11-25T10:00:00Z",
 * "2026-11-25T10:00:00.123+02:00"; fractions are dropped) into seconds
 * since the epoch.  Returns 0 or -1 when malformed.
 */
int mc__timestamp_parse(const char *s, long long *out);

/**
 * Seconds since the epoch, now.  In a test build only (MC_TEST_CLOCK
 * defined: cmake -DMC_TEST_CLOCK=ON, see mc_test_clock()), the environment
 * variable MICROCRED_TEST_NOW (seconds since the epoch, or an RFC 3339
 * date-time) fixes the clock, so that expiry can be tested without
 * waiting.  Every other build ignores the variable, so an operator who
 * sets it by mistake cannot make expired credentials or sessions valid.
 */
long long mc__now(void);

/** Format seconds since the epoch as "YYYY-MM-DDTHH:MM:SSZ" (UTC). */
void mc__timestamp_format(char out[21], long long t);

#endif
