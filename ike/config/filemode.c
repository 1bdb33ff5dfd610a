// SPDX-License-Identifier: GPL-2.0-or-later
/* Files that hold keys (the secrets file, private keys): ours and closed
 * to others, checked on the open file. */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config_impl.h"

/* Keys others may read or change are no keys: refuse, say how to fix.
 * Checked on the open file, so the file read is the file checked. */
int cfg_file_mode_ok(struct cfg_ctx *x, const config_setting_t *s,
		     const char *path, int fd)
{
	struct stat st;

	if (fstat(fd, &st))
		return cfg_bad(x, s, "names %s: cannot stat: %s", path,
			       strerror(errno));
	if (!S_ISREG(st.st_mode))
		return cfg_bad(x, s, "names %s, which is not a regular file",
			       path);
	if (st.st_mode & 0077)
		return cfg_bad(x, s, "names %s, of mode %04o: readable or "
			       "writable by others (chmod 600 it)", path,
			       (unsigned)(st.st_mode & 07777));
	if (st.st_uid != geteuid())
		return cfg_bad(x, s, "names %s, owned by uid %u, not by us "
			       "(uid %u)", path, (unsigned)st.st_uid,
			       (unsigned)geteuid());
	return 0;
}
