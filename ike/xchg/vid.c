// SPDX-License-Identifier: GPL-2.0-or-later
/* Our Vendor ID (vid.h). */
#include <string.h>

#include "vid.h"

/* "multisa per-CPU SA crossing rule, version 1". */
static const uint8_t multisa_vid[] = "multisa/pcpu-cross-1";

int vid_add(struct ike_buf *b)
{
	struct ike_span v = { multisa_vid, sizeof(multisa_vid) - 1 };

	return ike_build_vid(b, &v);
}

void vid_take(struct ikesa *sa, const struct ike_msg *m)
{
	sa->peer_multisa = false;
	for (int i = 0; i < m->n_vid; i++)
		if (m->vid[i].len == sizeof(multisa_vid) - 1 &&
		    !memcmp(m->vid[i].p, multisa_vid, m->vid[i].len))
			sa->peer_multisa = true;
}
