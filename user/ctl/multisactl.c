// SPDX-License-Identifier: GPL-2.0-or-later
/* multisactl: entry point, global options, the subcommand table. */
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ctl.h"
#include "log/log.h"

static int ctl_help(struct ctl *c, int argc, char **argv);

/* Exit status of every command: 0 done, 1 the operation failed, 2 usage. */
static const struct ctl_cmd cmds[] = {
	{ "status", ctl_status, "status",
	  "IKE SAs and Child SAs of multisad, with per-CPU steering counters",
	  "multisactl status --json" },
	{ "list-conns", ctl_list_conns, "list-conns",
	  "the configured connections and children, and what runs of each",
	  "multisactl list-conns" },
	{ "top", ctl_top, "top [-i SECONDS] [-n COUNT]",
	  "live per-CPU view: ESP packets/s of each Child SA on each CPU",
	  "multisactl top -i 1 -n 10" },
	{ "up", ctl_up, "up CONN", "bring connection CONN up",
	  "multisactl up site-b" },
	{ "initiate", ctl_up, "initiate CONN", "the same as up (swanctl's name)",
	  "multisactl initiate site-b" },
	{ "down", ctl_down, "down CONN", "delete connection CONN's IKE SAs",
	  "multisactl down site-b" },
	{ "terminate", ctl_terminate, "terminate CONN | --ike ID | --child ID",
	  "delete a connection's IKE SAs, one IKE SA, or one Child SA (ids from status)",
	  "multisactl terminate --ike 3" },
	{ "reload", ctl_reload, "reload",
	  "re-read multisad's configuration: unchanged connections untouched",
	  "multisactl reload" },
	{ "log", ctl_log, "log [LEVEL] [SUB=LEVEL ...]",
	  "stream multisad's log (levels err..debug; SUB: ike cfg knl dp ctl)",
	  "multisactl log debug knl=warn" },
	{ "metrics", ctl_metrics, "metrics [--openmetrics]",
	  "multisad's metrics, Prometheus text format (or OpenMetrics 1.0)",
	  "multisactl metrics | promtool check metrics" },
	{ "rekey", ctl_rekey, "rekey CHILD-ID", "rekey one Child SA (id from status)",
	  "multisactl rekey 12" },
	{ "delete", ctl_delete, "delete CHILD-ID",
	  "delete one Child SA with the peer (id from status)",
	  "multisactl delete 12" },
	{ "attach", ctl_attach, "attach IFACE [xdp auto|native|generic|none] [qsize N] [max-sas N] [xdp-meta on|off]",
	  "load the fast path and attach XDP + TC to IFACE; max-sas sizes its SA maps (default 131072); xdp-meta: XDP hands TC the SA (default off: TC classifies)",
	  "multisactl attach eth0 xdp native max-sas 262144" },
	{ "detach", ctl_detach, "detach IFACE",
	  "detach XDP + TC from IFACE (steering entries stay)",
	  "multisactl detach eth0" },
	{ "steer", ctl_steer, "steer add|del|list [spi SPI] [dst ADDR] [cpu CPU|any] [id SA_ID]",
	  "inbound SAs: steer ESP with SPI (to ADDR) to CPU",
	  "multisactl steer add spi 0xc0ffee01 dst 192.0.2.1 cpu 2" },
	{ "txsa", ctl_txsa, "txsa add|del|list [spi SPI] [dst ADDR] [cpu CPU|any] [id SA_ID]",
	  "outbound SAs: account which CPU sends on which SA",
	  "multisactl txsa list --json" },
	{ "stats", ctl_stats, "stats [reset]",
	  "per-SA per-CPU counters and verdict/drop counters, then multisad's",
	  "multisactl stats" },
	{ "set", ctl_set, "set drop-unknown-spi on|off",
	  "runtime knobs of the fast path", "multisactl set drop-unknown-spi on" },
	{ "purge", ctl_purge, "purge",
	  "remove the pinned maps: all steering entries and counters",
	  "multisactl purge" },
	{ "help", ctl_help, "help [COMMAND]", "this list, or one command's help",
	  "multisactl help terminate" },
};

#define N_CMDS (sizeof(cmds) / sizeof(*cmds))

static void usage(FILE *f)
{
	fprintf(f, "usage: multisactl [--json] [--pin-root DIR] [--socket PATH] [-v] [--version] "
		"COMMAND ...\n\n");
	for (size_t i = 0; i < N_CMDS; i++)
		fprintf(f, "  %-70s\n      %s\n", cmds[i].usage, cmds[i].help);
	fprintf(f, "\n'multisactl COMMAND --help' (or 'help COMMAND') explains one; exit status: "
		"0 done, 1 failed, 2 usage error.\nSPI and SA_ID take decimal or 0x-hex. Maps live under "
		"--pin-root (default /sys/fs/bpf/multisa);\nmultisad's control socket is "
		"--socket (default /run/multisa/multisad.sock).\n");
}

static const struct ctl_cmd *find(const char *name)
{
	for (size_t i = 0; i < N_CMDS; i++)
		if (!strcmp(name, cmds[i].name))
			return &cmds[i];
	return NULL;
}

static void cmd_help(const struct ctl_cmd *k)
{
	printf("usage: multisactl [--json] %s\n\n  %s\n", k->usage, k->help);
	if (k->example)
		printf("\nexample:\n  %s\n", k->example);
	printf("\nexit status: 0 done, 1 the operation failed, 2 usage error\n");
}

static int ctl_help(struct ctl *c, int argc, char **argv)
{
	const struct ctl_cmd *k;

	(void)c;
	if (!argc) {
		usage(stdout);
		return 0;
	}
	if (argc > 1 || !(k = find(argv[0])))
		return ctl_usage_error("help takes one command name");
	cmd_help(k);
	return 0;
}

/* COMMAND -h / --help anywhere after the command: its help. */
static bool wants_help(int argc, char **argv)
{
	for (int i = 0; i < argc; i++)
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return true;
	return false;
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
	const struct ctl_cmd *k;
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
	k = find(argv[optind]);
	if (!k)
		return ctl_usage_error("unknown command '%s'", argv[optind]);
	if (wants_help(argc - optind - 1, argv + optind + 1)) {
		cmd_help(k);
		return 0;
	}
	return k->run(&c, argc - optind - 1, argv + optind + 1);
}
