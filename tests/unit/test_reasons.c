/*
 * The verifier's reasons in every UI language: each language other than
 * English (web/i18n/LANG.json) translates every reason code the library
 * has as "reason.CODE" in web/i18n/reasons-*.LANG.json, with exactly the
 * placeholders of the English text, and has no reason the library lacks.
 * English comes from the library itself.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>

#include "microcred/credential.h"

static char dir[1024];

/* The placeholders of `text`, sorted and joined ("{a}{b}"). */
static void placeholders(char *out, size_t outlen, const char *text)
{
	const char *names[32];
	size_t lens[32], n = 0, i, j;
	const char *p = text;

	while ((p = strchr(p, '{')) && n < 32) {
		const char *e = strchr(p, '}');

		if (!e)
			break;
		names[n] = p;
		lens[n++] = (size_t)(e - p + 1);
		p = e + 1;
	}
	for (i = 1; i < n; i++) /* insertion sort */
		for (j = i;
		     j > 0 &&
		     strncmp(names[j - 1], names[j],
			     lens[j] > lens[j - 1] ? lens[j] : lens[j - 1]) > 0;
		     j--) {
			const char *t = names[j];
			size_t l = lens[j];

			names[j] = names[j - 1];
			lens[j] = lens[j - 1];
			names[j - 1] = t;
			lens[j - 1] = l;
		}
	out[0] = '\0';
	for (i = 0; i < n; i++)
		if (!i || lens[i] != lens[i - 1] ||
		    strncmp(names[i], names[i - 1], lens[i]) != 0)
			strncat(out, names[i],
				lens[i] < outlen - strlen(out) - 1
				    ? lens[i]
				    : outlen - strlen(out) - 1);
}

/* Every reason.* string of language `lang`'s reasons-*.LANG.json files. */
static json_t *reasons_of(const char *lang)
{
	json_t *all = json_object();
	struct dirent *e;
	DIR *d = opendir(dir);
	char suffix[64];

	assert_non_null(d);
	snprintf(suffix, sizeof(suffix), ".%s.json", lang);
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name), sl = strlen(suffix);
		char path[2048];
		json_error_t jerr;
		json_t *part, *v;
		const char *key;

		if (strncmp(e->d_name, "reasons-", 8) != 0 || n <= sl ||
		    strcmp(e->d_name + n - sl, suffix) != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		part = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
		if (!json_is_object(part))
			fail_msg("%s: not a JSON object (%s)", path, jerr.text);
		json_object_foreach(part, key, v)
		{
			if (strncmp(key, "reason.", 7) != 0)
				fail_msg("%s: %s is not a reason.* key", path,
					 key);
			if (json_object_get(all, key))
				fail_msg("%s: %s is in two files", path, key);
			json_object_set(all, key, v);
		}
		json_decref(part);
	}
	closedir(d);
	return all;
}

static void check_language(const char *lang)
{
	json_t *tr = reasons_of(lang), *v;
	const char *const *codes;
	const char *key;
	size_t n, i, missing = 0;
	char want[512], got[512], k[256];

	codes = mc_verify_message_codes(&n);
	assert_true(n > 50);
	for (i = 0; i < n; i++) {
		const char *text;

		snprintf(k, sizeof(k), "reason.%s", codes[i]);
		if (!(text = json_string_value(json_object_get(tr, k)))) {
			print_error("%s: %s missing (English: \"%s\")\n", lang,
				    k, mc_verify_message(codes[i]));
			missing++;
			continue;
		}
		placeholders(want, sizeof(want), mc_verify_message(codes[i]));
		placeholders(got, sizeof(got), text);
		if (strcmp(want, got) != 0)
			fail_msg("%s: %s has placeholders %s, English %s", lang,
				 k, got, want);
	}
	json_object_foreach(tr, key, v)
	{
		if (!mc_verify_message(key + 7))
			fail_msg("%s: %s is no reason the library gives", lang,
				 key);
	}
	json_decref(tr);
	if (missing)
		fail_msg("%s: %zu reasons untranslated", lang, missing);
}

/* Every UI language but English: web/i18n/LANG.json without a dot in
 * LANG. */
static void test_every_language(void **state)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t langs = 0;

	(void)state;
	assert_non_null(d);
	while ((e = readdir(d))) {
		char lang[64];
		size_t n = strlen(e->d_name);

		if (n <= 5 || strcmp(e->d_name + n - 5, ".json") != 0 ||
		    n - 5 >= sizeof(lang))
			continue;
		memcpy(lang, e->d_name, n - 5);
		lang[n - 5] = '\0';
		if (strchr(lang, '.') || strcmp(lang, "en") == 0)
			continue;
		check_language(lang);
		langs++;
	}
	closedir(d);
	assert_true(langs >= 2);
}

/* The check itself: a language missing a reason, or with a placeholder
 * renamed, is caught. */
static void test_placeholders(void **state)
{
	char a[128], b[128];

	(void)state;
	placeholders(a, sizeof(a), "valid from {from} until {until}");
	placeholders(b, sizeof(b), "дійсний до {until} від {from}");
	assert_string_equal(a, b);
	placeholders(b, sizeof(b), "дійсний від {від}");
	assert_string_not_equal(a, b);
}

int main(void)
{
	const char *src = getenv("MC_SOURCE_DIR");
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_placeholders),
	    cmocka_unit_test(test_every_language),
	};

	snprintf(dir, sizeof(dir), "%s/web/i18n", src ? src : ".");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
