// SPDX-License-Identifier: GPL-2.0-or-later
/* multisactl metrics [--openmetrics]: multisad's metrics in the Prometheus
 * text format 0.0.4 or OpenMetrics 1.0, as its HTTP endpoint
 * (global.metrics_listen) serves them. */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "ctl.h"
#include "ctl_ike.h"

int ctl_metrics(struct ctl *c, int argc, char **argv)
{
	json_t *rep;
	const char *text;
	int rc;

	bool om = argc == 1 && !strcmp(argv[0], "--openmetrics");

	if (argc && !om)
		return ctl_usage_error("metrics takes only --openmetrics");
	if (ctl_request(c, json_pack("{s:s, s:s}", "cmd", "metrics", "format",
				     om ? "openmetrics" : "prometheus"), &rep))
		return 1;
	text = json_string_value(json_object_get(rep, "text"));
	rc = ctl_reply_ok(rep);
	if (!rc && text)
		fputs(text, stdout);
	json_decref(rep);
	return rc;
}
