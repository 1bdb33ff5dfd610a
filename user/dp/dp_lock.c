// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The writers' lock of msa_retired. multisad (keep_counts) and multisactl
 * (stats reset) both read-modify-write it; one's write between the
 * other's read and write would be lost. flock(2) on the pin root
 * directory: bpffs holds no files of ours to lock but takes a lock on a
 * directory like any file system, the name is the pin root itself (the
 * same for every process that opens these maps, nothing to create), and
 * the kernel drops the lock of a holder that dies. /run/multisa would not
 * do: multisad holds its single-instance lock there for life.
 *
 * flock belongs to the open file description: each msa_dp_open has its
 * own, so a forked child must open the maps again to be excluded.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>
#include "dp.h"
#include "dp_priv.h"
#include "log/log.h"

/* Held for a few map calls (a reset: one walk of the inbound SAs); a
 * holder that long is stuck, and multisad's loop must not wait on it. */
#define LOCK_WAIT_MS 1000

int msa_dp_lock_open(const char *root)
{
	int fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0) {
		msa_err("%s: %s (the lock of msa_retired)", root, strerror(errno));
		return -errno;
	}
	return fd;
}

static void nap_ms(long ms)
{
	struct timespec t = { 0, ms * 1000000L };

	nanosleep(&t, NULL);
}

/* A lock that cannot be taken at all (EPERM from a seccomp filter without
 * flock, ENOLCK) is said once and gone without: writing unserialised
 * risks a lost update when two writers meet, refusing loses every one. */
static int lock_broken(struct msa_dp *dp, int err)
{
	if (!dp->lock_warned)
		msa_warn("msa_retired writers not serialised: flock: %s",
			 strerror(err));
	dp->lock_warned = true;
	return 0;
}

int msa_dp_lock(struct msa_dp *dp)
{
	for (int t = 0; flock(dp->lock_fd, LOCK_EX | LOCK_NB); t++) {
		if (errno == EINTR)
			continue;
		if (errno != EWOULDBLOCK)
			return lock_broken(dp, errno);
		if (t >= LOCK_WAIT_MS) {
			msa_err("msa_retired: another writer holds its lock "
				"(over %d ms)", LOCK_WAIT_MS);
			return -EBUSY;
		}
		nap_ms(1);
	}
	return 0;
}

void msa_dp_unlock(struct msa_dp *dp)
{
	flock(dp->lock_fd, LOCK_UN);
}
