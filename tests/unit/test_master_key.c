/*
 * Unit tests for the master key (keys/master_key.c) through the public API:
 * where it comes from (the store option master_key_file, then
 * $MICROCRED_MASTER_KEY_FILE, then for SQLite the old "<database>.key"),
 * independent of where the database lies; a different key file refused
 * with the key id named; a key file group or others may access refused
 * with its name and mode; a key file created 0600 and never overwritten;
 * a store with no place for a key and no setting refused without a file
 * being made up; and the same on PostgreSQL (skipped when PostgreSQL 15 is
 * not installed).  Each test works in a fresh temporary folder.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "microcred/catalogue.h"
#include "microcred/credential.h"
#include "microcred/keys.h"
#include "keys/keys_private.h"
#include "pg_test_db.h"

#define MC_ID "ua-mag-welding-steel-structures"
#define ORG   "ua-dniprorudne-lyceum"
#define KEY1  "ua-dniprorudne-lyceum-ed25519-1"

struct fixture {
	char dir[64];
	char path[128]; /* scratch for file names */
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	unsetenv("MICROCRED_MASTER_KEY");
	unsetenv("MICROCRED_MASTER_KEY_FILE");
	snprintf(f->dir, sizeof(f->dir), "/tmp/mc-test-master-key-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];

	unsetenv("MICROCRED_MASTER_KEY_FILE");
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

/* "DIR/NAME" in the fixture's scratch buffer. */
static const char *in_dir(struct fixture *f, const char *name)
{
	snprintf(f->path, sizeof(f->path), "%s/%s", f->dir, name);
	return f->path;
}

static int exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/* Open `db`, with `key_file` as the option (NULL: none). */
static mc_store *open_db(const char *db, const char *key_file)
{
	mc_store_options o = MC_STORE_OPTIONS_INIT;
	mc_store *s = NULL;
	char *err = NULL;

	o.master_key_file = key_file;
	if (mc_store_open(&s, db, &o, &err) != 0)
		fail_msg("open %s: %s", db, err ? err : "?");
	return s;
}

static void load_demo(mc_store *s)
{
	mc_problems p = MC_PROBLEMS_INIT;

	if (mc_catalogue_load_demo(s, NULL, &p) != 0)
		fail_msg("demo: %s", mc_store_errmsg(s));
	mc_problems_clear(&p);
}

/* The demo catalogue and an Ed25519 key (KEY1) for ORG, sealed with the
 * master key `s` finds. */
static void load_and_generate(mc_store *s)
{
	mc_key_info *k = NULL;

	load_demo(s);
	if (mc_key_generate(s, &k, ORG, MC_KEY_ED25519) != 0)
		fail_msg("key generate: %s", mc_store_errmsg(s));
	assert_string_equal(k->id, KEY1);
	mc_key_info_free(k);
}

/* Issue one credential of MC_ID; returns the error code. */
static int try_issue(mc_store *s)
{
	mc_learner l = {"Olena", "olena@example.org", NULL, NULL, NULL};
	mc_problems p = MC_PROBLEMS_INIT;
	mc_credential *c = NULL;
	int error = mc_credential_issue(s, &c, MC_ID, 0, &l, NULL, &p);

	assert_true(error != 0 || c != NULL);
	mc_credential_free(c);
	mc_problems_clear(&p);
	return error;
}

static void copy_file(const char *from, const char *to)
{
	char buf[65536];
	FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
	size_t n;

	assert_non_null(in);
	assert_non_null(out);
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		assert_int_equal(fwrite(buf, 1, n, out), n);
	fclose(in);
	assert_int_equal(fclose(out), 0);
}

/* Make the key file `path` with mc_keys_master_init() on a store that
 * names it; it is new, 0600, 32 bytes. */
static void make_key(const char *db, const char *path)
{
	mc_store *s = open_db(db, path);
	char *created = NULL;
	struct stat st;

	if (mc_keys_master_init(s, &created) != 0)
		fail_msg("master init: %s", mc_store_errmsg(s));
	assert_non_null(created);
	assert_string_equal(created, path);
	free(created);
	mc_store_free(s);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(st.st_size, 32);
}

/* ---- where the key comes from ------------------------------------------ */

/* A database moved elsewhere keeps issuing with the key file the option
 * names; nothing is written beside the database. */
static void test_option_follows_no_path(void **state)
{
	struct fixture *f = *state;
	char db[128], moved[128], key[128];
	mc_store *s;

	snprintf(db, sizeof(db), "%s", in_dir(f, "a.db"));
	snprintf(key, sizeof(key), "%s", in_dir(f, "master.key"));
	assert_int_equal(mkdir(in_dir(f, "elsewhere"), 0700), 0);
	snprintf(moved, sizeof(moved), "%s", in_dir(f, "elsewhere/b.db"));
	make_key(db, key);
	s = open_db(db, key);
	load_and_generate(s);
	assert_int_equal(try_issue(s), 0);
	mc_store_free(s);
	assert_false(exists(in_dir(f, "a.db.key")));

	copy_file(db, moved);
	s = open_db(moved, key);
	assert_int_equal(try_issue(s), 0);
	mc_store_free(s);
	assert_false(exists(in_dir(f, "elsewhere/b.db.key")));
}

/* $MICROCRED_MASTER_KEY_FILE does the same, and the option comes first. */
static void test_environment(void **state)
{
	struct fixture *f = *state;
	char db[128], moved[128], key[128], other[128];
	mc_store *s;

	snprintf(db, sizeof(db), "%s", in_dir(f, "a.db"));
	snprintf(moved, sizeof(moved), "%s", in_dir(f, "b.db"));
	snprintf(key, sizeof(key), "%s", in_dir(f, "env.key"));
	snprintf(other, sizeof(other), "%s", in_dir(f, "other.key"));
	make_key(db, key);
	make_key(db, other);
	setenv("MICROCRED_MASTER_KEY_FILE", key, 1);
	s = open_db(db, NULL);
	load_and_generate(s);
	mc_store_free(s);
	copy_file(db, moved);
	s = open_db(moved, NULL);
	assert_int_equal(try_issue(s), 0);
	mc_store_free(s);
	assert_false(exists(in_dir(f, "a.db.key")));
	assert_false(exists(in_dir(f, "b.db.key")));

	/* The option wins over the environment: `other` did not seal KEY1. */
	s = open_db(moved, other);
	assert_int_equal(try_issue(s), MC_EIO);
	assert_non_null(strstr(mc_store_errmsg(s), other));
	mc_store_free(s);
}

/* A different master key: the key id is named and the mismatch said. */
static void test_wrong_key(void **state)
{
	struct fixture *f = *state;
	char db[128], key[128], other[128];
	const char *msg;
	mc_store *s;

	snprintf(db, sizeof(db), "%s", in_dir(f, "a.db"));
	snprintf(key, sizeof(key), "%s", in_dir(f, "one.key"));
	snprintf(other, sizeof(other), "%s", in_dir(f, "two.key"));
	make_key(db, key);
	make_key(db, other);
	s = open_db(db, key);
	load_and_generate(s);
	mc_store_free(s);

	s = open_db(db, other);
	assert_int_equal(try_issue(s), MC_EIO);
	msg = mc_store_errmsg(s);
	assert_non_null(strstr(msg, "key " KEY1));
	assert_non_null(strstr(msg, "master key does not match"));
	assert_non_null(strstr(msg, other));
	mc_store_free(s);

	setenv("MICROCRED_MASTER_KEY_FILE", other, 1);
	s = open_db(db, NULL);
	assert_int_equal(try_issue(s), MC_EIO);
	assert_non_null(strstr(mc_store_errmsg(s), "key " KEY1));
	assert_non_null(
	    strstr(mc_store_errmsg(s), "MICROCRED_MASTER_KEY_FILE"));
	mc_store_free(s);
}

/* SQLite with nothing configured: "<database>.key" is made by
 * mc_keys_master_init() and used; a setting comes before it. */
static void test_sqlite_beside(void **state)
{
	struct fixture *f = *state;
	char db[128], beside[128], key[128], *created = NULL;
	mc_store *s;

	snprintf(db, sizeof(db), "%s", in_dir(f, "a.db"));
	snprintf(beside, sizeof(beside), "%s", in_dir(f, "a.db.key"));
	snprintf(key, sizeof(key), "%s", in_dir(f, "set.key"));
	s = open_db(db, NULL);
	load_demo(s);
	assert_int_equal(mc_key_generate(s, NULL, ORG, MC_KEY_ED25519), MC_EIO);
	assert_non_null(strstr(mc_store_errmsg(s), "no master key"));
	assert_non_null(strstr(mc_store_errmsg(s), beside));
	assert_false(exists(beside));
	assert_int_equal(mc_keys_master_init(s, &created), 0);
	assert_non_null(created);
	assert_string_equal(created, beside);
	free(created);
	if (mc_key_generate(s, NULL, ORG, MC_KEY_ED25519) != 0)
		fail_msg("key generate: %s", mc_store_errmsg(s));
	assert_int_equal(try_issue(s), 0);
	mc_store_free(s);

	make_key(db, key);
	s = open_db(db, key);
	assert_int_equal(try_issue(s), MC_EIO);
	assert_non_null(strstr(mc_store_errmsg(s), "key " KEY1));
	mc_store_free(s);
}

/* A store with no file to keep a key beside, and no setting: a clear
 * refusal, and no file made in the working directory. */
static void test_no_place(void **state)
{
	struct fixture *f = *state;
	char cwd[512], *created = NULL;
	mc_store *s;
	DIR *d;
	struct dirent *e;
	int files = 0;

	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(f->dir), 0);
	s = open_db(":memory:", NULL);
	load_demo(s);
	assert_int_equal(mc_keys_master_init(s, &created), MC_ENOTFOUND);
	assert_null(created);
	assert_string_equal(mc_store_errmsg(s), "no master key: set "
						"master_key_file or "
						"MICROCRED_MASTER_KEY_FILE");
	assert_int_equal(mc_key_generate(s, NULL, ORG, MC_KEY_ED25519), MC_EIO);
	assert_string_equal(mc_store_errmsg(s), "no master key: set "
						"master_key_file or "
						"MICROCRED_MASTER_KEY_FILE");
	mc_store_free(s);
	assert_non_null(d = opendir("."));
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			files++;
	closedir(d);
	assert_int_equal(chdir(cwd), 0);
	assert_int_equal(files, 0);
}

/* PostgreSQL: no key without a setting, a clear error at the first use;
 * with the option, keys are sealed and opened, by another handle (another
 * node) too, and another key file is refused with the key named. */
static void test_postgresql(void **state)
{
	static const char org_json[] =
	    "{\"id\": \"" ORG "\", \"name\": {\"en\": \"Lyceum\"}, "
	    "\"country\": \"UA\", \"type\": \"vet_provider\"}";
	struct fixture *f = *state;
	mc_problems p = MC_PROBLEMS_INIT;
	char cwd[512], key[128], other[128], *url = NULL, *created = NULL;
	struct mc__key *signer = NULL;
	mc_key_info *info = NULL;
	mc_org *org = NULL;
	mc_store *s;
	int rc = pg_test_db(&url);

	if (rc == PG_TEST_DB_SKIP)
		skip();
	assert_int_equal(rc, 0);
	snprintf(key, sizeof(key), "%s", in_dir(f, "node.key"));
	snprintf(other, sizeof(other), "%s", in_dir(f, "other.key"));
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(f->dir), 0);

	s = open_db(url, NULL);
	assert_string_equal(mc_store_backend(s), "postgresql");
	assert_int_equal(
	    mc_org_from_json(&org, org_json, strlen(org_json), "org", &p), 0);
	if (mc_org_put(s, org, &p) != 0)
		fail_msg("org put: %s", mc_store_errmsg(s));
	assert_int_equal(mc_keys_master_init(s, &created), MC_ENOTFOUND);
	assert_int_equal(mc_key_generate(s, NULL, ORG, MC_KEY_ED25519), MC_EIO);
	assert_string_equal(mc_store_errmsg(s), "no master key: set "
						"master_key_file or "
						"MICROCRED_MASTER_KEY_FILE");
	mc_store_free(s);

	make_key(url, key);
	make_key(url, other);
	s = open_db(url, key);
	if (mc_key_generate(s, NULL, ORG, MC_KEY_ED25519) != 0)
		fail_msg("key generate: %s", mc_store_errmsg(s));
	mc_store_free(s);

	setenv("MICROCRED_MASTER_KEY_FILE", key, 1);
	s = open_db(url, NULL);
	if (mc__key_load_signer(s, &signer, &info, ORG, MC_KEY_ED25519) != 0)
		fail_msg("load signer: %s", mc_store_errmsg(s));
	assert_string_equal(info->id, KEY1);
	mc__key_free(signer);
	mc_key_info_free(info);
	mc_store_free(s);

	s = open_db(url, other);
	assert_int_equal(
	    mc__key_load_signer(s, &signer, &info, ORG, MC_KEY_ED25519),
	    MC_EIO);
	assert_non_null(strstr(mc_store_errmsg(s), "key " KEY1));
	assert_non_null(
	    strstr(mc_store_errmsg(s), "master key does not match"));
	mc_store_free(s);

	assert_int_equal(chdir(cwd), 0);
	mc_org_free(org);
	mc_problems_clear(&p);
	free(url);
}

/* ---- the file itself ---------------------------------------------------- */

/* A key file group or others may access is refused, naming it and its
 * mode, by every use; chmod 600 brings it back. */
static void test_loose_mode(void **state)
{
	struct fixture *f = *state;
	char db[128], key[128], *created = NULL;
	const char *msg;
	mc_store *s;

	snprintf(db, sizeof(db), "%s", in_dir(f, "a.db"));
	snprintf(key, sizeof(key), "%s", in_dir(f, "loose.key"));
	make_key(db, key);
	s = open_db(db, key);
	load_and_generate(s);
	assert_int_equal(chmod(key, 0640), 0);
	assert_int_equal(try_issue(s), MC_EIO);
	msg = mc_store_errmsg(s);
	assert_non_null(strstr(msg, key));
	assert_non_null(strstr(msg, "mode 0640"));
	assert_int_equal(mc_key_generate(s, NULL, ORG, MC_KEY_ED25519), MC_EIO);
	assert_non_null(strstr(mc_store_errmsg(s), "mode 0640"));
	assert_int_equal(mc_keys_master_init(s, &created), MC_EIO);
	assert_null(created);
	assert_non_null(strstr(mc_store_errmsg(s), "mode 0640"));
	assert_int_equal(chmod(key, 0604), 0);
	assert_int_equal(try_issue(s), MC_EIO);
	assert_non_null(strstr(mc_store_errmsg(s), "mode 0604"));
	assert_int_equal(chmod(key, 0400), 0);
	assert_int_equal(try_issue(s), 0);
	mc_store_free(s);
}

/* An existing key file is never replaced, whatever it holds; creating one
 * leaves no temporary file behind. */
static void test_no_overwrite(void **state)
{
	struct fixture *f = *state;
	static const char text[] = "000102030405060708090a0b0c0d0e0f10111213141"
				   "5161718191a1b1c1d1e1f\n";
	char db[128], key[128], back[sizeof(text)], *created = NULL;
	mc_store *s;
	DIR *d;
	struct dirent *e;
	int fd, entries = 0;

	snprintf(db, sizeof(db), "%s", in_dir(f, "a.db"));
	snprintf(key, sizeof(key), "%s", in_dir(f, "kept.key"));
	fd = open(key, O_WRONLY | O_CREAT | O_EXCL, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);

	s = open_db(db, key);
	assert_int_equal(mc_keys_master_init(s, &created), 0);
	assert_null(created);
	mc_store_free(s);
	fd = open(key, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(read(fd, back, sizeof(back)), (ssize_t)strlen(text));
	close(fd);
	assert_memory_equal(back, text, strlen(text));

	/* A file that is not a key is refused, and left as it is. */
	fd = open(key, O_WRONLY | O_TRUNC);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "not a key", 9), 9);
	close(fd);
	s = open_db(db, key);
	assert_int_equal(mc_keys_master_init(s, &created), MC_EIO);
	assert_null(created);
	assert_non_null(strstr(mc_store_errmsg(s), key));
	mc_store_free(s);
	fd = open(key, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(read(fd, back, sizeof(back)), 9);
	close(fd);

	/* No temporary key file is left in the folder, nor a second key. */
	make_key(db, in_dir(f, "new.key"));
	assert_non_null(d = opendir(f->dir));
	while ((e = readdir(d))) {
		assert_null(strstr(e->d_name, ".tmp"));
		entries += strstr(e->d_name, ".key") != NULL;
	}
	closedir(d);
	assert_int_equal(entries, 2);
}

int main(void)
{
#define T(t) cmocka_unit_test_setup_teardown(t, setup, teardown)
	const struct CMUnitTest tests[] = {
	    T(test_option_follows_no_path),
	    T(test_environment),
	    T(test_wrong_key),
	    T(test_sqlite_beside),
	    T(test_no_place),
	    T(test_postgresql),
	    T(test_loose_mode),
	    T(test_no_overwrite),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
