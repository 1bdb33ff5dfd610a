// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * One line per event on stderr. The daemon's lines (msa_log_daemon()):
 * under systemd (stderr is the journal stream named by $JOURNAL_STREAM)
 * each starts with its syslog priority, "<3>" .. "<7>", which journald
 * takes as the priority and strips; elsewhere with a local timestamp to
 * the millisecond, to line it up with a peer's log. The CLI's lines are
 * plain "multisa: error: ...".
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>

#include "log.h"

static enum msa_log_level cur_level = MSA_LOG_INFO;
static bool stamps;

void msa_log_daemon(void)
{
	stamps = true;
}

void msa_log_set_level(enum msa_log_level lvl)
{
	cur_level = lvl;
}

enum msa_log_level msa_log_get_level(void)
{
	return cur_level;
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

static void stamp(void)
{
	struct timeval tv;
	struct tm tm;
	char buf[32];

	gettimeofday(&tv, NULL);
	localtime_r(&tv.tv_sec, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
	fprintf(stderr, "%s.%03ld ", buf, (long)tv.tv_usec / 1000);
}

void msa_log(enum msa_log_level lvl, const char *fmt, ...)
{
	static const char *const tag[] = { "error", "warning", "info", "debug" };
	static const int prio[] = { 3, 4, 6, 7 };
	va_list ap;

	if (lvl > cur_level)
		return;
	if (stamps && to_journal()) {
		fprintf(stderr, "<%d>%s: ", prio[lvl], tag[lvl]);
	} else {
		if (stamps)
			stamp();
		fprintf(stderr, "multisa: %s: ", tag[lvl]);
	}
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
