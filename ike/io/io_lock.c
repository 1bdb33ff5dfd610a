// SPDX-License-Identifier: GPL-2.0-or-later
/* The single-instance locks (io_lock.h): flock(2) on files of ours. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io_lock.h"
#include "log/log.h"

#define LOCK_WAIT_MS 3000
#define PIN_LOCK_DIR "/run/multisa"

/* The directory of path, made 0700 if missing. */
static void make_dir_of(const char *path)
{
	char buf[4096];

	snprintf(buf, sizeof(buf), "%s", path);
	mkdir(dirname(buf), 0700);
}

static void holder(int fd, char *pid, size_t len)
{
	ssize_t n = pread(fd, pid, len - 1, 0);

	pid[n > 0 ? n : 0] = '\0';
	pid[strcspn(pid, "\n")] = '\0';
}

/* Lock path (waiting up to LOCK_WAIT_MS), write our pid: the fd or -errno. */
static int lock_one(const char *path)
{
	char pid[32];
	int fd, n;

	make_dir_of(path);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		msa_err("lock %s: %s", path, strerror(errno));
		return -errno;
	}
	for (int t = 0; flock(fd, LOCK_EX | LOCK_NB); t += 100) {
		if (errno != EWOULDBLOCK || t >= LOCK_WAIT_MS) {
			holder(fd, pid, sizeof(pid));
			msa_err("another multisad runs: %s is held (pid %s); "
				"nothing touched", path, pid[0] ? pid : "?");
			close(fd);
			return -EBUSY;
		}
		usleep(100 * 1000);
	}
	n = snprintf(pid, sizeof(pid), "%d\n", (int)getpid());
	if (ftruncate(fd, 0) || pwrite(fd, pid, (size_t)n, 0) != n)
		msa_warn("lock %s: cannot write our pid", path);
	return fd;
}

int io_lock_take(struct io_locks *l, const char *ctl_socket,
		 const char *pin_root)
{
	char path[4096];

	l->fd[0] = l->fd[1] = -1;
	snprintf(path, sizeof(path), "%s.lock", ctl_socket);
	l->fd[0] = lock_one(path);
	if (l->fd[0] < 0)
		return l->fd[0];
	/* the pin root's name, '/' -> '_', in one place for every instance */
	snprintf(path, sizeof(path), "%s/pin%s.lock", PIN_LOCK_DIR, pin_root);
	for (char *p = path + strlen(PIN_LOCK_DIR) + 1; *p; p++)
		if (*p == '/')
			*p = '_';
	l->fd[1] = lock_one(path);
	if (l->fd[1] < 0) {
		io_lock_drop(l);
		return -EBUSY;
	}
	return 0;
}

void io_lock_drop(struct io_locks *l)
{
	for (int i = 0; i < 2; i++) {
		if (l->fd[i] >= 0)
			close(l->fd[i]);
		l->fd[i] = -1;
	}
}
