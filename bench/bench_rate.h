/*
 * Rates measured side by side: each task (a function doing one operation)
 * runs in turn for a slice of about a tenth of the time asked, round after
 * round, until each had its time.  Interleaving makes a ratio of two rates
 * fair on a busy machine: a burst of load falls on both.  Time is this
 * thread's CPU time (one core's work, not the waits of other processes);
 * wall time is kept too, for work that waits on the disk.
 *
 * Header-only, for the bench_*.c programs.
 */
#ifndef MC_BENCH_RATE_H
#define MC_BENCH_RATE_H

#include <stddef.h>
#include <time.h>

struct rate_task {
	const char *name;
	/** One operation; non-zero stops the measurement. */
	int (*fn)(void *arg);
	void *arg;
	long n;	    /**< operations done */
	double cpu; /**< thread CPU seconds they took */
	double wall;
};

static inline double rate_clock(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Run `tasks` interleaved until each had `secs` of CPU time (at least one
 * operation each).  Returns 0, or -1 when an operation failed. */
static inline int rate_measure(struct rate_task *tasks, size_t count,
			       double secs)
{
	double slice = secs / 10;
	size_t k, done = 0;

	for (k = 0; k < count; k++)
		tasks[k].n = 0, tasks[k].cpu = tasks[k].wall = 0;
	while (done < count) {
		done = 0;
		for (k = 0; k < count; k++) {
			struct rate_task *t = &tasks[k];
			double c0, w0, c;

			if (t->n > 0 && t->cpu >= secs) {
				done++;
				continue;
			}
			c0 = rate_clock(CLOCK_THREAD_CPUTIME_ID);
			w0 = rate_clock(CLOCK_MONOTONIC);
			do {
				if (t->fn(t->arg))
					return -1;
				t->n++;
				c = rate_clock(CLOCK_THREAD_CPUTIME_ID) - c0;
			} while (c < slice);
			t->cpu += c;
			t->wall += rate_clock(CLOCK_MONOTONIC) - w0;
		}
	}
	return 0;
}

/** Operations per CPU second. */
static inline double rate_of(const struct rate_task *t)
{
	return t->cpu > 0 ? (double)t->n / t->cpu : 0;
}

/** Operations per wall-clock second. */
static inline double rate_wall(const struct rate_task *t)
{
	return t->wall > 0 ? (double)t->n / t->wall : 0;
}

#endif
