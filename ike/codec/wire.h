/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * IKEv2 wire formats (RFC 7296 section 3, RFC 7383 for SKF) and the IANA
 * constants multisad uses. Every struct is the exact on-the-wire layout,
 * multi-octet fields in network byte order; sizes are checked below.
 * Parsing lives in parse.c, building in build.c, names for logs in names.c.
 */
#ifndef IKE_WIRE_H
#define IKE_WIRE_H

#include <stddef.h>
#include <stdint.h>

#define IKE_PACKED __attribute__((packed))

/*
 * IKE header (3.1).
 *                      1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       IKE SA Initiator's SPI                  |
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       IKE SA Responder's SPI                  |
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Next Payload | MjVer | MnVer | Exchange Type |     Flags     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                          Message ID                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                            Length                             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
struct ike_hdr {
	uint8_t  ispi[8];
	uint8_t  rspi[8];
	uint8_t  next_payload;
	uint8_t  version;	/* major << 4 | minor */
	uint8_t  exchange;	/* enum ike_exchange */
	uint8_t  flags;		/* IKE_FLAG_* */
	uint32_t msgid;
	uint32_t length;	/* whole message, header included */
} IKE_PACKED;

#define IKE_VERSION		0x20	/* major 2, minor 0 */
#define IKE_VERSION_MAJOR(v)	((v) >> 4)

enum ike_flag {
	IKE_FLAG_INITIATOR = 0x08,	/* sent by the original initiator */
	IKE_FLAG_VERSION   = 0x10,	/* higher major version possible */
	IKE_FLAG_RESPONSE  = 0x20,	/* a response to msgid */
};

/*
 * Generic payload header (3.2), in front of every payload.
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Next Payload  |C|  RESERVED   |         Payload Length        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
struct ike_gen_hdr {
	uint8_t  next_payload;
	uint8_t  critical;	/* IKE_CRITICAL; the other bits are reserved */
	uint16_t length;	/* this header included */
} IKE_PACKED;

#define IKE_CRITICAL	0x80

/*
 * Proposal substructure (3.3.1), inside an SA payload.
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Last Substruc |   RESERVED    |         Proposal Length       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Proposal Num  |  Protocol ID  |    SPI Size   |Num  Transforms|
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                        SPI (variable)                         ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                        <Transforms>                           ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
struct ike_proposal_hdr {
	uint8_t  last;		/* IKE_SUBSTRUCT_LAST or IKE_SUBSTRUCT_MORE */
	uint8_t  reserved;
	uint16_t length;	/* this header, SPI and transforms */
	uint8_t  num;		/* 1, 2, ... in order */
	uint8_t  proto;		/* enum ike_proto */
	uint8_t  spi_size;
	uint8_t  num_transforms;
} IKE_PACKED;

enum ike_substruct {
	IKE_SUBSTRUCT_LAST = 0,		/* last proposal / transform */
	IKE_SUBSTRUCT_PROPOSAL = 2,	/* more proposals follow */
	IKE_SUBSTRUCT_TRANSFORM = 3,	/* more transforms follow */
};

/*
 * Transform substructure (3.3.2), inside a proposal.
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Last Substruc |   RESERVED    |        Transform Length       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Transform Type |   RESERVED    |          Transform ID         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                      Transform Attributes                     ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
struct ike_transform_hdr {
	uint8_t  last;
	uint8_t  reserved1;
	uint16_t length;	/* this header and attributes */
	uint8_t  type;		/* enum ike_transform_type */
	uint8_t  reserved2;
	uint16_t id;		/* enum ike_encr / ike_prf / ... */
} IKE_PACKED;

/*
 * Transform attribute (3.3.5). AF=1: TV, value in the second half.
 * AF=0: TLV, a value of "Attribute Length" octets follows.
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |A|       Attribute Type        |    AF=0  Attribute Length     |
 * |F|                             |    AF=1  Attribute Value      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                   AF=0  Attribute Value                       |
 * |                   AF=1  Not Transmitted                       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
struct ike_attr_hdr {
	uint16_t type;		/* IKE_ATTR_TV | enum ike_attr_type */
	uint16_t len_or_value;
} IKE_PACKED;

#define IKE_ATTR_TV	0x8000

enum ike_attr_type {
	IKE_ATTR_KEY_LENGTH = 14,	/* TV, key length in bits */
};

/*
 * Key Exchange payload body (3.4), after the generic header.
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Diffie-Hellman Group Num    |           RESERVED            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                       Key Exchange Data                       ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
struct ike_ke_hdr {
	uint16_t group;		/* enum ike_dh */
	uint16_t reserved;
} IKE_PACKED;

/*
 * Identification payload body (3.5), IDi and IDr.
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   ID Type     |                 RESERVED                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                   Identification Data                         ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
struct ike_id_hdr {
	uint8_t  type;		/* enum ike_id_type */
	uint8_t  reserved[3];
} IKE_PACKED;

/*
 * Certificate (3.6) and Certificate Request (3.7) payload bodies.
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Cert Encoding |                                               |
 * +-+-+-+-+-+-+-+-+  Certificate Data / Certification Authority  ~
 * ~                                                               ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
struct ike_cert_hdr {
	uint8_t  encoding;	/* enum ike_cert_encoding */
} IKE_PACKED;

/*
 * Authentication payload body (3.8).
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Auth Method   |                RESERVED                       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                      Authentication Data                      ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
struct ike_auth_hdr {
	uint8_t  method;	/* enum ike_auth_method */
	uint8_t  reserved[3];
} IKE_PACKED;

/* Nonce payload (3.9): the body is the nonce, 16 to 256 octets. */
#define IKE_NONCE_MIN	16
#define IKE_NONCE_MAX	256

/*
 * Notify payload body (3.10).
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Protocol ID  |   SPI Size    |      Notify Message Type      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                Security Parameter Index (SPI)                 ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                       Notification Data                       ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
struct ike_notify_hdr {
	uint8_t  proto;		/* enum ike_proto, 0 when about the IKE SA */
	uint8_t  spi_size;
	uint16_t type;		/* enum ike_notify_type */
} IKE_PACKED;

/*
 * Delete payload body (3.11).
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Protocol ID   |   SPI Size    |          Num of SPIs          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~               Security Parameter Index(es) (SPI)              ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
struct ike_delete_hdr {
	uint8_t  proto;		/* enum ike_proto */
	uint8_t  spi_size;	/* 0 for IKE, 4 for ESP and AH */
	uint16_t num_spi;
} IKE_PACKED;

/* Vendor ID payload (3.12): the body is the opaque vendor id. */

/*
 * Traffic Selector payload body (3.13), TSi and TSr.
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Number of TSs |                 RESERVED                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                       <Traffic Selectors>                     ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
struct ike_ts_pld_hdr {
	uint8_t  num_ts;
	uint8_t  reserved[3];
} IKE_PACKED;

/*
 * Traffic selector (3.13.1); the two addresses follow, 4 or 16 octets each.
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   TS Type     |IP Protocol ID*|       Selector Length         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Start Port*         |           End Port*           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                         Starting Address*                     ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                         Ending Address*                       ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
struct ike_ts_hdr {
	uint8_t  type;		/* enum ike_ts_type */
	uint8_t  ip_proto;	/* 0 = any */
	uint16_t length;	/* this header and both addresses */
	uint16_t start_port;
	uint16_t end_port;
} IKE_PACKED;

#define IKE_TS_IPV4_LEN	(sizeof(struct ike_ts_hdr) + 2 * 4)	/* 16 */
#define IKE_TS_IPV6_LEN	(sizeof(struct ike_ts_hdr) + 2 * 16)	/* 40 */

/*
 * Encrypted and Authenticated payload, SK (3.14). Its "Next Payload" is
 * the type of the first payload inside. Must be the last payload.
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Next Payload  |C|  RESERVED   |         Payload Length        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     Initialization Vector                     |
 * |         (length is block size for encryption algorithm)       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                    Encrypted IKE Payloads                     ~
 * +               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |               |             Padding (0-255 octets)            |
 * +-+-+-+-+-+-+-+-+                               +-+-+-+-+-+-+-+-+
 * |                                               |  Pad Length   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                    Integrity Checksum Data                    ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * The body after the generic header is opaque to the codec.
 */

/*
 * Encrypted Fragment payload body, SKF (RFC 7383 2.5), after the generic
 * header; IV, ciphertext and ICV follow as in SK. "Next Payload" is the
 * first inner payload's type in fragment 1, 0 in the others.
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |        Fragment Number        |        Total Fragments        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
struct ike_skf_hdr {
	uint16_t frag_num;	/* 1 .. total */
	uint16_t total;
} IKE_PACKED;

/*
 * Configuration payload body (3.15); attributes follow.
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   CFG Type    |                    RESERVED                   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
struct ike_cp_hdr {
	uint8_t  cfg_type;	/* 1 REQUEST, 2 REPLY, 3 SET, 4 ACK */
	uint8_t  reserved[3];
} IKE_PACKED;

_Static_assert(sizeof(struct ike_hdr) == 28, "IKE header");
_Static_assert(sizeof(struct ike_gen_hdr) == 4, "generic payload header");
_Static_assert(sizeof(struct ike_proposal_hdr) == 8, "proposal");
_Static_assert(sizeof(struct ike_transform_hdr) == 8, "transform");
_Static_assert(sizeof(struct ike_attr_hdr) == 4, "attribute");
_Static_assert(sizeof(struct ike_ke_hdr) == 4, "KE");
_Static_assert(sizeof(struct ike_id_hdr) == 4, "ID");
_Static_assert(sizeof(struct ike_auth_hdr) == 4, "AUTH");
_Static_assert(sizeof(struct ike_notify_hdr) == 4, "Notify");
_Static_assert(sizeof(struct ike_delete_hdr) == 4, "Delete");
_Static_assert(sizeof(struct ike_ts_pld_hdr) == 4, "TS payload");
_Static_assert(sizeof(struct ike_ts_hdr) == 8, "traffic selector");
_Static_assert(sizeof(struct ike_skf_hdr) == 4, "SKF");
_Static_assert(sizeof(struct ike_cp_hdr) == 4, "CP");

/* ---- IANA registries (IKEv2 parameters) ------------------------------ */

enum ike_exchange {
	IKE_SA_INIT = 34,		/* RFC 7296 */
	IKE_AUTH = 35,			/* RFC 7296 */
	IKE_CREATE_CHILD_SA = 36,	/* RFC 7296 */
	IKE_INFORMATIONAL = 37,		/* RFC 7296 */
	IKE_SESSION_RESUME = 38,	/* RFC 5723 */
	IKE_INTERMEDIATE = 43,		/* RFC 9242 */
	IKE_FOLLOWUP_KE = 44,		/* RFC 9370 */
};

enum ike_payload {
	IKE_PLD_NONE = 0,		/* no next payload */
	IKE_PLD_SA = 33,		/* Security Association */
	IKE_PLD_KE = 34,		/* Key Exchange */
	IKE_PLD_IDI = 35,		/* Identification - Initiator */
	IKE_PLD_IDR = 36,		/* Identification - Responder */
	IKE_PLD_CERT = 37,		/* Certificate */
	IKE_PLD_CERTREQ = 38,		/* Certificate Request */
	IKE_PLD_AUTH = 39,		/* Authentication */
	IKE_PLD_NONCE = 40,		/* Nonce (Ni, Nr) */
	IKE_PLD_NOTIFY = 41,		/* Notify */
	IKE_PLD_DELETE = 42,		/* Delete */
	IKE_PLD_VID = 43,		/* Vendor ID */
	IKE_PLD_TSI = 44,		/* Traffic Selector - Initiator */
	IKE_PLD_TSR = 45,		/* Traffic Selector - Responder */
	IKE_PLD_SK = 46,		/* Encrypted and Authenticated */
	IKE_PLD_CP = 47,		/* Configuration */
	IKE_PLD_EAP = 48,		/* Extensible Authentication */
	IKE_PLD_GSPM = 49,		/* RFC 6467, not supported */
	IKE_PLD_SKF = 53,		/* Encrypted Fragment, RFC 7383 */
};

enum ike_proto {
	IKE_PROTO_NONE = 0,		/* notify not about an SA */
	IKE_PROTO_IKE = 1,		/* IKE SA */
	IKE_PROTO_AH = 2,		/* AH Child SA */
	IKE_PROTO_ESP = 3,		/* ESP Child SA */
};

enum ike_transform_type {
	IKE_XF_ENCR = 1,		/* encryption algorithm */
	IKE_XF_PRF = 2,			/* pseudorandom function */
	IKE_XF_INTEG = 3,		/* integrity algorithm */
	IKE_XF_DH = 4,			/* key exchange method (D-H group) */
	IKE_XF_ESN = 5,			/* extended sequence numbers */
};

enum ike_encr {
	IKE_ENCR_3DES = 3,		/* RFC 2451, legacy */
	IKE_ENCR_NULL = 11,		/* RFC 2410, ESP only */
	IKE_ENCR_AES_CBC = 12,		/* RFC 3602, key length attribute */
	IKE_ENCR_AES_CTR = 13,		/* RFC 3686 */
	IKE_ENCR_AES_GCM_8 = 18,	/* RFC 4106, 8-octet ICV */
	IKE_ENCR_AES_GCM_12 = 19,	/* RFC 4106, 12-octet ICV */
	IKE_ENCR_AES_GCM_16 = 20,	/* RFC 4106, 16-octet ICV */
	IKE_ENCR_CHACHA20_POLY1305 = 28,	/* RFC 7634 */
};

enum ike_prf {
	IKE_PRF_HMAC_MD5 = 1,		/* RFC 2104, legacy */
	IKE_PRF_HMAC_SHA1 = 2,		/* RFC 2104 */
	IKE_PRF_AES128_XCBC = 4,	/* RFC 4434 */
	IKE_PRF_HMAC_SHA2_256 = 5,	/* RFC 4868 */
	IKE_PRF_HMAC_SHA2_384 = 6,	/* RFC 4868 */
	IKE_PRF_HMAC_SHA2_512 = 7,	/* RFC 4868 */
	IKE_PRF_AES128_CMAC = 8,	/* RFC 4615 */
};

enum ike_integ {
	IKE_INTEG_NONE = 0,		/* with AEAD ciphers */
	IKE_INTEG_HMAC_MD5_96 = 1,	/* RFC 2403, legacy */
	IKE_INTEG_HMAC_SHA1_96 = 2,	/* RFC 2404 */
	IKE_INTEG_AES_XCBC_96 = 5,	/* RFC 3566 */
	IKE_INTEG_HMAC_SHA2_256_128 = 12,	/* RFC 4868 */
	IKE_INTEG_HMAC_SHA2_384_192 = 13,	/* RFC 4868 */
	IKE_INTEG_HMAC_SHA2_512_256 = 14,	/* RFC 4868 */
};

enum ike_dh {
	IKE_DH_NONE = 0,		/* no key exchange */
	IKE_DH_MODP1024 = 2,		/* RFC 7296, legacy */
	IKE_DH_MODP2048 = 14,		/* RFC 3526 */
	IKE_DH_MODP3072 = 15,		/* RFC 3526 */
	IKE_DH_MODP4096 = 16,		/* RFC 3526 */
	IKE_DH_ECP256 = 19,		/* RFC 5903 */
	IKE_DH_ECP384 = 20,		/* RFC 5903 */
	IKE_DH_ECP521 = 21,		/* RFC 5903 */
	IKE_DH_CURVE25519 = 31,		/* RFC 8031 */
	IKE_DH_CURVE448 = 32,		/* RFC 8031 */
};

enum ike_esn {
	IKE_ESN_NO = 0,			/* 32-bit sequence numbers */
	IKE_ESN_YES = 1,		/* 64-bit extended sequence numbers */
};

enum ike_id_type {
	IKE_ID_IPV4_ADDR = 1,		/* 4 octets */
	IKE_ID_FQDN = 2,		/* "gw.example.com", no NUL */
	IKE_ID_RFC822_ADDR = 3,		/* "user@example.com" */
	IKE_ID_IPV6_ADDR = 5,		/* 16 octets */
	IKE_ID_DER_ASN1_DN = 9,		/* X.500 distinguished name */
	IKE_ID_DER_ASN1_GN = 10,	/* X.509 general name */
	IKE_ID_KEY_ID = 11,		/* opaque octets */
};

enum ike_cert_encoding {
	IKE_CERT_X509_SIG = 4,		/* X.509 certificate, signature */
	IKE_CERT_CRL = 7,		/* certificate revocation list */
	IKE_CERT_HASH_URL_X509 = 12,	/* hash and URL of X.509 cert */
};

enum ike_auth_method {
	IKE_AUTH_RSA_SIG = 1,		/* RSA PKCS#1 v1.5 signature */
	IKE_AUTH_PSK = 2,		/* shared key message integrity code */
	IKE_AUTH_DSS_SIG = 3,		/* DSS signature, legacy */
	IKE_AUTH_ECDSA_256 = 9,		/* RFC 4754, P-256 with SHA-256 */
	IKE_AUTH_ECDSA_384 = 10,	/* RFC 4754, P-384 with SHA-384 */
	IKE_AUTH_ECDSA_521 = 11,	/* RFC 4754, P-521 with SHA-512 */
	IKE_AUTH_NULL = 13,		/* RFC 7619 */
	IKE_AUTH_DIGITAL_SIG = 14,	/* RFC 7427 */
};

enum ike_ts_type {
	IKE_TS_IPV4_ADDR_RANGE = 7,	/* two 4-octet addresses */
	IKE_TS_IPV6_ADDR_RANGE = 8,	/* two 16-octet addresses */
};

/*
 * Notify message types (3.10.1). Below 16384: errors; from 16384 on:
 * status. An unrecognized error type in a response means the request
 * failed; an unrecognized status type is ignored.
 */
enum ike_notify_type {
	IKE_N_UNSUPPORTED_CRITICAL_PAYLOAD = 1,	/* data: the payload type */
	IKE_N_INVALID_IKE_SPI = 4,		/* no IKE SA for these SPIs */
	IKE_N_INVALID_MAJOR_VERSION = 5,	/* data: none; we speak 2 */
	IKE_N_INVALID_SYNTAX = 7,		/* malformed message */
	IKE_N_INVALID_MESSAGE_ID = 9,		/* outside the window */
	IKE_N_INVALID_SPI = 11,			/* ESP/AH SPI unknown */
	IKE_N_NO_PROPOSAL_CHOSEN = 14,		/* no acceptable proposal */
	IKE_N_INVALID_KE_PAYLOAD = 17,		/* data: the group wanted */
	IKE_N_AUTHENTICATION_FAILED = 24,	/* AUTH did not verify */
	IKE_N_SINGLE_PAIR_REQUIRED = 34,	/* TS narrowing to one pair */
	IKE_N_NO_ADDITIONAL_SAS = 35,		/* no more Child SAs here */
	IKE_N_INTERNAL_ADDRESS_FAILURE = 36,	/* CP address not assigned */
	IKE_N_FAILED_CP_REQUIRED = 37,		/* CP request was expected */
	IKE_N_TS_UNACCEPTABLE = 38,		/* no acceptable selectors */
	IKE_N_INVALID_SELECTORS = 39,		/* ESP packet outside TS */
	IKE_N_TEMPORARY_FAILURE = 43,		/* RFC 7296 2.25, retry later */
	IKE_N_CHILD_SA_NOT_FOUND = 44,		/* RFC 7296 2.25, no such SA */
	IKE_N_TS_MAX_QUEUE = 48,		/* RFC 9611, too many SAs per TS */

	IKE_N_STATUS_BASE = 16384,		/* first status type */
	IKE_N_INITIAL_CONTACT = 16384,		/* forget older IKE SAs */
	IKE_N_SET_WINDOW_SIZE = 16385,		/* data: 4-octet window */
	IKE_N_ADDITIONAL_TS_POSSIBLE = 16386,	/* TS were narrowed */
	IKE_N_IPCOMP_SUPPORTED = 16387,		/* RFC 7296 2.22 */
	IKE_N_NAT_DETECTION_SOURCE_IP = 16388,	/* data: SHA-1 of SPIs|IP|port */
	IKE_N_NAT_DETECTION_DESTINATION_IP = 16389, /* data: SHA-1, same */
	IKE_N_COOKIE = 16390,			/* data: 1-64 octets, echo it */
	IKE_N_USE_TRANSPORT_MODE = 16391,	/* transport mode Child SA */
	IKE_N_HTTP_CERT_LOOKUP_SUPPORTED = 16392, /* hash and URL ok */
	IKE_N_REKEY_SA = 16393,			/* SPI: the Child SA rekeyed */
	IKE_N_ESP_TFC_PADDING_NOT_SUPPORTED = 16394, /* no TFC padding */
	IKE_N_NON_FIRST_FRAGMENTS_ALSO = 16395,	/* fragments on this SA */
	IKE_N_MOBIKE_SUPPORTED = 16396,		/* RFC 4555 */
	IKE_N_MULTIPLE_AUTH_SUPPORTED = 16404,	/* RFC 4739 */
	IKE_N_REDIRECT_SUPPORTED = 16406,	/* RFC 5685 */
	IKE_N_CHILDLESS_IKEV2_SUPPORTED = 16418, /* RFC 6023 */
	IKE_N_FRAGMENTATION_SUPPORTED = 16430,	/* RFC 7383 */
	IKE_N_SIGNATURE_HASH_ALGORITHMS = 16431, /* RFC 7427 */
	IKE_N_INTERMEDIATE_EXCHANGE_SUPPORTED = 16438, /* RFC 9242 */
	IKE_N_SA_RESOURCE_INFO = 16444,		/* RFC 9611, per-resource SAs */
	/* private use (40960-65535), only to a peer with our Vendor ID: "I
	 * bound your new SA to the CPU of my request with this SPI (mine, 4
	 * octets), which crossed it" (ike/child/pcpu_bind.c) */
	IKE_N_MULTISA_CROSSED = 40969,
};

/*
 * Names for logs (names.c): the IANA name without the IKE_ prefix, or
 * "UNKNOWN" for a value without one; print the number beside it then.
 */
const char *ike_exchange_name(uint8_t exchange);
const char *ike_payload_name(uint8_t type);
const char *ike_notify_name(uint16_t type);
const char *ike_proto_name(uint8_t proto);
const char *ike_transform_type_name(uint8_t type);
const char *ike_transform_name(uint8_t type, uint16_t id);
const char *ike_id_type_name(uint8_t type);
const char *ike_auth_method_name(uint8_t method);
const char *ike_ts_type_name(uint8_t type);
/* An identity as text (id_fmt.c): "10.0.0.1", "gw.example.com",
 * "keyid:0a0b", "ID_DER_ASN1_DN:3021..."; cut to len, always terminated. */
void ike_id_format(uint8_t type, const uint8_t *d, size_t n, char *buf,
		   size_t len);

/* Big-endian 64-bit values (SPIs in notifies and payloads). */
static inline void ike_put_be64(uint8_t out[8], uint64_t v)
{
	for (int i = 0; i < 8; i++)
		out[i] = (uint8_t)(v >> (56 - 8 * i));
}

static inline uint64_t ike_get_be64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

#endif /* IKE_WIRE_H */
