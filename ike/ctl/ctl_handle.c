// SPDX-License-Identifier: GPL-2.0-or-later
/* The control requests: one JSON object in, one JSON object out. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ctl_server.h"

#ifndef MSA_VERSION
#define MSA_VERSION "unknown"	/* builds without the Makefile's (fuzzers) */
#endif

static json_t *reply_rc(int rc, const char *conn)
{
	const char *why = rc == -ENOENT ? "no such connection" :
			  rc == -EALREADY ? "nothing to do: already so" :
			  strerror(-rc);

	if (!rc)
		return json_pack("{s:b}", "ok", 1);
	return json_pack("{s:b, s:s, s:s}", "ok", 0, "error", why, "conn",
			 conn);
}

/* {"cmd": "rekey"|"delete", "child": ID}: one installed Child SA. */
static json_t *child_cmd(struct ike_daemon *d, const char *cmd,
			 const json_t *req)
{
	const json_t *id = json_object_get(req, "child");
	json_int_t v = json_integer_value(id);
	int rc;

	if (!json_is_integer(id) || v <= 0)
		return json_pack("{s:b, s:s}", "ok", 0, "error",
				 "rekey/delete need \"child\": an id from status");
	rc = !strcmp(cmd, "rekey") ? ike_daemon_child_rekey(d, (uint64_t)v) :
				     ike_daemon_child_delete(d, (uint64_t)v);
	if (!rc)
		return json_pack("{s:b}", "ok", 1);
	return json_pack("{s:b, s:s, s:I}", "ok", 0, "error",
			 rc == -ENOENT ? "no installed child with this id" :
			 rc == -EAGAIN ? "its IKE SA is not established" :
			 strerror(-rc), "child", v);
}

/* {"cmd": "reload"}: the configuration file again (core/reload.c). */
static json_t *reload_cmd(struct ike_daemon *d)
{
	char msg[512] = "";
	int rc;

	if (!d->cfg_path)
		return json_pack("{s:b, s:s}", "ok", 0, "error",
				 "no configuration file to reload");
	rc = ike_daemon_reload_file(d, d->cfg_path, msg, sizeof(msg));
	if (rc)
		return json_pack("{s:b, s:s}", "ok", 0, "error",
				 msg[0] ? msg : strerror(-rc));
	return json_pack("{s:b, s:s}", "ok", 1, "result", msg);
}

/* {"cmd": "metrics"[, "format": "openmetrics"]}: the text the HTTP
 * endpoint serves, Prometheus 0.0.4 by default. */
static json_t *metrics_cmd(struct ike_daemon *d, const json_t *req)
{
	const char *fmt = json_string_value(json_object_get(req, "format"));
	char *text;

	if (fmt && strcmp(fmt, "openmetrics") && strcmp(fmt, "prometheus"))
		return json_pack("{s:b, s:s}", "ok", 0, "error", "format: "
				 "\"prometheus\" or \"openmetrics\"");
	text = ctl_metrics_text(d, fmt && !strcmp(fmt, "openmetrics"), NULL);
	json_t *r = text ? json_pack("{s:b, s:s}", "ok", 1, "text", text) :
		    json_pack("{s:b, s:s}", "ok", 0, "error", "out of memory");

	free(text);
	return r;
}

/* {"cmd":"terminate","ike":ID}: one IKE SA with all its children. */
static json_t *terminate_ike(struct ike_daemon *d, const json_t *req)
{
	json_int_t v = json_integer_value(json_object_get(req, "ike"));
	int rc;

	if (v <= 0)
		return json_pack("{s:b, s:s}", "ok", 0, "error",
				 "terminate needs \"ike\": an id from status");
	rc = ike_daemon_ike_delete(d, (uint64_t)v);
	if (!rc)
		return json_pack("{s:b}", "ok", 1);
	return json_pack("{s:b, s:s, s:I}", "ok", 0, "error",
			 rc == -ENOENT ? "no IKE SA with this id" :
			 "its Delete is already in flight", "ike", v);
}

json_t *ctl_handle(struct ike_daemon *d, const json_t *req)
{
	const char *cmd = json_string_value(json_object_get(req, "cmd"));
	const char *conn = json_string_value(json_object_get(req, "conn"));
	json_t *r;

	if (!cmd)
		return json_pack("{s:b, s:s}", "ok", 0, "error",
				 "request without \"cmd\"");
	if (!strcmp(cmd, "status")) {
		r = ctl_status_json(d);
		json_object_set_new(r, "ok", json_true());
		return r;
	}
	if ((!strcmp(cmd, "up") || !strcmp(cmd, "down")) && !conn)
		return json_pack("{s:b, s:s}", "ok", 0, "error",
				 "up/down need \"conn\"");
	if (!strcmp(cmd, "up"))
		return reply_rc(ike_daemon_up(d, conn), conn);
	if (!strcmp(cmd, "down"))
		return reply_rc(ike_daemon_down(d, conn), conn);
	if (!strcmp(cmd, "rekey") || !strcmp(cmd, "delete"))
		return child_cmd(d, cmd, req);
	if (!strcmp(cmd, "reload"))
		return reload_cmd(d);
	if (!strcmp(cmd, "metrics"))
		return metrics_cmd(d, req);
	if (!strcmp(cmd, "conns"))
		return ctl_conns_json(d);
	if (!strcmp(cmd, "terminate"))
		return terminate_ike(d, req);
	if (!strcmp(cmd, "version"))
		return json_pack("{s:b, s:s}", "ok", 1, "version", MSA_VERSION);
	return json_pack("{s:b, s:s, s:s}", "ok", 0, "error",
			 "unknown command", "cmd", cmd);
}
