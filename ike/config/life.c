// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Lifetimes of IKE SAs and Child SAs: defaults, hard limits from soft ones
 * (+10%), the jitter, and their checks.
 */
#include <stdint.h>

#include "config_impl.h"

uint64_t cfg_plus_tenth(uint64_t v, uint64_t max)
{
	uint64_t t = v / 10 + (v % 10 != 0);

	return v > max - t ? max : v + t;
}

/* A hard limit: rekey + 10% unless set; then it must exceed rekey. */
static int life_pair(struct cfg_ctx *x, const config_setting_t *g,
		     const char *key, const char *rekey_key, uint64_t rekey,
		     uint64_t *life, bool set, uint64_t max)
{
	if (!set)
		*life = cfg_plus_tenth(rekey, max);
	if (!rekey || !*life || *life > rekey)
		return 0;
	if (set)
		return cfg_bad(x, cfg_at(g, key, NULL), "is not more than %s "
			       "(%llu)", rekey_key, (unsigned long long)rekey);
	return cfg_bad(x, cfg_at(g, rekey_key, NULL), "is too large");
}

static int life_counts(struct cfg_ctx *x, const config_setting_t *g,
		       struct cfg_lifetime *l)
{
	bool bytes_set = l->life_bytes != CFG_UNSET64;
	bool packets_set = l->life_packets != CFG_UNSET64;
	int rc;

	rc = life_pair(x, g, "life_bytes", "rekey_bytes", l->rekey_bytes,
		       &l->life_bytes, bytes_set, CFG_UNSET64 - 1);
	if (!rc)
		rc = life_pair(x, g, "life_packets", "rekey_packets",
			       l->rekey_packets, &l->life_packets, packets_set,
			       CFG_UNSET64 - 1);
	return rc;
}

int cfg_life_finish(struct cfg_ctx *x, const config_setting_t *g,
		    struct cfg_lifetime *l, uint32_t rekey_default,
		    uint32_t over)
{
	bool life_set = l->life_time != CFG_UNSET32;
	uint64_t life = l->life_time;
	int rc;

	if (l->rekey_time == CFG_UNSET32)
		l->rekey_time = rekey_default;
	if (over != CFG_UNSET32) {	/* IKE: life = rekey + over_time */
		life = (uint64_t)l->rekey_time + over;
		life_set = true;
		if (life > CFG_TIME_MAX)
			return cfg_bad(x, cfg_at(g, "over_time", "rekey_time"),
				       "is too large");
		if (l->rekey_time && !over)
			return cfg_bad(x, cfg_at(g, "over_time", NULL),
				       "must be more than 0");
	}
	rc = life_pair(x, g, over != CFG_UNSET32 ? "over_time" : "life_time",
		       "rekey_time", l->rekey_time, &life, life_set, CFG_TIME_MAX);
	if (rc)
		return rc;
	l->life_time = (uint32_t)life;
	if (l->rand_time == CFG_UNSET32) {
		l->rand_time = l->rekey_time && life > l->rekey_time ?
			       l->life_time - l->rekey_time : 0;
		if (l->rekey_time && l->rand_time >= l->rekey_time)
			l->rand_time = l->rekey_time / 2;
	} else if (l->rekey_time && l->rand_time >= l->rekey_time) {
		return cfg_bad(x, cfg_at(g, "rand_time", NULL),
			       "is not less than rekey_time (%u)",
			       l->rekey_time);
	}
	return life_counts(x, g, l);
}

