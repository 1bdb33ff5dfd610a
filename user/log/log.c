// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * One line per event on stderr. The daemon's lines (msa_log_daemon()):
 * under systemd (stderr is the journal stream named by $JOURNAL_STREAM)
 * each starts with its syslog priority, "<3>" .. "<7>", which journald
 * takes as the priority and strips; elsewhere with a local timestamp to
 * the millisecond, to line it up with a peer's log; then the level and
 * the subsystem: "multisa: info: [cfg] reloaded: ...". The CLI's lines
 * are plain "multisa: error: ...".
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>

#include "log.h"

static const char *const sub_names[MSA_SUB_COUNT] = {
	"ike", "cfg", "knl", "dp", "ctl",
};
static const char *const level_names[] = { "err", "warn", "info", "debug" };

static enum msa_log_level levels[MSA_SUB_COUNT] = {
	MSA_LOG_INFO, MSA_LOG_INFO, MSA_LOG_INFO, MSA_LOG_INFO, MSA_LOG_INFO,
};
static bool daemon_fmt;
static msa_log_tap_fn *tap;
static void *tap_ctx;
static int tap_levels[MSA_SUB_COUNT];
static bool in_tap;

void msa_log_daemon(void)
{
	daemon_fmt = true;
}

void msa_log_set_level(enum msa_log_level lvl)
{
	for (int s = 0; s < MSA_SUB_COUNT; s++)
		levels[s] = lvl;
}

void msa_log_set_sub_level(enum msa_log_sub sub, enum msa_log_level lvl)
{
	if (sub < MSA_SUB_COUNT)
		levels[sub] = lvl;
}

enum msa_log_level msa_log_get_level(void)
{
	return levels[MSA_SUB_IKE];
}

enum msa_log_level msa_log_get_sub_level(enum msa_log_sub sub)
{
	return sub < MSA_SUB_COUNT ? levels[sub] : MSA_LOG_INFO;
}

const char *msa_log_sub_name(enum msa_log_sub sub)
{
	return sub < MSA_SUB_COUNT ? sub_names[sub] : "?";
}

int msa_log_sub_find(const char *name)
{
	for (int s = 0; s < MSA_SUB_COUNT; s++)
		if (!strcmp(name, sub_names[s]))
			return s;
	return -1;
}

int msa_log_level_find(const char *name)
{
	if (!strcmp(name, "error"))
		return MSA_LOG_ERR;
	if (!strcmp(name, "warning"))
		return MSA_LOG_WARN;
	for (int l = 0; l <= MSA_LOG_DEBUG; l++)
		if (!strcmp(name, level_names[l]))
			return l;
	return -1;
}

const char *msa_log_level_name(enum msa_log_level lvl)
{
	return lvl <= MSA_LOG_DEBUG ? level_names[lvl] : "?";
}

void msa_log_set_tap(msa_log_tap_fn *fn, void *ctx,
		     const int levels_in[MSA_SUB_COUNT])
{
	tap = fn;
	tap_ctx = ctx;
	for (int s = 0; s < MSA_SUB_COUNT; s++)
		tap_levels[s] = fn && levels_in ? levels_in[s] : -1;
}

/* Is stderr the journal's stream ("DEV:INODE" in $JOURNAL_STREAM)? */
static bool to_journal(void)
{
	static int known = -1;
	const char *js;
	unsigned long dev, ino;
	struct stat st;

	if (known >= 0)
		return known;
	js = getenv("JOURNAL_STREAM");
	known = js && sscanf(js, "%lu:%lu", &dev, &ino) == 2 &&
		!fstat(2, &st) && st.st_dev == dev && st.st_ino == ino;
	return known;
}

void msa_log_stamp(char *buf, size_t len)
{
	struct timeval tv;
	struct tm tm;
	char t[32];

	gettimeofday(&tv, NULL);
	localtime_r(&tv.tv_sec, &tm);
	strftime(t, sizeof(t), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, len, "%s.%03ld", t, (long)tv.tv_usec / 1000);
}

static void stamp(void)
{
	char buf[64];

	msa_log_stamp(buf, sizeof(buf));
	fprintf(stderr, "%s ", buf);
}

static void to_stderr(enum msa_log_sub sub, enum msa_log_level lvl,
		      const char *msg)
{
	static const char *const tag[] = { "error", "warning", "info", "debug" };
	static const int prio[] = { 3, 4, 6, 7 };

	if (!daemon_fmt) {
		fprintf(stderr, "multisa: %s: %s\n", tag[lvl], msg);
		return;
	}
	if (to_journal()) {
		fprintf(stderr, "<%d>%s: [%s] %s\n", prio[lvl], tag[lvl],
			sub_names[sub], msg);
		return;
	}
	stamp();
	fprintf(stderr, "multisa: %s: [%s] %s\n", tag[lvl], sub_names[sub],
		msg);
}

void msa_log_sub(enum msa_log_sub sub, enum msa_log_level lvl,
		 const char *fmt, ...)
{
	bool out, tapped;
	char msg[1024];
	va_list ap;

	if (sub >= MSA_SUB_COUNT || lvl > MSA_LOG_DEBUG)
		return;
	out = lvl <= levels[sub];
	tapped = tap && !in_tap && (int)lvl <= tap_levels[sub];
	if (!out && !tapped)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (out)
		to_stderr(sub, lvl, msg);
	if (tapped) {
		char line[1040];

		snprintf(line, sizeof(line), "[%s] %s", sub_names[sub], msg);
		in_tap = true;
		tap(tap_ctx, sub, lvl, line);
		in_tap = false;
	}
}
