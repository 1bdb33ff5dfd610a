// SPDX-License-Identifier: GPL-2.0-or-later
/* Pieces IKE_SA_INIT, CREATE_CHILD_SA and the IKE rekey share. */
#include <stdlib.h>
#include <string.h>

#include "codec/build.h"
#include "codec/nonce.h"
#include "codec/wire.h"
#include "crypto/crypto.h"
#include "state/fsm.h"
#include "state/ike.h"
#include "state/task.h"
#include "state/timer.h"
#include "child/child.h"
#include "child/child_kernel.h"
#include "child/pcpu.h"
#include "child/pcpu_encap.h"
#include "child/pcpu_msg.h"
#include "child/pcpu_policy.h"
#include "child/proposal.h"
#include "auth.h"
#include "auth_xchg.h"
#include "child_create.h"
#include "child_rekey.h"
#include "ike_rekey.h"
#include "informational.h"
#include "ke.h"
#include "natd.h"
#include "sa_init.h"
#include "send.h"

int ike_add_ke(struct ike_buf *b, const struct ike_dh_key *dh)
{
	uint8_t pub[1024];
	struct ike_ke ke = { ike_dh_group(dh), { pub, ike_dh_public_len(dh) } };

	if (ke.data.len > sizeof(pub) || ike_dh_public(dh, pub, ke.data.len))
		return -EINVAL;
	return ike_build_ke(b, &ke);
}

int isa_aead_init(struct ikesa *sa)
{
	int rc = ike_aead_new_sa(&sa->aead_out, sa->keys, sa->initiator ?
				 IKE_CRYPTO_I2R : IKE_CRYPTO_R2I);

	if (!rc)
		rc = ike_aead_new_sa(&sa->aead_in, sa->keys, sa->initiator ?
				     IKE_CRYPTO_R2I : IKE_CRYPTO_I2R);
	return rc;
}

uint8_t *ike_memdup(const uint8_t *buf, size_t len)
{
	uint8_t *p = malloc(len);

	if (p)
		memcpy(p, buf, len);
	return p;
}
