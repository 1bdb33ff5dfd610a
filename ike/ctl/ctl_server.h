/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The control socket: a unix stream socket (mode 0600, root only) where
 * multisactl sends one JSON request line and reads one JSON reply line:
 *   {"cmd":"status"}               -> {"ok":true, "ike_sas":[...], ...}
 *   {"cmd":"up","conn":"NAME"}     -> {"ok":true} | {"ok":false,"error":..}
 *   {"cmd":"down","conn":"NAME"}
 *   {"cmd":"rekey"|"delete","child":ID}
 *
 * It never blocks the IKE loop: clients are non-blocking, read and written
 * as epoll says they are ready, at most CTL_CLIENTS_MAX at once, each
 * closed if its request is not complete within CTL_CLIENT_TIMEOUT_MS.
 * Only clients with our own uid (root) are served (SO_PEERCRED).
 */
#ifndef IKE_CTL_SERVER_H
#define IKE_CTL_SERVER_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include <jansson.h>

#include "core/daemon.h"

#define CTL_CLIENTS_MAX 16
#define CTL_REQ_MAX 4096
#define CTL_CLIENT_TIMEOUT_MS 5000

struct ctl_client {
	int fd;				/* -1: slot free */
	uint64_t deadline_ms;
	size_t in_len, out_len, out_off;
	char in[CTL_REQ_MAX];
	char *out;			/* the reply, being written */
};

struct ctl_server {
	int lfd, ep;
	int spare;			/* a descriptor kept for EMFILE */
	char path[108];
	dev_t dev;			/* the socket file we made: closing */
	ino_t ino;			/* unlinks it only if it is still ours */
	struct ctl_client c[CTL_CLIENTS_MAX];
	uint64_t refused;		/* clients over the limit or not root */
};

/* Creates the socket (mode 0600 from the start; its directory 0700 if
 * missing, refused if it is writable by others) and adds it to epoll ep. */
int ctl_server_open(struct ctl_server *s, const char *path, int ep);
void ctl_server_close(struct ctl_server *s);
/* Is fd the listening socket or a client of s? */
bool ctl_server_owns(const struct ctl_server *s, int fd);
/* fd is ready: accept, read, answer or write what can be, never block. */
void ctl_server_event(struct ctl_server *s, int fd, struct ike_daemon *d,
		      uint64_t now_ms);
/* Close clients past their deadline; ms until the next one (or
 * UINT64_MAX). */
uint64_t ctl_server_expire(struct ctl_server *s, uint64_t now_ms);

json_t *ctl_status_json(struct ike_daemon *d);
/* ctl_pcpu.c: the per-CPU set of each per-CPU child of sa. */
json_t *ctl_pcpu_json(struct ike_daemon *d, const struct ikesa *sa);
/* The reply to one request (exposed for tests). */
json_t *ctl_handle(struct ike_daemon *d, const json_t *req);

#endif /* IKE_CTL_SERVER_H */
