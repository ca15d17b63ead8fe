/*
 * Import and export of the catalogue: JSON (MC, array of MCs, bundle) and
 * CSV files, all or nothing per file, every problem of every record
 * reported; the JSON export that import takes back unchanged; the built-in
 * demo catalogue.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue_private.h"
#include "demo_data.h"
#include "demo_grants.h"
#include "model/model.h"
#include "store/store.h"

/* One file being imported. */
typedef struct {
	mc_store *store;
	const char *name;
	mc_problems *p;
	mc_import_report report;
	/* "id/version" of every MC record seen, to catch duplicates. */
	mc_strlist seen;
} importer;

/* Record a problem and return 0 so the caller goes on to the next record,
 * or MC_ENOMEM. */
#define PROBLEM(imp, where, field, ...)                                        \
	mc_problems_add((imp)->p, (where), (field), __VA_ARGS__)

static int check_duplicate(importer *imp, const mc_microcred *mc,
			   const char *where)
{
	char key[MC_ID_MAX + 16];

	snprintf(key, sizeof(key), "%s/%u", mc->id, mc->version);
	if (mc_strlist_has(&imp->seen, key) && mc->version)
		return PROBLEM(imp, where, "id",
			       "duplicate: '%s' version %u appears twice in "
			       "this file",
			       mc->id, mc->version);
	if (mc_strlist_has(&imp->seen, key))
		return PROBLEM(imp, where, "id",
			       "duplicate: '%s' appears twice in this file",
			       mc->id);
	return mc_strlist_add(&imp->seen, key);
}

/* Store one parsed, valid MC record (see mc_catalogue_import()). */
static int import_mc(importer *imp, mc_microcred *mc, const char *where)
{
	mc_store *s = imp->store;
	mc_microcred *old = NULL;
	size_t before = imp->p->found;
	int error, created;

	if ((error = check_duplicate(imp, mc, where)) < 0)
		return error;
	if ((error = mc__check_references(s, mc, where, imp->p)) < 0)
		return error;
	if (imp->p->found > before)
		return 0;

	if (!mc->version && mc->status != MC_STATUS_DRAFT)
		return PROBLEM(imp, where, "status",
			       "given without version; the export form "
			       "carries both, a new draft neither");
	if (!mc->version) {
		error = mc__save_draft(s, mc, where, imp->p, &created);
		if (error == MC_ESTATE)
			return 0; /* reported in the problems */
		if (!error && created)
			imp->report.created++;
		else if (!error)
			imp->report.updated++;
		return error;
	}

	/* The export form: keep version and status. */
	if (mc->status == MC_STATUS_PUBLISHED) {
		error = s->catalogue->mc_get_published(s, &old, mc->id);
		if (!error && old->version > mc->version)
			error = PROBLEM(imp, where, "status",
					"version %u is already published; only "
					"the newest version can be",
					old->version);
		mc_microcred_free(old);
		old = NULL;
		if (error == MC_ENOTFOUND)
			error = 0;
		if (error < 0 || imp->p->found > before)
			return error;
	}
	error = s->catalogue->mc_get(s, &old, mc->id, mc->version);
	if (error == MC_ENOTFOUND) {
		if (!(error = s->catalogue->mc_put(s, mc)))
			error = s->catalogue->mc_event_add(
			    s, mc->id, mc->version, mc->status, mc->status,
			    NULL, "imported");
		if (!error)
			imp->report.created++;
	} else if (!error) {
		if (mc__mc_equal(old, mc)) {
			imp->report.unchanged++;
		} else if (old->status == MC_STATUS_DRAFT) {
			if (!(error = s->catalogue->mc_put(s, mc)))
				imp->report.updated++;
		} else {
			error =
			    PROBLEM(imp, where, "version",
				    "version %u is %s and cannot change; "
				    "leave out version and status to "
				    "make a new version",
				    mc->version, mc_status_name(old->status));
		}
	}
	if (!error && mc->status == MC_STATUS_PUBLISHED &&
	    imp->p->found == before)
		error = mc__retire_others(s, mc->id, mc->version, NULL);
	mc_microcred_free(old);
	return error;
}

static int import_mc_json(importer *imp, json_t *obj, const char *where)
{
	mc_microcred *mc = NULL;
	int error;

	if (!json_is_object(obj))
		return PROBLEM(imp, where, NULL,
			       "a micro-credential must be a JSON object");
	error = mc__microcred_from_jansson(&mc, obj, where, imp->p);
	if (error == MC_EINVALID)
		return 0;
	if (error < 0)
		return error;
	error = import_mc(imp, mc, where);
	mc_microcred_free(mc);
	return error;
}

static int import_org_json(importer *imp, json_t *obj, const char *where)
{
	mc_org *org = NULL, *old = NULL;
	int error;

	error = mc__org_from_jansson(&org, obj, where, imp->p);
	if (error == MC_EINVALID)
		return 0;
	if (error < 0)
		return error;
	error = imp->store->catalogue->org_get(imp->store, &old, org->id);
	if (error == 0 &&
	    mc__json_same(mc__org_to_jansson(old), mc__org_to_jansson(org)))
		goto cleanup;
	if (error < 0 && error != MC_ENOTFOUND)
		goto cleanup;
	if (!(error = imp->store->catalogue->org_put(imp->store, org)))
		imp->report.organisations++;

cleanup:
	mc_org_free(org);
	mc_org_free(old);
	return error;
}

static int import_cluster_json(importer *imp, json_t *obj, const char *where)
{
	mc_cluster *c = NULL, *old = NULL;
	size_t before = imp->p->found;
	int error;

	error = mc__cluster_from_jansson(&c, obj, where, imp->p);
	if (error == MC_EINVALID)
		return 0;
	if (error < 0)
		return error;
	error = imp->store->catalogue->cluster_get(imp->store, &old, c->id);
	if (error == 0 && mc__json_same(mc__cluster_to_jansson(old),
					mc__cluster_to_jansson(c)))
		goto cleanup;
	if (error < 0 && error != MC_ENOTFOUND)
		goto cleanup;
	error = mc__cluster_put_checked(imp->store, c, where, imp->p);
	if (error == MC_EINVALID && imp->p->found > before)
		error = 0;
	else if (!error)
		imp->report.clusters++;

cleanup:
	mc_cluster_free(c);
	mc_cluster_free(old);
	return error;
}

typedef int (*record_fn)(importer *imp, json_t *obj, const char *where);

/* Run `fn` on every element of an array, naming each in problems. */
static int import_array(importer *imp, json_t *arr, const char *section,
			record_fn fn)
{
	size_t i;
	json_t *obj;
	int error = 0;

	if (json_array_size(arr) > MC_IMPORT_RECORDS_MAX)
		return PROBLEM(imp, imp->name, section, "more than %u records",
			       MC_IMPORT_RECORDS_MAX);
	json_array_foreach(arr, i, obj)
	{
		json_t *id =
		    json_is_object(obj) ? json_object_get(obj, "id") : NULL;
		char *where = mc__asprintf(
		    "%s%s%s record %zu%s%s%s", imp->name, section ? " " : "",
		    section ? section : "", i + 1,
		    json_is_string(id) ? " (" : "",
		    json_is_string(id) ? json_string_value(id) : "",
		    json_is_string(id) ? ")" : "");

		if (!where)
			return MC_ENOMEM;
		if (!json_is_object(obj))
			error =
			    PROBLEM(imp, where, NULL, "must be a JSON object");
		else
			error = fn(imp, obj, where);
		free(where);
		if (error < 0)
			break;
	}
	return error;
}

static int import_bundle(importer *imp, json_t *root)
{
	static const struct {
		const char *key;
		record_fn fn;
	} parts[] = {
	    {"organisations", import_org_json},
	    {"microcredentials", import_mc_json},
	    {"clusters", import_cluster_json},
	};
	const char *key;
	json_t *value;
	size_t i;
	int error = 0;

	json_object_foreach(root, key, value)
	{
		for (i = 0; i < MC__ARRAY_SIZE(parts); i++)
			if (strcmp(key, parts[i].key) == 0)
				break;
		if (i == MC__ARRAY_SIZE(parts) &&
		    (error = PROBLEM(imp, imp->name, key,
				     "unknown key; a bundle has "
				     "organisations, microcredentials and "
				     "clusters")) < 0)
			return error;
	}
	for (i = 0; i < MC__ARRAY_SIZE(parts) && !error; i++) {
		value = json_object_get(root, parts[i].key);
		if (!value)
			continue;
		if (!json_is_array(value))
			error = PROBLEM(imp, imp->name, parts[i].key,
					"must be an array");
		else
			error =
			    import_array(imp, value, parts[i].key, parts[i].fn);
	}
	return error;
}

static int import_json(importer *imp, const char *data, size_t len)
{
	json_error_t jerr;
	json_t *root;
	size_t valid = mc__utf8_valid_prefix(data, len);
	int error;

	if (valid < len) {
		size_t line = 1, col = 1, i;

		for (i = 0; i < valid; i++) {
			if (data[i] == '\n') {
				line++;
				col = 1;
			} else if (((unsigned char)data[i] & 0xC0) != 0x80) {
				col++;
			}
		}
		return PROBLEM(imp, imp->name, NULL,
			       "line %zu column %zu: invalid UTF-8 (byte "
			       "0x%02x); files must be UTF-8",
			       line, col, (unsigned char)data[valid]);
	}
	root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		return PROBLEM(imp, imp->name, NULL,
			       "line %d column %d: malformed JSON: %s",
			       jerr.line, jerr.column, jerr.text);
	if (json_is_array(root))
		error = import_array(imp, root, NULL, import_mc_json);
	else if (json_is_object(root) && json_object_get(root, "id"))
		error = import_mc_json(imp, root, imp->name);
	else if (json_is_object(root))
		error = import_bundle(imp, root);
	else
		error = PROBLEM(imp, imp->name, NULL,
				"expected a micro-credential, an array of "
				"them, or a bundle object");
	json_decref(root);
	return error;
}

static int import_csv(importer *imp, const char *data, size_t len)
{
	mc_microcred **list = NULL;
	size_t count = 0, i;
	int error;

	error =
	    mc__microcred_from_csv(&list, &count, data, len, imp->name, imp->p);
	if (error == MC_EINVALID)
		return 0;
	for (i = 0; i < count && error >= 0; i++) {
		char *where = mc__asprintf("%s record %zu (%s)", imp->name,
					   i + 1, list[i]->id);

		if (!where) {
			error = MC_ENOMEM;
			break;
		}
		error = import_mc(imp, list[i], where);
		free(where);
	}
	mc__microcred_array_free(list, count);
	return error;
}

/* JSON when the first non-blank byte (after a BOM) opens an object or
 * array; CSV otherwise. */
static int looks_like_json(const char *data, size_t len)
{
	size_t i = 0;

	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len && strchr(" \t\r\n", data[i]) && data[i])
		i++;
	return i < len && (data[i] == '{' || data[i] == '[');
}

/* Import, or with `dry_run` check and roll back. */
static int import_data(mc_store *store, mc_import_report *report,
		       const char *data, size_t len, const char *name,
		       mc_problems *problems, int dry_run)
{
	mc_problems local = MC_PROBLEMS_INIT;
	importer imp;
	size_t before, kept;
	int error;

	memset(&imp, 0, sizeof(imp));
	imp.store = store;
	imp.name = name ? name : "input";
	imp.p = problems ? problems : &local;
	before = imp.p->found;
	kept = imp.p->count;
	mc__store_clear_error(store);
	if (report)
		memset(report, 0, sizeof(*report));

	if (len > MC_IMPORT_FILE_MAX) {
		error = mc__store_error(store, MC_ETOOBIG,
					"%s: larger than the limit of %u bytes",
					imp.name, MC_IMPORT_FILE_MAX);
		goto cleanup;
	}
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		len -= 3;
	}
	if ((error = store->core->begin(store)) < 0)
		goto cleanup;
	if (looks_like_json(data, len))
		error = import_json(&imp, data, len);
	else
		error = import_csv(&imp, data, len);
	if (error >= 0 && imp.p->found > before)
		error = MC_EINVALID;
	if (error < 0) {
		store->core->rollback(store);
		if (error == MC_EINVALID) {
			mc_problems tail = {imp.p->items + kept,
					    imp.p->count - kept, 0,
					    imp.p->found - before};

			mc__store_problems_error(store, error, &tail);
		}
		goto cleanup;
	}
	if (dry_run)
		error = store->core->rollback(store);
	else
		error = store->core->commit(store);
	if (error < 0)
		goto cleanup;
	if (report)
		*report = imp.report;

cleanup:
	mc_strlist_clear(&imp.seen);
	mc_problems_clear(&local);
	return error;
}

int mc_catalogue_import(mc_store *store, mc_import_report *report,
			const char *data, size_t len, const char *name,
			mc_problems *problems)
{
	return import_data(store, report, data, len, name, problems, 0);
}

static int import_file(mc_store *store, mc_import_report *report,
		       const char *path, mc_problems *problems, int dry_run)
{
	char *data = NULL;
	size_t len;
	int error;

	mc__store_clear_error(store);
	error = mc__read_file(&data, &len, path, MC_IMPORT_FILE_MAX,
			      store->errmsg, sizeof(store->errmsg));
	if (error == 0)
		error = import_data(store, report, data, len,
				    strcmp(path, "-") ? path : "stdin",
				    problems, dry_run);
	else if (problems && error != MC_ENOMEM)
		mc_problems_add(problems, NULL, NULL, "%s", store->errmsg);
	free(data);
	return error;
}

int mc_catalogue_import_file(mc_store *store, mc_import_report *report,
			     const char *path, mc_problems *problems)
{
	return import_file(store, report, path, problems, 0);
}

int mc_catalogue_check_file(mc_store *store, mc_import_report *report,
			    const char *path, mc_problems *problems)
{
	return import_file(store, report, path, problems, 1);
}

/* Append the export form of `id` (latest, or every version) to `arr`. */
static int export_one(mc_store *store, json_t *arr, const char *id,
		      int all_versions)
{
	mc_version_info *v = NULL;
	size_t n = 0, i;
	int error;

	if (!all_versions) {
		mc_microcred *mc = NULL;

		if ((error = mc_catalogue_get(store, &mc, id, 0)) < 0)
			return error;
		error = json_array_append_new(arr, mc__microcred_to_jansson(mc))
			    ? MC_ENOMEM
			    : 0;
		mc_microcred_free(mc);
		return error;
	}
	if ((error = mc_catalogue_versions(store, &v, &n, id)) < 0)
		return error;
	for (i = 0; i < n && !error; i++) {
		mc_microcred *mc = NULL;

		if ((error = mc_catalogue_get(store, &mc, id, v[i].version)))
			break;
		if (json_array_append_new(arr, mc__microcred_to_jansson(mc)))
			error = MC_ENOMEM;
		mc_microcred_free(mc);
	}
	free(v);
	return error;
}

int mc_catalogue_export(mc_store *store, char **out, const char *const *ids,
			size_t count, int all_versions)
{
	mc_strlist all = MC_STRLIST_INIT;
	json_t *arr = json_array();
	size_t i;
	int error = 0;

	*out = NULL;
	mc__store_clear_error(store);
	if (!arr)
		return MC_ENOMEM;
	if (count == 0) {
		if ((error = store->catalogue->mc_ids(store, &all)) < 0)
			goto cleanup;
		ids = (const char *const *)all.items;
		count = all.count;
	}
	for (i = 0; i < count && !error; i++)
		error = export_one(store, arr, ids[i], all_versions);
	if (!error && !(*out = mc__json_dump(arr)))
		error = MC_ENOMEM;

cleanup:
	json_decref(arr);
	mc_strlist_clear(&all);
	return error;
}

int mc_catalogue_load_demo(mc_store *store, mc_import_report *report,
			   mc_problems *problems)
{
	mc_import_report total, one;
	const struct mc__embedded_file *f;
	char name[128];
	int error;

	memset(&total, 0, sizeof(total));
	if (report)
		memset(report, 0, sizeof(*report));
	if ((error = store->core->begin(store)) < 0)
		return error;
	for (f = mc__demo_files; f->name; f++) {
		snprintf(name, sizeof(name), "demo/%s", f->name);
		error = mc_catalogue_import(store, &one, f->data, f->len, name,
					    problems);
		if (error < 0) {
			char msg[sizeof(store->errmsg)];

			memcpy(msg, store->errmsg, sizeof(msg));
			store->core->rollback(store);
			mc__store_error(store, error, "%s", msg);
			return error;
		}
		/* After the first file, the organisations, before the MCs
		 * that name them as QA bodies (demo_grants.c). */
		if (f == mc__demo_files &&
		    (error = mc__demo_grants(store, 0)) < 0)
			break;
		total.organisations += one.organisations;
		total.clusters += one.clusters;
		total.created += one.created;
		total.updated += one.updated;
		total.unchanged += one.unchanged;
	}
	if (error >= 0)
		error = mc__demo_grants(store, 1);
	if (error < 0) {
		store->core->rollback(store);
		return error;
	}
	if ((error = store->core->commit(store)) < 0)
		return error;
	if (report)
		*report = total;
	return 0;
}
