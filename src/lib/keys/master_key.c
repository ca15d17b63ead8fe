/*
 * The master key, which seals issuer keys and seal keys at rest: where it
 * comes from, creating its file, and loading it.
 *
 * Where, first found wins (the same for every backend):
 *   1. the store option master_key_file (mc_store_options);
 *   2. $MICROCRED_MASTER_KEY_FILE, or the key itself in $MICROCRED_MASTER_KEY
 *      (both set is refused as ambiguous);
 *   3. SQLite only, for installations made before the key had a setting of
 *      its own: "<database>.key" beside the database file.
 * A store with nowhere to look (PostgreSQL, an in-memory SQLite database)
 * and no setting fails at the first use of the key; no key is ever made
 * up in the working directory.
 *
 * A key file is used only when it is a regular file that neither group nor
 * others may access (mode 0600 or 0400).  Creating one writes a temporary
 * file beside it and links it into place, so a reader never sees half a
 * key and an existing key file is never replaced.
 */
#include "keys_private.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crypto/crypto.h"
#include "util/util.h"

#define NO_KEY "no master key: set master_key_file or MICROCRED_MASTER_KEY_FILE"

/* Where one store's master key comes from. */
struct source {
	const char *text; /* the key in $MICROCRED_MASTER_KEY, or NULL */
	char *file;	  /* else the key file (owned) */
	const char *from; /* the setting that named it, for messages */
	int beside;	  /* file is SQLite's "<database>.key" */
};

static const char *env_value(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

/* The database file a "<database>.key" may sit beside: the store's file
 * for SQLite, NULL for other backends and in-memory databases. */
static const char *beside_db(const mc_store *store)
{
	const char *db = store->location;

	if (strcmp(mc_store_backend(store), "sqlite") != 0 || !db || !*db ||
	    strcmp(db, ":memory:") == 0)
		return NULL;
	return db;
}

/* Fill `src` from the option `option` (NULL or "": not set), the
 * environment, else "<db>.key" when `db` is not NULL.  Returns 0,
 * MC_ENOMEM, MC_ENOTFOUND (nothing configured and no `db`) or MC_EIO (both
 * environment variables set); reason in err. */
static int resolve(struct source *src, const char *option, const char *db,
		   char *err, size_t errlen)
{
	const char *text = env_value("MICROCRED_MASTER_KEY");
	const char *file = env_value("MICROCRED_MASTER_KEY_FILE");

	memset(src, 0, sizeof(*src));
	if (option && *option) {
		src->file = strdup(option);
		src->from = "master_key_file";
	} else if (text && file) {
		snprintf(err, errlen,
			 "master key: both MICROCRED_MASTER_KEY and "
			 "MICROCRED_MASTER_KEY_FILE are set; set one");
		return MC_EIO;
	} else if (file) {
		src->file = strdup(file);
		src->from = "MICROCRED_MASTER_KEY_FILE";
	} else if (text) {
		src->text = text;
		src->from = "MICROCRED_MASTER_KEY";
		return 0;
	} else if (db) {
		src->file = mc__asprintf("%s.key", db);
		src->from = "the file beside the database";
		src->beside = 1;
	} else {
		snprintf(err, errlen, "%s", NO_KEY);
		return MC_ENOTFOUND;
	}
	return src->file ? 0 : MC_ENOMEM;
}

/* Whether the key file of `src` may be used: 0, MC_ENOTFOUND (absent) or
 * MC_EIO (not a regular file, looser than 0600, unreadable); reason in
 * err. */
static int check_file(const struct source *src, char *err, size_t errlen)
{
	struct stat st;

	if (stat(src->file, &st) != 0) {
		if (errno == ENOENT && src->beside)
			snprintf(err, errlen,
				 NO_KEY ", or run `microcred init` to create "
					"%s",
				 src->file);
		else if (errno == ENOENT)
			snprintf(err, errlen,
				 "master key file %s (%s) does not exist: "
				 "create it with `microcred init`, or copy the "
				 "platform's key file there",
				 src->file, src->from);
		else
			snprintf(err, errlen, "master key file %s (%s): %s",
				 src->file, src->from, strerror(errno));
		return errno == ENOENT ? MC_ENOTFOUND : MC_EIO;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errlen,
			 "master key file %s (%s) is not a regular file",
			 src->file, src->from);
		return MC_EIO;
	}
	if (st.st_mode & (S_IRWXG | S_IRWXO)) {
		snprintf(err, errlen,
			 "master key file %s has mode %04o: group or others "
			 "may access it; refusing to use it (run chmod 600 "
			 "%s)",
			 src->file, (unsigned)(st.st_mode & 07777), src->file);
		return MC_EIO;
	}
	return 0;
}

/* The reason in a message of mc__master_key_load_file(), without the
 * "MICROCRED_MASTER_KEY_FILE[ PATH]: " it starts with (the caller names the
 * file and the setting itself). */
static const char *reason(const char *why, const char *path)
{
	static const char var[] = "MICROCRED_MASTER_KEY_FILE";
	size_t n = strlen(path);

	if (strncmp(why, var, sizeof(var) - 1) != 0)
		return why;
	why += sizeof(var) - 1;
	if (why[0] == ' ' && strncmp(why + 1, path, n) == 0)
		why += 1 + n;
	return why[0] == ':' && why[1] == ' ' ? why + 2 : why;
}

/* Load the key of `src` into `out` (wiped on failure).  Returns 0,
 * MC_ENOMEM or MC_EIO; reason in err. */
static int load(unsigned char out[MC__MASTER_KEY_LEN], const struct source *src,
		char *err, size_t errlen)
{
	char why[256] = "";
	int error;

	if (src->text) {
		error = mc__master_key_load(out, why, sizeof(why));
		if (error < 0)
			snprintf(err, errlen, "master key: %s", why);
		return error < 0 ? MC_EIO : 0;
	}
	if ((error = check_file(src, err, errlen)) < 0)
		return error == MC_ENOTFOUND ? MC_EIO : error;
	error = mc__master_key_load_file(out, src->file, why, sizeof(why));
	if (error == MC__MASTER_KEY_LOOSE) {
		/* Made looser since check_file(): refuse all the same. */
		mc__wipe(out, MC__MASTER_KEY_LEN);
		if (check_file(src, err, errlen) == 0)
			snprintf(err, errlen,
				 "master key file %s (%s) changed while it "
				 "was read; try again",
				 src->file, src->from);
		return MC_EIO;
	}
	if (error < 0) {
		snprintf(err, errlen, "master key file %s (%s): %s", src->file,
			 src->from, reason(why, src->file));
		return error == MC_ENOMEM ? error : MC_EIO;
	}
	return 0;
}

/* fsync the folder holding `path`, so that a new name in it lasts. Best
 * effort: the key is in place whether or not this succeeds. */
static void sync_folder(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	int fd;

	dir = slash ? mc__strndup(path,
				  slash == path ? 1 : (size_t)(slash - path))
		    : strdup(".");
	if (!dir)
		return;
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		(void)fsync(fd);
		close(fd);
	}
	free(dir);
}

/* Create the key file `path` (32 random bytes, mode 0600) atomically: the
 * key is written and synced to a temporary file beside it, then linked to
 * `path`, which fails rather than replace a file there.  Sets *made when
 * this call created it (0 when another process did first).  Returns 0,
 * MC_ENOMEM or MC_EIO (reason in err). */
static int create_file(const char *path, int *made, char *err, size_t errlen)
{
	char id[37], why[256] = "", *tmp;
	int error;

	*made = 0;
	if (mc__crypto_init() < 0) {
		snprintf(err, errlen, "master key file %s: no random source",
			 path);
		return MC_EIO;
	}
	mc__uuid4(id);
	if (!(tmp = mc__asprintf("%s.%s.tmp", path, id)))
		return MC_ENOMEM;
	if ((error = mc__master_key_generate_file(tmp, why, sizeof(why))) < 0) {
		snprintf(err, errlen, "master key file %s: %s", path, why);
		free(tmp);
		return MC_EIO;
	}
	if (link(tmp, path) == 0)
		*made = 1;
	else if (errno != EEXIST) {
		snprintf(err, errlen, "master key file %s: %s", path,
			 strerror(errno));
		error = MC_EIO;
	}
	unlink(tmp);
	free(tmp);
	if (*made)
		sync_folder(path);
	return error;
}

/* Make sure the key of `src` exists and is usable: an absent key file is
 * created (*made set); an existing one, or the key in the environment, is
 * loaded to check it.  Returns 0, MC_ENOMEM or MC_EIO (reason in err). */
static int ensure(const struct source *src, int *made, char *err, size_t errlen)
{
	unsigned char key[MC__MASTER_KEY_LEN];
	int error = 0;

	*made = 0;
	if (src->file && check_file(src, err, errlen) == MC_ENOTFOUND)
		error = create_file(src->file, made, err, errlen);
	if (!error && (error = load(key, src, err, errlen)) == 0)
		mc__wipe(key, sizeof(key));
	return error;
}

int mc_keys_master_init(mc_store *store, char **created)
{
	struct source src;
	char err[768] = "";
	int error, made = 0;

	*created = NULL;
	mc__store_clear_error(store);
	if ((error = resolve(&src, store->master_key_file, beside_db(store),
			     err, sizeof(err))) == 0 &&
	    (error = ensure(&src, &made, err, sizeof(err))) == 0 && made &&
	    !(*created = strdup(src.file)))
		error = MC_ENOMEM;
	free(src.file);
	if (error < 0 && error != MC_ENOMEM)
		return mc__store_error(store, error, "%s", err);
	return error;
}

int mc__master_key_for(mc_store *store, unsigned char out[32])
{
	struct source src;
	char err[768] = "";
	int error;

	if ((error = resolve(&src, store->master_key_file, beside_db(store),
			     err, sizeof(err))) == 0)
		error = load(out, &src, err, sizeof(err));
	free(src.file);
	if (error < 0) {
		mc__wipe(out, MC__MASTER_KEY_LEN);
		if (error != MC_ENOMEM)
			error = mc__store_error(store, MC_EIO, "%s", err);
	}
	return error;
}

int mc__master_key_mismatch(mc_store *store, const char *what, const char *id)
{
	struct source src;
	char err[768] = "", from[600];

	if (resolve(&src, store->master_key_file, beside_db(store), err,
		    sizeof(err)) < 0)
		snprintf(from, sizeof(from), "no master key configured");
	else if (src.file)
		snprintf(from, sizeof(from), "%s %s", src.from, src.file);
	else
		snprintf(from, sizeof(from), "%s", src.from);
	free(src.file);
	return mc__store_error(store, MC_EIO,
			       "%s %s: the master key does not match the one "
			       "it was sealed with (master key from %s), or "
			       "its sealed copy is damaged",
			       what, id, from);
}
