// SPDX-License-Identifier: GPL-2.0-or-later
/* multisactl: entry point, global options, the subcommand table. */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ctl.h"
#include "log/log.h"

static const struct ctl_cmd cmds[] = {
	{ "status", ctl_status, "status",
	  "IKE SAs and Child SAs of multisad, with per-CPU steering counters" },
	{ "top", ctl_top, "top [-i SECONDS] [-n COUNT]",
	  "live per-CPU view: ESP packets/s of each Child SA on each CPU" },
	{ "up", ctl_up, "up CONN", "bring connection CONN up" },
	{ "down", ctl_down, "down CONN", "delete connection CONN's IKE SAs" },
	{ "reload", ctl_reload, "reload",
	  "re-read multisad's configuration: unchanged connections untouched" },
	{ "log", ctl_log, "log [LEVEL] [SUB=LEVEL ...]",
	  "stream multisad's log (levels err..debug; SUB: ike cfg knl dp ctl)" },
	{ "metrics", ctl_metrics, "metrics",
	  "multisad's metrics, Prometheus text format" },
	{ "rekey", ctl_rekey, "rekey CHILD-ID", "rekey one Child SA (id from status)" },
	{ "delete", ctl_delete, "delete CHILD-ID",
	  "delete one Child SA with the peer (id from status)" },
	{ "attach", ctl_attach, "attach IFACE [xdp auto|native|generic|none] [qsize N]",
	  "load the fast path and attach XDP + TC to IFACE" },
	{ "detach", ctl_detach, "detach IFACE",
	  "detach XDP + TC from IFACE (steering entries stay)" },
	{ "steer", ctl_steer, "steer add|del|list [spi SPI] [dst ADDR] [cpu CPU|any] [id SA_ID]",
	  "inbound SAs: steer ESP with SPI (to ADDR) to CPU" },
	{ "txsa", ctl_txsa, "txsa add|del|list [spi SPI] [dst ADDR] [cpu CPU|any] [id SA_ID]",
	  "outbound SAs: account which CPU sends on which SA" },
	{ "stats", ctl_stats, "stats [reset]",
	  "per-SA per-CPU counters and verdict/drop counters" },
	{ "set", ctl_set, "set drop-unknown-spi on|off",
	  "runtime knobs of the fast path" },
	{ "purge", ctl_purge, "purge",
	  "remove the pinned maps: all steering entries and counters" },
};

#define N_CMDS (sizeof(cmds) / sizeof(*cmds))

static void usage(FILE *f)
{
	fprintf(f, "usage: multisactl [--json] [--pin-root DIR] [--socket PATH] [-v] [--version] "
		"COMMAND ...\n\n");
	for (size_t i = 0; i < N_CMDS; i++)
		fprintf(f, "  %-70s\n      %s\n", cmds[i].usage, cmds[i].help);
	fprintf(f, "\nSPI and SA_ID take decimal or 0x-hex. Maps live under "
		"--pin-root (default /sys/fs/bpf/multisa);\nmultisad's control socket is "
		"--socket (default /run/multisa/multisad.sock).\n");
}

/* --json may also follow the subcommand ("steer list --json"). */
static int strip_json(struct ctl *c, int argc, char **argv)
{
	int out = optind;

	for (int i = optind; i < argc; i++) {
		if (!strcmp(argv[i], "--json") || !strcmp(argv[i], "-j"))
			c->json = true;
		else
			argv[out++] = argv[i];
	}
	return out;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "pin-root", required_argument, NULL, 'p' },
		{ "socket", required_argument, NULL, 's' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ 0 },
	};
	struct ctl c = { .pin_root = getenv("MULTISA_PIN_ROOT") };
	int o;

	while ((o = getopt_long(argc, argv, "+jp:s:vhV", opts, NULL)) != -1) {
		switch (o) {
		case 'j': c.json = true; break;
		case 'p': c.pin_root = optarg; break;
		case 's': c.socket = optarg; break;
		case 'v': msa_log_set_level(MSA_LOG_DEBUG); break;
		case 'h': usage(stdout); return 0;
		case 'V': printf("multisactl %s\n", MSA_VERSION); return 0;
		default: usage(stderr); return 2;
		}
	}
	argc = strip_json(&c, argc, argv);
	if (optind >= argc) {
		usage(stderr);
		return 2;
	}
	for (size_t i = 0; i < N_CMDS; i++)
		if (!strcmp(argv[optind], cmds[i].name))
			return cmds[i].run(&c, argc - optind - 1, argv + optind + 1);
	return ctl_usage_error("unknown command '%s'", argv[optind]);
}
