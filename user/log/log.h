/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Logging for userspace: one line per event, to stderr, with a level and,
 * in the daemon, a subsystem (like charon's: ike, cfg, knl, dp, ctl), each
 * with its own level. A file's subsystem is MSA_LOG_SUB, set per folder
 * by the Makefile (ike by default). A tap (the control socket's `log`
 * clients) may see lines more verbose than stderr does.
 */
#ifndef MSA_LOG_H
#define MSA_LOG_H

#include <stddef.h>

enum msa_log_level { MSA_LOG_ERR, MSA_LOG_WARN, MSA_LOG_INFO, MSA_LOG_DEBUG };

enum msa_log_sub {
	MSA_SUB_IKE,	/* exchanges, SAs, per-CPU logic */
	MSA_SUB_CFG,	/* configuration, reload */
	MSA_SUB_KNL,	/* XFRM netlink, the kernel interface */
	MSA_SUB_DP,	/* the XDP/TC datapath and its maps */
	MSA_SUB_CTL,	/* the control socket */
	MSA_SUB_COUNT,
};

#ifndef MSA_LOG_SUB
#define MSA_LOG_SUB MSA_SUB_IKE
#endif

/* Every subsystem at lvl. */
void msa_log_set_level(enum msa_log_level lvl);
void msa_log_set_sub_level(enum msa_log_sub sub, enum msa_log_level lvl);
enum msa_log_level msa_log_get_level(void);	/* the ike subsystem's */
enum msa_log_level msa_log_get_sub_level(enum msa_log_sub sub);
/* "ike" .. "ctl"; and back: -1 if none. */
const char *msa_log_sub_name(enum msa_log_sub sub);
int msa_log_sub_find(const char *name);
/* "err" .. "debug" (also "error", "warning"); -1 if none. */
int msa_log_level_find(const char *name);
const char *msa_log_level_name(enum msa_log_level lvl);

/* Local time to the millisecond, "2026-11-26T17:45:25.123". */
void msa_log_stamp(char *buf, size_t len);
/* The daemon's format: journal priorities under systemd, else timestamps,
 * and the subsystem of each line. */
void msa_log_daemon(void);

/* A tap sees every line of sub up to its level tap_levels[sub] (-1: none),
 * as "[sub] message" without a newline. It must not log. NULL: none. */
typedef void msa_log_tap_fn(void *ctx, enum msa_log_sub sub,
			    enum msa_log_level lvl, const char *line);
void msa_log_set_tap(msa_log_tap_fn *fn, void *ctx,
		     const int tap_levels[MSA_SUB_COUNT]);

void msa_log_sub(enum msa_log_sub sub, enum msa_log_level lvl,
		 const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#define msa_log(lvl, ...) msa_log_sub(MSA_LOG_SUB, lvl, __VA_ARGS__)
#define msa_err(...)   msa_log(MSA_LOG_ERR, __VA_ARGS__)
#define msa_warn(...)  msa_log(MSA_LOG_WARN, __VA_ARGS__)
#define msa_info(...)  msa_log(MSA_LOG_INFO, __VA_ARGS__)
#define msa_debug(...) msa_log(MSA_LOG_DEBUG, __VA_ARGS__)

#endif
