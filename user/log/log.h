/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Logging for userspace: one line per event, to stderr, with a level. */
#ifndef MSA_LOG_H
#define MSA_LOG_H

enum msa_log_level { MSA_LOG_ERR, MSA_LOG_WARN, MSA_LOG_INFO, MSA_LOG_DEBUG };

void msa_log_set_level(enum msa_log_level lvl);
/* The daemon's format: journal priorities under systemd, else timestamps. */
void msa_log_daemon(void);
enum msa_log_level msa_log_get_level(void);
void msa_log(enum msa_log_level lvl, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define msa_err(...)   msa_log(MSA_LOG_ERR, __VA_ARGS__)
#define msa_warn(...)  msa_log(MSA_LOG_WARN, __VA_ARGS__)
#define msa_info(...)  msa_log(MSA_LOG_INFO, __VA_ARGS__)
#define msa_debug(...) msa_log(MSA_LOG_DEBUG, __VA_ARGS__)

#endif
