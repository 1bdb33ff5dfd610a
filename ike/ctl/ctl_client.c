// SPDX-License-Identifier: GPL-2.0-or-later
/* Control clients' slots and epoll registration, for the server and the
 * log stream alike (a log client's closer updates the tap). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "ctl_server.h"

int ctl_ep_set(int ep, int op, int fd, uint32_t events)
{
	struct epoll_event ev = { .events = events, .data.fd = fd };

	return epoll_ctl(ep, op, fd, &ev) ? -errno : 0;
}

void ctl_client_close(struct ctl_server *s, struct ctl_client *c)
{
	(void)s;
	close(c->fd);	/* also leaves the epoll set */
	free(c->out);
	memset(c, 0, sizeof(*c));
	c->fd = -1;
}
