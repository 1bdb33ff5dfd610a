/* SPDX-License-Identifier: GPL-2.0-or-later */
/* per_cpu_sas = encap: a source port per outbound per-CPU SA. */
#ifndef IKE_CHILD_PCPU_ENCAP_H
#define IKE_CHILD_PCPU_ENCAP_H

#include "state/sa.h"

/* The source port of c's encapsulated outbound SA; 0: the IKE port. */
uint16_t pcpu_encap_sport(const struct ikesa *sa, struct child_sa *c);
/* A rekey's new child takes the old one's CPU, resource id and port. */
void pcpu_keep_binding(struct child_sa *c, const struct child_sa *old);

#endif /* IKE_CHILD_PCPU_ENCAP_H */
