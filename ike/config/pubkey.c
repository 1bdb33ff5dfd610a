// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A connection's public-key credentials, loaded and checked at cfg_load:
 *
 *   local = { auth = "pubkey"; certs = ["a.pem", "int.pem"]; id = "..."; }
 *   remote = { auth = "pubkey"; cacerts = ["ca.pem"]; id = "..."; }
 *
 * Our end certificate (the first of certs, the others intermediates) must
 * be current, hold our id, chain to a known CA (remote.cacerts and the
 * files of x509ca/), and have a private key in the secrets. The peer's
 * trust anchors are remote.cacerts, or every file of x509ca/; every file
 * of x509crl/ is a CRL. Relative names: x509/ (certs), x509ca/ (CAs).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "config_impl.h"
#include "crypto/pki.h"

#define WHY_MAX 512

typedef int (*dir_fn)(struct cfg_ctx *x, const config_setting_t *at,
		      const char *path, void *arg);

/* fn for every regular file of x509_dir/sub, in name order; *n counts. */
static int each_file(struct cfg_ctx *x, const config_setting_t *at,
		     const char *sub, dir_fn fn, void *arg, int *n)
{
	char dir[CFG_PATH_MAX + 16], path[CFG_PATH_MAX + 300];
	struct dirent **names = NULL;
	int count, rc = 0;

	*n = 0;
	if (cfg_x509_path(x, sub, ".", dir, sizeof(dir)))
		return cfg_bad(x, at, "x509_dir is too long");
	count = scandir(dir, &names, NULL, alphasort);
	if (count < 0 && errno != ENOENT)	/* a missing one is empty */
		return cfg_err(x, at, "%s: cannot list: %s", dir,
			       strerror(errno));
	for (int i = 0; i < count; i++) {
		struct stat st;

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
		if (!rc && names[i]->d_name[0] != '.' && !stat(path, &st) &&
		    S_ISREG(st.st_mode)) {
			rc = fn(x, at, path, arg);
			++*n;
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

static int cert_load(struct cfg_ctx *x, const config_setting_t *at,
		     const char *sub, const char *item, struct ike_x509 **out)
{
	char path[CFG_PATH_MAX + 300], why[WHY_MAX];
	int rc;

	if (cfg_x509_path(x, sub, item, path, sizeof(path)))
		return cfg_err(x, at, "\"%s\" is too long", item);
	rc = ike_x509_load(out, path, why, sizeof(why));
	if (rc == -ENOMEM)
		return rc;
	return rc ? cfg_err(x, at, "\"%s\": %s", item, why) : 0;
}

/* ---- our end --------------------------------------------------------- */

static int local_cert_item(struct cfg_ctx *x, const config_setting_t *at,
			   const char *item, void *arg)
{
	struct cfg_conn *c = arg;

	if (c->n_certs >= CFG_CERTS_MAX)
		return cfg_err(x, at, "more than %d certificates",
			       CFG_CERTS_MAX);
	return cert_load(x, at, "x509", item, &c->certs[c->n_certs++]);
}

/* x509ca/ file or cacerts item into a trust store. */
static int ca_file(struct cfg_ctx *x, const config_setting_t *at,
		   const char *path, void *arg)
{
	struct ike_x509 *ca;
	char why[WHY_MAX];
	int rc = ike_x509_load(&ca, path, why, sizeof(why));

	if (rc)
		return rc == -ENOMEM ? rc : cfg_err(x, at, "%s", why);
	rc = ike_trust_add_ca(arg, ca);
	ike_x509_free(ca);
	return rc ? cfg_err(x, at, "%s: cannot use as a CA", path) : 0;
}

/* A file of x509ca/ that is no certificate (a serial file, a README) is
 * skipped with a warning, as strongSwan does; a listed one is an error. */
static int ca_dir_file(struct cfg_ctx *x, const config_setting_t *at,
		       const char *path, void *arg)
{
	struct ike_x509 *ca;
	char why[WHY_MAX];
	int rc = ike_x509_load(&ca, path, why, sizeof(why));

	if (rc == -ENOMEM)
		return rc;
	if (rc) {
		msa_warn("%s: skipped, not a CA certificate: %s", path, why);
		return 0;
	}
	ike_x509_free(ca);
	return ca_file(x, at, path, arg);
}

static int ca_item(struct cfg_ctx *x, const config_setting_t *at,
		   const char *item, void *arg)
{
	char path[CFG_PATH_MAX + 300];

	if (cfg_x509_path(x, "x509ca", item, path, sizeof(path)))
		return cfg_err(x, at, "\"%s\" is too long", item);
	return ca_file(x, at, path, arg);
}

/* The CAs of remote.cacerts (or all of x509ca/) into t. */
static int cas_read(struct cfg_ctx *x, const config_setting_t *remote,
		    const config_setting_t *at, struct ike_trust *t)
{
	const config_setting_t *cas = remote ?
		config_setting_get_member(remote, "cacerts") : NULL;
	int n = 0;

	if (cas)
		return cfg_each_item(x, cas, ca_item, t);
	return each_file(x, at, "x509ca", ca_dir_file, t, &n);
}

/* certs[0] chains to a CA we know (certs[1..] as intermediates). */
static int local_chain(struct cfg_ctx *x, const config_setting_t *at,
		       const config_setting_t *remote, struct cfg_conn *c)
{
	struct ike_trust *t;
	char why[WHY_MAX];
	int n = 0, rc = ike_trust_new(&t);

	if (!rc)
		rc = cas_read(x, remote, at, t);
	if (!rc && remote && config_setting_get_member(remote, "cacerts"))
		rc = each_file(x, at, "x509ca", ca_dir_file, t, &n);
	if (!rc && ike_trust_verify(t, c->certs[0], c->certs + 1,
				    c->n_certs - 1u, why, sizeof(why)))
		rc = cfg_err(x, at, "does not chain to a configured CA "
			     "(remote.cacerts, %s/x509ca): %s", x->x509_dir,
			     why);
	ike_trust_free(t);
	return rc;
}

static int local_id(struct cfg_ctx *x, const config_setting_t *l,
		    struct cfg_conn *c)
{
	struct cfg_id *id = &c->local_id;
	char subj[256];
	size_t len;

	if (!id->type) {
		if (ike_x509_subject_der(c->certs[0], id->data, CFG_ID_MAX,
					 &len))
			return cfg_err(x, cfg_at(l, "certs", NULL), "the "
				       "subject DN is too long for an id; "
				       "set local.id");
		id->type = IKE_ID_DER_ASN1_DN;
		id->len = (uint16_t)len;
		return 0;
	}
	if (ike_x509_has_id(c->certs[0], id->type, id->data, id->len))
		return 0;
	ike_x509_subject(c->certs[0], subj, sizeof(subj));
	return cfg_bad(x, cfg_at(l, "id", NULL), "is not in the certificate "
		       "%s (neither its subject nor a subjectAltName)", subj);
}

static int local_key(struct cfg_ctx *x, const config_setting_t *at,
		     struct cfg_conn *c)
{
	char subj[256];

	for (const struct cfg_privkey *k = x->keys; k; k = k->next)
		if (ike_privkey_matches(k->key, c->certs[0])) {
			c->key = ike_privkey_ref(k->key);
			return 0;
		}
	ike_x509_subject(c->certs[0], subj, sizeof(subj));
	return cfg_err(x, at, "no private key in secrets matches the "
		       "certificate %s (secrets { private-x { file = ...; } })",
		       subj);
}

static int local_read(struct cfg_ctx *x, const config_setting_t *l,
		      const config_setting_t *r, struct cfg_conn *c)
{
	const config_setting_t *certs = config_setting_get_member(l, "certs");
	char why[WHY_MAX];
	int rc;

	if (!certs)
		return cfg_err(x, l, "auth = \"pubkey\" needs certs (our "
			       "certificate, then intermediates)");
	rc = cfg_each_item(x, certs, local_cert_item, c);
	if (!rc && !c->n_certs)
		return cfg_err(x, certs, "no certificate");
	if (!rc && ike_x509_key_type(c->certs[0]) == IKE_KEY_NONE)
		return cfg_err(x, certs, "unsupported key type in the "
			       "certificate (RSA, ECDSA P-256/384/521, Ed25519)");
	if (!rc && ike_x509_check_time(c->certs[0], why, sizeof(why)))
		return cfg_err(x, certs, "%s", why);
	if (!rc)
		rc = local_key(x, certs, c);
	if (!rc)
		rc = local_id(x, l, c);
	return rc ? rc : local_chain(x, certs, r, c);
}

/* ---- the peer's end --------------------------------------------------- */

static int crl_file(struct cfg_ctx *x, const config_setting_t *at,
		    const char *path, void *arg)
{
	char why[WHY_MAX];

	if (ike_trust_add_crl(arg, path, why, sizeof(why)))
		return cfg_err(x, at, "%s", why);
	return 0;
}

static int remote_read(struct cfg_ctx *x, const config_setting_t *r,
		       struct cfg_conn *c)
{
	int n = 0, rc = ike_trust_new(&c->trust);

	if (!rc)
		rc = cas_read(x, r, r, c->trust);
	if (!rc && !ike_trust_n_cas(c->trust))
		return cfg_err(x, r, "auth = \"pubkey\" needs a trust anchor: "
			       "cacerts, or a CA file in %s/x509ca",
			       x->x509_dir);
	return rc ? rc : each_file(x, r, "x509crl", crl_file, c->trust, &n);
}

static int side_only(struct cfg_ctx *x, const config_setting_t *g,
		     const char *key, const char *where)
{
	const config_setting_t *s = g ? config_setting_get_member(g, key) :
				    NULL;

	return s ? cfg_err(x, s, "belongs in %s", where) : 0;
}

int cfg_conn_pubkey(struct cfg_ctx *x, const config_setting_t *s,
		    struct cfg_conn *c)
{
	const config_setting_t *l = config_setting_get_member(s, "local");
	const config_setting_t *r = config_setting_get_member(s, "remote");
	int rc = side_only(x, l, "cacerts", "remote (the peer's CAs)");

	if (!rc)
		rc = side_only(x, r, "certs", "local (our certificates)");
	if (!rc && c->local_auth != CFG_AUTH_PUBKEY)
		rc = side_only(x, l, "certs", "auth = \"pubkey\" only");
	if (!rc && c->remote_auth != CFG_AUTH_PUBKEY)
		rc = side_only(x, r, "cacerts", "auth = \"pubkey\" only");
	if (!rc && c->local_auth == CFG_AUTH_PUBKEY)
		rc = local_read(x, l, r, c);
	if (!rc && c->remote_auth == CFG_AUTH_PUBKEY)
		rc = remote_read(x, r, c);
	return rc;
}

void cfg_conn_pubkey_free(struct cfg_conn *c)
{
	for (int i = 0; i < c->n_certs; i++)
		ike_x509_free(c->certs[i]);
	ike_privkey_free(c->key);
	ike_trust_free(c->trust);
	c->n_certs = 0;
	c->key = NULL;
	c->trust = NULL;
}
