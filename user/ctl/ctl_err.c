// SPDX-License-Identifier: GPL-2.0-or-later
/* The one usage-error line of every subcommand. */
#include <stdarg.h>
#include <stdio.h>

#include "ctl.h"

int ctl_usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "multisactl: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (see 'multisactl --help')\n");
	return 2;
}
