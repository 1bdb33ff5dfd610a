/* SPDX-License-Identifier: GPL-2.0-or-later */
/* IKE SAs and Child SAs in memory: creation and freeing (lifecycle.c). */
#ifndef IKE_STATE_LIFECYCLE_H
#define IKE_STATE_LIFECYCLE_H

#include "sa.h"

/* A new IKE SA in INIT_I or INIT_R with a fresh local SPI, its timer
 * armed; NULL: no memory. */
struct ikesa *isa_new(struct ike_daemon *d, const struct cfg_conn *conn,
		      bool initiator);
/* Unlinks and frees it and its children's memory, keys wiped. The kernel
 * state of its children is the caller's (core/tick.c: isa_destroy). */
void isa_free(struct ikesa *sa);
void isa_drop_keys(struct ikesa *sa);
/* The per-CPU acquires waiting on sa, dropped. */
void isa_pcpu_waits_free(struct ikesa *sa);
struct child_sa *child_new(struct ikesa *sa, const struct cfg_child *cfg);
/* Unlinks and frees; uninstalling it is the caller's (child_remove()). */
void child_free(struct ikesa *sa, struct child_sa *c);

#endif /* IKE_STATE_LIFECYCLE_H */
