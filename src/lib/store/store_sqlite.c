/*
 * SQLite backend: the handle (opening, closing, the core table of
 * operations), errors, the statement caches, transactions (nesting with
 * savepoints) and read transactions, the settings (table `meta`), and the
 * small helpers the topic files share.  The schema and its migrations
 * live in store_sqlite_schema.c; each topic's operations and their SQL in
 * store_sqlite_<topic>.c.
 *
 * Every write that touches several rows runs inside its own (nested)
 * transaction, so it is atomic on its own and cheap inside a caller's.
 */
#include "store_sqlite.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/search_query.h"
#include "util/util.h"

/* ---- small helpers ------------------------------------------------------ */

int mc__sq_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (!s)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

int mc__sq_nomem(struct mc__sqlite *h)
{
	return mc__store_error(&h->base, MC_ENOMEM, "out of memory");
}

/* Copy of a text column, NULL for SQL NULL.  *err set on allocation
 * failure. */
char *mc__sq_col_dup(sqlite3_stmt *st, int i, int *err)
{
	const char *s = (const char *)sqlite3_column_text(st, i);
	char *copy;

	if (!s)
		return NULL;
	if (!(copy = mc__strdup(s)))
		*err = MC_ENOMEM;
	return copy;
}

/* Step a write statement to completion. */
int mc__sq_step_done(struct mc__sqlite *h, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return mc__sq_error(h, what);
	return 0;
}

int mc__sq_insert(struct mc__sqlite *h, sqlite3_stmt *st, const char *what)
{
	int error = mc__sq_step_done(h, st, what), xrc;

	if (error != MC_EINVALID)
		return error;
	xrc = sqlite3_extended_errcode(h->db);
	if (xrc == SQLITE_CONSTRAINT_PRIMARYKEY ||
	    xrc == SQLITE_CONSTRAINT_UNIQUE)
		return MC_EEXISTS;
	if (xrc == SQLITE_CONSTRAINT_FOREIGNKEY)
		return MC_ENOTFOUND;
	return error;
}

int mc__sq_row(struct mc__sqlite *h, sqlite3_stmt *st, const char *what,
	       const char *notfound, ...)
{
	int rc = sqlite3_step(st), error = MC_ENOTFOUND;
	va_list ap;

	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE) {
		error = mc__sq_error(h, what);
	} else if (notfound) {
		va_start(ap, notfound);
		vsnprintf(h->base.errmsg, sizeof(h->base.errmsg), notfound, ap);
		va_end(ap);
	}
	sqlite3_reset(st);
	return error;
}

int mc__sq_each(struct mc__sqlite *h, sqlite3_stmt *st,
		int (*row)(struct mc__sqlite *h, sqlite3_stmt *st,
			   void *payload),
		void *payload, const char *what)
{
	int rc, error = 0;

	while (!error && (rc = sqlite3_step(st)) == SQLITE_ROW)
		error = row(h, st, payload);
	if (!error && rc != SQLITE_DONE)
		error = mc__sq_error(h, what);
	sqlite3_reset(st);
	return error;
}

int mc__sq_id_row(struct mc__sqlite *h, sqlite3_stmt *st, void *payload)
{
	if (mc_strlist_add(payload, (const char *)sqlite3_column_text(st, 0)))
		return mc__sq_nomem(h);
	return 0;
}

/* What mc__sq_rows() grows, for its row callback. */
struct rows {
	void **list;
	size_t *count, alloc, size;
	int (*row)(struct mc__sqlite *h, sqlite3_stmt *st, void *elem);
};

static int rows_add(struct mc__sqlite *h, sqlite3_stmt *st, void *payload)
{
	struct rows *r = payload;
	char *elem;

	if (mc__sq_grow(r->list, &r->alloc, *r->count, r->size))
		return mc__sq_nomem(h);
	elem = (char *)*r->list + *r->count * r->size;
	memset(elem, 0, r->size);
	++*r->count;
	return r->row(h, st, elem);
}

int mc__sq_rows(struct mc__sqlite *h, sqlite3_stmt *st, void **list,
		size_t *count, size_t size,
		int (*row)(struct mc__sqlite *h, sqlite3_stmt *st, void *elem),
		const char *what)
{
	struct rows r = {list, count, 0, size, row};

	return mc__sq_each(h, st, rows_add, &r, what);
}

/* Run a cached "DELETE ... WHERE x = ?1" with an integer key. */
int mc__sq_delete_by_seq(struct mc__sqlite *h, const char *id,
			 sqlite3_int64 seq)
{
	sqlite3_stmt *st = mc__sq_stmt(h, id);

	if (!st)
		return MC_EDB;
	sqlite3_bind_int64(st, 1, seq);
	return mc__sq_step_done(h, st, "delete");
}

/* The stored name of enum value `v`, or NULL when out of range. */
const char *mc__sq_name_of(const char *const *names, size_t n, int v)
{
	return v >= 0 && (size_t)v < n ? names[v] : NULL;
}

int mc__sq_value_of(const char *const *names, size_t n, const char *name)
{
	size_t i;

	for (i = 0; name && i < n; i++)
		if (strcmp(names[i], name) == 0)
			return (int)i;
	return -1;
}

int mc__sq_finish(mc_store *s, int error)
{
	if (error) {
		mc__sq_rollback(s);
		return error;
	}
	return mc__sq_commit(s);
}

unsigned char *mc__sq_blob_dup(sqlite3_stmt *st, int i, size_t *len)
{
	const void *p = sqlite3_column_blob(st, i);
	size_t n = (size_t)sqlite3_column_bytes(st, i);
	unsigned char *copy = malloc(n + 1);

	if (!copy)
		return NULL;
	if (n)
		memcpy(copy, p, n);
	copy[n] = '\0';
	*len = n;
	return copy;
}

int mc__sq_grow(void **list, size_t *alloc, size_t n, size_t size)
{
	void *bigger;
	size_t want;

	if (n < *alloc)
		return 0;
	want = *alloc ? *alloc * 2 : 8;
	if (!(bigger = realloc(*list, want * size)))
		return MC_ENOMEM;
	*list = bigger;
	*alloc = want;
	return 0;
}

int mc__sq_exists(struct mc__sqlite *h, const char *which, const char *key)
{
	sqlite3_stmt *st = mc__sq_stmt(h, which);
	int error;

	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, key);
	if (!(error = mc__sq_row(h, st, "lookup", NULL)))
		sqlite3_reset(st);
	return error;
}

/* Split `s` on '\n' into `list` (empty entries skipped). */
int mc__sq_split_lines(mc_strlist *list, const char *s)
{
	const char *p = s, *nl;
	char *item;
	int error;

	while (p && *p) {
		nl = strchr(p, '\n');
		if (!nl)
			nl = p + strlen(p);
		if (nl > p) {
			if (!(item = mc__strndup(p, (size_t)(nl - p))))
				return MC_ENOMEM;
			error = mc_strlist_add(list, item);
			free(item);
			if (error)
				return error;
		}
		p = *nl ? nl + 1 : nl;
	}
	return 0;
}

/* ---- titles: "lang \x1f length \x1f text" for each entry ------------------
 */

char *mc__sq_titles_encode(const mc_langmap *map)
{
	mc_buf b = MC_BUF_INIT(FTS_COLUMN_MAX);
	size_t i;

	for (i = 0; i < map->count; i++)
		if (mc__buf_printf(&b, "%s\x1f%zu\x1f%s", map->items[i].lang,
				   strlen(map->items[i].text),
				   map->items[i].text)) {
			mc__buf_free(&b);
			return NULL;
		}
	return mc__buf_detach(&b);
}

int mc__sq_titles_pick(char **title, char **lang, const char *enc,
		       const char *reader, const char *primary)
{
	mc_langtext items[MC_LIST_MAX];
	mc_langmap map = {items, 0};
	const char *p, *end, *picked;
	char *buf = NULL, *w;
	size_t i;
	int error = 0;

	*title = *lang = NULL;
	if (!enc || !*enc)
		return 0;
	/* Each entry "tag\x1fN\x1ftext" becomes "tag\0text\0": no longer. */
	if (!(buf = malloc(strlen(enc) + 1)))
		return MC_ENOMEM;
	p = enc;
	end = enc + strlen(enc);
	w = buf;
	while (p < end && map.count < MC__ARRAY_SIZE(items)) {
		const char *sep = memchr(p, '\x1f', (size_t)(end - p));
		char *num_end;
		size_t n;

		if (!sep)
			break;
		n = (size_t)strtoul(sep + 1, &num_end, 10);
		if (*num_end != '\x1f' || n > (size_t)(end - num_end - 1))
			break;
		items[map.count].lang = w;
		memcpy(w, p, (size_t)(sep - p));
		w += sep - p;
		*w++ = '\0';
		items[map.count].text = w;
		memcpy(w, num_end + 1, n);
		w += n;
		*w++ = '\0';
		map.count++;
		p = num_end + 1 + n;
	}
	picked = mc_langmap_pick(&map, reader, primary);
	for (i = 0; picked && i < map.count; i++) {
		if (items[i].text != picked)
			continue;
		*title = mc__strdup(items[i].text);
		*lang = mc__strdup(items[i].lang);
		if (!*title || !*lang)
			error = MC_ENOMEM;
		break;
	}
	if (error) {
		free(*title);
		free(*lang);
		*title = *lang = NULL;
	}
	free(buf);
	return error;
}

/* ---- errors, statements, transactions and opening ---------------------- */

static const char *const status_names[] = {
    "draft", "in_review", "approved", "published", "retired",
};

const char *mc__sq_status_name(int status)
{
	if (status < 0 || status >= (int)MC__ARRAY_SIZE(status_names))
		return NULL;
	return status_names[status];
}

int mc__sq_status_parse(const char *name)
{
	int i;

	for (i = 0; name && i < (int)MC__ARRAY_SIZE(status_names); i++)
		if (strcmp(status_names[i], name) == 0)
			return i;
	return -1;
}

int mc__sq_error(struct mc__sqlite *h, const char *what)
{
	int rc = sqlite3_extended_errcode(h->db);
	int code = MC_EDB;

	if ((rc & 0xFF) == SQLITE_CONSTRAINT)
		code = MC_EINVALID;
	return mc__store_error(&h->base, code, "%s: %s", what,
			       sqlite3_errmsg(h->db));
}

/* Slot of `sql` in a table of `size` slots (a power of two): where it is,
 * or the empty slot where it goes. */
static size_t stmt_slot(const struct mc__sq_cached *t, size_t size,
			const char *sql)
{
	size_t i = ((uintptr_t)sql >> 3) * 0x9E3779B97F4A7C15u;

	for (i &= size - 1; t[i].sql && t[i].sql != sql;
	     i = (i + 1) & (size - 1))
		;
	return i;
}

/* Double the statement table (64 slots at first); MC_ENOMEM. */
static int stmts_grow(struct mc__sqlite *h)
{
	size_t size = h->stmts_size ? h->stmts_size * 2 : 64, i;
	struct mc__sq_cached *t = calloc(size, sizeof(*t));

	if (!t)
		return mc__sq_nomem(h);
	for (i = 0; i < h->stmts_size; i++)
		if (h->stmts[i].sql)
			t[stmt_slot(t, size, h->stmts[i].sql)] = h->stmts[i];
	free(h->stmts);
	h->stmts = t;
	h->stmts_size = size;
	return 0;
}

sqlite3_stmt *mc__sq_stmt(struct mc__sqlite *h, const char *sql)
{
	sqlite3_stmt *st;
	size_t i;

	if (h->stmts_size) {
		i = stmt_slot(h->stmts, h->stmts_size, sql);
		if ((st = h->stmts[i].stmt)) {
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			return st;
		}
	}
	/* Keep the table at most half full, so probes stay short. */
	if ((h->stmts_used + 1) * 2 > h->stmts_size && stmts_grow(h))
		return NULL;
	if (sqlite3_prepare_v3(h->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st,
			       NULL) != SQLITE_OK) {
		mc__sq_error(h, "prepare");
		return NULL;
	}
	i = stmt_slot(h->stmts, h->stmts_size, sql);
	h->stmts[i].sql = sql;
	h->stmts[i].stmt = st;
	h->stmts_used++;
	return st;
}

sqlite3_stmt *mc__sq_dyn(struct mc__sqlite *h, const char *sql)
{
	size_t i, victim = 0;
	sqlite3_stmt *st = NULL;

	for (i = 0; i < MC__SQ_DYN_MAX; i++) {
		if (h->dyn[i].sql && strcmp(h->dyn[i].sql, sql) == 0) {
			h->dyn[i].used = ++h->tick;
			sqlite3_reset(h->dyn[i].stmt);
			sqlite3_clear_bindings(h->dyn[i].stmt);
			return h->dyn[i].stmt;
		}
		if (h->dyn[i].used < h->dyn[victim].used)
			victim = i;
	}
	if (sqlite3_prepare_v3(h->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st,
			       NULL) != SQLITE_OK) {
		mc__sq_error(h, "prepare");
		return NULL;
	}
	free(h->dyn[victim].sql);
	sqlite3_finalize(h->dyn[victim].stmt);
	h->dyn[victim].stmt = NULL;
	if (!(h->dyn[victim].sql = mc__strdup(sql))) {
		sqlite3_finalize(st);
		mc__store_error(&h->base, MC_ENOMEM, "out of memory");
		return NULL;
	}
	h->dyn[victim].stmt = st;
	h->dyn[victim].used = ++h->tick;
	return st;
}

/* Run SQL without results; 0 or the handle's message and MC_EDB. */
int mc__sq_exec(struct mc__sqlite *h, const char *sql, const char *what)
{
	if (sqlite3_exec(h->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return mc__sq_error(h, what);
	return 0;
}

int mc__sq_begin(mc_store *s)
{
	struct mc__sqlite *h = mc__sq(s);
	char sql[48];
	int error;

	if (h->depth == 0)
		snprintf(sql, sizeof(sql), "%s",
			 h->readonly ? "BEGIN" : "BEGIN IMMEDIATE");
	else
		snprintf(sql, sizeof(sql), "SAVEPOINT mc%d", h->depth);
	if ((error = mc__sq_exec(h, sql, "begin")))
		return error;
	h->depth++;
	return 0;
}

int mc__sq_commit(mc_store *s)
{
	struct mc__sqlite *h = mc__sq(s);
	char sql[48];
	int error;

	if (h->depth == 0)
		return mc__store_error(s, MC_EUSAGE,
				       "commit: no transaction open");
	if (h->depth == 1)
		snprintf(sql, sizeof(sql), "COMMIT");
	else
		snprintf(sql, sizeof(sql), "RELEASE mc%d", h->depth - 1);
	if ((error = mc__sq_exec(h, sql, "commit"))) {
		/* A failed COMMIT leaves the transaction open: end it. */
		if (h->depth == 1 && !sqlite3_get_autocommit(h->db))
			sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL);
		else if (h->depth > 1)
			return error;
		h->depth--;
		return error;
	}
	h->depth--;
	return 0;
}

int mc__sq_rollback(mc_store *s)
{
	struct mc__sqlite *h = mc__sq(s);
	char sql[80];
	int error = 0;

	if (h->depth == 0)
		return mc__store_error(s, MC_EUSAGE,
				       "rollback: no transaction open");
	if (h->depth == 1) {
		/* SQLite may already have rolled back (e.g. on SQLITE_FULL). */
		if (!sqlite3_get_autocommit(h->db))
			error = mc__sq_exec(h, "ROLLBACK", "rollback");
	} else {
		snprintf(sql, sizeof(sql), "ROLLBACK TO mc%d; RELEASE mc%d",
			 h->depth - 1, h->depth - 1);
		error = mc__sq_exec(h, sql, "rollback");
	}
	h->depth--;
	return error;
}

int mc__sq_open_db(struct mc__sqlite *h, const char *path,
		   const mc_store_options *opts)
{
	int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
	long long version = 0;
	int rc, error = 0;

	h->readonly = opts->readonly;
	if (opts->readonly)
		flags |= SQLITE_OPEN_READONLY;
	else
		flags |= SQLITE_OPEN_READWRITE |
			 (opts->create ? SQLITE_OPEN_CREATE : 0);
	/* A new database holds sealed keys, accounts and every learner's
	 * credential: it is made 0600, like the master key file, whatever
	 * the umask (SQLite gives its -wal and -shm files the database's
	 * mode).  Not for ":memory:" or URIs. */
	if (!opts->readonly && opts->create && strcmp(path, ":memory:") != 0 &&
	    strncmp(path, "file:", 5) != 0) {
		int fd =
		    open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

		if (fd >= 0)
			close(fd);
		else if (errno != EEXIST)
			return mc__store_error(&h->base, MC_EIO, "%s: %s", path,
					       strerror(errno));
	}
	rc = sqlite3_open_v2(path, &h->db, flags, NULL);
	if (rc != SQLITE_OK) {
		if (!h->db)
			return mc__store_error(&h->base, MC_ENOMEM,
					       "out of memory");
		if (access(path, F_OK) != 0 && errno == ENOENT)
			return mc__store_error(&h->base, MC_ENOTFOUND,
					       "%s: no such database", path);
		return mc__store_error(&h->base, MC_EIO, "%s: %s", path,
				       sqlite3_errmsg(h->db));
	}
	sqlite3_extended_result_codes(h->db, 1);
	sqlite3_busy_timeout(h->db, 5000);
	if ((error = mc__sq_schema_check(h, path, &version)))
		return error;
	if (opts->readonly && version < mc__sq_schema_version)
		return mc__store_error(&h->base, MC_EVERSION,
				       "database is schema version %lld, this "
				       "program needs %d; open it read-write "
				       "once to upgrade it",
				       version, mc__sq_schema_version);
	if (!opts->readonly &&
	    (error = mc__sq_exec(h, "PRAGMA journal_mode = WAL", "open")))
		return error;
	if ((error = mc__sq_exec(h,
				 "PRAGMA synchronous = NORMAL;"
				 " PRAGMA foreign_keys = ON;"
				 " PRAGMA temp_store = MEMORY",
				 "open")))
		return error;
	/* A database at the current schema needs no migration, and no write
	 * lock to find that out: user_version only ever grows, so a reader
	 * that saw mc__sq_schema_version cannot be wrong.  Older ones take the
	 * lock in migrate() and re-read it there. */
	if (!opts->readonly && version < mc__sq_schema_version &&
	    (error = mc__sq_schema_migrate(h)))
		return error;
	h->base.schema_version = mc__sq_schema_version;
	return 0;
}

void mc__sq_close_db(struct mc__sqlite *h)
{
	size_t i;

	for (i = 0; i < h->stmts_size; i++)
		sqlite3_finalize(h->stmts[i].stmt);
	free(h->stmts);
	h->stmts = NULL;
	h->stmts_size = h->stmts_used = 0;
	for (i = 0; i < MC__SQ_DYN_MAX; i++) {
		sqlite3_finalize(h->dyn[i].stmt);
		free(h->dyn[i].sql);
		h->dyn[i].stmt = NULL;
		h->dyn[i].sql = NULL;
	}
	if (h->db && h->depth && !sqlite3_get_autocommit(h->db))
		sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(h->db);
	h->db = NULL;
}

/* ---- settings ----------------------------------------------------------- */

static const char sql_meta_get[] = "SELECT value FROM meta WHERE key = ?1";

static int meta_get(mc_store *s, char **out, const char *key)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, sql_meta_get);
	int error = 0;

	*out = NULL;
	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, key);
	if ((error = mc__sq_row(h, st, "meta", "%s: not set", key)))
		return error;
	if (!(*out = mc__sq_col_dup(st, 0, &error)) && !error)
		error = MC_EDB;
	if (error)
		error = mc__sq_nomem(h);
	sqlite3_reset(st);
	return error;
}

static const char sql_meta_set[] =
    "INSERT INTO meta(key, value) VALUES(?1, ?2)"
    " ON CONFLICT(key) DO UPDATE SET value = excluded.value";

static int meta_set(mc_store *s, const char *key, const char *value)
{
	struct mc__sqlite *h = mc__sq(s);
	sqlite3_stmt *st = mc__sq_stmt(h, sql_meta_set);

	if (!st)
		return MC_EDB;
	mc__sq_bind_text(st, 1, key);
	mc__sq_bind_text(st, 2, value);
	return mc__sq_step_done(h, st, "meta");
}

/* ---- read transactions ------------------------------------------------ */

int mc__sq_read_begin(struct mc__sqlite *h, int *began)
{
	sqlite3_stmt *st;
	int error;

	*began = 0;
	if (!sqlite3_get_autocommit(h->db))
		return 0; /* inside the caller's transaction already */
	if (!(st = mc__sq_stmt(h, "BEGIN")))
		return MC_EDB;
	if ((error = mc__sq_step_done(h, st, "begin")))
		return error;
	*began = 1;
	return 0;
}

void mc__sq_read_end(struct mc__sqlite *h, int began)
{
	sqlite3_stmt *st;

	if (!began || sqlite3_get_autocommit(h->db))
		return;
	/* A read transaction cannot fail to end; if preparing fails the
	 * connection rolls back when the next statement begins. */
	if ((st = mc__sq_stmt(h, "COMMIT"))) {
		sqlite3_step(st);
		sqlite3_reset(st);
	}
	if (!sqlite3_get_autocommit(h->db))
		sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL);
}

/* ---- change counters (schema v7) ---------------------------------------- */

/* The topic names in table `changes`, bit i of MC_STORE_* being names[i]. */
static const char *const topic_names[] = {
    "settings",	   "catalogue", "esco",	  "accounts", "keys",
    "credentials", "audit",	"policy", "jobs",
};

static const char sql_change[] = "SELECT counter FROM changes WHERE topic = ?1";
static const char sql_changes[] = "SELECT topic, counter FROM changes";

/* Add the counter of a row (topic, counter) to the sum when its topic is
 * one of those asked for. */
struct changes_sum {
	unsigned topics;
	uint64_t sum;
};

static int changes_row(struct mc__sqlite *h, sqlite3_stmt *st, void *payload)
{
	struct changes_sum *c = payload;
	int i = mc__sq_value_of(topic_names, MC__ARRAY_SIZE(topic_names),
				(const char *)sqlite3_column_text(st, 0));

	(void)h;
	if (i >= 0 && (c->topics & (1u << i)))
		c->sum += (uint64_t)sqlite3_column_int64(st, 1);
	return 0;
}

/* One topic: one indexed row; several: the table's few rows, summed. */
static int changes(mc_store *s, unsigned topics, uint64_t *out)
{
	struct mc__sqlite *h = mc__sq(s);
	struct changes_sum c = {topics, 0};
	sqlite3_stmt *st;
	int i, error;

	*out = 0;
	if (topics && (topics & (topics - 1)) == 0) {
		for (i = 0; !(topics & (1u << i)); i++)
			;
		if (!(st = mc__sq_stmt(h, sql_change)))
			return MC_EDB;
		mc__sq_bind_text(st, 1, topic_names[i]);
		if ((error = mc__sq_row(h, st, "changes",
					"changes: no row for topic %s",
					topic_names[i])))
			return error == MC_ENOTFOUND ? MC_EDB : error;
		*out = (uint64_t)sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		return 0;
	}
	if (!(st = mc__sq_stmt(h, sql_changes)))
		return MC_EDB;
	if ((error = mc__sq_each(h, st, changes_row, &c, "changes")))
		return error;
	*out = c.sum;
	return 0;
}

/* One file has no write-ahead log to replicate, nor a standby to read. */
static int position(mc_store *s, mc_store_position *out)
{
	memset(out, 0, sizeof(*out));
	return mc__store_error(s, MC_ENOTSUP,
			       "position: an SQLite database has no "
			       "replication position (PostgreSQL only)");
}

/* ---- the handle --------------------------------------------------------- */

/* Close the handle.  store.c owns and frees base.base_url. */
static void sq_close(mc_store *s)
{
	struct mc__sqlite *h = mc__sq(s);

	if (!h)
		return;
	mc__sq_close_db(h);
	free(h->path);
	free(h);
}

static const struct mc__store_core_ops sqlite_core = {
    .name = "sqlite",
    .close = sq_close,
    .begin = mc__sq_begin,
    .commit = mc__sq_commit,
    .rollback = mc__sq_rollback,
    .meta_get = meta_get,
    .meta_set = meta_set,
    .changes = changes,
    .position = position,
};

int mc__store_sqlite_open(mc_store **out, const char *path,
			  const mc_store_options *opts, char **errmsg)
{
	mc_store_options defaults = MC_STORE_OPTIONS_INIT;
	struct mc__sqlite *h;
	int error;

	*out = NULL;
	if (errmsg)
		*errmsg = NULL;
	if (!opts)
		opts = &defaults;
	if (path && strncmp(path, "sqlite:", 7) == 0)
		path += 7;
	if (!(h = calloc(1, sizeof(*h))))
		return MC_ENOMEM;
	h->base.core = &sqlite_core;
	h->base.catalogue = &mc__sq_catalogue;
	h->base.search = &mc__sq_search_ops;
	h->base.esco = &mc__sq_esco;
	h->base.account = &mc__sq_account;
	h->base.keys = &mc__sq_keys;
	h->base.cred = &mc__sq_cred;
	h->base.audit = &mc__sq_audit;
	h->base.policy = &mc__sq_policy;
	h->base.jobs = &mc__sq_jobs;
	h->base.limits = &mc__sq_limits;
	h->base.rows = &mc__sq_rows_ops;
	if (!path || !*path) {
		error = mc__store_error(&h->base, MC_EUSAGE,
					"no database path given");
		goto cleanup;
	}
	if (!(h->path = mc__strdup(path))) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	if ((error = mc__sq_open_db(h, path, opts)))
		goto cleanup;
	*out = &h->base;
	h = NULL;

cleanup:
	if (h) {
		if (errmsg)
			*errmsg =
			    mc__strdup(h->base.errmsg[0] ? h->base.errmsg
							 : mc_error_str(error));
		sq_close(&h->base);
	}
	return error;
}
