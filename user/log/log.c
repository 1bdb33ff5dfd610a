// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdarg.h>
#include <stdio.h>
#include "log.h"

static enum msa_log_level cur_level = MSA_LOG_INFO;

void msa_log_set_level(enum msa_log_level lvl)
{
	cur_level = lvl;
}

enum msa_log_level msa_log_get_level(void)
{
	return cur_level;
}

void msa_log(enum msa_log_level lvl, const char *fmt, ...)
{
	static const char *const tag[] = { "error", "warning", "info", "debug" };
	va_list ap;

	if (lvl > cur_level)
		return;
	fprintf(stderr, "multisa: %s: ", tag[lvl]);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
