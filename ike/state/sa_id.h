/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Datapath SA ids (the slots of the per-SA counters and the steering
 * entries' sa_id): 1 .. MSA_MAX_SA-1, never one in use (sa_id.c).
 */
#ifndef IKE_STATE_SA_ID_H
#define IKE_STATE_SA_ID_H

#include <stdint.h>

struct ike_daemon;

/* A free id, marked used; 0 if every one is in use. */
uint32_t sa_id_take(struct ike_daemon *d);
void sa_id_put(struct ike_daemon *d, uint32_t id);

#endif /* IKE_STATE_SA_ID_H */
