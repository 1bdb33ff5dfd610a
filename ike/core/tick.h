/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Time-driven work and the task dispatch (tick.c). */
#ifndef IKE_CORE_TICK_H
#define IKE_CORE_TICK_H

#include "state/sa.h"

/* Remove sa's children from the kernel, then free it. */
void isa_destroy(struct ikesa *sa);

#endif /* IKE_CORE_TICK_H */
