/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * XFRM uapi constants newer than the <linux/xfrm.h> we build against
 * (bookworm's linux-libc-dev 6.1), in one place. Values from upstream
 * include/uapi/linux/xfrm.h; each is defined only if the system header does
 * not have it as a macro.
 *
 * Always include this file instead of <linux/xfrm.h>: the XFRMA_* names are
 * enum members upstream, so the system header must come first (it does,
 * below) or a newer one would see "33" where it declares XFRMA_SA_DIR.
 */
#ifndef MSA_XFRM_COMPAT_H
#define MSA_XFRM_COMPAT_H

#include <linux/xfrm.h>

/* enum xfrm_attr_type_t */
#ifndef XFRMA_MTIMER_THRESH
#define XFRMA_MTIMER_THRESH 32		/* __u32, seconds (Linux 5.18) */
#endif
#ifndef XFRMA_SA_DIR
#define XFRMA_SA_DIR 33			/* __u8, XFRM_SA_DIR_* (Linux 6.10) */
#endif
#ifndef XFRMA_NAT_KEEPALIVE_INTERVAL
#define XFRMA_NAT_KEEPALIVE_INTERVAL 34	/* __u32, seconds (Linux 6.10) */
#endif
#ifndef XFRMA_SA_PCPU
#define XFRMA_SA_PCPU 35		/* __u32, a possible CPU (Linux 6.13) */
#endif
/* The highest attribute we parse; tables are sized MSA_XFRMA_MAX + 1. */
#define MSA_XFRMA_MAX XFRMA_SA_PCPU

/* Values of XFRMA_SA_DIR */
#ifndef XFRM_SA_DIR_IN
#define XFRM_SA_DIR_IN 1
#endif
#ifndef XFRM_SA_DIR_OUT
#define XFRM_SA_DIR_OUT 2
#endif

/* xfrm_userpolicy_info.flags: per-CPU acquires on this (out) policy */
#ifndef XFRM_POLICY_CPU_ACQUIRE
#define XFRM_POLICY_CPU_ACQUIRE 4	/* Linux 6.13 */
#endif

#endif /* MSA_XFRM_COMPAT_H */
