// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cfg_load: reads the libconfig file, walks its three sections (global,
 * secrets, connections) into plain structs and checks everything before
 * anything is returned. The sections' readers are in config_*.c; the file
 * format is in docs/config.md.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_impl.h"
#include "msa_abi.h"

#define G_OFF(f)	offsetof(struct cfg_global, f)

static const struct cfg_name log_levels[] = {
	{ "err", 0 }, { "warn", 1 }, { "info", 2 }, { "debug", 3 },
	{ NULL, 0 },
};

static const struct cfg_key global_keys[] = {
	{ "port", CFG_K_U16, G_OFF(port), 1, 65535 },
	{ "port_natt", CFG_K_U16, G_OFF(port_natt), 1, 65535 },
	{ "retransmit_tries", CFG_K_U32, G_OFF(retransmit_tries), 0, 100 },
	{ "retransmit_timeout", CFG_K_MSECS, G_OFF(retransmit_timeout_ms), 1,
	  UINT32_MAX },
	{ "retransmit_base", CFG_K_OTHER },
	{ "half_open_max", CFG_K_U32, G_OFF(half_open_max), 0, UINT32_MAX },
	{ "half_open_per_source", CFG_K_U32, G_OFF(half_open_per_source), 1,
	  UINT32_MAX },
	{ "ike_sas_max", CFG_K_U32, G_OFF(ike_sas_max), 1, 10000000 },
	{ "ike_sas_per_peer", CFG_K_U32, G_OFF(ike_sas_per_peer), 1,
	  10000000 },
	{ "ike_sas_per_id", CFG_K_U32, G_OFF(ike_sas_per_id), 2, 10000000 },
	{ "cookie_threshold", CFG_K_U32, G_OFF(cookie_threshold), 0,
	  UINT32_MAX },
	{ "ctl_socket", CFG_K_STR, G_OFF(ctl_socket), 0,
	  sizeof(((struct cfg_global *)0)->ctl_socket) },
	{ "pin_root", CFG_K_STR, G_OFF(pin_root), 0,
	  sizeof(((struct cfg_global *)0)->pin_root) },
	{ "log_level", CFG_K_ENUM, G_OFF(log_level), 0, 0, log_levels },
	{ "log_levels", CFG_K_OTHER },
	{ "secrets_file", CFG_K_OTHER },
	{ "child_sas_max", CFG_K_U32, G_OFF(child_sas_max), 1, 1000000 },
	{ "rekeyed_grace", CFG_K_MSECS, G_OFF(rekeyed_grace_ms), 1000,
	  3600000 },
	{ "sandbox", CFG_K_BOOL, G_OFF(sandbox) },
	{ "metrics_listen", CFG_K_OTHER },
	{ "fragment_size", CFG_K_U32, G_OFF(fragment_size), 256, 65535 },
	{ "fragments_max", CFG_K_U32, G_OFF(fragments_max), 1, 1024 },
	{ "fragment_memory", CFG_K_SIZE, G_OFF(fragment_memory), 65536,
	  1ULL << 32 },
	{ "udp_rcvbuf", CFG_K_SIZE, G_OFF(udp_rcvbuf), 0, 1ULL << 29 },
	{ "x509_dir", CFG_K_STR, G_OFF(x509_dir), 0,
	  sizeof(((struct cfg_global *)0)->x509_dir) },
	{ NULL },
};

static void global_defaults(struct cfg_global *g)
{
	g->port = 500;
	g->port_natt = 4500;
	g->retransmit_tries = 5;
	g->retransmit_timeout_ms = 4000;
	g->retransmit_base = 1.8;
	g->half_open_max = 1000;
	g->half_open_per_source = 5;
	g->ike_sas_max = 20000;
	g->ike_sas_per_peer = 16;
	g->ike_sas_per_id = 16;
	g->cookie_threshold = 100;
	strcpy(g->ctl_socket, "/run/multisa/multisad.sock");
	strcpy(g->pin_root, MSA_PIN_ROOT_DEFAULT);
	g->log_level = 2;
	memset(g->log_levels, 2, sizeof(g->log_levels));
	g->child_sas_max = 1024;
	g->rekeyed_grace_ms = 30000;
	g->sandbox = true;
	g->fragment_size = 1280;
	g->fragments_max = 64;
	g->fragment_memory = 16 << 20;
	g->udp_rcvbuf = 4 << 20;
	strcpy(g->x509_dir, "/etc/multisa");
}

static int global_base(struct cfg_ctx *x, const config_setting_t *s,
		       double *out)
{
	int t = config_setting_type(s);
	double v;

	if (t == CONFIG_TYPE_FLOAT)
		v = config_setting_get_float(s);
	else if (t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64)
		v = (double)config_setting_get_int64(s);
	else
		return cfg_bad(x, s, "is not a number");
	if (!(v >= 1.0 && v <= 10.0))
		return cfg_bad(x, s, "is out of range 1.0..10.0");
	*out = v;
	return 0;
}

#define L_OFF(sub) (G_OFF(log_levels) + (sub))

/* log_levels = { ike = "debug"; knl = "warn"; }: the others log_level. */
static int global_log_levels(struct cfg_ctx *x, const config_setting_t *s,
			     struct cfg_global *g)
{
	static const struct cfg_key keys[] = {
		{ "ike", CFG_K_ENUM, L_OFF(MSA_SUB_IKE), 0, 0, log_levels },
		{ "cfg", CFG_K_ENUM, L_OFF(MSA_SUB_CFG), 0, 0, log_levels },
		{ "knl", CFG_K_ENUM, L_OFF(MSA_SUB_KNL), 0, 0, log_levels },
		{ "dp", CFG_K_ENUM, L_OFF(MSA_SUB_DP), 0, 0, log_levels },
		{ "ctl", CFG_K_ENUM, L_OFF(MSA_SUB_CTL), 0, 0, log_levels },
		{ NULL },
	};
	const config_setting_t *ls = config_setting_get_member(s, "log_levels");

	memset(g->log_levels, g->log_level, sizeof(g->log_levels));
	if (!ls)
		return 0;
	if (config_setting_type(ls) != CONFIG_TYPE_GROUP)
		return cfg_bad(x, ls, "is not a group (log_levels = { ike = "
			       "\"debug\"; })");
	return cfg_walk(x, ls, keys, g);
}

/* metrics_listen = "127.0.0.1:9615" or "[::1]:9615": one address, one
 * port (no wildcard by accident: "0.0.0.0" must be written). */
static int global_metrics(struct cfg_ctx *x, const config_setting_t *s,
			  struct cfg_global *g)
{
	const config_setting_t *m = config_setting_get_member(s,
							      "metrics_listen");
	const char *str, *colon;
	char host[64];
	unsigned long port;
	char *end;
	size_t hl;

	if (!m)
		return 0;
	str = config_setting_get_string(m);
	colon = str ? strrchr(str, ':') : NULL;
	if (!colon)
		return cfg_bad(x, m, "is not ADDRESS:PORT (\"127.0.0.1:9615\", "
			       "\"[::1]:9615\")");
	hl = (size_t)(colon - str);
	if (hl > 2 && str[0] == '[' && str[hl - 1] == ']') {
		str++;
		hl -= 2;
	}
	port = strtoul(colon + 1, &end, 10);
	if (hl >= sizeof(host) || *end || !port || port > 65535)
		return cfg_bad(x, m, "is not ADDRESS:PORT with a port 1-65535");
	memcpy(host, str, hl);
	host[hl] = '\0';
	if (inet_pton(AF_INET, host, g->metrics_ip.addr) == 1)
		g->metrics_ip.family = AF_INET;
	else if (inet_pton(AF_INET6, host, g->metrics_ip.addr) == 1)
		g->metrics_ip.family = AF_INET6;
	else
		return cfg_bad(x, m, "has no IPv4 or IPv6 address");
	g->metrics_port = (uint16_t)port;
	return 0;
}

static int global_read(struct cfg_ctx *x, const config_setting_t *s,
		       struct cfg_global *g)
{
	const config_setting_t *base, *sf;
	int rc = cfg_walk(x, s, global_keys, g);

	if (!rc)
		rc = global_log_levels(x, s, g);
	if (!rc)
		rc = global_metrics(x, s, g);
	if (rc)
		return rc;
	base = config_setting_get_member(s, "retransmit_base");
	if (base && (rc = global_base(x, base, &g->retransmit_base)))
		return rc;
	if (g->port == g->port_natt)
		return cfg_err(x, cfg_at(s, "port_natt", "port"),
			       "port_natt must differ from port (%u)", g->port);
	if (g->cookie_threshold > g->half_open_max)
		return cfg_err(x, cfg_at(s, "cookie_threshold",
					 "half_open_max"),
			       "cookie_threshold (%u) is more than "
			       "half_open_max (%u)", g->cookie_threshold,
			       g->half_open_max);
	if (g->udp_rcvbuf && g->udp_rcvbuf < 65536)
		return cfg_err(x, cfg_at(s, "udp_rcvbuf", NULL),
			       "udp_rcvbuf (%llu) holds a few datagrams: 0 (the "
			       "system's) or at least 64k",
			       (unsigned long long)g->udp_rcvbuf);
	sf = config_setting_get_member(s, "secrets_file");
	return sf ? cfg_secrets_file(x, sf) : 0;
}

/* The top level: global first (it names the secrets file), then the
 * secrets, then the connections that use them. */
static int top_read(struct cfg_ctx *x, const config_setting_t *root,
		    struct cfg *c)
{
	static const struct cfg_key keys[] = {
		{ "global", CFG_K_OTHER },
		{ "secrets", CFG_K_OTHER },
		{ "connections", CFG_K_OTHER },
		{ NULL },
	};
	const config_setting_t *g = config_setting_get_member(root, "global");
	const config_setting_t *sec = config_setting_get_member(root,
								"secrets");
	const config_setting_t *conns;
	int rc = cfg_walk(x, root, keys, NULL);

	x->x509_dir = c->global.x509_dir;	/* once global is read */
	if (!rc && g)
		rc = global_read(x, g, &c->global);
	if (!rc && sec)
		rc = cfg_secrets_read(x, sec);
	conns = config_setting_get_member(root, "connections");
	if (!rc && conns)
		rc = cfg_conns_read(x, conns, c);
	return rc;
}

int cfg_load(const char *path, struct cfg **out, char *err, size_t errlen)
{
	struct cfg_ctx x = { .path = path, .err = err, .errlen = errlen };
	struct cfg *c = calloc(1, sizeof(*c));
	config_t lc;
	int rc;

	*out = NULL;
	if (err && errlen)
		err[0] = '\0';
	if (!c) {
		cfg_seterr(err, errlen, "%s: out of memory", path);
		return -ENOMEM;
	}
	global_defaults(&c->global);
	config_init(&lc);
	rc = cfg_read_file(&x, &lc, path);
	if (!rc)
		rc = top_read(&x, config_root_setting(&lc), c);
	cfg_wipe_secret_strings(config_root_setting(&lc));
	config_destroy(&lc);
	cfg_secrets_free(&x);
	cfg_privkeys_free(&x);
	if (rc == -ENOMEM)
		cfg_seterr(err, errlen, "%s: out of memory", path);
	if (rc) {
		cfg_free(c);
		return rc;
	}
	cfg_assign_reqids(c, NULL);
	*out = c;
	return 0;
}

static void conn_free(struct cfg_conn *conn)
{
	while (conn->children) {
		struct cfg_child *next = conn->children->next;

		free(conn->children);
		conn->children = next;
	}
	cfg_conn_pubkey_free(conn);
	explicit_bzero(conn, sizeof(*conn));	/* the PSK */
	free(conn);
}

void cfg_free(struct cfg *c)
{
	if (!c)
		return;
	while (c->conns) {
		struct cfg_conn *next = c->conns->next;

		conn_free(c->conns);
		c->conns = next;
	}
	free(c);
}

void cfg_log_apply(const struct cfg_global *g)
{
	for (int sub = 0; sub < MSA_SUB_COUNT; sub++)
		msa_log_set_sub_level((enum msa_log_sub)sub,
				      (enum msa_log_level)g->log_levels[sub]);
}
