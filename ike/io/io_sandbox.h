/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The steady state's rights (io_sandbox.c): once every socket, the
 * kernel-side interface and the maps are open, multisad keeps only
 * CAP_NET_ADMIN (XFRM netlink requests), sets NoNewPrivs, and installs a
 * seccomp allow-list of the system calls its event loop makes. See
 * docs/security.md.
 */
#ifndef IKE_IO_SANDBOX_H
#define IKE_IO_SANDBOX_H

/* 0, or -errno (and the process is unchanged as far as it got). */
int io_sandbox_enter(void);

#endif /* IKE_IO_SANDBOX_H */
