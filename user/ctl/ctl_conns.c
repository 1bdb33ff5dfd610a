// SPDX-License-Identifier: GPL-2.0-or-later
/* multisactl list-conns: the configured connections and children of the
 * running multisad, and what runs of each (like swanctl --list-conns). */
#include <stdio.h>

#include <jansson.h>

#include "ctl.h"
#include "ctl_ike.h"

static void ts_line(const json_t *a)
{
	size_t i;
	json_t *v;

	json_array_foreach(a, i, v)
		printf("%s%s", i ? " " : "", json_string_value(v) ?: "?");
}

static void conn_text(const json_t *cn)
{
	size_t i;
	json_t *ch;

	printf("%s: %s ... %s, %lld IKE SA(s) established\n",
	       json_string_value(json_object_get(cn, "name")),
	       json_string_value(json_object_get(cn, "local_addrs")),
	       json_string_value(json_object_get(cn, "remote_addrs")),
	       (long long)json_integer_value(json_object_get(cn, "ike_sas")));
	json_array_foreach(json_object_get(cn, "children"), i, ch) {
		printf("  %s: %s, start %s, per-CPU %s, %lld installed\n    ",
		       json_string_value(json_object_get(ch, "name")),
		       json_string_value(json_object_get(ch, "mode")),
		       json_string_value(json_object_get(ch, "start_action")),
		       json_string_value(json_object_get(ch, "per_cpu_sas")),
		       (long long)json_integer_value(json_object_get(ch,
								     "installed")));
		ts_line(json_object_get(ch, "local_ts"));
		printf(" === ");
		ts_line(json_object_get(ch, "remote_ts"));
		putchar('\n');
	}
}

int ctl_list_conns(struct ctl *c, int argc, char **argv)
{
	json_t *rep, *conns, *cn;
	size_t i;

	(void)argv;
	if (argc)
		return ctl_usage_error("list-conns takes no arguments");
	if (ctl_request(c, json_pack("{s:s}", "cmd", "conns"), &rep))
		return 1;
	conns = json_object_get(rep, "conns");
	if (ctl_reply_ok(rep)) {
		json_decref(rep);
		return 1;
	}
	if (c->json) {
		json_t *out = json_pack("{s:O}", "conns", conns);

		json_dumpf(out, stdout, JSON_INDENT(2));
		putchar('\n');
		json_decref(out);
	} else {
		json_array_foreach(conns, i, cn)
			conn_text(cn);
	}
	json_decref(rep);
	return 0;
}
