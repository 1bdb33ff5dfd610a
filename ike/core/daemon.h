/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The IKE daemon core, without sockets or a main loop: messages come in
 * through ike_daemon_recv(), go out through the io callback, time is what
 * the caller says it is (ike_daemon_set_time), kernel changes go through
 * struct msa_kernel. multisad.c wires it to UDP, epoll and netlink; the
 * unit tests wire two daemons to each other in one process.
 *
 * The API of the whole core folder: daemon.c (life, clock, Child SA
 * actions), ops.c (up, down, start; conn.c does the work), reload.c
 * (reload_settle.c finishes), recv.c, kevent.c, cpu.c, tick.c.
 */
#ifndef IKE_DAEMON_H
#define IKE_DAEMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config/config.h"
#include "state/ike.h"

int ike_daemon_new(struct ike_daemon **out, const struct cfg *cfg,
		   struct msa_kernel *k, const struct ike_io *io);
/* Deletes nothing on the wire: uninstalls every child and frees. */
void ike_daemon_free(struct ike_daemon *d);
void ike_daemon_set_time(struct ike_daemon *d, uint64_t now_ms);

/* One received datagram (non-ESP marker removed), to local from remote.
 * buf is modified (decrypted in place). */
void ike_daemon_recv(struct ike_daemon *d, uint8_t *buf, size_t len,
		     const struct ike_addr *local,
		     const struct ike_addr *remote);
/* Run what is due (timers, queued work, SAs to free); returns ms until
 * the next deadline (or UINT64_MAX). Every entry point here ends with it. */
uint64_t ike_daemon_tick(struct ike_daemon *d);
void ike_daemon_kevent(struct ike_daemon *d, const struct msa_kevent *ev);
/* Says which per_cpu_cpus lists of c name CPUs this machine lacks; the
 * number of children left with none (cpu_cfg.c). */
int ike_daemon_cpus_check(const struct ike_daemon *d, const struct cfg *c);
/* A CPU of ours went offline or came back (cpu.c). */
void ike_daemon_cpu(struct ike_daemon *d, uint32_t cpu, bool online);

/* Operator actions: 0, -ENOENT (no such connection), -EALREADY. */
int ike_daemon_up(struct ike_daemon *d, const char *conn);
int ike_daemon_down(struct ike_daemon *d, const char *conn);
/* One IKE SA (its id in status) deleted with the peer: 0, -ENOENT,
 * -EALREADY (its Delete is in flight). */
int ike_daemon_ike_delete(struct ike_daemon *d, uint64_t id);
/* One installed Child SA (its id in status): rekey it, or delete it with
 * the peer. 0, -ENOENT (no such installed child), -EAGAIN (its IKE SA is
 * not established). */
int ike_daemon_child_rekey(struct ike_daemon *d, uint64_t child_id);
int ike_daemon_child_delete(struct ike_daemon *d, uint64_t child_id);
/* start_action = start: initiate; trap: install trap policies. */
void ike_daemon_start(struct ike_daemon *d);

/*
 * Reload (reload.c): newc (from cfg_load) replaces the running
 * configuration; unchanged connections and their SAs are untouched,
 * removed ones deleted, changed ones re-established, added ones started.
 * 0: newc is the daemon's now; else (-EINVAL: a setting that needs a
 * restart changed) nothing changed and newc is still the caller's. msg
 * says what happened, or why not.
 */
int ike_daemon_reload(struct ike_daemon *d, struct cfg *newc, char *msg,
		      size_t len);
/* The same from a file: a file with an error changes nothing. */
int ike_daemon_reload_file(struct ike_daemon *d, const char *path, char *msg,
			   size_t len);

#endif /* IKE_DAEMON_H */
