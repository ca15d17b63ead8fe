/*
 * Fuzz target: Deserialize JSON-LD to RDF.  Arbitrary JSON is given to
 * mc__ld_expanded_to_rdf() as if it were expanded (shapes expansion never
 * makes) and to mc__ld_to_rdf() (expansion first, pinned contexts only).
 * A failure must say why with an expected code.  A success must give
 * RDF terms only: subjects IRIs or blank nodes, predicates IRIs, objects
 * IRIs, blank nodes or literals with a datatype (a language only with
 * rdf:langString), graph names none, IRIs or blank nodes, IRIs absolute
 * and well-formed; and the same input twice gives the same dataset.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ld/iri.h"
#include "ld/ld.h"
#include "microcred/errors.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static json_t *load_nothing(const char *url, void *arg)
{
	(void)url;
	(void)arg;
	return NULL;
}

static void check_node(const struct mc__rdf_term *t, int graph)
{
	if (graph && t->kind == MC__RDF_NONE)
		return;
	if (t->kind == MC__RDF_BLANK && t->value && t->value[0])
		return;
	if (t->kind != MC__RDF_IRI || !mc__iri_is_wellformed(t->value))
		abort();
}

static void check_dataset(const struct mc__rdf_dataset *ds)
{
	size_t i;

	for (i = 0; i < ds->len; i++) {
		const struct mc__rdf_quad *q = &ds->quads[i];

		check_node(&q->s, 0);
		if (q->p.kind != MC__RDF_IRI ||
		    !mc__iri_is_wellformed(q->p.value))
			abort();
		if (q->o.kind == MC__RDF_LITERAL) {
			if (!q->o.value || !q->o.datatype ||
			    !mc__iri_is_wellformed(q->o.datatype) ||
			    (q->o.language &&
			     strcmp(q->o.datatype, MC__RDF_LANGSTRING) != 0))
				abort();
		} else {
			check_node(&q->o, 0);
		}
		check_node(&q->g, 1);
	}
}

static void run(const json_t *doc, int expanded, const struct mc__ld_options *o)
{
	struct mc__rdf_dataset a = MC__RDF_DATASET_INIT;
	struct mc__rdf_dataset b = MC__RDF_DATASET_INIT;
	char err[512] = "", err2[512] = "";
	int rc, rc2;

	if (expanded) {
		rc = mc__ld_expanded_to_rdf(&a, doc, o, err, sizeof(err));
		rc2 = mc__ld_expanded_to_rdf(&b, doc, o, err2, sizeof(err2));
	} else {
		rc = mc__ld_to_rdf(&a, doc, o, err, sizeof(err));
		rc2 = mc__ld_to_rdf(&b, doc, o, err2, sizeof(err2));
	}
	if (rc != rc2 || a.len != b.len)
		abort();
	if (rc != 0) {
		if ((rc != MC_EINVALID && rc != MC_ENOTFOUND &&
		     rc != MC_ETOOBIG && rc != MC_ENOMEM) ||
		    !err[0])
			abort();
	} else {
		check_dataset(&a);
	}
	mc__rdf_dataset_free(&a);
	mc__rdf_dataset_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mc__ld_options o = {0};
	json_t *doc;

	if (size > 65536)
		return 0;
	doc = json_loadb((const char *)data, size, JSON_DECODE_ANY, NULL);
	if (!doc)
		return 0;
	o.base = "https://example.org/doc";
	o.load = load_nothing;
	o.max_nodes = 20000;
	run(doc, 1, &o);
	o.rdf_direction = "compound-literal";
	run(doc, 1, &o);
	o.rdf_direction = "i18n-datatype";
	run(doc, 1, &o);
	run(doc, 0, &o);
	json_decref(doc);
	return 0;
}
