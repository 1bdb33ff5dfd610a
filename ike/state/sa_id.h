/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Datapath SA ids (the slots of the per-SA counters and the steering
 * entries' sa_id): 1 .. caps.sa_ids-1 (the size of the pinned maps),
 * never one in use (sa_id.c).
 */
#ifndef IKE_STATE_SA_ID_H
#define IKE_STATE_SA_ID_H

#include <stdint.h>

struct ike_daemon;

/* The bitmap for caps.sa_ids ids: 0 or -ENOMEM. */
int sa_ids_init(struct ike_daemon *d);
/* A free id, marked used; 0 if every one is in use. */
uint32_t sa_id_take(struct ike_daemon *d);
void sa_id_put(struct ike_daemon *d, uint32_t id);

#endif /* IKE_STATE_SA_ID_H */
