/*
 * ETSI EN 319 412-1 semantics identifiers (a seal certificate's
 * organizationIdentifier) read and compared with an EDC issuer's
 * identifier, as both are written in practice: with or without the
 * scheme prefix, Greece as EL in the identifier and GR in the country
 * attribute, the EU authority's alpha-3 country URIs in the credential.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "util/iso_codes.h"
#include "seal_x509.h"

static int upper2(const char *s)
{
	return isupper((unsigned char)s[0]) && isupper((unsigned char)s[1]);
}

void mc__orgid_parse(struct mc__orgid *out, const char *s)
{
	memset(out, 0, sizeof(*out));
	if (!s)
		return;
	while (*s == ' ')
		s++;
	if (strlen(s) > 6 && upper2(s) && isupper((unsigned char)s[2]) &&
	    upper2(s + 3) && s[5] == '-') {
		memcpy(out->scheme, s, 3);
		memcpy(out->country, s + 3, 2);
		s += 6;
	} else if (strlen(s) > 3 && isalnum((unsigned char)s[0]) &&
		   isalnum((unsigned char)s[1]) && s[2] == ':') {
		memcpy(out->scheme, s, 2);
		s += 3;
	}
	snprintf(out->id, sizeof(out->id), "%s", s);
}

const char *mc__orgid_country(const char *code, char out[3])
{
	const char *slash;
	char a3[4], try[3] = "AA", want[4];
	size_t n;

	if (!code)
		return NULL;
	if ((slash = strrchr(code, '/')))
		code = slash + 1;
	n = strlen(code);
	if (n == 2 && isalpha((unsigned char)code[0]) &&
	    isalpha((unsigned char)code[1])) {
		out[0] = (char)toupper((unsigned char)code[0]);
		out[1] = (char)toupper((unsigned char)code[1]);
		out[2] = '\0';
		if (strcmp(out, "EL") == 0)
			memcpy(out, "GR", 3);
		else if (strcmp(out, "UK") == 0)
			memcpy(out, "GB", 3);
		return out;
	}
	if (n != 3)
		return NULL;
	for (n = 0; n < 3; n++)
		want[n] = (char)toupper((unsigned char)code[n]);
	want[3] = '\0';
	/* The table maps alpha-2 to alpha-3: look it up backwards. */
	for (try[0] = 'A'; try[0] <= 'Z'; try[0]++)
		for (try[1] = 'A'; try[1] <= 'Z'; try[1]++)
			if (mc__iso_alpha3(try, a3) && strcmp(a3, want) == 0) {
				memcpy(out, try, 3);
				return out;
			}
	return NULL;
}

/* Equal ignoring ASCII case, spaces and dots. */
static int same_id(const char *a, const char *b)
{
	for (;;) {
		while (*a == ' ' || *a == '.')
			a++;
		while (*b == ' ' || *b == '.')
			b++;
		if (!*a || !*b)
			return !*a && !*b;
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return 0;
		a++;
		b++;
	}
}

unsigned mc__orgid_compare(const char *cert, const char *cert_c,
			   const char *notation, const char *spatial)
{
	struct mc__orgid c, e;
	char cc[3] = "", ec[3] = "", sc[3] = "";
	unsigned diff = 0;

	mc__orgid_parse(&c, cert);
	mc__orgid_parse(&e, notation);
	if (!mc__orgid_country(c.country[0] ? c.country : cert_c, cc))
		cc[0] = '\0';
	if (e.country[0] && !mc__orgid_country(e.country, ec))
		memcpy(ec, e.country, 3);
	if (spatial && !mc__orgid_country(spatial, sc))
		sc[0] = '\0';
	if (e.scheme[0] && c.scheme[0] && strcmp(e.scheme, c.scheme) != 0)
		diff |= MC__ORGID_SCHEME;
	if (cc[0] &&
	    ((ec[0] && strcmp(ec, cc) != 0) || (sc[0] && strcmp(sc, cc) != 0)))
		diff |= MC__ORGID_COUNTRY;
	if (!same_id(c.id, e.id))
		diff |= MC__ORGID_ID;
	return diff;
}
