// SPDX-License-Identifier: GPL-2.0-or-later
/* multisactl datapath subcommands: attach, detach, steer, txsa, set, purge. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <jansson.h>
#include "ctl.h"
#include "dp/dp.h"
#include "log/log.h"

int ctl_attach(struct ctl *c, int argc, char **argv)
{
	static const char *const modes[] = { "auto", "native", "generic", "none" };
	struct msa_attach_opts o = { .pin_root = c->pin_root };
	int i, m;

	if (argc < 1)
		return ctl_usage_error("attach: which interface?");
	for (i = 1; i < argc; i += 2) {
		if (i + 1 >= argc)
			return ctl_usage_error("attach: '%s' needs a value", argv[i]);
		if (!strcmp(argv[i], "xdp")) {
			for (m = 0; m < 4 && strcmp(argv[i + 1], modes[m]); m++)
				;
			if (m == 4)
				return ctl_usage_error("attach: bad xdp mode '%s'", argv[i + 1]);
			o.xdp = (enum msa_xdp_mode)m;
		} else if (!strcmp(argv[i], "qsize")) {
			if (msa_parse_u32(argv[i + 1], &o.cpumap_qsize) || !o.cpumap_qsize)
				return ctl_usage_error("attach: bad qsize '%s'", argv[i + 1]);
		} else if (!strcmp(argv[i], "xdp-meta")) {
			if (strcmp(argv[i + 1], "on") && strcmp(argv[i + 1], "off"))
				return ctl_usage_error("attach: xdp-meta on|off");
			o.xdp_meta = !strcmp(argv[i + 1], "on");
		} else if (!strcmp(argv[i], "max-sas")) {
			if (msa_parse_u32(argv[i + 1], &o.max_sas) ||
			    o.max_sas < MSA_MAX_SAS_MIN ||
			    o.max_sas > MSA_MAX_SAS_LIMIT)
				return ctl_usage_error("attach: max-sas '%s': a "
						       "number from %u to %u",
						       argv[i + 1],
						       MSA_MAX_SAS_MIN,
						       MSA_MAX_SAS_LIMIT);
		} else {
			return ctl_usage_error("attach: unknown option '%s'", argv[i]);
		}
	}
	return msa_dp_attach(argv[0], &o) ? 1 : 0;
}

int ctl_detach(struct ctl *c, int argc, char **argv)
{
	if (argc != 1)
		return ctl_usage_error("detach: which interface?");
	return msa_dp_detach(argv[0]) ? 1 : 0;
}

int ctl_purge(struct ctl *c, int argc, char **argv)
{
	if (argc)
		return ctl_usage_error("purge takes no arguments");
	return msa_dp_unpin(c->pin_root) ? 1 : 0;
}

int ctl_set(struct ctl *c, int argc, char **argv)
{
	struct msa_config cfg;
	struct msa_dp *dp;
	int err;

	if (argc != 2 || strcmp(argv[0], "drop-unknown-spi") ||
	    (strcmp(argv[1], "on") && strcmp(argv[1], "off")))
		return ctl_usage_error("usage: set drop-unknown-spi on|off");
	if (msa_dp_open(c->pin_root, &dp))
		return 1;
	err = msa_dp_config_get(dp, &cfg);
	if (!err) {
		if (!strcmp(argv[1], "on"))
			cfg.flags |= MSA_CFG_DROP_UNKNOWN_SPI;
		else
			cfg.flags &= ~MSA_CFG_DROP_UNKNOWN_SPI;
		err = msa_dp_config_set(dp, &cfg);
	}
	if (err)
		msa_err("cannot set drop-unknown-spi: %s", strerror(-err));
	msa_dp_close(dp);
	return err ? 1 : 0;
}

/* ---- steer / txsa ------------------------------------------------------- */

struct sa_args {
	uint32_t spi, cpu, id;
	const char *dst;
	bool has_spi, has_cpu, has_id;
};

static int parse_cpu(const char *s, uint32_t *cpu)
{
	if (!strcmp(s, "any")) {
		*cpu = MSA_CPU_ANY;
		return 0;
	}
	return msa_parse_u32(s, cpu);
}

static int parse_sa_args(int argc, char **argv, struct sa_args *a)
{
	for (int i = 0; i < argc; i += 2) {
		const char *k = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		int bad = !v;

		if (!bad && !strcmp(k, "spi"))
			bad = msa_parse_u32(v, &a->spi) || !(a->has_spi = true);
		else if (!bad && !strcmp(k, "cpu"))
			bad = parse_cpu(v, &a->cpu) || !(a->has_cpu = true);
		else if (!bad && !strcmp(k, "id"))
			bad = msa_parse_u32(v, &a->id) || !(a->has_id = true);
		else if (!bad && !strcmp(k, "dst"))
			a->dst = v;
		else if (!bad)
			return ctl_usage_error("unknown keyword '%s'", k);
		if (bad)
			return ctl_usage_error("bad or missing value for '%s'", k);
	}
	return 0;
}

struct list_ctx {
	struct ctl *c;
	json_t *arr;
};

static int print_sa(const struct msa_sa_key *k, const struct msa_sa_val *v,
		    void *arg)
{
	struct list_ctx *l = arg;
	char addr[64], cpu[16];

	msa_sa_key_addr(k, addr, sizeof(addr));
	if (v->cpu == MSA_CPU_ANY)
		snprintf(cpu, sizeof(cpu), "any");
	else
		snprintf(cpu, sizeof(cpu), "%u", v->cpu);
	if (l->arr) {
		char spi[16];

		snprintf(spi, sizeof(spi), "0x%08x", msa_sa_key_spi(k));
		json_array_append_new(l->arr, json_pack("{s:s,s:s,s:o,s:I}",
			"spi", spi, "dst", addr, "cpu", v->cpu == MSA_CPU_ANY ?
			json_null() : json_integer(v->cpu),
			"id", (json_int_t)v->sa_id));
	}
	else
		printf("spi 0x%08x dst %-39s cpu %-4s id %u\n", msa_sa_key_spi(k),
		       addr, cpu, v->sa_id);
	return 0;
}

static int sa_list(struct ctl *c, struct msa_dp *dp, enum msa_dir dir)
{
	struct list_ctx l = { .c = c, .arr = c->json ? json_array() : NULL };
	int err = msa_dp_sa_foreach(dp, dir, print_sa, &l);

	if (l.arr) {
		json_dumpf(l.arr, stdout, JSON_INDENT(2));
		putchar('\n');
		json_decref(l.arr);
	}
	return err;
}

static int sa_cmd(struct ctl *c, int argc, char **argv, enum msa_dir dir)
{
	struct sa_args a = {};
	struct msa_sa_key key;
	struct msa_sa_val val;
	struct msa_dp *dp;
	int err;

	if (argc < 1)
		return ctl_usage_error("add, del or list?");
	if ((err = parse_sa_args(argc - 1, argv + 1, &a)))
		return err;
	if (strcmp(argv[0], "list") && !a.has_spi)
		return ctl_usage_error("%s: 'spi SPI' is required", argv[0]);
	if (!strcmp(argv[0], "add") && (!a.has_cpu || !a.has_id))
		return ctl_usage_error("add: 'cpu CPU|any' and 'id SA_ID' are required");
	if (strcmp(argv[0], "list") && strcmp(argv[0], "add") && strcmp(argv[0], "del"))
		return ctl_usage_error("unknown action '%s'", argv[0]);
	if (msa_dp_open(c->pin_root, &dp))
		return 1;
	err = msa_sa_key_make(&key, a.spi, a.dst);
	val = (struct msa_sa_val){ .sa_id = a.id, .cpu = a.cpu };
	if (!err && !strcmp(argv[0], "list"))
		err = sa_list(c, dp, dir);
	else if (!err && !strcmp(argv[0], "add"))
		err = msa_dp_sa_add(dp, dir, &key, &val);
	else if (!err)
		err = msa_dp_sa_del(dp, dir, &key);
	msa_dp_close(dp);
	return err ? 1 : 0;
}

int ctl_steer(struct ctl *c, int argc, char **argv)
{
	return sa_cmd(c, argc, argv, MSA_DIR_IN);
}

int ctl_txsa(struct ctl *c, int argc, char **argv)
{
	return sa_cmd(c, argc, argv, MSA_DIR_OUT);
}
