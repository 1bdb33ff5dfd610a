// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * connections { NAME { ... } }: one IKE SA's settings each, in file order;
 * its children are read by config_child.c. Lifetimes follow swanctl: the
 * hard limit defaults to rekey + 10%, the jitter to their difference.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "config_impl.h"
#include "codec/wire.h"

#define IKE_REKEY_DEFAULT	(4 * 3600)

#define CONN_OFF(f)	offsetof(struct cfg_conn, f)

static const struct cfg_name childless_modes[] = {
	{ "allow", CFG_CHILDLESS_ALLOW }, { "force", CFG_CHILDLESS_FORCE },
	{ "never", CFG_CHILDLESS_NEVER }, { NULL, 0 },
};

static const struct cfg_key conn_keys[] = {
	{ "version", CFG_K_OTHER },
	{ "local_addrs", CFG_K_OTHER },
	{ "remote_addrs", CFG_K_OTHER },
	{ "local_port", CFG_K_U16, CONN_OFF(local_port), 1, 65535 },
	{ "remote_port", CFG_K_U16, CONN_OFF(remote_port), 1, 65535 },
	{ "proposals", CFG_K_OTHER },
	{ "local", CFG_K_OTHER },
	{ "remote", CFG_K_OTHER },
	{ "secret", CFG_K_OTHER },
	{ "dpd_delay", CFG_K_SECS, CONN_OFF(dpd_delay), 0, UINT32_MAX },
	{ "dpd_timeout", CFG_K_SECS, CONN_OFF(dpd_timeout), 0, UINT32_MAX },
	{ "rekey_time", CFG_K_SECS, CONN_OFF(life.rekey_time), 0, CFG_TIME_MAX },
	{ "over_time", CFG_K_OTHER },
	{ "rand_time", CFG_K_SECS, CONN_OFF(life.rand_time), 0, CFG_TIME_MAX },
	{ "encap", CFG_K_BOOL, CONN_OFF(encap) },
	{ "keyingtries", CFG_K_U32, CONN_OFF(keyingtries), 0, UINT32_MAX },
	{ "fragmentation", CFG_K_BOOL, CONN_OFF(fragmentation) },
	{ "childless", CFG_K_ENUM, CONN_OFF(childless), 0, 0, childless_modes },
	{ "children", CFG_K_OTHER },
	{ NULL },
};

/* ---- one connection -------------------------------------------------- */

static void conn_defaults(struct cfg_conn *c)
{
	c->local_port = 500;
	c->remote_port = 500;
	c->dpd_delay = 30;
	c->dpd_timeout = 150;
	c->keyingtries = 1;
	c->fragmentation = true;
	c->life.rekey_time = CFG_UNSET32;
	c->life.life_time = CFG_UNSET32;
	c->life.rand_time = CFG_UNSET32;
	c->life.life_bytes = CFG_UNSET64;
	c->life.life_packets = CFG_UNSET64;
}

static int conn_version(struct cfg_ctx *x, const config_setting_t *g,
			struct cfg_conn *c)
{
	const config_setting_t *s = config_setting_get_member(g, "version");
	int t = s ? config_setting_type(s) : CONFIG_TYPE_NONE;

	if (!s)
		return 0;
	if ((t != CONFIG_TYPE_INT && t != CONFIG_TYPE_INT64) ||
	    (config_setting_get_int64(s) != 0 &&
	     config_setting_get_int64(s) != 2))
		return cfg_bad(x, s, "is not 2 (or 0): only IKEv2 is "
			       "supported");
	return 0;
}

static int conn_addr(struct cfg_ctx *x, const config_setting_t *g,
		     const char *key, struct msa_ip *ip)
{
	const config_setting_t *s = config_setting_get_member(g, key);
	const char *str = NULL;
	int rc;

	if (!s)
		return 0;
	rc = cfg_get_str(x, s, &str);
	if (!rc && cfg_addr_parse(str, ip))
		rc = cfg_bad(x, s, "is not an IP address or %%any (one "
			     "address; no names, no lists)");
	return rc;
}

static int conn_addrs(struct cfg_ctx *x, const config_setting_t *g,
		      struct cfg_conn *c)
{
	int rc = conn_addr(x, g, "local_addrs", &c->local_addr);

	if (!rc)
		rc = conn_addr(x, g, "remote_addrs", &c->remote_addr);
	if (!rc && c->local_addr.family && c->remote_addr.family &&
	    c->local_addr.family != c->remote_addr.family)
		rc = cfg_bad(x, cfg_at(g, "remote_addrs", NULL), "is of "
			     "another address family than local_addrs");
	return rc;
}

/* What an end group says besides its id and credentials. */
struct end_opts {
	uint8_t auth;			/* enum cfg_auth */
	bool classic;
};

/*
 * local = { auth = "psk"; id = "..."; } or remote = { ... }; with
 * auth = "pubkey" also certs (local), cacerts (remote): pubkey.c.
 */
static int conn_end(struct cfg_ctx *x, const config_setting_t *g,
		    bool remote, struct cfg_id *id, struct end_opts *o)
{
	static const struct cfg_name auths[] = {
		{ "psk", CFG_AUTH_PSK }, { "pubkey", CFG_AUTH_PUBKEY },
		{ NULL, 0 },
	};
	static const struct cfg_key keys[] = {
		{ "auth", CFG_K_ENUM, offsetof(struct end_opts, auth), 0, 0,
		  auths },
		{ "id", CFG_K_OTHER },
		{ "certs", CFG_K_OTHER },
		{ "cacerts", CFG_K_OTHER },
		{ "classic_auth", CFG_K_BOOL,
		  offsetof(struct end_opts, classic) },
		{ NULL },
	};
	const config_setting_t *s = config_setting_get_member(g, "id");
	const char *str = NULL, *why = "";
	int rc = cfg_walk(x, g, keys, o);

	if (rc || !s)
		return rc;
	rc = cfg_get_str(x, s, &str);
	if (!rc && cfg_id_parse(str, id, &why))
		rc = cfg_bad(x, s, "%s", why);
	if (!rc && !remote && !id->type)
		rc = cfg_bad(x, s, "is only allowed for the remote id");
	return rc;
}

/* An IP address identity for ip (type 0 if ip is %any). */
static void id_from_addr(struct cfg_id *id, const struct msa_ip *ip)
{
	if (!ip->family)
		return;
	id->type = ip->family == AF_INET ? IKE_ID_IPV4_ADDR : IKE_ID_IPV6_ADDR;
	id->len = ip->family == AF_INET ? 4 : 16;
	memcpy(id->data, ip->addr, id->len);
}

static int conn_ends(struct cfg_ctx *x, const config_setting_t *g,
		     struct cfg_conn *c)
{
	const config_setting_t *l = config_setting_get_member(g, "local");
	const config_setting_t *r = config_setting_get_member(g, "remote");
	struct end_opts lo = { CFG_AUTH_PSK, true }, ro = lo;
	int rc = l ? conn_end(x, l, false, &c->local_id, &lo) : 0;

	if (!rc && r)
		rc = conn_end(x, r, true, &c->remote_id, &ro);
	c->local_auth = lo.auth;
	c->local_classic = lo.classic;
	c->remote_auth = ro.auth;
	c->remote_classic = ro.classic;
	/* with a certificate, the default id is its subject (pubkey.c) */
	if (!c->local_id.type && c->local_auth == CFG_AUTH_PSK)
		id_from_addr(&c->local_id, &c->local_addr);
	return rc;
}

static int conn_proposals(struct cfg_ctx *x, const config_setting_t *g,
			  struct cfg_conn *c)
{
	return cfg_proposals_read(x, config_setting_get_member(g, "proposals"),
				  true, c->ike, &c->n_ike);
}

static int conn_life(struct cfg_ctx *x, const config_setting_t *g,
		     struct cfg_conn *c)
{
	const config_setting_t *s = config_setting_get_member(g, "over_time");
	uint32_t over = c->life.rekey_time == CFG_UNSET32 ? IKE_REKEY_DEFAULT :
			c->life.rekey_time;
	int rc = 0;

	over = (uint32_t)cfg_plus_tenth(over, CFG_TIME_MAX) - over;
	if (s)
		rc = cfg_get_secs(x, s, CFG_TIME_MAX, &over);
	if (!rc)
		rc = cfg_life_finish(x, g, &c->life, IKE_REKEY_DEFAULT, over);
	c->life.life_bytes = c->life.life_packets = 0;
	return rc;
}

static int conn_children(struct cfg_ctx *x, const config_setting_t *g,
			 struct cfg_conn *c)
{
	const config_setting_t *s = config_setting_get_member(g, "children");

	return s ? cfg_children_read(x, s, c) : 0;
}

/* What needs to know the whole connection. */
static int conn_check(struct cfg_ctx *x, const config_setting_t *g,
		      struct cfg_conn *c)
{
	const config_setting_t *kids = config_setting_get_member(g, "children");

	for (const struct cfg_child *ch = c->children; ch; ch = ch->next) {
		const config_setting_t *s;

		if (ch->start_action == CFG_START_NONE || c->remote_addr.family)
			continue;
		s = config_setting_get_member(kids, ch->name);
		return cfg_bad(x, cfg_at(s, "start_action", NULL), "needs "
			       "remote_addrs (an address, not %%any)");
	}
	return 0;
}

typedef int (*conn_step)(struct cfg_ctx *x, const config_setting_t *g,
			 struct cfg_conn *c);

static int conn_read(struct cfg_ctx *x, const config_setting_t *g,
		     struct cfg_conn *c)
{
	static const conn_step steps[] = {
		conn_version, conn_addrs, conn_ends, cfg_conn_pubkey,
		conn_proposals,
		conn_life, conn_children, cfg_conn_psk, conn_check,
	};
	const char *name = config_setting_name(g);
	int rc = cfg_walk(x, g, conn_keys, c);

	if (!rc && strlen(name) >= sizeof(c->name))
		rc = cfg_err(x, g, "the name is longer than %zu characters",
			     sizeof(c->name) - 1);
	if (!rc)
		strcpy(c->name, name);
	for (size_t i = 0; !rc && i < ARRAY_SIZE(steps); i++)
		rc = steps[i](x, g, c);
	return rc;
}

int cfg_conns_read(struct cfg_ctx *x, const config_setting_t *s,
		   struct cfg *cfg)
{
	struct cfg_conn **tail = &cfg->conns;
	int rc = cfg_want_group(x, s);

	for (int i = 0; !rc && i < config_setting_length(s); i++) {
		struct cfg_conn *c = calloc(1, sizeof(*c));

		if (!c)
			return -ENOMEM;
		*tail = c;
		tail = &c->next;
		conn_defaults(c);
		rc = conn_read(x, config_setting_get_elem(s, i), c);
	}
	return rc;
}
