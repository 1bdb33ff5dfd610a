// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xfrm_tool: drives the real kernel-side interface (msa_kernel_open and its
 * ops, include/msa_kernel.h) from the shell tests. One subcommand per op;
 * results and events are printed one per line for the tests to grep.
 * Maps: --pin-root, else $MULTISA_PIN_ROOT, else the default pin root.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "msa_kernel.h"
#include "dp/dp.h"
#include "log/log.h"

#define DEFAULT_AEAD_KEY "0x0102030405060708090a0b0c0d0e0f1011121314"

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "xfrm_tool: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, " (see xfrm_tool --help)\n");
	return 2;
}

/* ---- parsing ------------------------------------------------------------- */

static int parse_ip(const char *s, struct msa_ip *ip)
{
	memset(ip, 0, sizeof(*ip));
	if (inet_pton(AF_INET, s, ip->addr) == 1)
		ip->family = AF_INET;
	else if (inet_pton(AF_INET6, s, ip->addr) == 1)
		ip->family = AF_INET6;
	else
		return usage_error("'%s' is not an address", s);
	return 0;
}

/* ADDR[/LEN]; no length: the whole address */
static int parse_sel(const char *s, struct msa_ksel *sel)
{
	char buf[64], *slash;
	uint32_t len;

	memset(sel, 0, sizeof(*sel));
	snprintf(buf, sizeof(buf), "%s", s);
	slash = strchr(buf, '/');
	if (slash)
		*slash++ = '\0';
	if (parse_ip(buf, &sel->addr))
		return 2;
	sel->prefixlen = sel->addr.family == AF_INET ? 32 : 128;
	if (slash) {
		if (msa_parse_u32(slash, &len) || len > sel->prefixlen)
			return usage_error("bad prefix length in '%s'", s);
		sel->prefixlen = (uint8_t)len;
	}
	return 0;
}

static int parse_u32(const char *s, uint32_t *v)
{
	return msa_parse_u32(s, v) ? usage_error("'%s' is not a number", s) : 0;
}

static int parse_u16(const char *s, uint16_t *v)
{
	uint32_t x;

	if (msa_parse_u32(s, &x) || x > 0xffff)
		return usage_error("'%s' is not a 16-bit number", s);
	*v = (uint16_t)x;
	return 0;
}

static int parse_key(const char *s, uint8_t *out, uint16_t *len)
{
	size_t n;

	if (!strncmp(s, "0x", 2))
		s += 2;
	n = strlen(s);
	if (n % 2 || n / 2 > MSA_KEY_MAX)
		return usage_error("bad key length (%s hex digits)", "odd or too many");
	for (size_t i = 0; i < n / 2; i++)
		if (sscanf(s + 2 * i, "%2hhx", &out[i]) != 1)
			return usage_error("bad hex in key%s", "");
	*len = (uint16_t)(n / 2);
	return 0;
}

static int parse_cpu(const char *s, uint32_t *cpu)
{
	if (!strcmp(s, "none") || !strcmp(s, "any")) {
		*cpu = MSA_KCPU_NONE;
		return 0;
	}
	return parse_u32(s, cpu);
}

static int parse_dir(const char *s, uint8_t *dir)
{
	if (!strcmp(s, "in"))
		*dir = MSA_KDIR_IN;
	else if (!strcmp(s, "out"))
		*dir = MSA_KDIR_OUT;
	else
		return usage_error("direction '%s' is not in or out", s);
	return 0;
}

static const char *ipstr(const struct msa_ip *ip, char *buf, size_t len)
{
	if (!inet_ntop(ip->family, ip->addr, buf, len))
		snprintf(buf, len, "?");
	return buf;
}

/* ---- probe, spi-alloc ----------------------------------------------------- */

static int cmd_probe(struct msa_kernel *k, int argc, char **argv)
{
	struct msa_kcaps c;
	int err = k->ops->probe(k, &c);

	if (err)
		return 1;
	printf("esp=%s pcpu=%s steering=%s ncpus=%u\n", c.esp ? "yes" : "no",
	       c.pcpu ? "yes" : "no", c.steering ? "yes" : "no", c.ncpus);
	return 0;
}

/* spi-alloc SRC DST REQID [--cpu N] */
static int cmd_spi_alloc(struct msa_kernel *k, int argc, char **argv)
{
	struct msa_ip src, dst;
	uint32_t reqid, cpu = MSA_KCPU_NONE, spi;

	if (argc < 3)
		return usage_error("spi-alloc needs SRC DST REQID%s", "");
	if (parse_ip(argv[0], &src) || parse_ip(argv[1], &dst) ||
	    parse_u32(argv[2], &reqid))
		return 2;
	if (argc == 5 && !strcmp(argv[3], "--cpu") && parse_cpu(argv[4], &cpu))
		return 2;
	if (k->ops->spi_alloc(k, &src, &dst, reqid, cpu, &spi))
		return 1;
	printf("spi 0x%08x\n", spi);
	return 0;
}

/* ---- sa-add --------------------------------------------------------------- */

static int sa_integ(struct msa_ksa *sa, const char *alg, const char *key)
{
	static const char *const names[] = { "sha256", "sha384", "sha512" };

	for (unsigned int i = 0; i < 3; i++)
		if (!strcmp(alg, names[i])) {
			sa->integ = (uint16_t)(12 + i);	/* AUTH_HMAC_SHA2_*: 12..14 */
			return parse_key(key, sa->integ_key, &sa->integ_key_len);
		}
	return usage_error("integrity '%s' is not sha256, sha384 or sha512", alg);
}

static int sa_encap(struct msa_ksa *sa, const char *s)
{
	unsigned int sp, dp;

	if (sscanf(s, "%u:%u", &sp, &dp) != 2 || !sp || !dp || sp > 0xffff ||
	    dp > 0xffff)
		return usage_error("encap '%s' is not SPORT:DPORT", s);
	sa->encap_sport = (uint16_t)sp;
	sa->encap_dport = (uint16_t)dp;
	return 0;
}

/* One option at argv[0] (its value at argv[1]): how many words it took. */
static int sa_opt(struct msa_ksa *sa, int argc, char **argv)
{
	const char *o = argv[0], *v = argc > 1 ? argv[1] : NULL;

	if (!strcmp(o, "--esn"))
		return sa->esn = true, 1;
	if (!strcmp(o, "--tunnel"))
		return sa->mode = MSA_KMODE_TUNNEL, 1;
	if (!v)
		return -usage_error("option %s needs a value", o);
	if (!strcmp(o, "--cpu"))
		return parse_cpu(v, &sa->cpu) ? -2 : 2;
	if (!strcmp(o, "--dir"))
		return parse_dir(v, &sa->dir) ? -2 : 2;
	if (!strcmp(o, "--id"))
		return parse_u32(v, &sa->sa_id) ? -2 : 2;
	if (!strcmp(o, "--replay"))
		return parse_u32(v, &sa->replay_window) ? -2 : 2;
	if (!strcmp(o, "--encap"))
		return sa_encap(sa, v) ? -2 : 2;
	if (!strcmp(o, "--aead")) {
		sa->encr = 20;	/* ENCR_AES_GCM_16 */
		if (parse_key(v, sa->encr_key, &sa->encr_key_len))
			return -2;
		sa->encr_key_bits = (uint16_t)((sa->encr_key_len - 4) * 8);
		return 2;
	}
	if (!strcmp(o, "--cbc")) {
		sa->encr = 12;	/* ENCR_AES_CBC */
		if (parse_key(v, sa->encr_key, &sa->encr_key_len))
			return -2;
		sa->encr_key_bits = (uint16_t)(sa->encr_key_len * 8);
		return 2;
	}
	if (!strcmp(o, "--integ"))
		return argc < 3 || sa_integ(sa, v, argv[2]) ? -2 : 3;
	return -usage_error("unknown option '%s'", o);
}

static int sa_life(struct msa_ksa *sa, int argc, char **argv, int *used)
{
	uint32_t v;
	uint64_t *f = NULL;

	if (!strcmp(argv[0], "--soft-s"))
		f = &sa->life.soft_add_s;
	else if (!strcmp(argv[0], "--hard-s"))
		f = &sa->life.hard_add_s;
	else if (!strcmp(argv[0], "--soft-packets"))
		f = &sa->life.soft_packets;
	else if (!strcmp(argv[0], "--hard-packets"))
		f = &sa->life.hard_packets;
	if (!f)
		return 0;
	if (argc < 2 || parse_u32(argv[1], &v))
		return -2;
	*f = v;
	*used = 2;
	return 1;
}

/* sa-add SRC DST SPI REQID [options] */
static int cmd_sa_add(struct msa_kernel *k, int argc, char **argv)
{
	struct msa_ksa sa = { .cpu = MSA_KCPU_NONE, .replay_window = 32 };
	int n, used, err;

	if (argc < 4)
		return usage_error("sa-add needs SRC DST SPI REQID%s", "");
	if (parse_ip(argv[0], &sa.src) || parse_ip(argv[1], &sa.dst) ||
	    parse_u32(argv[2], &sa.spi) || parse_u32(argv[3], &sa.reqid))
		return 2;
	sa_opt(&sa, 2, (char *[]){ "--aead", DEFAULT_AEAD_KEY });
	for (int i = 4; i < argc; i += n) {
		n = sa_life(&sa, argc - i, argv + i, &used);
		if (n > 0)
			n = used;
		else if (n == 0)
			n = sa_opt(&sa, argc - i, argv + i);
		if (n < 0)
			return 2;
	}
	err = k->ops->sa_add(k, &sa);
	explicit_bzero(&sa, sizeof(sa));
	if (err)
		return 1;
	printf("ok\n");
	return 0;
}

/* ---- sa-del, sa-stats ------------------------------------------------------ */

/* sa-del DST SPI [--dir in|out] */
static int cmd_sa_del(struct msa_kernel *k, int argc, char **argv)
{
	struct msa_ip dst;
	uint32_t spi;
	uint8_t dir = 0;
	int err;

	if (argc < 2)
		return usage_error("sa-del needs DST SPI%s", "");
	if (parse_ip(argv[0], &dst) || parse_u32(argv[1], &spi))
		return 2;
	if (argc == 4 && !strcmp(argv[2], "--dir") && parse_dir(argv[3], &dir))
		return 2;
	err = k->ops->sa_del(k, &dst, spi, dir);
	if (err == -ENOENT)
		printf("enoent\n");
	else if (!err)
		printf("ok\n");
	return err ? 1 : 0;
}

/* sa-stats DST SPI */
static int cmd_sa_stats(struct msa_kernel *k, int argc, char **argv)
{
	struct msa_kstats st;
	struct msa_ip dst;
	uint32_t spi;

	if (argc < 2)
		return usage_error("sa-stats needs DST SPI%s", "");
	if (parse_ip(argv[0], &dst) || parse_u32(argv[1], &spi))
		return 2;
	if (k->ops->sa_stats(k, &dst, spi, &st))
		return 1;
	printf("bytes %llu packets %llu add_time %llu use_time %llu\n",
	       (unsigned long long)st.bytes, (unsigned long long)st.packets,
	       (unsigned long long)st.add_time, (unsigned long long)st.use_time);
	return 0;
}

/* ---- policies --------------------------------------------------------------- */

static int pol_dir(const char *s, uint8_t *dir)
{
	static const char *const names[] = { "in", "out", "fwd" };

	for (uint8_t i = 0; i < 3; i++)
		if (!strcmp(s, names[i])) {
			*dir = i;	/* MSA_KPOL_IN, _OUT, _FWD */
			return 0;
		}
	return usage_error("policy direction '%s' is not in, out or fwd", s);
}

static int pol_opt(struct msa_kpolicy *p, int argc, char **argv)
{
	const char *o = argv[0], *v = argc > 1 ? argv[1] : NULL;
	uint32_t x;

	if (!strcmp(o, "--cpu-acquire"))
		return p->flags |= MSA_KPOL_F_CPU_ACQUIRE, 1;
	if (!v)
		return -usage_error("option %s needs a value", o);
	if (!strcmp(o, "--prio"))
		return parse_u32(v, &p->priority) ? -2 : 2;
	if (!strcmp(o, "--proto")) {
		if (parse_u32(v, &x) || x > 255)
			return -2;
		p->src.proto = p->dst.proto = (uint8_t)x;
		return 2;
	}
	if (!strcmp(o, "--sport"))
		return parse_u16(v, &p->src.port) ? -2 : 2;
	if (!strcmp(o, "--dport"))
		return parse_u16(v, &p->dst.port) ? -2 : 2;
	if (!strcmp(o, "--tunnel")) {
		if (argc < 3 || parse_ip(v, &p->tmpl_src) || parse_ip(argv[2], &p->tmpl_dst))
			return -2;
		p->mode = MSA_KMODE_TUNNEL;
		return 3;
	}
	return -usage_error("unknown option '%s'", o);
}

/* SRC DST DIR [REQID] [options] */
static int parse_policy(struct msa_kpolicy *p, int argc, char **argv,
			bool reqid)
{
	int first = reqid ? 4 : 3, n;

	memset(p, 0, sizeof(*p));
	if (argc < first)
		return usage_error("need SRC[/LEN] DST[/LEN] in|out|fwd%s",
				   reqid ? " REQID" : "");
	if (parse_sel(argv[0], &p->src) || parse_sel(argv[1], &p->dst) ||
	    pol_dir(argv[2], &p->dir) || (reqid && parse_u32(argv[3], &p->reqid)))
		return 2;
	for (int i = first; i < argc; i += n) {
		n = pol_opt(p, argc - i, argv + i);
		if (n < 0)
			return 2;
	}
	return 0;
}

static int cmd_policy_add(struct msa_kernel *k, int argc, char **argv)
{
	struct msa_kpolicy p;

	if (parse_policy(&p, argc, argv, true))
		return 2;
	if (k->ops->policy_add(k, &p))
		return 1;
	printf("ok\n");
	return 0;
}

static int cmd_policy_del(struct msa_kernel *k, int argc, char **argv)
{
	struct msa_kpolicy p;
	int err;

	if (parse_policy(&p, argc, argv, false))
		return 2;
	err = k->ops->policy_del(k, &p);
	printf("%s\n", err == -ENOENT ? "enoent" : err ? "error" : "ok");
	return err ? 1 : 0;
}

/* ---- events ------------------------------------------------------------------ */

static void print_sel(const char *name, const struct msa_ksel *s)
{
	char a[INET6_ADDRSTRLEN];

	printf(" %s %s/%u", name, ipstr(&s->addr, a, sizeof(a)), s->prefixlen);
	if (s->port)
		printf(" %sport %u", name, s->port);
}

static void print_event(const struct msa_kevent *e)
{
	static const char *const names[] = { "ACQUIRE", "EXPIRE", "POLEXPIRE",
					     "RESYNC" };
	char a[INET6_ADDRSTRLEN];

	printf("%s", e->type < 4 ? names[e->type] : "?");
	if (e->type == MSA_KEV_EXPIRE || e->type == MSA_KEV_POLEXPIRE)
		printf(" %s", e->hard ? "hard" : "soft");
	if (e->type == MSA_KEV_RESYNC) {
		printf("\n");
		return;
	}
	printf(" reqid 0x%08x", e->reqid);
	if (e->cpu == MSA_KCPU_NONE)
		printf(" cpu none");
	else
		printf(" cpu %u", e->cpu);
	if (e->type == MSA_KEV_EXPIRE)
		printf(" spi 0x%08x dst %s dir %u", e->spi,
		       ipstr(&e->sa_dst, a, sizeof(a)), e->dir);
	else {
		print_sel("src", &e->src);
		print_sel("dst", &e->dst);
		printf(" proto %u", e->dst.proto);
	}
	printf("\n");
}

struct listen_opts {
	uint32_t count, timeout_s, rcvbuf, delay_s;
};

static int listen_opts(struct listen_opts *o, int argc, char **argv)
{
	o->timeout_s = 10;
	o->rcvbuf = o->delay_s = 0;
	if (argc < 1 || parse_u32(argv[0], &o->count))
		return usage_error("listen needs a count%s", "");
	for (int i = 1; i + 1 < argc; i += 2) {
		uint32_t *f = !strcmp(argv[i], "--timeout") ? &o->timeout_s :
			      !strcmp(argv[i], "--rcvbuf") ? &o->rcvbuf :
			      !strcmp(argv[i], "--delay") ? &o->delay_s : NULL;

		if (!f)
			return usage_error("unknown option '%s'", argv[i]);
		if (parse_u32(argv[i + 1], f))
			return 2;
	}
	return 0;
}

/* listen N [--timeout S] [--rcvbuf B] [--delay S]: print N events (exit 0)
 * or what came before the timeout (exit 1). "listening" says it is ready. */
static int cmd_listen(struct msa_kernel *k, int argc, char **argv)
{
	struct listen_opts o;
	struct msa_kevent ev[16];
	struct pollfd pfd = { .fd = k->ops->event_fd(k), .events = POLLIN };
	time_t end;
	uint32_t got = 0;
	int n, size;

	if (listen_opts(&o, argc, argv))
		return 2;
	size = (int)o.rcvbuf;
	if (size && setsockopt(pfd.fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)))
		perror("SO_RCVBUFFORCE");
	printf("listening\n");
	fflush(stdout);
	sleep(o.delay_s);
	end = time(NULL) + o.timeout_s;
	while (got < o.count && time(NULL) < end) {
		if (poll(&pfd, 1, 200) < 0)
			return 1;
		n = k->ops->event_read(k, ev, 16);
		if (n < 0)
			return 1;
		for (int i = 0; i < n; i++, got++)
			print_event(&ev[i]);
		fflush(stdout);
	}
	return got >= o.count ? 0 : 1;
}

static int cmd_flush(struct msa_kernel *k, int argc, char **argv)
{
	if (k->ops->flush_owned(k))
		return 1;
	printf("ok\n");
	return 0;
}

/* ---- the table ------------------------------------------------------------------ */

static const struct cmd {
	const char *name;
	int (*fn)(struct msa_kernel *k, int argc, char **argv);
	const char *usage;
} cmds[] = {
	{ "probe", cmd_probe, "probe" },
	{ "spi-alloc", cmd_spi_alloc, "spi-alloc SRC DST REQID [--cpu N]" },
	{ "sa-add", cmd_sa_add, "sa-add SRC DST SPI REQID [--dir in|out] [--cpu N|none] "
	  "[--id SA_ID] [--esn] [--replay N] [--tunnel] [--encap SPORT:DPORT] "
	  "[--aead KEY | --cbc KEY --integ sha256|sha384|sha512 KEY] "
	  "[--soft-s N] [--hard-s N] [--soft-packets N] [--hard-packets N]" },
	{ "sa-del", cmd_sa_del, "sa-del DST SPI [--dir in|out]" },
	{ "sa-stats", cmd_sa_stats, "sa-stats DST SPI" },
	{ "policy-add", cmd_policy_add, "policy-add SRC[/LEN] DST[/LEN] in|out|fwd REQID "
	  "[--prio N] [--proto P] [--sport N] [--dport N] [--tunnel TSRC TDST] "
	  "[--cpu-acquire]" },
	{ "policy-del", cmd_policy_del, "policy-del SRC[/LEN] DST[/LEN] in|out|fwd "
	  "[--proto P] [--sport N] [--dport N]" },
	{ "listen", cmd_listen, "listen N [--timeout S] [--rcvbuf BYTES] [--delay S]" },
	{ "flush", cmd_flush, "flush" },
};

#define N_CMDS (sizeof(cmds) / sizeof(cmds[0]))

static void usage(FILE *f)
{
	fprintf(f, "usage: xfrm_tool [-v] [--pin-root DIR] COMMAND ...\n");
	for (size_t i = 0; i < N_CMDS; i++)
		fprintf(f, "  %s\n", cmds[i].usage);
}

int main(int argc, char **argv)
{
	const char *pin_root = getenv("MULTISA_PIN_ROOT");
	struct msa_kernel *k;
	int i = 1, rc;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-v"))
			msa_log_set_level(MSA_LOG_DEBUG);
		else if (!strcmp(argv[i], "--pin-root") && i + 1 < argc)
			pin_root = argv[++i];
		else
			return usage(strcmp(argv[i], "--help") ? stderr : stdout),
			       strcmp(argv[i], "--help") ? 2 : 0;
	}
	for (size_t c = 0; i < argc && c < N_CMDS; c++) {
		if (strcmp(argv[i], cmds[c].name))
			continue;
		if (msa_kernel_open(&k, pin_root))
			return 1;
		rc = cmds[c].fn(k, argc - i - 1, argv + i + 1);
		k->ops->close(k);
		return rc;
	}
	usage(stderr);
	return 2;
}
