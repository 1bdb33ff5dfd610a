/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One multisad per control socket and per pin root (io_lock.c): a lock
 * file beside the control socket ("SOCKET.lock") and one per pin root in
 * /run/multisa, taken before anything touches the kernel, the maps or the
 * socket. A second instance waits a moment (a restart: the old one is
 * still leaving), then refuses, naming the lock and its holder's pid.
 */
#ifndef IKE_IO_LOCK_H
#define IKE_IO_LOCK_H

struct io_locks {
	int fd[2];
};

/* 0, or -EBUSY (another instance), or -errno; said in the log. */
int io_lock_take(struct io_locks *l, const char *ctl_socket,
		 const char *pin_root);
void io_lock_drop(struct io_locks *l);

#endif /* IKE_IO_LOCK_H */
