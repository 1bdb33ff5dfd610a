/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CPU hotplug as the kernel tells it: the "online"/"offline" uevents of
 * /devices/system/cpu/cpuN on a NETLINK_KOBJECT_UEVENT socket (no polling),
 * and the online mask at start (/sys/devices/system/cpu/online).
 */
#ifndef IKE_IO_CPU_H
#define IKE_IO_CPU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef void (*io_cpu_cb)(void *ctx, uint32_t cpu, bool online);

/* The uevent socket (non-blocking), or -errno. */
int io_cpu_open(void);
/* Read what is pending; cb for each CPU event (of the kernel's; if some
 * were lost, io_cpu_sync()). */
void io_cpu_read(int fd, uint32_t ncpus, io_cpu_cb cb, void *ctx);
/* cb(cpu, online?) for each of the ncpus possible CPUs, as they are now. */
int io_cpu_sync(uint32_t ncpus, io_cpu_cb cb, void *ctx);
/* A "0-3,8,10-11" CPU list: cb for each CPU in it below ncpus. 0 or
 * -EINVAL (exposed for tests). */
int io_cpu_list(const char *s, uint32_t ncpus, void (*each)(void *ctx,
		uint32_t cpu), void *ctx);

/* One uevent ("ACTION@DEVPATH\0KEY=VALUE\0..."): a cpuN going online or
 * offline? (exposed for tests) */
bool io_cpu_parse_uevent(const char *buf, size_t len, uint32_t *cpu,
			 bool *online);

#endif /* IKE_IO_CPU_H */
