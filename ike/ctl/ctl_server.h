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
#include "log/log.h"

/* The control protocol's version, in every reply ("protocol"): a client
 * refuses a daemon that speaks another (docs/ctl.md). */
#define CTL_PROTOCOL 1
#define CTL_CLIENTS_MAX 16
#define CTL_REQ_MAX 4096
#define CTL_CLIENT_TIMEOUT_MS 5000
#define CTL_LOG_CLIENTS_MAX 4		/* `log` clients among them */
#define CTL_LOG_BUF (256 * 1024)	/* each one's backlog; then dropped */

struct ctl_client {
	int fd;				/* -1: slot free */
	uint64_t deadline_ms;		/* UINT64_MAX: a log client */
	size_t in_len, out_len, out_off;
	char in[CTL_REQ_MAX];
	char *out;			/* the reply, or the log backlog */
	bool log;			/* streams log lines (ctl_log.c) */
	int8_t levels[MSA_SUB_COUNT];	/* log: up to which level, -1 none */
	uint64_t dropped;		/* log: lines lost to a full backlog */
};

struct ctl_server {
	int lfd, ep;
	int spare;			/* a descriptor kept for EMFILE */
	char path[108];
	dev_t dev;			/* the socket file we made: closing */
	ino_t ino;			/* unlinks it only if it is still ours */
	struct ctl_client c[CTL_CLIENTS_MAX];
	struct ike_daemon *d;		/* its counters (the log streams') */
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

/* ctl_client.c: epoll_ctl; a client's slot freed (after a log client,
 * the caller updates the tap: ctl_log_retap). */
int ctl_ep_set(int ep, int op, int fd, uint32_t events);
void ctl_client_close(struct ctl_server *s, struct ctl_client *c);

/* ctl_log.c: {"cmd":"log","level":L,"levels":{SUB:L}} turns c into a log
 * client: {"ok":true} then one JSON line per log line, until it closes. */
void ctl_log_start(struct ctl_server *s, struct ctl_client *c,
		   json_t *req);
/* The tap (user/log/log.h) as the log clients want it. */
void ctl_log_retap(struct ctl_server *s);
/* A log client is writable (EPOLLOUT) or readable (its end closed?). */
void ctl_log_event(struct ctl_server *s, struct ctl_client *c);

json_t *ctl_status_json(struct ike_daemon *d);
/* Traffic selectors as strings ("10.1.0.0/16", ranges as "a-b"). */
json_t *ctl_ts_json(const struct ike_ts_set *set);
/* ctl_conns.c: the configured connections and their children, with what
 * runs of each. */
json_t *ctl_conns_json(struct ike_daemon *d);
/* ctl_metrics.c: the Prometheus text 0.0.4, or OpenMetrics 1.0 text
 * (malloc'd; its length in len), or NULL (no memory). */
char *ctl_metrics_text(struct ike_daemon *d, bool openmetrics, size_t *len);
/* ctl_pcpu.c: the per-CPU set of each per-CPU child of sa. */
json_t *ctl_pcpu_json(struct ike_daemon *d, const struct ikesa *sa);
/* The reply to one request (exposed for tests). */
json_t *ctl_handle(struct ike_daemon *d, const json_t *req);

#endif /* IKE_CTL_SERVER_H */
