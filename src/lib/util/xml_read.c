/*
 * Reading XML from outside (xml_read.h).
 */
#include "xml_read.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "microcred/errors.h"
#include "util.h"

int mc__xml_read(xmlDocPtr *out, const char *data, size_t len,
		 const char *source, char *err, size_t errlen)
{
	xmlParserCtxtPtr ctxt;
	const xmlError *xe;
	char why[160];
	int error = 0;

	*out = NULL;
	if (len > INT_MAX) {
		mc__set_err(err, errlen, "%s: too large", source);
		return MC_ETOOBIG;
	}
	if (!(ctxt = xmlNewParserCtxt()))
		return MC_ENOMEM;
	*out = xmlCtxtReadMemory(ctxt, data, (int)len, NULL, "UTF-8",
				 XML_PARSE_NONET | XML_PARSE_NOERROR |
				     XML_PARSE_NOWARNING);
	if (!*out || !ctxt->wellFormed) {
		xe = xmlCtxtGetLastError(ctxt);
		snprintf(why, sizeof(why), "%s",
			 xe && xe->message ? xe->message : "?");
		/* libxml2's messages end with a newline. */
		why[strcspn(why, "\r\n")] = '\0';
		mc__set_err(err, errlen,
			    "%s: not well-formed XML (line %d: %s)", source,
			    xe ? xe->line : 0, why);
		xmlFreeDoc(*out);
		*out = NULL;
		error = MC_EINVALID;
	}
	xmlFreeParserCtxt(ctxt);
	return error;
}
