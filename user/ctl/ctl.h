/* SPDX-License-Identifier: GPL-2.0-or-later */
/* multisactl: the operator's CLI. A table of subcommands, one file each. */
#ifndef MSA_CTL_H
#define MSA_CTL_H

#include <stdbool.h>

struct ctl {
	const char *pin_root;  /* --pin-root or $MULTISA_PIN_ROOT */
	bool json;             /* --json */
	const char *socket;    /* --socket or $MULTISA_SOCKET */
};

struct ctl_cmd {
	const char *name;
	int (*run)(struct ctl *c, int argc, char **argv);
	const char *usage;
	const char *help;
	const char *example;	/* one command line, or NULL */
};

/* Returns the exit status: 0 ok, 1 failed, 2 usage error. */
int ctl_attach(struct ctl *c, int argc, char **argv);
int ctl_detach(struct ctl *c, int argc, char **argv);
int ctl_steer(struct ctl *c, int argc, char **argv);
int ctl_txsa(struct ctl *c, int argc, char **argv);
int ctl_set(struct ctl *c, int argc, char **argv);
int ctl_purge(struct ctl *c, int argc, char **argv);
int ctl_stats(struct ctl *c, int argc, char **argv);
int ctl_status(struct ctl *c, int argc, char **argv);
int ctl_up(struct ctl *c, int argc, char **argv);
int ctl_down(struct ctl *c, int argc, char **argv);
int ctl_reload(struct ctl *c, int argc, char **argv);
int ctl_log(struct ctl *c, int argc, char **argv);
int ctl_metrics(struct ctl *c, int argc, char **argv);
int ctl_list_conns(struct ctl *c, int argc, char **argv);
int ctl_terminate(struct ctl *c, int argc, char **argv);
int ctl_rekey(struct ctl *c, int argc, char **argv);
int ctl_delete(struct ctl *c, int argc, char **argv);
int ctl_top(struct ctl *c, int argc, char **argv);

int ctl_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
