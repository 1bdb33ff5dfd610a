// SPDX-License-Identifier: GPL-2.0-or-later
/* CPU hotplug events and the online mask (io_cpu.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/netlink.h>

#include "io_cpu.h"
#include "log/log.h"

int io_cpu_open(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_groups = 1 };
	int fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
			NETLINK_KOBJECT_UEVENT);

	int rcvbuf = 1 << 20;

	if (fd < 0)
		return -errno;
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		int rc = -errno;

		close(fd);
		return rc;
	}
	return fd;
}

bool io_cpu_parse_uevent(const char *buf, size_t len, uint32_t *cpu,
			 bool *online)
{
	const char *action = NULL, *path = NULL;
	unsigned int n;
	char tail;

	for (size_t off = 0; off < len; off += strlen(buf + off) + 1) {
		const char *kv = buf + off;

		if (!strncmp(kv, "ACTION=", 7))
			action = kv + 7;
		else if (!strncmp(kv, "DEVPATH=", 8))
			path = kv + 8;
	}
	if (!action || !path ||
	    sscanf(path, "/devices/system/cpu/cpu%u%c", &n, &tail) != 1)
		return false;
	if (strcmp(action, "online") && strcmp(action, "offline"))
		return false;
	*cpu = n;
	*online = !strcmp(action, "online");
	return true;
}

void io_cpu_read(int fd, uint32_t ncpus, io_cpu_cb cb, void *ctx)
{
	char buf[8192];
	ssize_t n;

	for (;;) {
		struct sockaddr_nl from;
		socklen_t flen = sizeof(from);
		uint32_t cpu;
		bool online;

		n = recvfrom(fd, buf, sizeof(buf) - 1, 0,
			     (struct sockaddr *)&from, &flen);
		if (n < 0 && errno == ENOBUFS) {
			/* events were lost: the kernel's mask says it all */
			msa_warn("CPU hotplug events lost: re-reading the "
				 "online CPUs");
			io_cpu_sync(ncpus, cb, ctx);
			continue;
		}
		if (n <= 0)
			return;
		if (from.nl_pid != 0)	/* from the kernel only */
			continue;
		buf[n] = '\0';
		if (io_cpu_parse_uevent(buf, (size_t)n, &cpu, &online))
			cb(ctx, cpu, online);
	}
}

int io_cpu_list(const char *s, uint32_t ncpus, void (*each)(void *ctx,
		uint32_t cpu), void *ctx)
{
	while (*s && *s != '\n') {
		char *end;
		unsigned long lo = strtoul(s, &end, 10), hi = lo;

		if (end == s)
			return -EINVAL;
		if (*end == '-') {
			s = end + 1;
			hi = strtoul(s, &end, 10);
			if (end == s || hi < lo)
				return -EINVAL;
		}
		for (unsigned long c = lo; c <= hi && c < ncpus; c++)
			each(ctx, (uint32_t)c);
		s = *end == ',' ? end + 1 : end;
		if (*end && *end != ',' && *end != '\n')
			return -EINVAL;
	}
	return 0;
}

struct offline_scan {
	uint8_t *online;
	io_cpu_cb cb;
	void *ctx;
};

static void mark_online(void *ctx, uint32_t cpu)
{
	((struct offline_scan *)ctx)->online[cpu] = 1;
}

int io_cpu_sync(uint32_t ncpus, io_cpu_cb cb, void *ctx)
{
	struct offline_scan x = { calloc(ncpus ? ncpus : 1, 1), cb, ctx };
	FILE *f = fopen("/sys/devices/system/cpu/online", "r");
	char line[4096];
	int rc = -EIO;

	if (!x.online || !f || !fgets(line, sizeof(line), f)) {
		rc = f ? -EIO : -errno;
	} else {
		rc = io_cpu_list(line, ncpus, mark_online, &x);
		for (uint32_t cpu = 0; !rc && cpu < ncpus; cpu++)
			cb(ctx, cpu, x.online[cpu]);
	}
	if (f)
		fclose(f);
	free(x.online);
	return rc;
}
