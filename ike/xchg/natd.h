/* SPDX-License-Identifier: GPL-2.0-or-later */
/* NAT detection notifies (RFC 7296 2.23). */
#ifndef IKE_NATD_H
#define IKE_NATD_H

#include <errno.h>
#include <sys/socket.h>

#include "codec/build.h"
#include "crypto/crypto.h"
#include "state/sa.h"

/* NAT_DETECTION_SOURCE_IP (of src, or random when fake_src: UDP
 * encapsulation forced) and _DESTINATION_IP (of dst). */
void natd_add(struct ike_buf *b, uint64_t spi_i, uint64_t spi_r,
	      const struct ike_addr *src, const struct ike_addr *dst,
	      bool fake_src);
/* From the peer's notifies: is this end (its destination hash does not
 * match our address) or the peer (its source) behind a NAT? -ENOENT when
 * the peer sent no NAT detection notifies. */
int natd_check(const struct ike_msg *m, uint64_t spi_i, uint64_t spi_r,
	       const struct ike_addr *local, const struct ike_addr *remote,
	       bool *nat_local, bool *nat_remote);

#endif /* IKE_NATD_H */
