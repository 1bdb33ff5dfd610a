// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Least privilege after start (io_sandbox.h). Kept: CAP_NET_ADMIN, which
 * every XFRM netlink request needs (SAs, policies, SPIs, flush at exit),
 * and on kernels before 5.19 CAP_BPF (see kernel_version()).
 * Not kept: CAP_BPF/CAP_SYS_ADMIN (the map descriptors are open; updates
 * through them need no capability), CAP_NET_BIND_SERVICE (ports bound),
 * CAP_NET_RAW, CAP_DAC_OVERRIDE and every other. The bounding set goes too,
 * and NoNewPrivs, so nothing exec'd could get them back.
 *
 * The seccomp filter allows what the loop does: epoll, UDP and netlink
 * I/O, the control socket, bpf() map access, time, memory, signals, the
 * few files read after start (the online CPU mask, /dev/null for the
 * spare descriptor), unlink of our socket at exit, unix sockets for
 * sd_notify. Anything else fails
 * with EPERM instead of running (and the caller logs the error).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/utsname.h>

#include <cap-ng.h>
#include <seccomp.h>

#include "io_sandbox.h"
#include "log/log.h"

/* Before Linux 5.19, with kernel.unprivileged_bpf_disabled set (Debian's
 * default), every bpf() call needs CAP_BPF (CAP_SYS_ADMIN before 5.8),
 * map updates through open descriptors too. */
static void kernel_version(unsigned int *major, unsigned int *minor)
{
	struct utsname u;

	*major = *minor = 0;
	if (!uname(&u))
		sscanf(u.release, "%u.%u", major, minor);
}

static int keep(unsigned int cap)
{
	return capng_update(CAPNG_ADD, CAPNG_EFFECTIVE | CAPNG_PERMITTED |
			    CAPNG_BOUNDING_SET, cap) ? -EINVAL : 0;
}

static int drop_caps(void)
{
	unsigned int major, minor;
	int rc;

	kernel_version(&major, &minor);
	capng_clear(CAPNG_SELECT_ALL);
	rc = keep(CAP_NET_ADMIN);
	if (!rc && (major < 5 || (major == 5 && minor < 19))) {
		msa_info("sandbox: Linux %u.%u: CAP_BPF kept for map updates",
			 major, minor);
		rc = keep(major == 5 && minor >= 8 ? CAP_BPF : CAP_SYS_ADMIN);
	}
	if (rc)
		return rc;
	if (!capng_apply(CAPNG_SELECT_ALL))
		return 0;
	/* without CAP_SETPCAP (a unit with ambient capabilities only) the
	 * bounding set cannot change: the sets alone */
	msa_info("sandbox: the bounding set stays (no CAP_SETPCAP)");
	return capng_apply(CAPNG_SELECT_BOTH) ? -EPERM : 0;
}

static const int allowed[] = {
	SCMP_SYS(epoll_wait), SCMP_SYS(epoll_pwait), SCMP_SYS(epoll_ctl),
	SCMP_SYS(read), SCMP_SYS(write), SCMP_SYS(writev), SCMP_SYS(readv),
	SCMP_SYS(recvmsg), SCMP_SYS(recvfrom), SCMP_SYS(sendmsg),
	SCMP_SYS(sendto), SCMP_SYS(accept), SCMP_SYS(accept4),
	SCMP_SYS(getsockopt), SCMP_SYS(setsockopt), SCMP_SYS(getsockname),
	SCMP_SYS(shutdown),	/* the metrics endpoint closing a connection */
	SCMP_SYS(close), SCMP_SYS(fcntl), SCMP_SYS(bpf),
	SCMP_SYS(flock),	/* msa_retired writers (user/dp/dp_lock.c) */
	SCMP_SYS(openat), SCMP_SYS(newfstatat), SCMP_SYS(fstat),
	SCMP_SYS(stat), SCMP_SYS(lseek), SCMP_SYS(unlink), SCMP_SYS(unlinkat),
	SCMP_SYS(clock_gettime), SCMP_SYS(gettimeofday), SCMP_SYS(time),
	SCMP_SYS(clock_nanosleep), SCMP_SYS(nanosleep), SCMP_SYS(getrandom),
	SCMP_SYS(brk), SCMP_SYS(mmap), SCMP_SYS(munmap), SCMP_SYS(mremap),
	SCMP_SYS(madvise), SCMP_SYS(mprotect), SCMP_SYS(futex),
	SCMP_SYS(rt_sigprocmask), SCMP_SYS(rt_sigreturn),
	SCMP_SYS(rt_sigaction), SCMP_SYS(getpid), SCMP_SYS(gettid),
	SCMP_SYS(getuid), SCMP_SYS(geteuid), SCMP_SYS(getgid),
	SCMP_SYS(getegid), SCMP_SYS(tgkill), SCMP_SYS(exit),
	SCMP_SYS(exit_group), SCMP_SYS(restart_syscall),
	SCMP_SYS(sched_yield), SCMP_SYS(sched_getaffinity),
	SCMP_SYS(uname), SCMP_SYS(sysinfo), SCMP_SYS(umask),
	/* a reload lists x509ca/ and x509crl/ (config/pubkey.c) */
	SCMP_SYS(getdents64),
	/* what newer C libraries use for the same (statx for stat, ...) */
	SCMP_SYS(statx), SCMP_SYS(epoll_pwait2), SCMP_SYS(poll),
	SCMP_SYS(ppoll), SCMP_SYS(rseq), SCMP_SYS(getcpu),
};

static int seccomp_on(void)
{
	scmp_filter_ctx f = seccomp_init(SCMP_ACT_ERRNO(EPERM));
	int rc = f ? 0 : -ENOMEM;

	for (size_t i = 0; !rc && i < sizeof(allowed) / sizeof(*allowed); i++)
		rc = seccomp_rule_add(f, SCMP_ACT_ALLOW, allowed[i], 0);
	/* sd_notify() opens a unix datagram socket per message */
	if (!rc)
		rc = seccomp_rule_add(f, SCMP_ACT_ALLOW, SCMP_SYS(socket), 1,
				      SCMP_A0(SCMP_CMP_EQ, AF_UNIX));
	if (!rc)
		rc = seccomp_load(f);
	seccomp_release(f);
	return rc;
}

int io_sandbox_enter(void)
{
	int rc = drop_caps();

	if (rc) {
		msa_err("sandbox: cannot drop capabilities: %s", strerror(-rc));
		return rc;
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return -errno;
	rc = seccomp_on();
	if (rc)
		msa_err("sandbox: cannot install the seccomp filter: %s",
			strerror(-rc));
	else
		msa_info("sandbox: CAP_NET_ADMIN only, NoNewPrivs, seccomp "
			 "allow-list");
	return rc;
}
