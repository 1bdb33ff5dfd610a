// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Proposal strings as swanctl writes them: algorithms joined by '-', any
 * number of each kind, e.g. "aes256gcm16-prfsha384-x25519" (IKE) or
 * "aes128-sha256-modp2048-esn" (ESP with PFS). Only what the crypto layer
 * implements is accepted; everything else is named in the error.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "config_impl.h"
#include "codec/wire.h"

enum tok_kind { TOK_ENCR, TOK_INTEG, TOK_PRF, TOK_DH, TOK_ESN };

struct prop_tok {
	const char *name;
	uint8_t kind;		/* enum tok_kind */
	bool aead;
	uint16_t id, bits;	/* IANA id; ENCR: key bits */
	uint16_t prf;		/* INTEG: the PRF of the same hash */
};

static const struct prop_tok prop_toks[] = {
	{ "aes128", TOK_ENCR, false, IKE_ENCR_AES_CBC, 128, 0 },
	{ "aes256", TOK_ENCR, false, IKE_ENCR_AES_CBC, 256, 0 },
	{ "aes128gcm16", TOK_ENCR, true, IKE_ENCR_AES_GCM_16, 128, 0 },
	{ "aes128gcm", TOK_ENCR, true, IKE_ENCR_AES_GCM_16, 128, 0 },
	{ "aes256gcm16", TOK_ENCR, true, IKE_ENCR_AES_GCM_16, 256, 0 },
	{ "aes256gcm", TOK_ENCR, true, IKE_ENCR_AES_GCM_16, 256, 0 },
	{ "sha256", TOK_INTEG, false, IKE_INTEG_HMAC_SHA2_256_128, 0,
	  IKE_PRF_HMAC_SHA2_256 },
	{ "sha2_256", TOK_INTEG, false, IKE_INTEG_HMAC_SHA2_256_128, 0,
	  IKE_PRF_HMAC_SHA2_256 },
	{ "sha384", TOK_INTEG, false, IKE_INTEG_HMAC_SHA2_384_192, 0,
	  IKE_PRF_HMAC_SHA2_384 },
	{ "sha2_384", TOK_INTEG, false, IKE_INTEG_HMAC_SHA2_384_192, 0,
	  IKE_PRF_HMAC_SHA2_384 },
	{ "sha512", TOK_INTEG, false, IKE_INTEG_HMAC_SHA2_512_256, 0,
	  IKE_PRF_HMAC_SHA2_512 },
	{ "sha2_512", TOK_INTEG, false, IKE_INTEG_HMAC_SHA2_512_256, 0,
	  IKE_PRF_HMAC_SHA2_512 },
	{ "prfsha256", TOK_PRF, false, IKE_PRF_HMAC_SHA2_256, 0, 0 },
	{ "prfsha384", TOK_PRF, false, IKE_PRF_HMAC_SHA2_384, 0, 0 },
	{ "prfsha512", TOK_PRF, false, IKE_PRF_HMAC_SHA2_512, 0, 0 },
	{ "modp2048", TOK_DH, false, IKE_DH_MODP2048, 0, 0 },
	{ "ecp256", TOK_DH, false, IKE_DH_ECP256, 0, 0 },
	{ "ecp384", TOK_DH, false, IKE_DH_ECP384, 0, 0 },
	{ "x25519", TOK_DH, false, IKE_DH_CURVE25519, 0, 0 },
	{ "curve25519", TOK_DH, false, IKE_DH_CURVE25519, 0, 0 },
	{ "noesn", TOK_ESN, false, IKE_ESN_NO, 0, 0 },
	{ "esn", TOK_ESN, false, IKE_ESN_YES, 0, 0 },
};

/* The proposals of a list that is not given: AEAD first. */
static const char *const default_ike[] = {
	"aes256gcm16-aes128gcm16-prfsha384-prfsha256-"
	"x25519-ecp384-ecp256-modp2048",
	"aes256-aes128-sha384-sha256-x25519-ecp384-ecp256-modp2048",
};
static const char *const default_esp[] = {
	"aes256gcm16-aes128gcm16",
	"aes256-aes128-sha384-sha256",
};

/* While parsing one string: the first token of each sort, for errors. */
struct prop_state {
	bool ike;
	const struct prop_tok *aead, *cbc, *integ;
	char *err;
	size_t errlen;
};

#define prop_err(st, ...) cfg_seterr((st)->err, (st)->errlen, __VA_ARGS__)

static const struct prop_tok *tok_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(prop_toks); i++)
		if (!strcasecmp(prop_toks[i].name, name))
			return &prop_toks[i];
	return NULL;
}

/* Appends v to list (n entries, no duplicates). */
static int add_u16(uint16_t *list, uint8_t *n, uint16_t v)
{
	for (uint8_t i = 0; i < *n; i++)
		if (list[i] == v)
			return 0;
	if (*n >= CFG_MAX_XF)
		return -ENOSPC;
	list[(*n)++] = v;
	return 0;
}

static int add_encr(struct cfg_proposal *p, const struct prop_tok *t)
{
	for (uint8_t i = 0; i < p->n_encr; i++)
		if (p->encr[i].id == t->id && p->encr[i].bits == t->bits)
			return 0;
	if (p->n_encr >= CFG_MAX_XF)
		return -ENOSPC;
	p->encr[p->n_encr].id = t->id;
	p->encr[p->n_encr++].bits = t->bits;
	return 0;
}

static int add_esn(struct cfg_proposal *p, uint16_t v)
{
	if (p->n_esn && p->esn[0] == v)
		return 0;
	if (p->n_esn == 2)
		return p->esn[1] == v ? 0 : -ENOSPC;
	p->esn[p->n_esn++] = (uint8_t)v;
	return 0;
}

/* Adds one token to the proposal. */
static int prop_add(struct prop_state *st, struct cfg_proposal *p,
		    const char *name)
{
	const struct prop_tok *t = tok_find(name);
	int rc = 0;

	if (!t)
		return prop_err(st, "unknown algorithm \"%s\"", name);
	if (t->kind == TOK_PRF && !st->ike)
		return prop_err(st, "\"%s\" is for IKE proposals only", name);
	if (t->kind == TOK_ESN && st->ike)
		return prop_err(st, "\"%s\" is for ESP proposals only", name);
	if (t->kind == TOK_ENCR && t->aead && !st->aead)
		st->aead = t;
	if (t->kind == TOK_ENCR && !t->aead && !st->cbc)
		st->cbc = t;
	if (t->kind == TOK_INTEG && !st->integ)
		st->integ = t;
	switch (t->kind) {
	case TOK_ENCR: rc = add_encr(p, t); break;
	case TOK_INTEG: rc = add_u16(p->integ, &p->n_integ, t->id); break;
	case TOK_PRF: rc = add_u16(p->prf, &p->n_prf, t->id); break;
	case TOK_DH: rc = add_u16(p->dh, &p->n_dh, t->id); break;
	case TOK_ESN: rc = add_esn(p, t->id); break;
	}
	if (rc)
		return prop_err(st, "too many algorithms of the kind of \"%s\" "
				"(at most %d)", name, CFG_MAX_XF);
	return 0;
}

/* IKE without a PRF: the PRFs of the integrity algorithms' hashes. */
static void prf_from_integ(struct cfg_proposal *p)
{
	for (uint8_t i = 0; i < p->n_integ; i++)
		for (size_t j = 0; j < ARRAY_SIZE(prop_toks); j++)
			if (prop_toks[j].kind == TOK_INTEG &&
			    prop_toks[j].id == p->integ[i])
				add_u16(p->prf, &p->n_prf, prop_toks[j].prf);
}

/* The combination is one the crypto layer can negotiate. */
static int prop_check(struct prop_state *st, struct cfg_proposal *p)
{
	if (!p->n_encr)
		return prop_err(st, "no encryption algorithm "
				"(e.g. aes256gcm16)");
	if (st->aead && st->cbc)
		return prop_err(st, "\"%s\" (AEAD) and \"%s\" (not AEAD) in "
				"one proposal: use two proposals",
				st->aead->name, st->cbc->name);
	if (st->aead && st->integ)
		return prop_err(st, "\"%s\" is AEAD and takes no integrity "
				"algorithm, but \"%s\" is given",
				st->aead->name, st->integ->name);
	if (st->cbc && !st->integ)
		return prop_err(st, "\"%s\" needs an integrity algorithm "
				"(e.g. sha256)", st->cbc->name);
	if (st->ike && !p->n_dh)
		return prop_err(st, "no key exchange group (e.g. x25519)");
	if (st->ike && !p->n_prf && st->aead)
		return prop_err(st, "\"%s\" is AEAD and needs an explicit prf "
				"(e.g. prfsha256)", st->aead->name);
	if (st->ike && !p->n_prf)
		prf_from_integ(p);
	if (!st->ike && !p->n_esn)
		p->esn[p->n_esn++] = IKE_ESN_NO;
	return 0;
}

int cfg_proposal_parse(const char *s, bool ike, struct cfg_proposal *out,
		       char *err, size_t errlen)
{
	struct prop_state st = { .ike = ike, .err = err, .errlen = errlen };
	char buf[256], *tok, *next;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (strlen(s) >= sizeof(buf))
		return prop_err(&st, "too long");
	if (!*s)
		return prop_err(&st, "empty");
	strcpy(buf, s);
	for (tok = buf; tok && !rc; tok = next) {
		next = strchr(tok, '-');
		if (next)
			*next++ = '\0';
		rc = *tok ? prop_add(&st, out, tok)
			  : prop_err(&st, "empty algorithm between '-'");
	}
	if (!rc)
		rc = prop_check(&st, out);
	if (rc)
		memset(out, 0, sizeof(*out));
	return rc;
}

int cfg_proposals_default(bool ike, struct cfg_proposal *out, uint8_t *n)
{
	const char *const *list = ike ? default_ike : default_esp;
	size_t count = ike ? ARRAY_SIZE(default_ike) : ARRAY_SIZE(default_esp);
	int rc = 0;

	for (size_t i = 0; i < count && !rc; i++) {
		if (*n >= CFG_MAX_PROPS)
			return -ENOSPC;
		rc = cfg_proposal_parse(list[i], ike, &out[(*n)++], NULL, 0);
	}
	return rc;
}

struct props_arg {
	bool ike;
	struct cfg_proposal *out;
	uint8_t *n;
};

static int proposal_item(struct cfg_ctx *x, const config_setting_t *at,
			 const char *item, void *arg)
{
	struct props_arg *a = arg;
	char why[160];

	if (!strcmp(item, "default")) {
		if (cfg_proposals_default(a->ike, a->out, a->n))
			return cfg_err(x, at, "more than %d proposals",
				       CFG_MAX_PROPS);
		return 0;
	}
	if (*a->n >= CFG_MAX_PROPS)
		return cfg_err(x, at, "more than %d proposals", CFG_MAX_PROPS);
	if (cfg_proposal_parse(item, a->ike, &a->out[*a->n], why, sizeof(why)))
		return cfg_err(x, at, "\"%s\": %s", item, why);
	(*a->n)++;
	return 0;
}

int cfg_proposals_read(struct cfg_ctx *x, const config_setting_t *s,
		       bool ike, struct cfg_proposal *out, uint8_t *n)
{
	struct props_arg a = { ike, out, n };

	*n = 0;
	if (!s)
		return cfg_proposals_default(ike, out, n);
	return cfg_each_item(x, s, proposal_item, &a);
}
