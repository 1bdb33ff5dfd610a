// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The control socket server (see ctl_server.h): accept, read a request
 * line, answer, write, close; each step as far as the socket allows now,
 * the rest when epoll says so.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "ctl_server.h"
#include "log/log.h"

/* The socket's directory: made 0700 if missing; an existing one must be a
 * directory of ours that nobody else may write to. */
static int check_parent(const char *path)
{
	char buf[sizeof(((struct sockaddr_un *)0)->sun_path)];
	const char *dir;
	struct stat st;

	snprintf(buf, sizeof(buf), "%s", path);
	dir = dirname(buf);	/* may be a static "." */
	if (!mkdir(dir, 0700))
		return 0;
	if (errno != EEXIST)
		return -errno;
	if (lstat(dir, &st))
		return -errno;
	if (!S_ISDIR(st.st_mode) || st.st_uid != geteuid() ||
	    ((st.st_mode & (S_IWGRP | S_IWOTH)) && !(st.st_mode & S_ISVTX))) {
		msa_err("control socket directory %s: not a directory of uid "
			"%u closed to others", dir, (unsigned)geteuid());
		return -EPERM;
	}
	return 0;
}

static int listen_on(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	mode_t old;
	int fd, rc;

	strcpy(sun.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	unlink(path);
	old = umask(0177);	/* 0600 from bind on: no window at another mode */
	rc = bind(fd, (struct sockaddr *)&sun, sizeof(sun));
	umask(old);
	if (rc || listen(fd, 8)) {
		rc = -errno;
		close(fd);
		return rc;
	}
	return fd;
}

int ctl_server_open(struct ctl_server *s, const char *path, int ep)
{
	struct stat st;
	int rc;

	memset(s, 0, sizeof(*s));
	s->lfd = -1;
	s->ep = ep;
	s->spare = open("/dev/null", O_RDONLY | O_CLOEXEC);
	for (int i = 0; i < CTL_CLIENTS_MAX; i++)
		s->c[i].fd = -1;
	if (strlen(path) >= sizeof(s->path))
		return -ENAMETOOLONG;
	strcpy(s->path, path);
	rc = check_parent(path);
	if (rc)
		return rc;
	s->lfd = listen_on(path);
	if (s->lfd < 0)
		return s->lfd;
	if (!stat(path, &st)) {
		s->dev = st.st_dev;
		s->ino = st.st_ino;
	}
	rc = ctl_ep_set(ep, EPOLL_CTL_ADD, s->lfd, EPOLLIN);
	if (rc) {
		close(s->lfd);
		s->lfd = -1;
	}
	return rc;
}

void ctl_server_close(struct ctl_server *s)
{
	for (int i = 0; i < CTL_CLIENTS_MAX; i++)
		if (s->c[i].fd >= 0)
			ctl_client_close(s, &s->c[i]);
	ctl_log_retap(s);		/* no log client left: no tap */
	if (s->spare >= 0)
		close(s->spare);
	s->spare = -1;
	if (s->lfd >= 0) {
		struct stat st;

		close(s->lfd);
		/* not a socket a newer daemon made meanwhile at the same path */
		if (!stat(s->path, &st) && st.st_dev == s->dev &&
		    st.st_ino == s->ino)
			unlink(s->path);
	}
	s->lfd = -1;
}

bool ctl_server_owns(const struct ctl_server *s, int fd)
{
	if (fd < 0)
		return false;
	if (fd == s->lfd)
		return true;
	for (int i = 0; i < CTL_CLIENTS_MAX; i++)
		if (s->c[i].fd == fd)
			return true;
	return false;
}

static bool peer_allowed(int fd)
{
	struct ucred cr;
	socklen_t len = sizeof(cr);

	return !getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &len) &&
	       cr.uid == geteuid();
}

/* Out of file descriptors: the pending client is taken with the spare one
 * and closed, so the listening socket does not stay readable (a busy
 * loop) while we cannot serve. */
static void shed(struct ctl_server *s)
{
	int fd;

	if (s->spare < 0)
		return;
	close(s->spare);
	fd = accept(s->lfd, NULL, NULL);
	if (fd >= 0)
		close(fd);
	s->spare = open("/dev/null", O_RDONLY | O_CLOEXEC);
	s->refused++;
}

static void accept_one(struct ctl_server *s, uint64_t now_ms)
{
	int fd = accept4(s->lfd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
	struct ctl_client *c = NULL;

	if (fd < 0) {
		if (errno == EMFILE || errno == ENFILE)
			shed(s);
		return;
	}
	for (int i = 0; i < CTL_CLIENTS_MAX && !c; i++)
		if (s->c[i].fd < 0)
			c = &s->c[i];
	if (!c || !peer_allowed(fd) || ctl_ep_set(s->ep, EPOLL_CTL_ADD, fd,
					      EPOLLIN)) {
		if (s->refused++ % 100 == 0)
			msa_warn("control: client refused (%s; %llu so far)",
				 !c ? "too many clients" : "not our uid",
				 (unsigned long long)s->refused);
		close(fd);
		return;
	}
	c->fd = fd;
	c->deadline_ms = now_ms + CTL_CLIENT_TIMEOUT_MS;
}

/* The request is in: the reply, to be written. */
static void answer(struct ctl_server *s, struct ctl_client *c,
		   struct ike_daemon *d)
{
	json_error_t jerr;
	json_t *req, *rep;

	c->in[c->in_len] = '\0';
	req = json_loads(c->in, JSON_DISABLE_EOF_CHECK, &jerr);
	if (req && !strcmp(json_string_value(json_object_get(req, "cmd")) ?: "",
			   "log")) {
		ctl_log_start(s, c, req);
		json_decref(req);
		return;
	}
	rep = req ? ctl_handle(d, req) :
		json_pack("{s:b, s:s}", "ok", 0, "error", "bad JSON request");
	json_object_set_new(rep, "protocol", json_integer(CTL_PROTOCOL));
	c->out = json_dumps(rep, JSON_COMPACT);
	json_decref(rep);
	json_decref(req);
	if (c->out) {
		c->out_len = strlen(c->out);
		c->out[c->out_len++] = '\n';	/* over json_dumps' NUL */
	}
	if (!c->out || ctl_ep_set(s->ep, EPOLL_CTL_MOD, c->fd, EPOLLOUT))
		ctl_client_close(s, c);
}

static void client_read(struct ctl_server *s, struct ctl_client *c,
			struct ike_daemon *d)
{
	ssize_t n = read(c->fd, c->in + c->in_len,
			 sizeof(c->in) - 1 - c->in_len);

	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n > 0)
		c->in_len += (size_t)n;
	if (n > 0 && !memchr(c->in, '\n', c->in_len) &&
	    c->in_len + 1 < sizeof(c->in))
		return;		/* more to come */
	if (!c->in_len) {
		ctl_client_close(s, c);	/* closed (or failed) before a request */
		return;
	}
	answer(s, c, d);	/* a line, the end of input, or the size cap */
}

static void client_write(struct ctl_server *s, struct ctl_client *c)
{
	ssize_t n = write(c->fd, c->out + c->out_off, c->out_len - c->out_off);

	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n > 0)
		c->out_off += (size_t)n;
	if (n <= 0 || c->out_off == c->out_len)
		ctl_client_close(s, c);
}

void ctl_server_event(struct ctl_server *s, int fd, struct ike_daemon *d,
		      uint64_t now_ms)
{
	s->d = d;
	if (fd == s->lfd) {
		accept_one(s, now_ms);
		return;
	}
	for (int i = 0; i < CTL_CLIENTS_MAX; i++) {
		struct ctl_client *c = &s->c[i];

		if (c->fd != fd)
			continue;
		if (c->log)
			ctl_log_event(s, c);
		else if (c->out)
			client_write(s, c);
		else
			client_read(s, c, d);
		return;
	}
}

uint64_t ctl_server_expire(struct ctl_server *s, uint64_t now_ms)
{
	uint64_t next = UINT64_MAX;

	for (int i = 0; i < CTL_CLIENTS_MAX; i++) {
		struct ctl_client *c = &s->c[i];

		if (c->fd < 0 || c->log)
			continue;
		if (now_ms >= c->deadline_ms) {
			msa_info("control: client closed after %u ms without "
				 "a whole request or reading its reply",
				 CTL_CLIENT_TIMEOUT_MS);
			ctl_client_close(s, c);
			continue;
		}
		if (c->deadline_ms - now_ms < next)
			next = c->deadline_ms - now_ms;
	}
	return next;
}
