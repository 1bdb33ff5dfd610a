/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Child SAs into and out of the kernel, through struct msa_kernel only
 * (child_kernel.c): SPIs, the SAs of a pair, the policies of a configured
 * child, trap policies.
 */
#ifndef IKE_CHILD_KERNEL_H
#define IKE_CHILD_KERNEL_H

#include "state/sa.h"

int child_alloc_spi(struct ikesa *sa, struct child_sa *c);
/* Derive c's keys, install its SAs (and the policies if it is the first
 * of its configuration): INSTALLED, its timers set. */
int child_install(struct ikesa *sa, struct child_sa *c,
		  const struct ike_secret *gir, const struct ike_span *ni,
		  const struct ike_span *nr);
/* Its SAs (or the larval SA of its SPI) out of the kernel; the policies
 * too when it was the last of its configuration. */
void child_uninstall(struct ikesa *sa, struct child_sa *c);
/* child_uninstall(), then child_free(). */
void child_remove(struct ikesa *sa, struct child_sa *c);
/* c's inbound ESP to any CPU (RSS decides), off its own (going offline). */
void child_steer_any(struct ikesa *sa, struct child_sa *c);
/* Every child of sa out of the kernel (sa is going). */
void child_uninstall_all(struct ikesa *sa);
/* start_action = trap: the policies alone; traffic makes an ACQUIRE. */
int trap_install(struct ike_daemon *d, const struct cfg_conn *conn,
		 const struct cfg_child *cfg);
/* Its policies out of the kernel (a connection removed by a reload). */
void trap_uninstall(struct ike_daemon *d, const struct cfg_conn *conn,
		    const struct cfg_child *cfg);
/* Re-add cfg's policies, with CPU_ACQUIRE as pcpu_want_acquires() says. */
void child_policies_update(struct ikesa *sa, const struct cfg_child *cfg);

#endif /* IKE_CHILD_KERNEL_H */
