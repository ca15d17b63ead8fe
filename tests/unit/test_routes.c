/*
 * The route tables' declarations (routes.h), which the server trusts
 * before it reads a body (http_early.c): every write of every table says
 * who may call it and what body it reads, the matcher hands back the whole
 * route, and the API's declarations agree with web/openapi.json (who needs
 * a token or session, and which types of body are documented).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "routes.h"

static int is_read(const srv_route *r)
{
	return strcmp(r->method, "GET") == 0;
}

/* ---- every route of every table --------------------------------------- */

static void every_write_declares(void **state)
{
	const unsigned who = SRV_ROUTE_ANONYMOUS | SRV_ROUTE_SIGNED_IN;
	const srv_route *const *t;
	const srv_route *r;
	size_t writes = 0, bad = 0;

	(void)state;
	for (t = srv_route_tables; *t; t++)
		for (r = *t; r->method; r++) {
			unsigned auth = r->flags & who;

			assert_non_null(r->pattern);
			assert_non_null(r->handler);
			if (is_read(r)) {
				/* A read takes no body and judges its
				 * reader itself. */
				if (auth || (r->body & ~SRV_BODY_NONE)) {
					print_error("%s %s: a read declares "
						    "who or a body\n",
						    r->method, r->pattern);
					bad++;
				}
				continue;
			}
			writes++;
			if (auth != SRV_ROUTE_ANONYMOUS &&
			    auth != SRV_ROUTE_SIGNED_IN) {
				print_error("%s %s: declare exactly one of "
					    "SRV_ROUTE_ANONYMOUS and "
					    "SRV_ROUTE_SIGNED_IN\n",
					    r->method, r->pattern);
				bad++;
			}
			if (!r->body ||
			    ((r->body & (SRV_BODY_NONE | SRV_BODY_ANY)) &&
			     (r->body & (r->body - 1)))) {
				print_error("%s %s: declare its body: "
					    "SRV_BODY_NONE, SRV_BODY_ANY, or "
					    "the types it takes\n",
					    r->method, r->pattern);
				bad++;
			}
		}
	assert_true(writes >= 40);
	assert_int_equal(bad, 0);
}

/* The few writes anyone may make: a new one is a decision, made here. */
static void anonymous_writes(void **state)
{
	static const char *const want[] = {
	    "POST /api/v1/session",
	    "POST /credentials/verify",
	    "POST /verify",
	    "POST /login",
	};
	const srv_route *const *t;
	const srv_route *r;
	char name[256];
	size_t i, n = 0;

	(void)state;
	for (t = srv_route_tables; *t; t++)
		for (r = *t; r->method; r++) {
			if (is_read(r) || !(r->flags & SRV_ROUTE_ANONYMOUS))
				continue;
			snprintf(name, sizeof(name), "%s %s", r->method,
				 r->pattern);
			for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
				if (strcmp(want[i], name) == 0)
					break;
			if (i == sizeof(want) / sizeof(want[0]))
				fail_msg("%s is anonymous: add it to want[] "
					 "if anyone may call it",
					 name);
			n++;
		}
	assert_int_equal(n, sizeof(want) / sizeof(want[0]));
}

/* ---- the lookup the early refusal asks -------------------------------- */

static void lookup_gives_declarations(void **state)
{
	const char *params[SRV_ROUTE_PARAMS_MAX];
	const srv_route *r;
	size_t n;

	(void)state;
	assert_int_equal(srv_route_lookup("POST", "/login", &r, params, &n), 0);
	assert_true(r->flags & SRV_ROUTE_ANONYMOUS);
	assert_int_equal(r->body, SRV_BODY_FORMS);

	assert_int_equal(
	    srv_route_lookup("POST", "/workspace/mc/m1/submit", &r, params, &n),
	    0);
	assert_string_equal(r->pattern, "/workspace/mc/:id/:action");
	assert_true(r->flags & SRV_ROUTE_SIGNED_IN);
	assert_true(srv_route_takes(r, "multipart/form-data; boundary=x"));
	assert_false(srv_route_takes(r, "application/json"));

	assert_int_equal(
	    srv_route_lookup("POST", "/credentials/verify", &r, params, &n), 0);
	assert_true(srv_route_takes(r, "text/plain"));
	assert_true(srv_route_takes(r, NULL));

	assert_int_equal(
	    srv_route_lookup("DELETE", "/api/v1/tokens/t1", &r, params, &n), 0);
	assert_int_equal(r->body, SRV_BODY_NONE);
	assert_true(srv_route_takes(r, "text/plain")); /* ignored */

	assert_int_equal(srv_route_lookup("POST", "/healthz", &r, params, &n),
			 MC_EUSAGE);
	assert_null(r);
}

static void body_types(void **state)
{
	char names[200];

	(void)state;
	assert_int_equal(srv_route_body_type("application/json"),
			 SRV_BODY_JSON);
	assert_int_equal(srv_route_body_type("Application/JSON; charset=utf-8"),
			 SRV_BODY_JSON);
	assert_int_equal(srv_route_body_type("application/jsonx"), 0);
	assert_int_equal(srv_route_body_type("application/ld+json"),
			 SRV_BODY_LD_JSON);
	assert_int_equal(srv_route_body_type("application/vc+jwt"),
			 SRV_BODY_JWT);
	assert_int_equal(srv_route_body_type("text/csv;header=present"),
			 SRV_BODY_CSV);
	assert_int_equal(srv_route_body_type("text/plain"), 0);
	assert_int_equal(srv_route_body_type(""), 0);
	assert_int_equal(srv_route_body_type(NULL), 0);

	srv_route_body_names(names, sizeof(names),
			     SRV_BODY_CSV | SRV_BODY_FORMS);
	assert_string_equal(names, "application/x-www-form-urlencoded, "
				   "multipart/form-data, text/csv");
	srv_route_body_names(names, sizeof(names), SRV_BODY_NONE);
	assert_string_equal(names, "none");
	srv_route_body_names(names, sizeof(names),
			     SRV_BODY_ANY | SRV_BODY_JSON);
	assert_string_equal(names, "any");
	srv_route_body_names(names, 12, SRV_BODY_JSON | SRV_BODY_CSV);
	assert_string_equal(names, "application");
}

/* ---- the API's declarations and its description ----------------------- */

/* "/api/v1/users/:id" as openapi.json names it: "/api/v1/users/{id}". */
static void openapi_path(char *out, size_t outlen, const char *pattern)
{
	size_t len = 0;
	const char *p;

	for (p = pattern; *p && len + 2 < outlen; p++) {
		if (*p == ':') {
			size_t n = strcspn(p + 1, "/");

			if (len + n + 3 >= outlen)
				break;
			len += (size_t)snprintf(out + len, outlen - len,
						"{%.*s}", (int)n, p + 1);
			p += n;
		} else {
			out[len++] = *p;
		}
	}
	out[len] = '\0';
}

static void api_agrees_with_openapi(void **state)
{
	const char *src = getenv("MC_SOURCE_DIR");
	json_t *doc, *paths, *op, *content, *security, *v;
	json_error_t jerr;
	const srv_route *r;
	const char *type;
	char file[4096], path[512], method[16];
	size_t i, checked = 0;

	(void)state;
	if (!src)
		skip(); /* ctest sets it; run by hand without, nothing to read
			 */
	snprintf(file, sizeof(file), "%s/web/openapi.json", src);
	doc = json_load_file(file, 0, &jerr);
	if (!doc)
		fail_msg("%s: %s", file, jerr.text);
	paths = json_object_get(doc, "paths");
	for (r = srv_routes; r->method; r++) {
		if (is_read(r))
			continue;
		openapi_path(path, sizeof(path), r->pattern);
		for (i = 0; r->method[i] && i + 1 < sizeof(method); i++)
			method[i] = (char)(r->method[i] - 'A' + 'a');
		method[i] = '\0';
		op = json_object_get(json_object_get(paths, path), method);
		if (!op)
			fail_msg("%s %s: not in openapi.json", r->method, path);
		security = json_object_get(op, "security");
		if (!(r->flags & SRV_ROUTE_SIGNED_IN) !=
		    !(security && json_array_size(security)))
			fail_msg("%s %s: openapi.json %s a token or session, "
				 "the route is declared %s",
				 r->method, path,
				 json_array_size(security) ? "asks for"
							   : "asks for no",
				 r->flags & SRV_ROUTE_SIGNED_IN ? "signed-in"
								: "anonymous");
		content = json_object_get(json_object_get(op, "requestBody"),
					  "content");
		if (!content && r->body != SRV_BODY_NONE)
			fail_msg("%s %s: openapi.json has no request body, "
				 "the route is not SRV_BODY_NONE",
				 r->method, path);
		json_object_foreach(content, type, v)
		{
			if (r->body == SRV_BODY_NONE ||
			    !srv_route_takes(r, type))
				fail_msg("%s %s: openapi.json documents a "
					 "body of %s, the route does not "
					 "take it",
					 r->method, path, type);
		}
		checked++;
	}
	json_decref(doc);
	assert_true(checked >= 30);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(every_write_declares),
	    cmocka_unit_test(anonymous_writes),
	    cmocka_unit_test(lookup_gives_declarations),
	    cmocka_unit_test(body_types),
	    cmocka_unit_test(api_agrees_with_openapi),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
