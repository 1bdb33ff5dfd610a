// SPDX-License-Identifier: GPL-2.0-or-later
/* multisactl metrics: multisad's metrics in the Prometheus text format,
 * as its HTTP endpoint (global.metrics_listen) serves them. */
#include <stdio.h>

#include <jansson.h>

#include "ctl.h"
#include "ctl_ike.h"

int ctl_metrics(struct ctl *c, int argc, char **argv)
{
	json_t *rep;
	const char *text;
	int rc;

	(void)argv;
	if (argc)
		return ctl_usage_error("metrics takes no arguments");
	if (ctl_request(c, json_pack("{s:s}", "cmd", "metrics"), &rep))
		return 1;
	text = json_string_value(json_object_get(rep, "text"));
	rc = ctl_reply_ok(rep);
	if (!rc && text)
		fputs(text, stdout);
	json_decref(rep);
	return rc;
}
