// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * multisactl log [LEVEL] [SUB=LEVEL ...]: stream multisad's log lines
 * (like `swanctl --log`), at LEVEL (default info) for every subsystem and
 * SUB=LEVEL for one (ike, cfg, knl, dp, ctl), whatever the daemon's own
 * levels are. Until interrupted or the daemon goes; --json prints each
 * line as the daemon sends it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "ctl.h"
#include "ctl_ike.h"
#include "log/log.h"

static int parse(int argc, char **argv, json_t *req)
{
	json_t *per = json_object();

	json_object_set_new(req, "levels", per);
	for (int i = 0; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		const char *lvl = eq ? eq + 1 : argv[i];

		if (msa_log_level_find(lvl) < 0)
			return ctl_usage_error("%s: not a level (err, warn, "
					       "info, debug)", lvl);
		if (!eq) {
			json_object_set_new(req, "level", json_string(lvl));
			continue;
		}
		*eq = '\0';
		if (msa_log_sub_find(argv[i]) < 0)
			return ctl_usage_error("%s: not a subsystem (ike, cfg, "
					       "knl, dp, ctl)", argv[i]);
		json_object_set_new(per, argv[i], json_string(lvl));
	}
	return 0;
}

static void show(const struct ctl *c, const char *line)
{
	json_t *o = json_loads(line, 0, NULL);
	json_int_t dropped;

	if (c->json || !o) {
		fputs(line, stdout);
	} else if ((dropped = json_integer_value(json_object_get(o,
							"dropped")))) {
		fprintf(stderr, "multisactl: %lld log lines dropped (this "
			"reader was too slow)\n", (long long)dropped);
	} else {
		printf("%s %s: %s\n",
		       json_string_value(json_object_get(o, "time")) ?: "",
		       json_string_value(json_object_get(o, "level")) ?: "",
		       json_string_value(json_object_get(o, "msg")) ?: "");
	}
	json_decref(o);
}

int ctl_log(struct ctl *c, int argc, char **argv)
{
	json_t *req = json_pack("{s:s}", "cmd", "log"), *first;
	char *line = NULL;
	size_t cap = 0;
	FILE *f;
	int fd, rc;

	if ((rc = parse(argc, argv, req))) {
		json_decref(req);
		return rc;
	}
	fd = ctl_send(c, req);
	if (fd < 0 || !(f = fdopen(fd, "r")))
		return 1;
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (getline(&line, &cap, f) <= 0 ||
	    !(first = json_loads(line, 0, NULL))) {
		fprintf(stderr, "multisactl: bad reply from multisad\n");
		fclose(f);
		free(line);
		return 1;
	}
	rc = ctl_protocol_check(first) ? 1 : ctl_reply_ok(first);
	json_decref(first);
	while (!rc && getline(&line, &cap, f) > 0)
		show(c, line);
	fclose(f);
	free(line);
	return rc;
}
