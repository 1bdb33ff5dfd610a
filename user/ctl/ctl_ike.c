// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * multisactl status | up CONN | down CONN: requests to multisad over its
 * control socket (one JSON line each way). status adds, per Child SA, the
 * fast path's steering counters read from the pinned maps when they exist.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <jansson.h>

#include "ctl.h"
#include "ctl_ike.h"
#include "dp/dp.h"

const char *ctl_socket_path(const struct ctl *c)
{
	const char *env = getenv("MULTISA_SOCKET");

	return c->socket ? c->socket : env ? env : CTL_SOCKET_DEFAULT;
}

static int sock_connect(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof(sun.sun_path))
		return -ENAMETOOLONG;
	strcpy(sun.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun))) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

int ctl_send(const struct ctl *c, json_t *req)
{
	const char *path = ctl_socket_path(c);
	char *line = json_dumps(req, JSON_COMPACT);
	int fd;

	json_decref(req);
	fd = sock_connect(path);
	if (fd < 0) {
		fprintf(stderr, "multisactl: cannot reach multisad at %s: %s\n",
			path, strerror(-fd));
		free(line);
		return -1;
	}
	if (!line || write(fd, line, strlen(line)) < 0 || write(fd, "\n", 1) < 0) {
		free(line);
		close(fd);
		return -1;
	}
	free(line);
	return fd;
}

int ctl_request(const struct ctl *c, json_t *req, json_t **rep)
{
	json_error_t jerr;
	int fd = ctl_send(c, req);
	FILE *f;

	if (fd < 0)
		return -1;
	f = fdopen(fd, "r");
	*rep = f ? json_loadf(f, JSON_DISABLE_EOF_CHECK, &jerr) : NULL;
	if (f)
		fclose(f);
	else
		close(fd);
	if (!*rep) {
		fprintf(stderr, "multisactl: bad reply from multisad\n");
		return -1;
	}
	if (ctl_protocol_check(*rep)) {
		json_decref(*rep);
		*rep = NULL;
		return -1;
	}
	return 0;
}

void ctl_print_json(json_t *rep, size_t flags)
{
	json_object_del(rep, "ok");		/* the transport's, not data */
	json_object_del(rep, "protocol");
	json_dumpf(rep, stdout, flags);
	putchar('\n');
}

int ctl_protocol_check(const json_t *rep)
{
	json_int_t v = json_integer_value(json_object_get(rep, "protocol"));

	if (v == CTL_PROTOCOL_CLIENT)
		return 0;
	fprintf(stderr, "multisactl: multisad speaks control protocol %lld, "
		"this multisactl speaks %d: use the multisactl of multisad's "
		"release\n", (long long)v, CTL_PROTOCOL_CLIENT);
	return -1;
}

int ctl_reply_ok(const json_t *rep)
{
	if (json_is_true(json_object_get(rep, "ok")))
		return 0;
	fprintf(stderr, "multisactl: %s\n",
		json_string_value(json_object_get(rep, "error")) ?: "failed");
	return 1;
}

/* Send an action request; print "WHAT: CMD requested" or the JSON reply. */
static int action(struct ctl *c, json_t *req, const char *what,
		  const char *cmd)
{
	json_t *rep;
	int rc;

	if (ctl_request(c, req, &rep))
		return 1;
	rc = ctl_reply_ok(rep);
	if (!rc && !c->json)
		printf("%s: %s requested\n", what, cmd);
	else if (!rc)
		ctl_print_json(rep, JSON_COMPACT);
	json_decref(rep);
	return rc;
}

static int up_down(struct ctl *c, const char *cmd, int argc, char **argv)
{
	if (argc != 1)
		return ctl_usage_error("%s needs one connection name", cmd);
	return action(c, json_pack("{s:s, s:s}", "cmd", cmd, "conn", argv[0]),
		      argv[0], cmd);
}

int ctl_up(struct ctl *c, int argc, char **argv)
{
	return up_down(c, "up", argc, argv);
}

int ctl_down(struct ctl *c, int argc, char **argv)
{
	return up_down(c, "down", argc, argv);
}

/* reload: the daemon re-reads its configuration; prints what changed. */
int ctl_reload(struct ctl *c, int argc, char **argv)
{
	json_t *rep;
	int rc;

	(void)argv;
	if (argc)
		return ctl_usage_error("reload takes no arguments");
	if (ctl_request(c, json_pack("{s:s}", "cmd", "reload"), &rep))
		return 1;
	rc = ctl_reply_ok(rep);
	if (!rc && c->json)
		ctl_print_json(rep, JSON_COMPACT);
	else if (!rc)
		printf("%s\n", json_string_value(json_object_get(rep,
							"result")) ?: "reloaded");
	json_decref(rep);
	return rc;
}

static int child_cmd(struct ctl *c, const char *cmd, int argc, char **argv)
{
	char *end, what[48];
	unsigned long long id;

	if (argc != 1)
		return ctl_usage_error("%s needs one child id (see status)", cmd);
	errno = 0;
	id = strtoull(argv[0], &end, 10);
	if (errno || *end || !id || id > (1ULL << 53))
		return ctl_usage_error("%s: not a child id: '%s'", cmd, argv[0]);
	snprintf(what, sizeof(what), "child %llu", id);
	return action(c, json_pack("{s:s, s:I}", "cmd", cmd, "child",
				   (json_int_t)id), what, cmd);
}

int ctl_rekey(struct ctl *c, int argc, char **argv)
{
	return child_cmd(c, "rekey", argc, argv);
}

int ctl_delete(struct ctl *c, int argc, char **argv)
{
	return child_cmd(c, "delete", argc, argv);
}

/* terminate CONN | --ike ID | --child ID (swanctl --terminate). */
int ctl_terminate(struct ctl *c, int argc, char **argv)
{
	unsigned long long id;
	char *end, what[48];

	if (argc == 1 && argv[0][0] != '-')
		return up_down(c, "down", argc, argv);
	if (argc != 2 || (strcmp(argv[0], "--ike") && strcmp(argv[0], "--child")))
		return ctl_usage_error("terminate takes CONN, --ike ID or --child ID");
	if (!strcmp(argv[0], "--child"))
		return child_cmd(c, "delete", 1, argv + 1);
	errno = 0;
	id = strtoull(argv[1], &end, 10);
	if (errno || *end || !id || id > (1ULL << 53))
		return ctl_usage_error("terminate: not an IKE SA id: '%s'", argv[1]);
	snprintf(what, sizeof(what), "IKE SA %llu", id);
	return action(c, json_pack("{s:s, s:I}", "cmd", "terminate", "ike",
				   (json_int_t)id), what, "terminate");
}

static bool maps_pinned(const struct ctl *c)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/msa_steer",
		 c->pin_root ? c->pin_root : MSA_PIN_ROOT_DEFAULT);
	return access(path, F_OK) == 0;
}

int ctl_status(struct ctl *c, int argc, char **argv)
{
	struct msa_dp *dp = NULL;
	json_t *rep;
	int rc;

	if (argc)
		return ctl_usage_error("status takes no arguments");
	if (ctl_request(c, json_pack("{s:s}", "cmd", "status"), &rep))
		return 1;
	rc = ctl_reply_ok(rep);
	if (!rc) {
		if (maps_pinned(c) && msa_dp_open(c->pin_root, &dp) == 0)
			ctl_status_add_steering(dp, rep);
		if (c->json)
			ctl_print_json(rep, JSON_INDENT(2));
		else
			ctl_status_print(rep, stdout);
		msa_dp_close(dp);
	}
	json_decref(rep);
	return rc;
}
