/*
 * ETSI TS 119 612 trusted lists (the EU member states' trusted lists) as
 * trust anchors for electronic seals: the X509Certificate of each service
 * of type CA/QC (issues qualified certificates) whose current status is
 * granted and whose additional service information says it issues them
 * for electronic seals (ForeSeals).  Every other service, granted or
 * not (a TSA, a CA for e-signatures or websites only, a pre-eIDAS
 * "accredited" one, which could not issue seal certificates), gives no
 * anchor.  A granted qualified time-stamping service (TSA/QTST) anchors
 * the timestamps of B-T seals instead.
 *
 * The XML is read as UTF-8 whatever it declares, with no network, no DTD
 * loading and no entity substitution, and a document that has a DTD
 * (internal or external subset, so any entity declaration) is refused
 * before libxml2 sees it: trusted lists have none, and a DTD is how XXE
 * and entity expansion ("billion laughs") attacks arrive.
 *
 * The list's own XML signature is not checked here: the file is trusted
 * because the operator configured it (see docs/TRUST.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "util/encoding.h"
#include "microcred/errors.h"
#include "trust.h"
#include "trust_private.h"
#include "util/util.h"
#include "util/xml_read.h"

#define TSL_NS "http://uri.etsi.org/02231/v2#"

/* The one current status whose certificates become anchors. */
#define GRANTED "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/granted"
/* A qualified time-stamping service: its certificates anchor timestamps. */
#define TYPE_TSA_QTST "http://uri.etsi.org/TrstSvc/Svctype/TSA/QTST"
/* The service type that issues qualified certificates. */
#define TYPE_CA_QC "http://uri.etsi.org/TrstSvc/Svctype/CA/QC"
/* AdditionalServiceInformation: it issues them for electronic seals. */
#define FOR_ESEALS                                                             \
	"http://uri.etsi.org/TrstSvc/TrustedList/SvcInfoExt/ForeSeals"

/* What one walk of a list found. */
struct tl_walk {
	STACK_OF(X509) * certs;
	STACK_OF(X509) * tsa; /* granted TSA/QTST services' certificates */
	const char *source;
	size_t providers, services, granted, for_seals;
	char *err;
	size_t errlen;
};

/* Non-zero when `n` is the element TSL_NS:`name`. */
static int is(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && n->ns &&
	       strcmp((const char *)n->ns->href, TSL_NS) == 0 &&
	       strcmp((const char *)n->name, name) == 0;
}

/* The first child element TSL_NS:`name` of `n`, or NULL. */
static xmlNode *child(const xmlNode *n, const char *name)
{
	xmlNode *c;

	for (c = n ? n->children : NULL; c; c = c->next)
		if (is(c, name))
			return c;
	return NULL;
}

/* Non-zero when the text of `n`, trimmed, is `uri`. */
static int text_is(const xmlNode *n, const char *uri)
{
	xmlChar *text = n ? xmlNodeGetContent(n) : NULL;
	const char *s = (const char *)text;
	size_t len;
	int ok = 0;

	if (!s)
		return 0;
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	len = strlen(s);
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' ||
			   s[len - 1] == '\r' || s[len - 1] == '\n'))
		len--;
	ok = strlen(uri) == len && memcmp(s, uri, len) == 0;
	xmlFree(text);
	return ok;
}

/* Non-zero when the service's extensions hold AdditionalServiceInformation
 * whose URI is ForeSeals. */
static int for_eseals(const xmlNode *info)
{
	xmlNode *exts = child(info, "ServiceInformationExtensions"), *e, *a;

	for (e = exts ? exts->children : NULL; e; e = e->next) {
		if (!is(e, "Extension"))
			continue;
		for (a = e->children; a; a = a->next)
			if (is(a, "AdditionalServiceInformation") &&
			    text_is(child(a, "URI"), FOR_ESEALS))
				return 1;
	}
	return 0;
}

/* Decode one X509Certificate element into w->certs. */
static int take_cert(struct tl_walk *w, STACK_OF(X509) * into, const xmlNode *n,
		     size_t tsp, size_t svc)
{
	xmlChar *text = xmlNodeGetContent(n);
	unsigned char *der = NULL;
	size_t der_len = 0;
	char why[160];
	X509 *x = NULL;
	int error;

	if (!text)
		return MC_ENOMEM;
	error = mc__b64_decode(&der, &der_len, (const char *)text,
			       strlen((const char *)text), why, sizeof(why));
	xmlFree(text);
	if (error == MC_ENOMEM)
		return error;
	if (error || !(x = mc__trust_x509_from_der(der, der_len))) {
		mc__set_err(w->err, w->errlen,
			    "%s: TrustServiceProvider[%zu]/TSPService[%zu]: "
			    "X509Certificate: %s",
			    w->source, tsp, svc,
			    error ? why : "not a DER X.509 certificate");
		free(der);
		return MC_EINVALID;
	}
	free(der);
	if (sk_X509_num(into) >= MC__TRUST_TL_MAX_CERTS) {
		X509_free(x);
		mc__set_err(w->err, w->errlen,
			    "%s: more than %d granted certificates", w->source,
			    MC__TRUST_TL_MAX_CERTS);
		return MC_ETOOBIG;
	}
	if (!sk_X509_push(into, x)) {
		X509_free(x);
		return MC_ENOMEM;
	}
	return 0;
}

/* One TSPService: its certificates when it is a CA/QC for e-seals whose
 * current status is granted. */
static int walk_service(struct tl_walk *w, const xmlNode *svc, size_t tsp,
			size_t idx)
{
	xmlNode *info = child(svc, "ServiceInformation");
	xmlNode *type, *sdi, *id, *c;
	STACK_OF(X509) * into;
	int error;

	if (!info || !text_is(child(info, "ServiceStatus"), GRANTED))
		return 0;
	w->granted++;
	type = child(info, "ServiceTypeIdentifier");
	if (text_is(type, TYPE_TSA_QTST)) {
		into = w->tsa;
	} else if (text_is(type, TYPE_CA_QC) && for_eseals(info)) {
		into = w->certs;
		w->for_seals++;
	} else {
		return 0;
	}
	sdi = child(info, "ServiceDigitalIdentity");
	for (id = sdi ? sdi->children : NULL; id; id = id->next) {
		if (!is(id, "DigitalId"))
			continue;
		for (c = id->children; c; c = c->next)
			if (is(c, "X509Certificate") &&
			    (error = take_cert(w, into, c, tsp, idx)) != 0)
				return error;
	}
	return 0;
}

static int walk(struct tl_walk *w, const xmlNode *root)
{
	xmlNode *list, *tsp, *svcs, *svc;
	size_t i, j;
	int error;

	if (!is(root, "TrustServiceStatusList")) {
		mc__set_err(w->err, w->errlen,
			    "%s: not an ETSI TS 119 612 trusted list (the root "
			    "element is not TrustServiceStatusList in "
			    "namespace " TSL_NS ")",
			    w->source);
		return MC_EINVALID;
	}
	list = child(root, "TrustServiceProviderList");
	for (tsp = list ? list->children : NULL, i = 0; tsp; tsp = tsp->next) {
		if (!is(tsp, "TrustServiceProvider"))
			continue;
		w->providers++;
		svcs = child(tsp, "TSPServices");
		for (svc = svcs ? svcs->children : NULL, j = 0; svc;
		     svc = svc->next) {
			if (!is(svc, "TSPService"))
				continue;
			w->services++;
			if ((error = walk_service(w, svc, i, j)) != 0)
				return error;
			j++;
		}
		i++;
	}
	return 0;
}

/* Refuse what a trusted list never has and attacks need: a DTD. */
static int refuse_dtd(const char *xml, size_t len, const char *source,
		      char *err, size_t errlen)
{
	static const char *const marks[] = {"<!DOCTYPE", "<!ENTITY"};
	size_t i, k, n;

	for (k = 0; k < MC__ARRAY_SIZE(marks); k++) {
		n = strlen(marks[k]);
		for (i = 0; i + n <= len; i++)
			if (xml[i] == '<' &&
			    memcmp(xml + i, marks[k], n) == 0) {
				mc__set_err(err, errlen,
					    "%s: has a DTD or entity "
					    "declaration (%s), which trusted "
					    "lists never have; refused",
					    source, marks[k]);
				return MC_EINVALID;
			}
	}
	return 0;
}

/* The reason a list gave no certificate. */
static void explain_empty(const struct tl_walk *w, const xmlNode *root)
{
	xmlNode *scheme = child(root, "SchemeInformation");
	xmlNode *ptrs = child(scheme, "PointersToOtherTSL");

	if (w->providers == 0 && ptrs)
		mc__set_err(w->err, w->errlen,
			    "%s: a list of trusted lists (pointers to other "
			    "lists only), which holds no service "
			    "certificates; give a member state's trusted list",
			    w->source);
	else
		mc__set_err(w->err, w->errlen,
			    "%s: no certificate: %zu providers, %zu services, "
			    "%zu with status granted, %zu of them CA/QC for "
			    "e-seals (ForeSeals) with a X509Certificate",
			    w->source, w->providers, w->services, w->granted,
			    w->for_seals);
}

int mc__trust_add_tl(struct mc__trust *t, const char *xml, size_t len,
		     const char *source, char *err, size_t errlen)
{
	struct tl_walk w = {NULL, NULL, source ? source : "trusted list",
			    0,	  0,	0,
			    0,	  err,	errlen};
	xmlDocPtr doc = NULL;
	int error;

	if (len > MC__TRUST_FILE_MAX) {
		mc__set_err(err, errlen, "%s: %zu bytes, more than %u",
			    w.source, len, MC__TRUST_FILE_MAX);
		return MC_ETOOBIG;
	}
	if ((error = refuse_dtd(xml, len, w.source, err, errlen)) != 0)
		return error;
	if (!(w.certs = sk_X509_new_null()) || !(w.tsa = sk_X509_new_null())) {
		error = MC_ENOMEM;
		goto cleanup;
	}
	/* Read as UTF-8 whatever the document declares, so that the scan
	 * above saw the markup the parser will see. */
	if ((error = mc__xml_read(&doc, xml, len, w.source, err, errlen)) != 0)
		goto cleanup;
	if (doc->intSubset || doc->extSubset) {
		mc__set_err(err, errlen, "%s: has a DTD; refused", w.source);
		error = MC_EINVALID;
		goto cleanup;
	}
	if ((error = walk(&w, xmlDocGetRootElement(doc))) != 0)
		goto cleanup;
	if (sk_X509_num(w.certs) == 0 && sk_X509_num(w.tsa) == 0) {
		explain_empty(&w, xmlDocGetRootElement(doc));
		error = MC_EINVALID;
		goto cleanup;
	}
	if ((error = mc__trust_take_tsa(t, w.tsa, w.source, err, errlen)) == 0)
		error = mc__trust_take(t, w.certs, w.source, err, errlen);

cleanup:
	if (error == MC_ENOMEM)
		mc__set_err(err, errlen, "%s: out of memory", w.source);
	xmlFreeDoc(doc);
	sk_X509_pop_free(w.certs, X509_free);
	sk_X509_pop_free(w.tsa, X509_free);
	return error;
}
