/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Inside the configuration loader (config*.c); nothing else includes this.
 *
 *   config.c           cfg_load: files, the top level, global, cfg_free
 *   config_conn.c      connections, their local/remote ends, lifetimes
 *   config_child.c     children
 *   config_secret.c    secrets sections, the secrets file, PSK matching
 *   config_get.c       typed getters over libconfig settings, key tables,
 *                      error lines "file:line: key.path: value reason"
 *   config_proposal.c  proposal strings
 *   config_ts.c        traffic selector strings
 *   config_value.c     times, sizes, addresses, identities, secret encodings
 */
#ifndef IKE_CONFIG_IMPL_H
#define IKE_CONFIG_IMPL_H

#include <libconfig.h>

#include "config.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* A lifetime field not set in the file yet (the key's maximum is one less). */
#define CFG_UNSET32	UINT32_MAX
#define CFG_UNSET64	UINT64_MAX

#define CFG_SECRET_IDS	8	/* identities one secrets entry names */

/* One secrets entry, while loading: a PSK and the identities it is for. */
struct cfg_secret {
	struct cfg_secret *next;
	uint8_t n_ids;
	struct cfg_id ids[CFG_SECRET_IDS];
	uint16_t len;
	uint8_t psk[CFG_PSK_MAX];
};

/* One private key of the secrets (private-NAME = { file; secret; }). */
struct cfg_privkey {
	struct cfg_privkey *next;
	struct ike_privkey *key;
};

/* The state of one cfg_load. */
struct cfg_ctx {
	const char *path;		/* the main file, named in errors */
	char *err;
	size_t errlen;
	struct cfg_secret *secrets;	/* in file order */
	struct cfg_privkey *keys;	/* in file order */
	const char *x509_dir;		/* global.x509_dir */
};

/* ---- config.c ------------------------------------------------------- */

/* Parses path into lc (includes relative to its directory). */
int cfg_read_file(struct cfg_ctx *x, config_t *lc, const char *path);
/* The same from an open stream (named path in errors), no includes. */
int cfg_read_stream(struct cfg_ctx *x, config_t *lc, FILE *f,
		    const char *path);

/* ---- config_get.c ---------------------------------------------------- */

/* "file:line: key.path: " then fmt; returns -EINVAL. */
int cfg_err(struct cfg_ctx *x, const config_setting_t *s, const char *fmt,
	    ...) __attribute__((format(printf, 3, 4)));
/* As cfg_err with the setting's value after the path: `"tunel" is not`. */
int cfg_bad(struct cfg_ctx *x, const config_setting_t *s, const char *fmt,
	    ...) __attribute__((format(printf, 3, 4)));

enum cfg_kind {
	CFG_K_OTHER,	/* a known key the caller reads itself */
	CFG_K_U16,	/* uint16_t in [min, max] */
	CFG_K_U32,	/* uint32_t in [min, max] */
	CFG_K_SECS,	/* uint32_t seconds: a number or "30s", "5m", ... */
	CFG_K_MSECS,	/* uint32_t milliseconds: "100ms", "4s", ... */
	CFG_K_SIZE,	/* uint64_t: a number or "10k", "5M", "2G" */
	CFG_K_BOOL,	/* bool: true/false, "yes"/"no" */
	CFG_K_ENUM,	/* uint8_t: one of names */
	CFG_K_STR,	/* char[max]: a string shorter than max */
};

struct cfg_name {
	const char *name;
	uint8_t value;
};

/* One key of a group; tables end with a NULL name. */
struct cfg_key {
	const char *name;
	uint8_t kind;			/* enum cfg_kind */
	size_t off;			/* of the field in the walked object */
	uint64_t min, max;		/* numbers; CFG_K_STR: max = size */
	const struct cfg_name *names;	/* CFG_K_ENUM, ends with NULL */
};

/* Where an error about group g points: its member key, else its member
 * key2 (may be NULL), else g itself. */
const config_setting_t *cfg_at(const config_setting_t *g, const char *key,
			       const char *key2);
/* s must be a group ({ ... }). */
int cfg_want_group(struct cfg_ctx *x, const config_setting_t *s);
/* Every member of group must be in keys (or it is an error naming it);
 * the typed ones are stored into obj. */
int cfg_walk(struct cfg_ctx *x, const config_setting_t *group,
	     const struct cfg_key *keys, void *obj);

typedef int (*cfg_item_fn)(struct cfg_ctx *x, const config_setting_t *at,
			   const char *item, void *arg);
/* Calls fn for each item of a string list: "a, b", [ "a", "b" ] or
 * ( "a", "b" ); commas separate items inside every string. */
int cfg_each_item(struct cfg_ctx *x, const config_setting_t *s,
		  cfg_item_fn fn, void *arg);
/* s must be a string: *out is it. */
int cfg_get_str(struct cfg_ctx *x, const config_setting_t *s,
		const char **out);
/* A time setting in seconds, as CFG_K_SECS with a maximum. */
int cfg_get_secs(struct cfg_ctx *x, const config_setting_t *s, uint32_t max,
		 uint32_t *out);

/* ---- config_value.c -------------------------------------------------- */

/* Formats into err (if any); returns -EINVAL. */
int cfg_seterr(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Like cfg_time_parse; a plain number is seconds, "ms" is allowed. */
int cfg_time_ms_parse(const char *s, uint32_t *out);
/* An IP address or "%any" (family 0): 0 or -EINVAL. */
int cfg_addr_parse(const char *s, struct msa_ip *out);
/* An identity as swanctl writes it; "%any" gives type 0. 0 or -EINVAL
 * with the reason in why. */
int cfg_id_parse(const char *s, struct cfg_id *out, const char **why);
/* "0x<hex>", "0s<base64>" or the string's own bytes: 0 or -EINVAL with
 * the reason in why (never the secret). */
int cfg_secret_decode(const char *s, uint8_t *out, uint16_t *len,
		      const char **why);
bool cfg_id_equal(const struct cfg_id *a, const struct cfg_id *b);

/* ---- config_proposal.c ----------------------------------------------- */

/* The proposals used when a list is not given. */
int cfg_proposals_default(bool ike, struct cfg_proposal *out, uint8_t *n);

/* ---- config_secret.c ------------------------------------------------- */

/* The secrets group s (of any file). */
int cfg_secrets_read(struct cfg_ctx *x, const config_setting_t *s);
/* global.secrets_file: read its secrets, relative to the main file. */
int cfg_secrets_file(struct cfg_ctx *x, const config_setting_t *s);
/* A file of keys, by its open fd: ours, regular, closed to others (mode
 * 0600 or stricter), or an error at s saying how to fix it (filemode.c). */
int cfg_file_mode_ok(struct cfg_ctx *x, const config_setting_t *s,
		     const char *path, int fd);
/* The conn's PSK from its own secret (s: the conn group) or secrets. */
int cfg_conn_psk(struct cfg_ctx *x, const config_setting_t *s,
		 struct cfg_conn *c);
/* Wipes and frees the loaded secrets. */
void cfg_secrets_free(struct cfg_ctx *x);
/* Wipes every string value named "secret" below s, inside libconfig. */
void cfg_wipe_secret_strings(const config_setting_t *s);

/* ---- pubkey.c, privkey.c: certificates and private keys ------------- */

/* A secrets entry private-NAME (also rsa-, ecdsa-, pkcs8-). */
bool cfg_is_privkey_entry(const char *name);
int cfg_privkey_entry(struct cfg_ctx *x, const config_setting_t *g);
/* Unreferences the loaded private keys. */
void cfg_privkeys_free(struct cfg_ctx *x);
/* path of name in x509_dir/sub (name as is when absolute). 0 or -EINVAL. */
int cfg_x509_path(const struct cfg_ctx *x, const char *sub,
		  const char *name, char *buf, size_t len);
/* Certificates, keys and trust of a connection whose local or remote
 * auth is pubkey (s: the conn group). */
int cfg_conn_pubkey(struct cfg_ctx *x, const config_setting_t *s,
		    struct cfg_conn *c);

/* ---- config_conn.c, config_child.c ----------------------------------- */

int cfg_conns_read(struct cfg_ctx *x, const config_setting_t *s,
		   struct cfg *c);
int cfg_children_read(struct cfg_ctx *x, const config_setting_t *s,
		      struct cfg_conn *c);
/* Applies swanctl's lifetime defaults; s: the group, for errors. */
/* Seconds a time key may hold. */
#define CFG_TIME_MAX (CFG_UNSET32 - 1)
/* v + 10% (rounded up), at most max. */
uint64_t cfg_plus_tenth(uint64_t v, uint64_t max);
int cfg_life_finish(struct cfg_ctx *x, const config_setting_t *s,
		    struct cfg_lifetime *l, uint32_t rekey_default,
		    uint32_t over);
/* Reads a proposal list (or the defaults when s is NULL). */
int cfg_proposals_read(struct cfg_ctx *x, const config_setting_t *s,
		       bool ike, struct cfg_proposal *out, uint8_t *n);

#endif /* IKE_CONFIG_IMPL_H */
