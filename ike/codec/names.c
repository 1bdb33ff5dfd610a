/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Names of the IANA values in wire.h, for logs. Each table is indexed by
 * the enum constant itself, so a value and its name cannot drift apart.
 */
#include "wire.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const char *ike_lookup(const char *const *tab, size_t n, unsigned int v)
{
	if (v >= n || !tab[v])
		return "UNKNOWN";
	return tab[v];
}

#define IKE_NAME(tab, v) ike_lookup(tab, ARRAY_SIZE(tab), v)

static const char *const ike_exchange_names[] = {
	[IKE_SA_INIT] = "IKE_SA_INIT",
	[IKE_AUTH] = "IKE_AUTH",
	[IKE_CREATE_CHILD_SA] = "CREATE_CHILD_SA",
	[IKE_INFORMATIONAL] = "INFORMATIONAL",
	[IKE_SESSION_RESUME] = "IKE_SESSION_RESUME",
	[IKE_INTERMEDIATE] = "IKE_INTERMEDIATE",
	[IKE_FOLLOWUP_KE] = "IKE_FOLLOWUP_KE",
};

const char *ike_exchange_name(uint8_t exchange)
{
	return IKE_NAME(ike_exchange_names, exchange);
}

static const char *const ike_payload_names[] = {
	[IKE_PLD_NONE] = "NONE",
	[IKE_PLD_SA] = "SA",
	[IKE_PLD_KE] = "KE",
	[IKE_PLD_IDI] = "IDi",
	[IKE_PLD_IDR] = "IDr",
	[IKE_PLD_CERT] = "CERT",
	[IKE_PLD_CERTREQ] = "CERTREQ",
	[IKE_PLD_AUTH] = "AUTH",
	[IKE_PLD_NONCE] = "Nonce",
	[IKE_PLD_NOTIFY] = "Notify",
	[IKE_PLD_DELETE] = "Delete",
	[IKE_PLD_VID] = "VID",
	[IKE_PLD_TSI] = "TSi",
	[IKE_PLD_TSR] = "TSr",
	[IKE_PLD_SK] = "SK",
	[IKE_PLD_CP] = "CP",
	[IKE_PLD_EAP] = "EAP",
	[IKE_PLD_GSPM] = "GSPM",
	[IKE_PLD_SKF] = "SKF",
};

const char *ike_payload_name(uint8_t type)
{
	return IKE_NAME(ike_payload_names, type);
}

static const char *const ike_notify_error_names[] = {
	[0] = "NONE",
	[IKE_N_UNSUPPORTED_CRITICAL_PAYLOAD] = "UNSUPPORTED_CRITICAL_PAYLOAD",
	[IKE_N_INVALID_IKE_SPI] = "INVALID_IKE_SPI",
	[IKE_N_INVALID_MAJOR_VERSION] = "INVALID_MAJOR_VERSION",
	[IKE_N_INVALID_SYNTAX] = "INVALID_SYNTAX",
	[IKE_N_INVALID_MESSAGE_ID] = "INVALID_MESSAGE_ID",
	[IKE_N_INVALID_SPI] = "INVALID_SPI",
	[IKE_N_NO_PROPOSAL_CHOSEN] = "NO_PROPOSAL_CHOSEN",
	[IKE_N_INVALID_KE_PAYLOAD] = "INVALID_KE_PAYLOAD",
	[IKE_N_AUTHENTICATION_FAILED] = "AUTHENTICATION_FAILED",
	[IKE_N_SINGLE_PAIR_REQUIRED] = "SINGLE_PAIR_REQUIRED",
	[IKE_N_NO_ADDITIONAL_SAS] = "NO_ADDITIONAL_SAS",
	[IKE_N_INTERNAL_ADDRESS_FAILURE] = "INTERNAL_ADDRESS_FAILURE",
	[IKE_N_FAILED_CP_REQUIRED] = "FAILED_CP_REQUIRED",
	[IKE_N_TS_UNACCEPTABLE] = "TS_UNACCEPTABLE",
	[IKE_N_INVALID_SELECTORS] = "INVALID_SELECTORS",
	[IKE_N_TEMPORARY_FAILURE] = "TEMPORARY_FAILURE",
	[IKE_N_CHILD_SA_NOT_FOUND] = "CHILD_SA_NOT_FOUND",
	[IKE_N_TS_MAX_QUEUE] = "TS_MAX_QUEUE",
};

#define S(n) [IKE_N_##n - IKE_N_STATUS_BASE] = #n
static const char *const ike_notify_status_names[] = {
	S(INITIAL_CONTACT),
	S(SET_WINDOW_SIZE),
	S(ADDITIONAL_TS_POSSIBLE),
	S(IPCOMP_SUPPORTED),
	S(NAT_DETECTION_SOURCE_IP),
	S(NAT_DETECTION_DESTINATION_IP),
	S(COOKIE),
	S(USE_TRANSPORT_MODE),
	S(HTTP_CERT_LOOKUP_SUPPORTED),
	S(REKEY_SA),
	S(ESP_TFC_PADDING_NOT_SUPPORTED),
	S(NON_FIRST_FRAGMENTS_ALSO),
	S(MOBIKE_SUPPORTED),
	S(MULTIPLE_AUTH_SUPPORTED),
	S(REDIRECT_SUPPORTED),
	S(CHILDLESS_IKEV2_SUPPORTED),
	[IKE_N_FRAGMENTATION_SUPPORTED - IKE_N_STATUS_BASE] =
		"IKEV2_FRAGMENTATION_SUPPORTED",
	S(SIGNATURE_HASH_ALGORITHMS),
	S(INTERMEDIATE_EXCHANGE_SUPPORTED),
	S(SA_RESOURCE_INFO),
};
#undef S

const char *ike_notify_name(uint16_t type)
{
	if (type == IKE_N_MULTISA_CROSSED)
		return "MULTISA_CROSSED";
	if (type >= IKE_N_STATUS_BASE)
		return IKE_NAME(ike_notify_status_names,
				type - IKE_N_STATUS_BASE);
	return IKE_NAME(ike_notify_error_names, type);
}

static const char *const ike_proto_names[] = {
	[IKE_PROTO_NONE] = "NONE",
	[IKE_PROTO_IKE] = "IKE",
	[IKE_PROTO_AH] = "AH",
	[IKE_PROTO_ESP] = "ESP",
};

const char *ike_proto_name(uint8_t proto)
{
	return IKE_NAME(ike_proto_names, proto);
}

static const char *const ike_transform_type_names[] = {
	[IKE_XF_ENCR] = "ENCR",
	[IKE_XF_PRF] = "PRF",
	[IKE_XF_INTEG] = "INTEG",
	[IKE_XF_DH] = "KE",
	[IKE_XF_ESN] = "ESN",
};

const char *ike_transform_type_name(uint8_t type)
{
	return IKE_NAME(ike_transform_type_names, type);
}

static const char *const ike_encr_names[] = {
	[IKE_ENCR_3DES] = "3DES",
	[IKE_ENCR_NULL] = "NULL",
	[IKE_ENCR_AES_CBC] = "AES_CBC",
	[IKE_ENCR_AES_CTR] = "AES_CTR",
	[IKE_ENCR_AES_GCM_8] = "AES_GCM_8",
	[IKE_ENCR_AES_GCM_12] = "AES_GCM_12",
	[IKE_ENCR_AES_GCM_16] = "AES_GCM_16",
	[IKE_ENCR_CHACHA20_POLY1305] = "CHACHA20_POLY1305",
};

static const char *const ike_prf_names[] = {
	[IKE_PRF_HMAC_MD5] = "PRF_HMAC_MD5",
	[IKE_PRF_HMAC_SHA1] = "PRF_HMAC_SHA1",
	[IKE_PRF_AES128_XCBC] = "PRF_AES128_XCBC",
	[IKE_PRF_HMAC_SHA2_256] = "PRF_HMAC_SHA2_256",
	[IKE_PRF_HMAC_SHA2_384] = "PRF_HMAC_SHA2_384",
	[IKE_PRF_HMAC_SHA2_512] = "PRF_HMAC_SHA2_512",
	[IKE_PRF_AES128_CMAC] = "PRF_AES128_CMAC",
};

static const char *const ike_integ_names[] = {
	[IKE_INTEG_NONE] = "NONE",
	[IKE_INTEG_HMAC_MD5_96] = "HMAC_MD5_96",
	[IKE_INTEG_HMAC_SHA1_96] = "HMAC_SHA1_96",
	[IKE_INTEG_AES_XCBC_96] = "AES_XCBC_96",
	[IKE_INTEG_HMAC_SHA2_256_128] = "HMAC_SHA2_256_128",
	[IKE_INTEG_HMAC_SHA2_384_192] = "HMAC_SHA2_384_192",
	[IKE_INTEG_HMAC_SHA2_512_256] = "HMAC_SHA2_512_256",
};

static const char *const ike_dh_names[] = {
	[IKE_DH_NONE] = "NONE",
	[IKE_DH_MODP1024] = "MODP_1024",
	[IKE_DH_MODP2048] = "MODP_2048",
	[IKE_DH_MODP3072] = "MODP_3072",
	[IKE_DH_MODP4096] = "MODP_4096",
	[IKE_DH_ECP256] = "ECP_256",
	[IKE_DH_ECP384] = "ECP_384",
	[IKE_DH_ECP521] = "ECP_521",
	[IKE_DH_CURVE25519] = "CURVE25519",
	[IKE_DH_CURVE448] = "CURVE448",
};

static const char *const ike_esn_names[] = {
	[IKE_ESN_NO] = "NO_ESN",
	[IKE_ESN_YES] = "ESN",
};

const char *ike_transform_name(uint8_t type, uint16_t id)
{
	switch (type) {
	case IKE_XF_ENCR:
		return IKE_NAME(ike_encr_names, id);
	case IKE_XF_PRF:
		return IKE_NAME(ike_prf_names, id);
	case IKE_XF_INTEG:
		return IKE_NAME(ike_integ_names, id);
	case IKE_XF_DH:
		return IKE_NAME(ike_dh_names, id);
	case IKE_XF_ESN:
		return IKE_NAME(ike_esn_names, id);
	}
	return "UNKNOWN";
}

static const char *const ike_id_type_names[] = {
	[IKE_ID_IPV4_ADDR] = "ID_IPV4_ADDR",
	[IKE_ID_FQDN] = "ID_FQDN",
	[IKE_ID_RFC822_ADDR] = "ID_RFC822_ADDR",
	[IKE_ID_IPV6_ADDR] = "ID_IPV6_ADDR",
	[IKE_ID_DER_ASN1_DN] = "ID_DER_ASN1_DN",
	[IKE_ID_DER_ASN1_GN] = "ID_DER_ASN1_GN",
	[IKE_ID_KEY_ID] = "ID_KEY_ID",
};

const char *ike_id_type_name(uint8_t type)
{
	return IKE_NAME(ike_id_type_names, type);
}

static const char *const ike_auth_method_names[] = {
	[IKE_AUTH_RSA_SIG] = "RSA_SIG",
	[IKE_AUTH_PSK] = "SHARED_KEY_MIC",
	[IKE_AUTH_DSS_SIG] = "DSS_SIG",
	[IKE_AUTH_ECDSA_256] = "ECDSA_SHA256_P256",
	[IKE_AUTH_ECDSA_384] = "ECDSA_SHA384_P384",
	[IKE_AUTH_ECDSA_521] = "ECDSA_SHA512_P521",
	[IKE_AUTH_NULL] = "NULL_AUTH",
	[IKE_AUTH_DIGITAL_SIG] = "DIGITAL_SIGNATURE",
};

const char *ike_auth_method_name(uint8_t method)
{
	return IKE_NAME(ike_auth_method_names, method);
}

static const char *const ike_ts_type_names[] = {
	[IKE_TS_IPV4_ADDR_RANGE] = "TS_IPV4_ADDR_RANGE",
	[IKE_TS_IPV6_ADDR_RANGE] = "TS_IPV6_ADDR_RANGE",
};

const char *ike_ts_type_name(uint8_t type)
{
	return IKE_NAME(ike_ts_type_names, type);
}
