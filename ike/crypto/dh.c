/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Key exchange over EVP_PKEY: MODP-2048 (RFC 3526), ECP-256 and ECP-384
 * (RFC 5903), Curve25519 (RFC 8031). Each family has its own way to make a
 * key and to read and write public values; deriving g^ir is shared. The
 * groups themselves are in the transform table (crypto_tab.c).
 */
#include <errno.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/dh.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include "crypto_impl.h"

/* The longest public value: MODP-2048's 256 bytes, plus a point prefix. */
#define DH_PUB_MAX 257

struct ike_dh_key {
	const struct ike_dh_alg *alg;
	EVP_PKEY *key;
};

/* One family's operations; the length of pub is checked by the caller. */
struct dh_ops {
	const char *type;		/* EVP_PKEY type name */
	int (*import_priv)(const struct ike_dh_alg *alg, const uint8_t *priv,
			   size_t len, EVP_PKEY **out);
	int (*export_pub)(const struct ike_dh_key *dh, uint8_t *out);
	int (*peer)(const struct ike_dh_key *dh, const uint8_t *pub,
		    EVP_PKEY **out);
};

/* An EVP_PKEY of type from params; -EINVAL if OpenSSL refuses them. */
static int pkey_fromdata(const char *type, int selection,
			 OSSL_PARAM_BLD *bld, EVP_PKEY **out)
{
	OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(bld);
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, type, NULL);
	int err = -ENOMEM;

	*out = NULL;
	if (!params || !ctx)
		goto out;
	err = -EIO;
	if (EVP_PKEY_fromdata_init(ctx) <= 0)
		goto out;
	err = EVP_PKEY_fromdata(ctx, out, selection, params) > 0 ? 0 : -EINVAL;
out:
	OSSL_PARAM_free(params);	/* clears the private BNs */
	EVP_PKEY_CTX_free(ctx);
	return err;
}

/* ---- MODP (RFC 3526) ----------------------------------------------------- */

/* A MODP key of alg's group from private x, and y when given. */
static int modp_fromdata(const struct ike_dh_alg *alg, const BIGNUM *x,
			 const BIGNUM *y, EVP_PKEY **out)
{
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	int sel = x && y ? EVP_PKEY_KEYPAIR :
		  y ? EVP_PKEY_PUBLIC_KEY : EVP_PKEY_KEY_PARAMETERS;
	int err = -ENOMEM;

	*out = NULL;
	if (!bld)
		return -ENOMEM;
	if (!OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME,
					     alg->group, 0) ||
	    (x && !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY, x)) ||
	    (y && !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PUB_KEY, y)))
		goto out;
	err = pkey_fromdata("DH", sel, bld, out);
out:
	OSSL_PARAM_BLD_free(bld);
	return err;
}

/* y = g^x mod p, computed here since OpenSSL 3.0 import does not. */
static int modp_import_priv(const struct ike_dh_alg *alg, const uint8_t *priv,
			    size_t len, EVP_PKEY **out)
{
	BIGNUM *x = BN_secure_new(), *y = BN_new(), *p = NULL, *g = NULL;
	BN_CTX *bnctx = BN_CTX_secure_new();
	EVP_PKEY *params = NULL;
	int err = -ENOMEM;

	*out = NULL;
	if (!x || !y || !bnctx || !BN_bin2bn(priv, (int)len, x))
		goto out;
	err = modp_fromdata(alg, NULL, NULL, &params);
	if (err)
		goto out;
	err = -EIO;
	if (!EVP_PKEY_get_bn_param(params, OSSL_PKEY_PARAM_FFC_P, &p) ||
	    !EVP_PKEY_get_bn_param(params, OSSL_PKEY_PARAM_FFC_G, &g))
		goto out;
	err = -EINVAL;
	if (BN_is_zero(x) || BN_cmp(x, p) >= 0)
		goto out;
	BN_set_flags(x, BN_FLG_CONSTTIME);
	err = -EIO;
	if (BN_mod_exp(y, g, x, p, bnctx))
		err = modp_fromdata(alg, x, y, out);
out:
	BN_clear_free(x);
	BN_free(y);
	BN_free(p);
	BN_free(g);
	BN_CTX_free(bnctx);
	EVP_PKEY_free(params);
	return err;
}

static int modp_export_pub(const struct ike_dh_key *dh, uint8_t *out)
{
	BIGNUM *y = NULL;
	int n;

	if (!EVP_PKEY_get_bn_param(dh->key, OSSL_PKEY_PARAM_PUB_KEY, &y))
		return -EIO;
	n = BN_bn2binpad(y, out, (int)dh->alg->info.public_len);
	BN_free(y);
	return n < 0 ? -EIO : 0;
}

/* 1 < y < p-1 here; the subgroup check is OpenSSL's, at derive time. */
static int modp_peer(const struct ike_dh_key *dh, const uint8_t *pub,
		     EVP_PKEY **out)
{
	BIGNUM *y = BN_bin2bn(pub, (int)dh->alg->info.public_len, NULL);
	BIGNUM *p = NULL;
	int err = -ENOMEM;

	*out = NULL;
	if (!y)
		return -ENOMEM;
	if (!EVP_PKEY_get_bn_param(dh->key, OSSL_PKEY_PARAM_FFC_P, &p) ||
	    !BN_sub_word(p, 1))
		goto out;
	err = -EINVAL;
	if (BN_cmp(y, BN_value_one()) <= 0 || BN_cmp(y, p) >= 0)
		goto out;
	err = modp_fromdata(dh->alg, NULL, y, out);
out:
	BN_free(y);
	BN_free(p);
	return err;
}

/* ---- ECP (RFC 5903): public value x | y, no 0x04 prefix on the wire ------ */

/* An EC key of alg's curve from scalar d (may be NULL) and point Q. */
static int ecp_fromdata(const struct ike_dh_alg *alg, const BIGNUM *d,
			const uint8_t *q, size_t q_len, EVP_PKEY **out)
{
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	int err = -ENOMEM;

	*out = NULL;
	if (!bld)
		return -ENOMEM;
	if (OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME,
					    alg->group, 0) &&
	    OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY,
					     q, q_len) &&
	    (!d || OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY, d)))
		err = pkey_fromdata("EC", d ? EVP_PKEY_KEYPAIR :
				    EVP_PKEY_PUBLIC_KEY, bld, out);
	OSSL_PARAM_BLD_free(bld);
	return err;
}

/* Q = d G, computed here since OpenSSL 3.0 import does not. */
static int ecp_import_priv(const struct ike_dh_alg *alg, const uint8_t *priv,
			   size_t len, EVP_PKEY **out)
{
	int nid = EC_curve_nist2nid(alg->group);
	EC_GROUP *group = EC_GROUP_new_by_curve_name(nid);
	BIGNUM *d = BN_secure_new();
	BN_CTX *bnctx = BN_CTX_secure_new();
	EC_POINT *q = group ? EC_POINT_new(group) : NULL;
	uint8_t buf[DH_PUB_MAX];
	size_t q_len;
	int err = -ENOMEM;

	*out = NULL;
	if (!q || !d || !bnctx || !BN_bin2bn(priv, (int)len, d))
		goto out;
	err = -EINVAL;
	if (len != alg->info.secret_len || BN_is_zero(d) ||
	    BN_cmp(d, EC_GROUP_get0_order(group)) >= 0)
		goto out;
	err = -EIO;
	if (!EC_POINT_mul(group, q, d, NULL, NULL, bnctx))
		goto out;
	q_len = EC_POINT_point2oct(group, q, POINT_CONVERSION_UNCOMPRESSED,
				   buf, sizeof(buf), bnctx);
	if (q_len == 1 + alg->info.public_len)
		err = ecp_fromdata(alg, d, buf, q_len, out);
out:
	EC_POINT_free(q);
	EC_GROUP_free(group);
	BN_clear_free(d);
	BN_CTX_free(bnctx);
	return err;
}

static int ecp_export_pub(const struct ike_dh_key *dh, uint8_t *out)
{
	uint8_t buf[DH_PUB_MAX];
	size_t len = 0;

	if (!EVP_PKEY_get_octet_string_param(dh->key, OSSL_PKEY_PARAM_PUB_KEY,
					     buf, sizeof(buf), &len) ||
	    len != 1 + dh->alg->info.public_len ||
	    buf[0] != POINT_CONVERSION_UNCOMPRESSED)
		return -EIO;
	memcpy(out, buf + 1, len - 1);
	return 0;
}

/* OpenSSL refuses a point that is not on the curve. */
static int ecp_peer(const struct ike_dh_key *dh, const uint8_t *pub,
		    EVP_PKEY **out)
{
	uint8_t buf[DH_PUB_MAX];
	size_t len = dh->alg->info.public_len;

	buf[0] = POINT_CONVERSION_UNCOMPRESSED;
	memcpy(buf + 1, pub, len);
	return ecp_fromdata(dh->alg, NULL, buf, 1 + len, out);
}

/* ---- Curve25519 (RFC 7748, RFC 8031) ------------------------------------- */

static int x25519_import_priv(const struct ike_dh_alg *alg, const uint8_t *priv,
			      size_t len, EVP_PKEY **out)
{
	if (len != alg->info.secret_len)
		return -EINVAL;
	*out = EVP_PKEY_new_raw_private_key_ex(NULL, alg->group, NULL,
					       priv, len);
	return *out ? 0 : -EIO;
}

static int x25519_export_pub(const struct ike_dh_key *dh, uint8_t *out)
{
	size_t len = dh->alg->info.public_len;

	if (!EVP_PKEY_get_raw_public_key(dh->key, out, &len) ||
	    len != dh->alg->info.public_len)
		return -EIO;
	return 0;
}

static int x25519_peer(const struct ike_dh_key *dh, const uint8_t *pub,
		       EVP_PKEY **out)
{
	*out = EVP_PKEY_new_raw_public_key_ex(NULL, dh->alg->group, NULL, pub,
					      dh->alg->info.public_len);
	return *out ? 0 : -EINVAL;
}

static const struct dh_ops dh_ops[] = {
	[IKE_DH_KIND_MODP] = { "DH", modp_import_priv, modp_export_pub,
			       modp_peer },
	[IKE_DH_KIND_ECP] = { "EC", ecp_import_priv, ecp_export_pub,
			      ecp_peer },
	[IKE_DH_KIND_X25519] = { "X25519", x25519_import_priv,
				 x25519_export_pub, x25519_peer },
};

/* ---- The shared part ----------------------------------------------------- */

static int dh_wrap(struct ike_dh_key **out, const struct ike_dh_alg *alg,
		   EVP_PKEY *key)
{
	struct ike_dh_key *dh = OPENSSL_zalloc(sizeof(*dh));

	if (!dh) {
		EVP_PKEY_free(key);
		return -ENOMEM;
	}
	dh->alg = alg;
	dh->key = key;
	*out = dh;
	return 0;
}

static int dh_generate(const struct ike_dh_alg *alg, EVP_PKEY **out)
{
	EVP_PKEY_CTX *ctx;
	OSSL_PARAM params[2];
	char group[16];
	int err = -EIO;

	*out = NULL;
	ctx = EVP_PKEY_CTX_new_from_name(NULL, dh_ops[alg->kind].type, NULL);
	if (!ctx)
		return -ENOMEM;
	strncpy(group, alg->group, sizeof(group) - 1);
	group[sizeof(group) - 1] = '\0';
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME,
						     group, 0);
	params[1] = OSSL_PARAM_construct_end();
	if (EVP_PKEY_keygen_init(ctx) <= 0)
		goto out;
	if (alg->kind != IKE_DH_KIND_X25519 &&
	    EVP_PKEY_CTX_set_params(ctx, params) <= 0)
		goto out;
	if (EVP_PKEY_generate(ctx, out) > 0)
		err = 0;
out:
	EVP_PKEY_CTX_free(ctx);
	return err;
}

int ike_dh_new(struct ike_dh_key **out, uint16_t group)
{
	const struct ike_dh_alg *alg = ike_crypto_dh_alg(group);
	EVP_PKEY *key;
	int err;

	*out = NULL;
	if (!alg)
		return -ENOTSUP;
	err = dh_generate(alg, &key);
	if (err) {
		ERR_clear_error();
		return err;
	}
	return dh_wrap(out, alg, key);
}

int ike_dh_new_private_for_test(struct ike_dh_key **out, uint16_t group,
				const void *priv, size_t priv_len)
{
	const struct ike_dh_alg *alg = ike_crypto_dh_alg(group);
	EVP_PKEY *key;
	int err;

	*out = NULL;
	if (!alg)
		return -ENOTSUP;
	if (!priv_len || priv_len > alg->info.secret_len)
		return -EINVAL;
	err = dh_ops[alg->kind].import_priv(alg, priv, priv_len, &key);
	if (err) {
		ERR_clear_error();
		return err;
	}
	return dh_wrap(out, alg, key);
}

/* EVP_PKEY_free wipes the private key. */
void ike_dh_free(struct ike_dh_key *dh)
{
	if (!dh)
		return;
	EVP_PKEY_free(dh->key);
	OPENSSL_free(dh);
}

uint16_t ike_dh_group(const struct ike_dh_key *dh)
{
	return dh->alg->info.group;
}

size_t ike_dh_public_len(const struct ike_dh_key *dh)
{
	return dh->alg->info.public_len;
}

int ike_dh_public(const struct ike_dh_key *dh, void *out, size_t out_len)
{
	if (out_len != dh->alg->info.public_len)
		return -EINVAL;
	return dh_ops[dh->alg->kind].export_pub(dh, out);
}

/* g^ir into s, left-padded to the group's secret length. */
static int dh_derive(const struct ike_dh_key *dh, EVP_PKEY *peer,
		     struct ike_secret *s)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, dh->key, NULL);
	size_t len = s->len;
	int err = -EIO;

	if (!ctx)
		return -ENOMEM;
	if (EVP_PKEY_derive_init(ctx) <= 0)
		goto out;
	if (dh->alg->kind == IKE_DH_KIND_MODP &&
	    EVP_PKEY_CTX_set_dh_pad(ctx, 1) <= 0)
		goto out;
	err = -EINVAL;
	if (EVP_PKEY_derive_set_peer_ex(ctx, peer, 1) <= 0 ||
	    EVP_PKEY_derive(ctx, s->data, &len) <= 0 || len > s->len)
		goto out;
	memmove(s->data + (s->len - len), s->data, len);
	memset(s->data, 0, s->len - len);
	err = 0;
out:
	EVP_PKEY_CTX_free(ctx);
	return err;
}

/* RFC 8031 2: an all-zero X25519 output must be refused. */
static bool x25519_zero(const struct ike_dh_key *dh, const struct ike_secret *s)
{
	uint8_t acc = 0;

	if (dh->alg->kind != IKE_DH_KIND_X25519)
		return false;
	for (size_t i = 0; i < s->len; i++)
		acc |= s->data[i];
	return acc == 0;
}

int ike_dh_compute(const struct ike_dh_key *dh, const void *peer,
		   size_t peer_len, struct ike_secret **gir)
{
	EVP_PKEY *pkey = NULL;
	int err;

	*gir = NULL;
	if (peer_len != dh->alg->info.public_len)
		return -EINVAL;
	err = dh_ops[dh->alg->kind].peer(dh, peer, &pkey);
	if (!err)
		err = ike_crypto_secret_alloc(gir, dh->alg->info.secret_len);
	if (!err)
		err = dh_derive(dh, pkey, *gir);
	if (!err && x25519_zero(dh, *gir))
		err = -EINVAL;
	if (err) {
		ike_crypto_secret_free(*gir);
		*gir = NULL;
		ERR_clear_error();
	}
	EVP_PKEY_free(pkey);
	return err;
}
