/*
 * A baked SVG (Open Badges 3.0, "Baked Badge"): the first
 * <openbadges:credential> element, namespace
 * https://purl.imsglobal.org/ob/v3p0 (or the prefix left undeclared, as
 * hand-made badges do): its verify="..." attribute (a compact JWS), else
 * its text (the JSON, usually in CDATA).
 *
 * Read with libxml2 as UTF-8, with no network, no DTD loading and no
 * entity substitution; a document declaring an entity is refused before
 * libxml2 sees it (an SVG has no use for one, and entities are how XML
 * bombs and XXE work).  A DOCTYPE naming the SVG DTD is allowed.
 */
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/errors.h"

#include "extract_private.h"
#include "util/util.h"
#include "util/xml_read.h"

#define OB3_NS "https://purl.imsglobal.org/ob/v3p0"
#define OB2_NS "http://openbadges.org"

/* Non-zero when `node` is the element `local` of namespace `ns`, or named
 * "openbadges:LOCAL" with no namespace (the prefix undeclared). */
static int is_ob(const xmlNode *node, const char *ns, const char *local)
{
	const char *name = (const char *)node->name;

	if (node->type != XML_ELEMENT_NODE || !name)
		return 0;
	if (node->ns && node->ns->href)
		return strcmp((const char *)node->ns->href, ns) == 0 &&
		       strcmp(name, local) == 0;
	return strncmp(name, "openbadges:", 11) == 0 &&
	       strcmp(name + 11, local) == 0;
}

/* The next node in document order after `n` under `root`. */
static xmlNode *next_node(xmlNode *n, const xmlNode *root)
{
	if (n->children && n->type == XML_ELEMENT_NODE)
		return n->children;
	while (n && n != root) {
		if (n->next)
			return n->next;
		n = n->parent;
	}
	return NULL;
}

static int found(xmlNode *el, char **out, size_t *outlen, char *err,
		 size_t errlen)
{
	xmlChar *v = xmlGetNoNsProp(el, (const xmlChar *)"verify");
	char where[64];
	int error;

	snprintf(where, sizeof(where),
		 "SVG: <openbadges:credential> (line %ld)",
		 (long)xmlGetLineNo(el));
	if (v && *v) {
		error = mc__extract_take(out, outlen, (const char *)v,
					 strlen((const char *)v), where, err,
					 errlen);
		xmlFree(v);
		if (error || *outlen)
			return error;
		free(*out);
		*out = NULL;
	} else {
		xmlFree(v);
	}
	if (!(v = xmlNodeGetContent(el)))
		return MC_ENOMEM;
	error = mc__extract_take(out, outlen, (const char *)v,
				 strlen((const char *)v), where, err, errlen);
	xmlFree(v);
	if (!error && *outlen == 0) {
		free(*out);
		*out = NULL;
		mc__set_err(err, errlen,
			    "%s: empty (no verify attribute, no text)", where);
		return MC_ENOTFOUND;
	}
	return error;
}

int mc__extract_svg(const char *d, size_t n, char **out, size_t *outlen,
		    char *err, size_t errlen)
{
	xmlDocPtr doc = NULL;
	xmlNode *root, *node;
	int error = 0, ob2 = 0;

	if (mc__memfind(d, n, "<!ENTITY", 8)) {
		mc__set_err(err, errlen,
			    "SVG: declares an entity (<!ENTITY), which a "
			    "badge has no use for; refused");
		return MC_EINVALID;
	}
	if ((error = mc__xml_read(&doc, d, n, "SVG", err, errlen)) != 0)
		return error;
	root = xmlDocGetRootElement(doc);
	if (!root || !root->name || strcmp((const char *)root->name, "svg")) {
		mc__set_err(err, errlen,
			    "SVG: the root element is <%s>, not <svg>",
			    root && root->name ? (const char *)root->name : "");
		error = MC_EINVALID;
		goto cleanup;
	}
	for (node = root; node; node = next_node(node, root)) {
		if (is_ob(node, OB3_NS, "credential")) {
			error = found(node, out, outlen, err, errlen);
			goto cleanup;
		}
		if (is_ob(node, OB2_NS, "assertion"))
			ob2 = 1;
	}
	if (ob2)
		mc__set_err(err, errlen,
			    "SVG: an Open Badges 2.0 badge "
			    "(<openbadges:assertion>), which carries no "
			    "signed credential");
	else
		mc__set_err(err, errlen,
			    "SVG: no <openbadges:credential> element: the "
			    "image carries no credential");
	error = MC_ENOTFOUND;

cleanup:
	xmlFreeDoc(doc);
	return error;
}
