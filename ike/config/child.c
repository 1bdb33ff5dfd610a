// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * children { NAME { ... } } of one connection: selectors, ESP proposals,
 * lifetimes and the RFC 9611 per-CPU SA settings, in file order.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <sys/socket.h>
#include "config_impl.h"
#include "ts/ts.h"
#include "codec/wire.h"

#define CHILD_REKEY_DEFAULT	3600
#define CHILD_ACQUIRE_MS	100
#define REPLAY_MAX		4096	/* the kernel's ESN bitmap limit */

#define CHILD_OFF(f)	offsetof(struct cfg_child, f)
#define COUNT_MAX	(CFG_UNSET64 - 1)

static const struct cfg_name modes[] = {
	{ "tunnel", MSA_KMODE_TUNNEL },
	{ "transport", MSA_KMODE_TRANSPORT },
	{ NULL, 0 },
};

static const struct cfg_name start_actions[] = {
	{ "none", CFG_START_NONE },
	{ "start", CFG_START_START },
	{ "trap", CFG_START_TRAP },
	{ NULL, 0 },
};

static const struct cfg_name pcpu_modes[] = {
	{ "no", CFG_PCPU_NO },
	{ "yes", CFG_PCPU_YES },
	{ "encap", CFG_PCPU_ENCAP },
	{ NULL, 0 },
};

static const struct cfg_name pcpu_creates[] = {
	{ "on_demand", CFG_PCPU_ON_DEMAND },
	{ "all", CFG_PCPU_ALL },
	{ NULL, 0 },
};

static const struct cfg_key child_keys[] = {
	{ "local_ts", CFG_K_OTHER },
	{ "remote_ts", CFG_K_OTHER },
	{ "esp_proposals", CFG_K_OTHER },
	{ "mode", CFG_K_ENUM, CHILD_OFF(mode), 0, 0, modes },
	{ "rekey_time", CFG_K_SECS, CHILD_OFF(life.rekey_time), 0, CFG_TIME_MAX },
	{ "life_time", CFG_K_SECS, CHILD_OFF(life.life_time), 0, CFG_TIME_MAX },
	{ "rand_time", CFG_K_SECS, CHILD_OFF(life.rand_time), 0, CFG_TIME_MAX },
	{ "rekey_bytes", CFG_K_SIZE, CHILD_OFF(life.rekey_bytes), 0,
	  COUNT_MAX },
	{ "life_bytes", CFG_K_SIZE, CHILD_OFF(life.life_bytes), 0, COUNT_MAX },
	{ "rekey_packets", CFG_K_SIZE, CHILD_OFF(life.rekey_packets), 0,
	  COUNT_MAX },
	{ "life_packets", CFG_K_SIZE, CHILD_OFF(life.life_packets), 0,
	  COUNT_MAX },
	{ "start_action", CFG_K_ENUM, CHILD_OFF(start_action), 0, 0,
	  start_actions },
	{ "replay_window", CFG_K_U32, CHILD_OFF(replay_window), 0, REPLAY_MAX },
	{ "per_cpu_sas", CFG_K_ENUM, CHILD_OFF(per_cpu_sas), 0, 0, pcpu_modes },
	{ "per_cpu_create", CFG_K_ENUM, CHILD_OFF(per_cpu_create), 0, 0,
	  pcpu_creates },
	{ "per_cpu_max", CFG_K_U32, CHILD_OFF(per_cpu_max), 0, UINT32_MAX },
	{ "per_cpu_acquire_gap", CFG_K_MSECS, CHILD_OFF(per_cpu_acquire_ms), 0,
	  UINT32_MAX },
	{ "per_cpu_cpus", CFG_K_OTHER },
	{ NULL },
};

static void child_defaults(struct cfg_child *ch)
{
	ch->mode = MSA_KMODE_TUNNEL;
	ch->life.rekey_time = CFG_UNSET32;
	ch->life.life_time = CFG_UNSET32;
	ch->life.rand_time = CFG_UNSET32;
	ch->life.life_bytes = CFG_UNSET64;
	ch->life.life_packets = CFG_UNSET64;
	ch->start_action = CFG_START_NONE;
	ch->replay_window = 32;
	ch->per_cpu_sas = CFG_PCPU_NO;
	ch->per_cpu_create = CFG_PCPU_ON_DEMAND;
	ch->per_cpu_acquire_ms = CHILD_ACQUIRE_MS;
}

/* How many XFRM selectors a configured selector takes (dynamic: 1). */
static int ts_blocks(const struct cfg_ts *t)
{
	struct ike_ts_set set;
	struct msa_ip none = { .family = AF_INET };
	int n;

	if (t->dynamic || cfg_ts_to_set(t, 1, &none, &set))
		return 1;
	n = ts_to_ksels(&set.ts[0], NULL, TS_SPLIT_MAX);
	return n == -E2BIG ? TS_SPLIT_MAX + 1 : n;
}

struct ts_arg {
	struct cfg_ts *ts;
	uint8_t *n;
};

static int ts_item(struct cfg_ctx *x, const config_setting_t *at,
		   const char *item, void *arg)
{
	struct ts_arg *a = arg;
	char why[128];

	if (*a->n >= CFG_MAX_TS)
		return cfg_err(x, at, "more than %d selectors", CFG_MAX_TS);
	if (cfg_ts_parse(item, &a->ts[*a->n], why, sizeof(why)))
		return cfg_err(x, at, "\"%s\": %s", item, why);
	if (ts_blocks(&a->ts[*a->n]) > TS_SPLIT_MAX)
		return cfg_err(x, at, "\"%s\": more than %d XFRM selectors "
			       "(prefix and port blocks) would be needed; split "
			       "it into fewer, aligned ranges", item,
			       TS_SPLIT_MAX);
	(*a->n)++;
	return 0;
}

/* A selector list; "dynamic" when not given. */
static int child_ts(struct cfg_ctx *x, const config_setting_t *g,
		    const char *key, struct cfg_ts *ts, uint8_t *n)
{
	const config_setting_t *s = config_setting_get_member(g, key);
	struct ts_arg a = { ts, n };

	if (s)
		return cfg_each_item(x, s, ts_item, &a);
	return cfg_ts_parse("dynamic", &ts[(*n)++], NULL, 0);
}

static bool child_esn(const struct cfg_child *ch)
{
	for (uint8_t i = 0; i < ch->n_esp; i++)
		for (uint8_t j = 0; j < ch->esp[i].n_esn; j++)
			if (ch->esp[i].esn[j] == IKE_ESN_YES)
				return true;
	return false;
}

/* per_cpu_cpus = "2-11": a CPU list, only with per_cpu_sas. */
static int child_cpus(struct cfg_ctx *x, const config_setting_t *g,
		      struct cfg_child *ch)
{
	const config_setting_t *s = config_setting_get_member(g,
							      "per_cpu_cpus");
	const char *v = s ? config_setting_get_string(s) : NULL;
	char why[96];

	if (!s)
		return 0;
	if (!v)
		return cfg_err(x, s, "a CPU list in quotes, like \"2-11\"");
	if (cfg_cpus_parse(v, ch->per_cpu_cpus, why, sizeof(why)))
		return cfg_err(x, s, "\"%s\": %s", v, why);
	if (ch->per_cpu_sas == CFG_PCPU_NO)
		return cfg_err(x, s, "needs per_cpu_sas = \"yes\" or "
			       "\"encap\"");
	ch->per_cpu_cpus_set = true;
	return 0;
}

static int child_read(struct cfg_ctx *x, const config_setting_t *g,
		      struct cfg_child *ch)
{
	const char *name = config_setting_name(g);
	int rc = cfg_walk(x, g, child_keys, ch);

	if (!rc && strlen(name) >= sizeof(ch->name))
		return cfg_err(x, g, "the name is longer than %zu characters",
			       sizeof(ch->name) - 1);
	if (rc)
		return rc;
	strcpy(ch->name, name);
	rc = child_ts(x, g, "local_ts", ch->local_ts, &ch->n_local_ts);
	if (!rc)
		rc = child_ts(x, g, "remote_ts", ch->remote_ts,
			      &ch->n_remote_ts);
	if (!rc)
		rc = cfg_proposals_read(x, config_setting_get_member(g,
					"esp_proposals"), false, ch->esp,
					&ch->n_esp);
	if (!rc)
		rc = cfg_life_finish(x, g, &ch->life, CHILD_REKEY_DEFAULT,
				     CFG_UNSET32);
	if (!rc)
		rc = child_cpus(x, g, ch);
	if (!rc && !ch->replay_window && child_esn(ch))
		rc = cfg_err(x, config_setting_get_member(g, "replay_window"),
			     "0 (no replay protection) cannot be used with "
			     "esn");
	return rc;
}

int cfg_children_read(struct cfg_ctx *x, const config_setting_t *s,
		      struct cfg_conn *c)
{
	struct cfg_child **tail = &c->children;
	int rc = cfg_want_group(x, s);

	for (int i = 0; !rc && i < config_setting_length(s); i++) {
		struct cfg_child *ch = calloc(1, sizeof(*ch));

		if (!ch)
			return -ENOMEM;
		*tail = ch;
		tail = &ch->next;
		child_defaults(ch);
		rc = child_read(x, config_setting_get_elem(s, i), ch);
	}
	return rc;
}
