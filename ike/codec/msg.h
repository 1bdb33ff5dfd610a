/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * struct ike_msg: one IKEv2 message as parsed by parse.c, the input of
 * build.c. Only what is in the message, never SA state. Variable-length
 * data is a span pointing into the buffer handed to the parser (the
 * received datagram, or the decrypted SK plaintext): keep that buffer alive
 * while the ike_msg is in use.
 *
 * Arrays are bounded. What does not fit is not stored and is counted in the
 * matching *_dropped field (a proposal with too many transforms is marked
 * truncated, so that it is never chosen on a partial view).
 */
#ifndef IKE_MSG_H
#define IKE_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wire.h"

#define IKE_MAX_PROPOSALS	8	/* per SA payload */
#define IKE_MAX_TRANSFORMS	48	/* per proposal */
#define IKE_MAX_NOTIFIES	32	/* per message */
#define IKE_MAX_DELETES		8	/* Delete payloads per message */
#define IKE_MAX_TS		16	/* selectors per TS payload */
#define IKE_MAX_VIDS		8	/* Vendor ID payloads */
#define IKE_MAX_CERTS		8	/* CERT payloads, CERTREQ payloads */
#define IKE_SPI_MAX		8	/* octets of an SPI in a proposal */

struct ike_span {
	const uint8_t *p;
	size_t len;
};

struct ike_transform {
	uint8_t  type;		/* enum ike_transform_type */
	bool     unknown_attr;	/* RFC 7296 3.3.6: reject this transform */
	uint16_t id;
	uint16_t key_len;	/* bits, from IKE_ATTR_KEY_LENGTH; 0 = absent */
};

struct ike_proposal {
	uint8_t  num;		/* as sent: 1, 2, ... */
	uint8_t  proto;		/* enum ike_proto */
	uint8_t  spi_size;	/* 0, 4 or 8 */
	uint8_t  spi[IKE_SPI_MAX];
	bool     truncated;	/* more than IKE_MAX_TRANSFORMS transforms */
	uint8_t  n_xf;
	struct ike_transform xf[IKE_MAX_TRANSFORMS];
};

struct ike_sa {
	uint8_t  n_prop;
	uint8_t  prop_dropped;	/* beyond IKE_MAX_PROPOSALS */
	struct ike_proposal prop[IKE_MAX_PROPOSALS];
};

struct ike_ke {
	uint16_t group;		/* enum ike_dh */
	struct ike_span data;
};

struct ike_id {
	uint8_t  type;		/* enum ike_id_type */
	struct ike_span data;
	struct ike_span body;	/* type, reserved and data: what AUTH signs */
};

struct ike_cert {
	uint8_t  encoding;	/* enum ike_cert_encoding */
	struct ike_span data;
};

struct ike_auth {
	uint8_t  method;	/* enum ike_auth_method */
	struct ike_span data;
};

struct ike_notify {
	uint8_t  proto;		/* enum ike_proto */
	uint16_t type;		/* enum ike_notify_type */
	struct ike_span spi;	/* spi.len is the SPI Size */
	struct ike_span data;
};

struct ike_delete {
	uint8_t  proto;		/* enum ike_proto */
	uint8_t  spi_size;	/* 0 (IKE) or 4 (ESP, AH) */
	uint16_t num_spi;
	struct ike_span spis;	/* num_spi * spi_size octets, network order */
};

struct ike_ts {
	uint8_t  type;		/* enum ike_ts_type */
	uint8_t  ip_proto;	/* 0 = any */
	uint16_t start_port, end_port;
	uint8_t  start[16], end[16];	/* 4 octets used for IPv4 */
};

struct ike_ts_set {
	uint8_t  n_ts;
	uint8_t  ts_dropped;	/* beyond IKE_MAX_TS */
	uint8_t  ts_unknown;	/* selectors of unknown type, skipped */
	struct ike_ts ts[IKE_MAX_TS];
};

struct ike_cp {
	uint8_t  cfg_type;
	struct ike_span attrs;	/* configuration attributes, not parsed */
};

/*
 * Where the SK (or SKF) payload is: the crypto layer verifies
 * [0, icv offset) of the received buffer, decrypts body and hands the
 * plaintext to ike_parse_inner() with first_np.
 */
struct ike_sk {
	size_t   hdr_off;	/* generic header, from the start of the msg */
	uint8_t  first_np;	/* type of the first payload inside */
	bool     fragment;	/* SKF rather than SK */
	uint16_t frag_num, frag_total;	/* SKF only */
	struct ike_span body;	/* IV, ciphertext, padding, ICV */
};

struct ike_msg {
	/* IKE header */
	uint64_t ispi, rspi;	/* host order */
	uint8_t  first_np;
	uint8_t  version;
	uint8_t  exchange;	/* enum ike_exchange */
	uint8_t  flags;		/* IKE_FLAG_* */
	uint32_t msgid;
	uint32_t length;

	uint64_t seen;		/* bit t set: a payload of type t was parsed */

	struct ike_sa     sa;
	struct ike_ke     ke;
	struct ike_span   nonce;
	struct ike_id     idi, idr;
	struct ike_auth   auth;
	struct ike_ts_set tsi, tsr;
	struct ike_cp     cp;
	struct ike_span   eap;
	struct ike_sk     sk;

	uint8_t n_notify, notify_dropped;
	struct ike_notify notify[IKE_MAX_NOTIFIES];
	uint8_t n_delete, delete_dropped;
	struct ike_delete del[IKE_MAX_DELETES];
	uint8_t n_vid, n_cert, n_certreq;
	uint8_t cert_dropped;	/* CERT payloads beyond IKE_MAX_CERTS */
	struct ike_span vid[IKE_MAX_VIDS];
	struct ike_cert cert[IKE_MAX_CERTS];
	struct ike_cert certreq[IKE_MAX_CERTS];

	/* Set when ike_parse*() fails. */
	uint16_t error_notify;	/* notify to answer with; 0: drop silently */
	uint8_t  error_payload;	/* UNSUPPORTED_CRITICAL_PAYLOAD: the type */
	const char *error_text;	/* static: the field and what is wrong */
	uint32_t error_value;	/* the bad value */
	size_t   error_offset;	/* of the offending payload in its buffer */
};

/*
 * Parse a received datagram: the IKE header and the clear payload chain,
 * up to and including an SK or SKF payload, whose span lands in m->sk.
 * Zeroes *m first. Returns 0, or a negative errno with m->error_* set:
 * -EBADMSG malformed, -EPROTONOSUPPORT major version, -EOPNOTSUPP unknown
 * critical payload.
 */
int ike_parse(const uint8_t *buf, size_t len, struct ike_msg *m);

/*
 * Parse the decrypted payload chain of SK, padding already removed, into
 * the same *m (not zeroed; duplicates across the two chains are errors).
 */
int ike_parse_inner(struct ike_msg *m, uint8_t first_np,
		    const uint8_t *plain, size_t len);

/*
 * Length of the payload chain in a decrypted SK plaintext, i.e. without
 * the padding and the Pad Length octet. -EBADMSG if they do not fit.
 */
int ike_sk_unpad(const uint8_t *plain, size_t len, size_t *chain_len);

static inline bool ike_msg_has(const struct ike_msg *m, uint8_t type)
{
	return type < 64 && (m->seen >> type) & 1;
}

/* The first notify of this type, or NULL. */
const struct ike_notify *ike_msg_notify(const struct ike_msg *m,
					uint16_t type);

/* The first error notify (type below 16384), or 0: what makes a
 * response a failure. */
uint16_t ike_msg_error(const struct ike_msg *m);

/* SPI number i of a Delete payload with spi_size 4, host order. */
uint32_t ike_delete_spi(const struct ike_delete *d, unsigned int i);

#endif /* IKE_MSG_H */
