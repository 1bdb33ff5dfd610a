// SPDX-License-Identifier: GPL-2.0-or-later
/* The control socket server (see ctl_server.h for the protocol). */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "ctl_server.h"
#include "log/log.h"

#define CTL_REQ_MAX 4096

static int mkdir_parent(const char *path)
{
	char dir[sizeof(((struct sockaddr_un *)0)->sun_path)];

	snprintf(dir, sizeof(dir), "%s", path);
	if (mkdir(dirname(dir), 0700) && errno != EEXIST)
		return -errno;
	return 0;
}

int ctl_server_open(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd, rc;

	if (strlen(path) >= sizeof(sun.sun_path))
		return -ENAMETOOLONG;
	strcpy(sun.sun_path, path);
	rc = mkdir_parent(path);
	if (rc)
		return rc;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	unlink(path);
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) ||
	    chmod(path, 0600) || listen(fd, 8)) {
		rc = -errno;
		close(fd);
		return rc;
	}
	return fd;
}

void ctl_server_close(int fd, const char *path)
{
	if (fd >= 0) {
		close(fd);
		unlink(path);
	}
}

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
	return json_pack("{s:b, s:s, s:s}", "ok", 0, "error",
			 "unknown command", "cmd", cmd);
}

/* One line (up to CTL_REQ_MAX) from a client, within a second. */
static ssize_t read_line(int fd, char *buf, size_t cap)
{
	struct timeval tv = { 1, 0 };
	size_t len = 0;

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	while (len + 1 < cap) {
		ssize_t n = read(fd, buf + len, cap - 1 - len);

		if (n <= 0)
			break;
		len += (size_t)n;
		if (memchr(buf, '\n', len))
			break;
	}
	buf[len] = '\0';
	return (ssize_t)len;
}

static void write_all(int fd, const char *s, size_t len)
{
	while (len) {
		ssize_t n = write(fd, s, len);

		if (n <= 0)
			return;
		s += n;
		len -= (size_t)n;
	}
}

void ctl_server_serve(int lfd, struct ike_daemon *d)
{
	int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	char buf[CTL_REQ_MAX];
	json_error_t jerr;
	json_t *req, *rep;
	char *out;

	if (fd < 0)
		return;
	read_line(fd, buf, sizeof(buf));
	req = json_loads(buf, JSON_DISABLE_EOF_CHECK, &jerr);
	rep = req ? ctl_handle(d, req) :
		json_pack("{s:b, s:s}", "ok", 0, "error", "bad JSON request");
	out = json_dumps(rep, JSON_COMPACT);
	if (out) {
		write_all(fd, out, strlen(out));
		write_all(fd, "\n", 1);
	}
	free(out);
	json_decref(rep);
	json_decref(req);
	close(fd);
}
