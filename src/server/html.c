/*
 * HTML builder (see html.h).  Placeholder until the pages land.
 */
#include "html.h"

#include <stdlib.h>

void mc_html_f(mc_html *h, const char *fmt, ...)
{
	(void)h;
	(void)fmt;
}

void mc_html_free(mc_html *h)
{
	free(h->buf);
	h->buf = NULL;
	h->len = h->cap = 0;
}

int mc_resp_html(mc_resp *resp, unsigned status, mc_html *h)
{
	mc_html_free(h);
	return mc_resp_problem(resp, status, "Not Implemented", "no pages yet",
			       NULL);
}

void mc_page_open(mc_html *h, mc_req *req, const char *title)
{
	(void)h;
	(void)req;
	(void)title;
}

void mc_page_close(mc_html *h, mc_req *req)
{
	(void)h;
	(void)req;
}

int mc_page_error(mc_req *req, mc_resp *resp, unsigned status,
		  const char *message)
{
	(void)req;
	return mc_resp_problem(resp, status, "Error", message, NULL);
}
