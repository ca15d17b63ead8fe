/*
 * Reading XML from outside (trusted lists, baked SVG badges) with
 * libxml2, the one way: no network, no error printing, UTF-8.
 */
#ifndef MC_XML_READ_H
#define MC_XML_READ_H

#include <stddef.h>

#include <libxml/parser.h>

/**
 * Parse `len` bytes of `data` into *out (free with xmlFreeDoc()): read as
 * UTF-8 whatever the document declares, never from the network.  Callers
 * refuse DTDs and entities before, on the bytes.  Returns 0; MC_EINVALID
 * for XML that is not well-formed ("SOURCE: not well-formed XML (line N:
 * why)" in `err`); MC_ETOOBIG past INT_MAX bytes; MC_ENOMEM.
 */
int mc__xml_read(xmlDocPtr *out, const char *data, size_t len,
		 const char *source, char *err, size_t errlen);

#endif
