// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * multisad: the IKEv2 daemon. One thread, one epoll loop over the UDP
 * sockets, the kernel's XFRM events, the control socket and signals; the
 * daemon core (daemon.h) decides, the kernel side (msa_kernel.h) installs.
 *
 * Start: load and check the config, remove what an earlier run left in
 * the kernel (our reqid range), probe what the kernel can do, then start
 * the connections. Exit (SIGINT/SIGTERM): delete the IKE SAs with the peers
 * (bounded wait), remove every SA and policy of ours, close.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>

#include <systemd/sd-daemon.h>

#include "ctl/ctl_server.h"
#include "core/daemon.h"
#include "io/io_cpu.h"
#include "io/io_lock.h"
#include "io/io_metrics.h"
#include "io/io_sandbox.h"
#include "io/io_udp.h"
#include "log/log.h"

#define SHUTDOWN_WAIT_MS 2000

struct loop {
	struct cfg *cfg;
	struct msa_kernel *k;
	struct ike_daemon *d;
	struct io_udp udp;
	struct ctl_server ctl;
	struct io_metrics metrics;
	struct io_locks locks;
	int ep, sfd, kfd, cpufd, mfd;
	bool stop;
};

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: multisad [-c FILE] [-v] [--check] [--version]\n"
		"  -c, --config FILE  configuration (default "
		"/etc/multisa/multisad.conf)\n"
		"  -v, --verbose      debug logging\n"
		"      --check        check the configuration and exit\n");
}

static void ep_add(int ep, int fd)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.fd = fd };

	if (fd >= 0)
		epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
}

static int signals_open(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	return signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
}

static void on_udp(struct loop *l, int fd)
{
	static uint8_t buf[65536];
	struct ike_addr local, remote;
	size_t len;

	for (int i = 0; i < 64; i++) {
		int rc = io_udp_recv(&l->udp, fd, buf, sizeof(buf), &len,
				     &local, &remote);

		if (rc == IO_UDP_SKIPPED)
			continue;
		if (rc)
			return;	/* drained (-EAGAIN), or an error */
		ike_daemon_set_time(l->d, now_ms());
		ike_daemon_recv(l->d, buf, len, &local, &remote);
	}
}

static void on_kernel(struct loop *l)
{
	struct msa_kevent ev[16];
	int n;

	while ((n = l->k->ops->event_read(l->k, ev, 16)) > 0)
		for (int i = 0; i < n; i++) {
			ike_daemon_set_time(l->d, now_ms());
			ike_daemon_kevent(l->d, &ev[i]);
		}
}

static void on_cpu(void *ctx, uint32_t cpu, bool online)
{
	struct loop *l = ctx;

	ike_daemon_set_time(l->d, now_ms());
	ike_daemon_cpu(l->d, cpu, online);
}

static bool is_udp(const struct loop *l, int fd)
{
	for (int f = 0; f < 2; f++)
		for (int n = 0; n < 2; n++)
			if (l->udp.fd[f][n] == fd)
				return true;
	return false;
}

/* SIGHUP: the configuration file again (the control socket's reload
 * does the same); an error changes nothing. */
static void reload(struct loop *l)
{
	char msg[512] = "";

	sd_notify(0, "RELOADING=1");
	ike_daemon_set_time(l->d, now_ms());
	if (ike_daemon_reload_file(l->d, l->d->cfg_path, msg, sizeof(msg)))
		msa_err("reload refused, nothing changed: %s", msg);
	sd_notify(0, "READY=1");
}

static void dispatch(struct loop *l, int fd)
{
	if (fd == l->sfd) {
		struct signalfd_siginfo si;

		if (read(fd, &si, sizeof(si)) != sizeof(si))
			return;
		if (si.ssi_signo == SIGHUP)
			return reload(l);
		l->stop = true;
		msa_info("signal: shutting down");
	} else if (ctl_server_owns(&l->ctl, fd)) {
		ike_daemon_set_time(l->d, now_ms());
		ctl_server_event(&l->ctl, fd, l->d, now_ms());
	} else if (fd == l->kfd) {
		on_kernel(l);
	} else if (fd == l->mfd) {
		ike_daemon_set_time(l->d, now_ms());
		io_metrics_run(&l->metrics);
	} else if (fd == l->cpufd) {
		io_cpu_read(fd, l->d->caps.ncpus, on_cpu, l);
	} else if (is_udp(l, fd)) {
		on_udp(l, fd);
	}
}

/* systemd's STATUS= (Type=notify): the SA counts, when they change. */
static void notify_status(struct loop *l)
{
	static uint32_t last = UINT32_MAX, last_half = UINT32_MAX;

	if (l->d->n_sas == last && l->d->n_half_open == last_half)
		return;
	last = l->d->n_sas;
	last_half = l->d->n_half_open;
	sd_notifyf(0, "STATUS=%u IKE SAs (%u half open)", last, last_half);
}

/* ms to sleep: until the next timer of the core or the control clients,
 * and at most until deadline (0: none). */
static uint64_t loop_wait(struct loop *l, uint64_t deadline)
{
	uint64_t wait, t, now;

	ike_daemon_set_time(l->d, now_ms());
	wait = ike_daemon_tick(l->d);
	now = now_ms();
	t = ctl_server_expire(&l->ctl, now);
	wait = wait < t ? wait : t;
	io_metrics_run(&l->metrics);	/* its connections' timeouts */
	t = io_metrics_timeout(&l->metrics);
	wait = wait < t ? wait : t;
	if (deadline) {
		t = now < deadline ? deadline - now : 0;
		wait = wait < t ? wait : t;
	}
	return wait;
}

/* Run until told to stop, or until deadline (ms, 0 = none). */
static void run(struct loop *l, uint64_t deadline)
{
	struct epoll_event ev[16];

	while (!l->stop && (!deadline || now_ms() < deadline)) {
		uint64_t wait = loop_wait(l, deadline);
		int n;

		notify_status(l);
		if (deadline && !l->d->sas)
			break;		/* shutting down: every SA is gone */
		n = epoll_wait(l->ep, ev, 16, wait > INT32_MAX ? -1 : (int)wait);
		for (int i = 0; i < n; i++)
			dispatch(l, ev[i].data.fd);
	}
}

static void shutdown_all(struct loop *l)
{
	sd_notify(0, "STOPPING=1");
	l->d->stopping = true;	/* a pending reload starts nothing now */
	for (const struct cfg_conn *c = l->d->cfg->conns; c; c = c->next)
		ike_daemon_down(l->d, c->name);
	l->stop = false;
	run(l, now_ms() + SHUTDOWN_WAIT_MS);
	ike_daemon_free(l->d);
	l->k->ops->flush_owned(l->k);
}

/* CPU hotplug: the kernel's events from now on, the offline CPUs now. */
static void watch_cpus(struct loop *l)
{
	int rc;

	l->cpufd = io_cpu_open();
	if (l->cpufd < 0)
		msa_warn("CPU hotplug events: %s (not followed)",
			 strerror(-l->cpufd));
	ep_add(l->ep, l->cpufd);
	rc = io_cpu_sync(l->d->caps.ncpus, on_cpu, l);
	if (rc)
		msa_warn("online CPUs: %s", strerror(-rc));
}

static char *metrics_gen(void *ctx, bool om, size_t *len)
{
	struct loop *l = ctx;

	ike_daemon_set_time(l->d, now_ms());
	return ctl_metrics_text(l->d, om, len);
}

/* global.metrics_listen: GET /metrics there (off by default). */
static int metrics_open(struct loop *l)
{
	const struct cfg_global *g = &l->cfg->global;
	char a[64];
	int rc = io_metrics_open(&l->metrics, &g->metrics_ip,
				 g->metrics_port, metrics_gen, l, now_ms);

	if (!g->metrics_ip.family)
		return 0;
	inet_ntop(g->metrics_ip.family, g->metrics_ip.addr, a, sizeof(a));
	if (rc) {
		msa_err("metrics_listen %s port %u: cannot listen there: %s", a,
			g->metrics_port, strerror(-rc));
		return rc;
	}
	l->mfd = io_metrics_fd(&l->metrics);
	ep_add(l->ep, l->mfd);
	msa_info("metrics: http://%s%s%s:%u/metrics",
		 g->metrics_ip.family == AF_INET6 ? "[" : "", a,
		 g->metrics_ip.family == AF_INET6 ? "]" : "", g->metrics_port);
	return 0;
}

static int setup(struct loop *l)
{
	const struct cfg_global *g = &l->cfg->global;
	struct ike_io io = { io_udp_send, io_udp_keepalive, &l->udp,
			     io_udp_drops };
	int rc = io_lock_take(&l->locks, g->ctl_socket, g->pin_root);

	if (!rc)
		rc = msa_kernel_open(&l->k, g->pin_root);
	if (rc)
		return rc;
	rc = l->k->ops->flush_owned(l->k);
	if (rc)
		msa_warn("cannot remove the state of an earlier run: %s",
			 strerror(-rc));
	rc = io_udp_open(&l->udp, g->port, g->port_natt,
			 (uint32_t)g->udp_rcvbuf);
	if (!rc)
		rc = ike_daemon_new(&l->d, l->cfg, l->k, &io);
	if (rc)
		return rc;
	msa_info("kernel: ESP %s, per-CPU SAs %s, XDP steering %s, %u CPUs",
		 l->d->caps.esp ? "yes" : "NO", l->d->caps.pcpu ? "yes" :
		 "no (regular Child SAs only)", l->d->caps.steering ? "yes" :
		 "no (maps not pinned)", l->d->caps.ncpus);
	l->kfd = l->k->ops->event_fd(l->k);
	l->sfd = signals_open();
	l->ep = epoll_create1(EPOLL_CLOEXEC);
	rc = metrics_open(l);	/* before the socket: a failure leaves none */
	if (rc)
		return rc;
	rc = ctl_server_open(&l->ctl, g->ctl_socket, l->ep);
	if (rc)
		msa_warn("control socket %s: %s", g->ctl_socket, strerror(-rc));
	ep_add(l->ep, l->sfd);
	watch_cpus(l);
	ep_add(l->ep, l->kfd);
	for (int f = 0; f < 2; f++)
		for (int n = 0; n < 2; n++)
			ep_add(l->ep, l->udp.fd[f][n]);
	return 0;
}

static int parse_args(int argc, char **argv, const char **conf, bool *check,
		      bool *verbose)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "check", no_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int o;

	while ((o = getopt_long(argc, argv, "c:vhV", opts, NULL)) != -1) {
		switch (o) {
		case 'c': *conf = optarg; break;
		case 'v': *verbose = true; break;
		case 'k': *check = true; break;
		case 'h': usage(stdout); exit(0);
		case 'V': printf("multisad %s\n", MSA_VERSION); exit(0);
		default: usage(stderr); return -EINVAL;
		}
	}
	return optind == argc ? 0 : -EINVAL;
}

int main(int argc, char **argv)
{
	const char *conf = "/etc/multisa/multisad.conf";
	struct loop l = { .ep = -1, .sfd = -1, .kfd = -1, .cpufd = -1,
			  .mfd = -1 };
	bool check = false, verbose = false;
	char err[512];
	int rc;

	if (parse_args(argc, argv, &conf, &check, &verbose))
		return 2;
	msa_log_daemon();
	if (cfg_load(conf, &l.cfg, err, sizeof(err))) {
		fprintf(stderr, "multisad: %s\n", err);
		return 1;
	}
	if (check) {
		printf("%s: OK\n", conf);
		cfg_free(l.cfg);
		return 0;
	}
	if (verbose)
		msa_log_set_level(MSA_LOG_DEBUG);
	else
		cfg_log_apply(&l.cfg->global);
	rc = setup(&l);
	if (!rc) {
		l.d->cfg_path = conf;
		l.d->log_level_fixed = verbose;
	}
	if (!rc && l.cfg->global.sandbox)
		rc = io_sandbox_enter();
	if (rc) {
		msa_err("cannot start: %s", strerror(-rc));
		return 1;
	}
	ike_daemon_set_time(l.d, now_ms());
	ike_daemon_start(l.d);
	msa_info("multisad running, control socket %s",
		 l.cfg->global.ctl_socket);
	sd_notify(0, "READY=1");
	run(&l, 0);
	shutdown_all(&l);
	ctl_server_close(&l.ctl);
	io_metrics_close(&l.metrics);
	io_lock_drop(&l.locks);
	io_udp_close(&l.udp);
	l.k->ops->close(l.k);
	cfg_free(l.cfg);
	msa_info("multisad stopped");
	return 0;
}
