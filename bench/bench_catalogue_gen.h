/*
 * The generated catalogue of the catalogue benchmarks (bench_catalogue,
 * bench_search_pg): Zipf-distributed pseudo-words in six scripts (Latin,
 * Cyrillic, Georgian, Armenian), one fixed seed, so both benches import
 * the same documents; and the median/p99 of a set of timings.  Static
 * functions: include it in one translation unit.
 */
#ifndef MC_BENCH_CATALOGUE_GEN_H
#define MC_BENCH_CATALOGUE_GEN_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CHUNK 1000
#define VOCAB 4000
#define NLANG 6

static const char *const langs[NLANG] = {"en", "uk", "mk", "ka", "hy", "sr"};
static const char *const countries[NLANG] = {"DE", "UA", "MK",
					     "GE", "AM", "RS"};

/* Syllables per script; words are 2-4 syllables. */
static const char *const syl[NLANG][12] = {
    {"ka", "lo", "mi", "ter", "san", "vo", "ri", "wel", "den", "pa", "tor",
     "gu"},
    {"ка", "ло", "ми", "тер", "сан", "во", "ри", "зва", "рю", "па", "тор",
     "гу"},
    {"ка", "ло", "ми", "тер", "сан", "во", "ри", "ѓа", "ње", "па", "ќо", "гу"},
    {"კა", "ლო", "მი", "ტერ", "სან", "ვო", "რი", "ღა", "შე", "პა", "თო", "გუ"},
    {"կա", "լո", "մի", "տեր", "սան", "վո", "րի", "ղա", "շե", "պա", "թո", "գու"},
    {"ка", "ло", "ми", "тер", "сан", "во", "ри", "ђа", "ће", "па", "џо", "гу"},
};

static const char *const sectors[8] = {"0713", "0715", "0732", "0613",
				       "1013", "0811", "0416", "0923"};

static char *vocab[NLANG][VOCAB];
static double zipf_cdf[VOCAB];
static unsigned long long rng = 88172645463325252ULL;

static unsigned long long next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void make_vocab(void)
{
	double sum = 0;
	int l, i;

	for (l = 0; l < NLANG; l++)
		for (i = 0; i < VOCAB; i++) {
			char w[64] = "";
			int n = 2 + (int)(next_rand() % 3), k;

			for (k = 0; k < n; k++)
				strcat(w, syl[l][next_rand() % 12]);
			/* Make each word unique with a final syllable index. */
			snprintf(w + strlen(w), sizeof(w) - strlen(w), "%s",
				 syl[l][i % 12]);
			vocab[l][i] = strdup(w);
		}
	for (i = 0; i < VOCAB; i++)
		sum += 1.0 / (i + 1);
	for (i = 0; i < VOCAB; i++)
		zipf_cdf[i] = (i ? zipf_cdf[i - 1] : 0) + 1.0 / (i + 1) / sum;
}

static const char *word(int lang)
{
	double u = (double)(next_rand() % 1000000) / 1e6;
	int lo = 0, hi = VOCAB - 1;

	while (lo < hi) {
		int mid = (lo + hi) / 2;

		if (zipf_cdf[mid] < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	return vocab[lang][lo];
}

static void words(char *out, size_t cap, int lang, int n)
{
	int i;

	out[0] = '\0';
	for (i = 0; i < n; i++) {
		strncat(out, word(lang), cap - strlen(out) - 2);
		if (i + 1 < n)
			strcat(out, " ");
	}
}

/* One MC in the export form; `fts` (may be NULL) gets the text a raw
 * full-text index would hold. */
static void make_mc(char *out, size_t cap, char *fts, size_t fcap, long n)
{
	int primary = (int)(n % NLANG);
	char t[NLANG][256], d[NLANG][512], lo[3][NLANG][320];
	size_t len;
	int l, k;

	for (l = 0; l < NLANG; l++) {
		words(t[l], sizeof(t[l]), l, 5);
		words(d[l], sizeof(d[l]), l, 12);
		for (k = 0; k < 3; k++)
			words(lo[k][l], sizeof(lo[k][l]), l, 8);
	}
	len = (size_t)snprintf(
	    out, cap,
	    "{\"id\": \"bench-%ld\", \"version\": 1, \"status\": "
	    "\"published\", \"primary_language\": \"%s\", \"languages\": "
	    "[\"%s\"], \"title\": {",
	    n, langs[primary], langs[primary]);
	for (l = 0; l < NLANG; l++)
		len +=
		    (size_t)snprintf(out + len, cap - len, "%s\"%s\": \"%s\"",
				     l ? ", " : "", langs[l], t[l]);
	len += (size_t)snprintf(out + len, cap - len, "}, \"description\": {");
	for (l = 0; l < NLANG; l++)
		len +=
		    (size_t)snprintf(out + len, cap - len, "%s\"%s\": \"%s\"",
				     l ? ", " : "", langs[l], d[l]);
	len += (size_t)snprintf(
	    out + len, cap - len,
	    "}, \"provider\": \"bench-%s\", \"awarding_bodies\": "
	    "[\"bench-%s\"], \"countries\": [\"%s\"], \"sector\": \"%s\", "
	    "\"target_groups\": [\"adults\"], \"learning_outcomes\": [",
	    langs[primary], langs[primary], countries[primary], sectors[n % 8]);
	for (k = 0; k < 3; k++) {
		static const char *const cat[3] = {"knowledge", "skills",
						   "responsibility_autonomy"};

		len += (size_t)snprintf(out + len, cap - len,
					"%s{\"category\": \"%s\", \"text\": {",
					k ? ", " : "", cat[k]);
		for (l = 0; l < NLANG; l++)
			len += (size_t)snprintf(
			    out + len, cap - len, "%s\"%s\": \"%s\"",
			    l ? ", " : "", langs[l], lo[k][l]);
		len += (size_t)snprintf(out + len, cap - len, "}}");
	}
	snprintf(
	    out + len, cap - len,
	    "], \"workload\": {\"ects\": %d, \"hours\": %d}, "
	    "\"eqf_level\": %d, \"assessment\": {\"type\": "
	    "\"practical_demonstration\"}, \"participation\": {\"mode\": "
	    "\"onsite\"}, \"quality_assurance\": {\"type\": \"internal\"}}",
	    1 + (int)(n % 5), 25 * (1 + (int)(n % 5)), 2 + (int)(n % 4));
	/* The same text for the raw baseline's full-text row. */
	if (!fts)
		return;
	fts[0] = '\0';
	for (l = 0; l < NLANG; l++) {
		strncat(fts, t[l], fcap - strlen(fts) - 2);
		strcat(fts, " ");
		strncat(fts, d[l], fcap - strlen(fts) - 2);
		strcat(fts, " ");
		for (k = 0; k < 3; k++) {
			strncat(fts, lo[k][l], fcap - strlen(fts) - 2);
			strcat(fts, " ");
		}
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void stats(double *v, int n, double *median, double *p99)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	*median = v[n / 2];
	*p99 = v[(int)ceil(n * 0.99) - 1];
}

#endif
