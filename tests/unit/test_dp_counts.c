// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The counters of steered packets: XDP counts each in its SA's cell alone
 * and user/ derives the verdicts (user/dp/dp_derive.c), keeping what SAs
 * gone or moved counted in msa_retired. Totals that never go back, through
 * deletes, moves, resets, walks that meet an entry twice, and two writers
 * at once (the lock); the real programs, BPF_PROG_TEST_RUN, as the
 * fixtures (dp_env.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include <bpf/bpf.h>
#include <linux/bpf.h>
#include <linux/filter.h>
#include <linux/pkt_cls.h>
#include <linux/seccomp.h>
#include <sys/syscall.h>
#include "dp_env.h"

/* ---- one cell per steered packet; totals that never go back ---------- */

static uint64_t raw_ctr(const char *map, enum msa_ctr c)
{
	char path[128];
	uint64_t *v = calloc(E.ncpus, sizeof(*v)), r;
	uint32_t key = c;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", E.root, map);
	fd = bpf_obj_get(path);
	assert_true(fd >= 0);
	assert_int_equal(bpf_map_lookup_elem(fd, &key, v), 0);
	r = v[0];
	close(fd);
	free(v);
	return r;
}

static void send_spi(uint32_t spi, int n, int verdict)
{
	struct pkt_spec s = { .l4 = PKT_ESP, .spi = spi, .esp_len = 8 };
	struct msa_meta meta;
	struct pkt p;
	int has_meta;

	pkt_build(&p, &s);
	for (int i = 0; i < n; i++)
		assert_int_equal(run_prog(E.progs.xdp_fd, &p, &meta, &has_meta),
				 verdict);
}

/* CPU 0's derived totals of the steered verdicts and xdp_rx, now. */
struct totals { uint64_t redirect, local, any, err, rx; };

static struct totals totals_now(void)
{
	assert_int_equal(msa_dp_counters_read(E.dp, E.after, E.ncpus), 0);
	return (struct totals){ E.after[MSA_CTR_XDP_REDIRECT],
				E.after[MSA_CTR_XDP_LOCAL],
				E.after[MSA_CTR_XDP_ANY_CPU],
				E.after[MSA_CTR_XDP_REDIRECT_ERR],
				E.after[MSA_CTR_XDP_RX] };
}

static void expect_totals(struct totals t0, uint64_t redirect, uint64_t local,
			  uint64_t any, uint64_t rx)
{
	struct totals t = totals_now();

	assert_int_equal(t.redirect - t0.redirect, redirect);
	assert_int_equal(t.local - t0.local, local);
	assert_int_equal(t.any - t0.any, any);
	assert_int_equal(t.rx - t0.rx, rx);
}

/* XDP writes the SA's cell alone for a steered packet: msa_counters holds
 * none of their verdicts, which user/ derives all the same. */
static void test_counts_one_cell(void **state)
{
	struct totals t0 = totals_now();

	send_spi(0x100, 2, XDP_REDIRECT);	/* SA_V4_REMOTE, CPU 1 */
	send_spi(0x300, 3, XDP_PASS);		/* SA_ANY_LOCAL, CPU 0 */
	send_spi(0x400, 4, XDP_PASS);		/* SA_FALLBACK */
	expect_totals(t0, 2, 3, 4, 9);
	assert_int_equal(raw_ctr("msa_counters", MSA_CTR_XDP_REDIRECT), 0);
	assert_int_equal(raw_ctr("msa_counters", MSA_CTR_XDP_LOCAL), 0);
	assert_int_equal(raw_ctr("msa_counters", MSA_CTR_XDP_ANY_CPU), 0);
	(void)state;
}

/* A CPU move, a delete and the id taken again keep every total; later
 * packets count under their new verdict. */
static void test_counts_kept(void **state)
{
	struct msa_sa_key k, k2;
	struct msa_sa_val v = { .sa_id = 30, .cpu = 1 };
	struct totals t0 = totals_now();

	assert_int_equal(msa_sa_key_make(&k, 0x5555, "192.0.2.1"), 0);
	assert_int_equal(msa_dp_sa_add(E.dp, MSA_DIR_IN, &k, &v), 0);
	send_spi(0x5555, 3, XDP_REDIRECT);
	expect_totals(t0, 3, 0, 0, 3);
	v.cpu = 0;
	assert_int_equal(msa_dp_sa_update(E.dp, MSA_DIR_IN, &k, &v), 0);
	expect_totals(t0, 3, 0, 0, 3);
	send_spi(0x5555, 2, XDP_PASS);
	expect_totals(t0, 3, 2, 0, 5);
	v.cpu = MSA_CPU_ANY;
	assert_int_equal(msa_dp_sa_update(E.dp, MSA_DIR_IN, &k, &v), 0);
	send_spi(0x5555, 1, XDP_PASS);
	expect_totals(t0, 3, 2, 1, 6);
	assert_int_equal(msa_dp_sa_del(E.dp, MSA_DIR_IN, &k), 0);
	expect_totals(t0, 3, 2, 1, 6);
	assert_int_equal(msa_sa_key_make(&k2, 0x6666, "192.0.2.1"), 0);
	v.cpu = 1;
	assert_int_equal(msa_dp_sa_add(E.dp, MSA_DIR_IN, &k2, &v), 0);
	expect_totals(t0, 3, 2, 1, 6);
	send_spi(0x6666, 1, XDP_REDIRECT);
	expect_totals(t0, 4, 2, 1, 7);
	assert_int_equal(msa_dp_sa_del(E.dp, MSA_DIR_IN, &k2), 0);
	(void)state;
}

/* A failed redirect (no cpumap entry) is its own verdict, not a redirect. */
static void test_counts_redirect_err(void **state)
{
	char path[128];
	struct bpf_cpumap_val q;
	uint32_t cpu = 1;
	struct totals t0 = totals_now(), t;
	int fd;

	snprintf(path, sizeof(path), "%s/msa_cpumap", E.root);
	fd = bpf_obj_get(path);
	assert_true(fd >= 0);
	assert_int_equal(bpf_map_lookup_elem(fd, &cpu, &q), 0);
	assert_int_equal(bpf_map_delete_elem(fd, &cpu), 0);
	send_spi(0x100, 2, XDP_PASS);
	q.bpf_prog.fd = 0;
	assert_int_equal(bpf_map_update_elem(fd, &cpu, &q, BPF_ANY), 0);
	close(fd);
	t = totals_now();
	assert_int_equal(t.err - t0.err, 2);
	expect_totals(t0, 0, 0, 0, 2);
	send_spi(0x100, 1, XDP_REDIRECT);
	expect_totals(t0, 1, 0, 0, 3);
	(void)state;
}

/* stats reset: every derived total back to 0, the SAs' own cells kept. */
static void test_counts_reset(void **state)
{
	struct msa_sa_ctrs before = sa_cpu0(SA_V4_REMOTE);

	send_spi(0x100, 1, XDP_REDIRECT);
	assert_int_equal(msa_dp_counters_reset(E.dp), 0);
	expect_totals((struct totals){ 0 }, 0, 0, 0, 0);
	assert_int_equal(sa_cpu0(SA_V4_REMOTE).xdp_pkts, before.xdp_pkts + 1);
	send_spi(0x100, 1, XDP_REDIRECT);
	expect_totals((struct totals){ 0 }, 1, 0, 0, 1);
	(void)state;
}

/* ---- many SAs, concurrent writers, maps of an earlier version ------------ */

#define MANY 300
#define MANY_ID0 100		/* SA ids MANY_ID0 .. + MANY - 1 */
#define MANY_SPI0 0x20000
#define CHURN 200		/* SAs added and deleted meanwhile, no packets */
#define CHURN_ID0 1000
#define CHURN_SPI0 0x40000

static uint32_t many_cpu(int i)
{
	return i % 3 == 2 ? MSA_CPU_ANY : (uint32_t)(i % 3);
}

static void many_key(struct msa_sa_key *k, uint32_t spi)
{
	assert_int_equal(msa_sa_key_make(k, spi, "192.0.2.1"), 0);
}

/* MANY SAs, one packet each: a third local, a third redirected, a third
 * to the fallback. */
static void many_add_and_send(void)
{
	for (int i = 0; i < MANY; i++) {
		add_sa(MSA_DIR_IN, MANY_SPI0 + i, "192.0.2.1", MANY_ID0 + i,
		       many_cpu(i));
		send_spi(MANY_SPI0 + i, 1, many_cpu(i) == 1 ? XDP_REDIRECT
							    : XDP_PASS);
	}
}

/* Delete every step-th SA from from on, those still there. */
static void many_del(int from, int step)
{
	struct msa_sa_key k;
	struct msa_sa_val v;

	for (int i = from; i < MANY; i += step) {
		many_key(&k, MANY_SPI0 + i);
		if (!msa_dp_sa_get(E.dp, MSA_DIR_IN, &k, &v))
			assert_int_equal(msa_dp_sa_del(E.dp, MSA_DIR_IN, &k), 0);
	}
}

/* A forked helper must not outlive the test, failed or not: killed with
 * its parent, and gone after a while in any case. */
static pid_t fork_helper(void)
{
	pid_t parent = getpid(), pid = fork();

	assert_true(pid >= 0);
	if (pid == 0 && (prctl(PR_SET_PDEATHSIG, SIGKILL) ||
			 getppid() != parent))
		_exit(1);
	if (pid == 0)
		alarm(30);
	return pid;
}

static void churn_keys(struct msa_sa_key *k)
{
	for (int i = 0; i < CHURN; i++)
		msa_sa_key_make(&k[i], CHURN_SPI0 + i, "192.0.2.1");
}

/* Adds and deletes CHURN SAs of its own handle until killed: deleted
 * entries under the parent's walks. */
static void churn_child(void)
{
	struct msa_dp *dp;
	struct msa_sa_key k[CHURN];
	struct msa_sa_val v = { .cpu = 1 };

	if (msa_dp_open(E.root, &dp))
		_exit(1);
	churn_keys(k);
	for (;;) {
		for (int i = 0; i < CHURN; i++) {
			v.sa_id = CHURN_ID0 + i;
			msa_dp_sa_add(dp, MSA_DIR_IN, &k[i], &v);
		}
		for (int i = 0; i < CHURN; i++)
			msa_dp_sa_del(dp, MSA_DIR_IN, &k[i]);
	}
}

/* What a killed churn_child left. */
static void churn_clean(void)
{
	struct msa_sa_key k[CHURN];
	struct msa_sa_val v;

	churn_keys(k);
	for (int i = 0; i < CHURN; i++)
		if (!msa_dp_sa_get(E.dp, MSA_DIR_IN, &k[i], &v))
			assert_int_equal(msa_dp_sa_del(E.dp, MSA_DIR_IN, &k[i]), 0);
}

/* The derived totals are each SA's cells once, however many SAs, with
 * deletes between reads and during them (the walk starts over then). */
static void test_counts_many(void **state)
{
	struct totals t0 = totals_now();
	pid_t pid;
	int st;

	many_add_and_send();
	expect_totals(t0, MANY / 3, MANY / 3, MANY / 3, MANY);
	many_del(0, 7);
	expect_totals(t0, MANY / 3, MANY / 3, MANY / 3, MANY);
	many_del(3, 5);
	expect_totals(t0, MANY / 3, MANY / 3, MANY / 3, MANY);
	pid = fork_helper();
	if (pid == 0)
		churn_child();
	for (int r = 0; r < 300; r++)
		expect_totals(t0, MANY / 3, MANY / 3, MANY / 3, MANY);
	assert_int_equal(msa_dp_counters_reset(E.dp), 0);
	for (int r = 0; r < 100; r++)
		expect_totals((struct totals){ 0 }, 0, 0, 0, 0);
	kill(pid, SIGKILL);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	churn_clean();
	many_del(0, 1);
	expect_totals((struct totals){ 0 }, 0, 0, 0, 0);
	(void)state;
}

/* Child: a reset through its own handle; exit 0 if it returned want
 * after waiting at least min_ms. */
static void reset_child(int want, long min_ms)
{
	struct timespec a, b;
	struct msa_dp *dp;
	long ms;
	int err;

	if (msa_dp_open(E.root, &dp))
		_exit(2);
	clock_gettime(CLOCK_MONOTONIC, &a);
	err = msa_dp_counters_reset(dp);
	clock_gettime(CLOCK_MONOTONIC, &b);
	ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
	if (err != want || ms < min_ms) {
		fprintf(stderr, "reset: %d after %ld ms\n", err, ms);
		_exit(1);
	}
	_exit(0);
}

static int pin_root_locked(void)
{
	int fd = open(E.root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	assert_true(fd >= 0);
	assert_int_equal(flock(fd, LOCK_EX | LOCK_NB), 0);
	return fd;
}

static void expect_exit0(pid_t pid)
{
	int st;

	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

/* msa_retired's writers take a lock on the pin root (a bpffs directory):
 * another process's reset waits while it is held, then goes ahead. */
static void test_retired_lock_waits(void **state)
{
	int fd = pin_root_locked();
	pid_t pid = fork_helper();

	if (pid == 0)
		reset_child(0, 100);
	usleep(300 * 1000);
	flock(fd, LOCK_UN); /* not close: the child shares the descriptor */
	close(fd);
	expect_exit0(pid);
	(void)state;
}

/* ... and gives up, said, when it is held too long (a stuck writer must
 * not stop multisad's loop). */
static void test_retired_lock_busy(void **state)
{
	int fd = pin_root_locked();
	pid_t pid = fork_helper();

	if (pid == 0)
		reset_child(-EBUSY, 900);
	expect_exit0(pid);
	close(fd);
	(void)state;
}

#define MOVES 4000

/* Child: MOVES CPU moves of one SA through its own handle, ending where
 * it started (CPU 0), once go (a pipe) is closed: both movers at once. */
static void mover_child(uint32_t spi, uint32_t sa_id, const int *go)
{
	struct msa_sa_key k;
	struct msa_sa_val v = { .sa_id = sa_id };
	struct msa_dp *dp;
	char c;

	close(go[1]);
	if (msa_dp_open(E.root, &dp) || msa_sa_key_make(&k, spi, "192.0.2.1") ||
	    read(go[0], &c, 1) != 0)
		_exit(2);
	for (int i = 1; i <= MOVES; i++) {
		v.cpu = (uint32_t)(i % 2);
		if (msa_dp_sa_update(dp, MSA_DIR_IN, &k, &v))
			_exit(1);
	}
	_exit(0);
}

/* Two processes retiring at once (each move adds to msa_retired) lose
 * nothing: the totals are those before the moves. */
static void test_retired_writers(void **state)
{
	struct msa_sa_key k;
	struct totals t0 = totals_now();
	int go[2];
	pid_t a, b;

	assert_int_equal(pipe(go), 0);
	add_sa(MSA_DIR_IN, 0x8801, "192.0.2.1", 40, 0);
	add_sa(MSA_DIR_IN, 0x8802, "192.0.2.1", 41, 0);
	send_spi(0x8801, 5, XDP_PASS);
	send_spi(0x8802, 7, XDP_PASS);
	expect_totals(t0, 0, 12, 0, 12);
	a = fork_helper();
	if (a == 0)
		mover_child(0x8801, 40, go);
	b = fork_helper();
	if (b == 0)
		mover_child(0x8802, 41, go);
	close(go[0]);
	usleep(50 * 1000);	/* both opened the maps: at the read */
	close(go[1]);
	expect_exit0(a);
	expect_exit0(b);
	expect_totals(t0, 0, 12, 0, 12);
	for (uint32_t spi = 0x8801; spi <= 0x8802; spi++) {
		assert_int_equal(msa_sa_key_make(&k, spi, "192.0.2.1"), 0);
		assert_int_equal(msa_dp_sa_del(E.dp, MSA_DIR_IN, &k), 0);
	}
	expect_totals(t0, 0, 12, 0, 12);
	(void)state;
}

/* In a child: syscall nr fails with EPERM, as one missing from multisad's
 * seccomp allow-list does; only when its first argument is arg0, unless
 * arg0 is negative. (x86-64 and other little-endian: the low word.) */
static void deny_syscall(uint32_t nr, long arg0)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, nr, 0, 3),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, args[0])),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)arg0,
			 0, arg0 < 0 ? 0 : 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { sizeof(f) / sizeof(*f), f };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog))
		_exit(3);
}

/* Child: MOVES CPU moves of SA 0x8801 with flock denied, as multisad's
 * seccomp filter does unless it allows flock. */
static void unlocked_mover_child(void)
{
	struct msa_sa_key k;
	struct msa_sa_val v = { .sa_id = 40 };
	struct msa_dp *dp;

	if (msa_dp_open(E.root, &dp) || msa_sa_key_make(&k, 0x8801, "192.0.2.1"))
		_exit(2);
	deny_syscall(__NR_flock, -1);
	for (int i = 1; i <= MOVES; i++) {
		v.cpu = (uint32_t)(i % 2);
		if (msa_dp_sa_update(dp, MSA_DIR_IN, &k, &v))
			_exit(1);
	}
	_exit(0);
}

/* A lock that cannot be taken at all (flock refused) is said and gone
 * without: the totals are kept still. */
static void test_retired_lock_denied(void **state)
{
	struct msa_sa_key k;
	struct totals t0 = totals_now();
	pid_t pid;

	add_sa(MSA_DIR_IN, 0x8801, "192.0.2.1", 40, 0);
	send_spi(0x8801, 3, XDP_PASS);
	pid = fork_helper();
	if (pid == 0)
		unlocked_mover_child();
	expect_exit0(pid);
	expect_totals(t0, 0, 3, 0, 3);
	assert_int_equal(msa_sa_key_make(&k, 0x8801, "192.0.2.1"), 0);
	assert_int_equal(msa_dp_sa_del(E.dp, MSA_DIR_IN, &k), 0);
	expect_totals(t0, 0, 3, 0, 3);
	(void)state;
}

/* Child: a reset whose walk of the SAs (batched) fails; exit 0 if it said
 * so. */
static void failed_reset_child(void)
{
	struct msa_dp *dp;

	if (msa_dp_open(E.root, &dp))
		_exit(2);
	deny_syscall(__NR_bpf, BPF_MAP_LOOKUP_BATCH);
	_exit(msa_dp_counters_reset(dp) == -EPERM ? 0 : 1);
}

/* stats reset reads the live cells before it writes msa_retired: when
 * the read fails, the derived totals are as they were. */
static void test_counts_reset_read_first(void **state)
{
	struct totals t0, t;
	pid_t pid;

	send_spi(0x100, 2, XDP_REDIRECT);
	send_spi(0x300, 1, XDP_PASS);
	t0 = totals_now();
	assert_true(t0.redirect && t0.local);
	pid = fork_helper();
	if (pid == 0)
		failed_reset_child();
	expect_exit0(pid);
	t = totals_now();
	assert_int_equal(t.redirect, t0.redirect);
	assert_int_equal(t.local, t0.local);
	assert_int_equal(t.any, t0.any);
	(void)state;
}

/* The live cells are read 64 ids per call (dp_live.c): SAs at both edges
 * of a chunk, in a chunk of their own and at the last id, each counted
 * once with its own verdict. */
static void test_counts_chunks(void **state)
{
	static const struct { uint32_t spi, cpu; } sa[] = {
		{ 0x8901, 1 }, { 0x8902, 0 }, { 0x8903, MSA_CPU_ANY }, { 0x8904, 0 },
	};
	uint32_t ids[] = { 63, 64, 191, msa_dp_sizes(E.dp)->sa_ids - 1 };
	struct totals t0 = totals_now();
	struct msa_sa_key k;

	for (int i = 0; i < 4; i++)
		add_sa(MSA_DIR_IN, sa[i].spi, "192.0.2.1", ids[i], sa[i].cpu);
	send_spi(0x8901, 2, XDP_REDIRECT);
	send_spi(0x8902, 3, XDP_PASS);
	send_spi(0x8903, 5, XDP_PASS);
	send_spi(0x8904, 7, XDP_PASS);
	expect_totals(t0, 2, 10, 5, 17);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(msa_sa_key_make(&k, sa[i].spi, "192.0.2.1"), 0);
		assert_int_equal(msa_dp_sa_del(E.dp, MSA_DIR_IN, &k), 0);
	}
	expect_totals(t0, 2, 10, 5, 17);
	(void)state;
}

/* Maps of 1,000 SA ids: the last chunk holds 40 (960-999) and its batch
 * read ends with ENOENT, the cells read all the same. */
static void test_counts_last_chunk_partial(void **state)
{
	struct pkt_spec sp = { .l4 = PKT_ESP, .esp_len = 8 };
	struct msa_dp_progs progs;
	struct msa_meta meta;
	struct msa_dp *dp;
	struct msa_sa_key k;
	struct pkt pk;
	uint64_t *v = calloc((size_t)E.ncpus * MSA_CTR_MAX, sizeof(*v));
	char root[80];
	int has_meta;

	snprintf(root, sizeof(root), "%s-small", E.root);
	assert_non_null(v);
	assert_int_equal(msa_dp_load_opts(root, &(struct msa_load_opts){
					  .max_sas = 1000 }, &progs), 0);
	assert_int_equal(msa_dp_open(root, &dp), 0);
	assert_int_equal(msa_dp_sizes(dp)->sa_ids, 1000);
	assert_int_equal(msa_sa_key_make(&k, 0x8a01, "192.0.2.1"), 0);
	assert_int_equal(msa_dp_sa_add(dp, MSA_DIR_IN, &k, &(struct msa_sa_val){
					  .sa_id = 999, .cpu = 0 }), 0);
	sp.spi = 0x8a01;
	pkt_build(&pk, &sp);
	for (int i = 0; i < 3; i++)
		assert_int_equal(run_prog(progs.xdp_fd, &pk, &meta, &has_meta),
				 XDP_PASS);
	assert_int_equal(msa_dp_counters_read(dp, v, E.ncpus), 0);
	assert_int_equal(v[MSA_CTR_XDP_LOCAL], 3);
	msa_dp_close(dp);
	msa_dp_unload(&progs);
	msa_dp_unpin(root);
	free(v);
	(void)state;
}

#define SENDS 50	/* test runs of the sender, SEND_REPEAT packets each */
#define SEND_REPEAT 100

/* Child on CPU 1: SENDS * SEND_REPEAT packets to spi, exit 0 if all were
 * steered (redirect or pass). */
static void sender_child(uint32_t spi)
{
	struct pkt_spec sp = { .l4 = PKT_ESP, .spi = spi, .esp_len = 8 };
	struct pkt p;
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(1, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		_exit(2);
	pkt_build(&p, &sp);
	for (int i = 0; i < SENDS; i++) {
		LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = p.b,
			    .data_size_in = p.len, .repeat = SEND_REPEAT);

		if (bpf_prog_test_run_opts(E.progs.xdp_fd, &o) ||
		    (o.retval != XDP_PASS && o.retval != XDP_REDIRECT))
			_exit(1);
	}
	_exit(0);
}

/* CPU moves while packets come: each move reads the SA's cells once, so
 * what it adds as the old verdict and takes off as the new one are the
 * same packets, and the steered verdicts still sum to the packets sent
 * (two reads would lose those counted between them). */
static void test_retired_move_one_read(void **state)
{
	struct msa_sa_key k;
	struct msa_sa_val v = { .sa_id = 42, .cpu = 0 };
	struct totals t0 = totals_now(), t;
	uint64_t *all = calloc((size_t)E.ncpus * MSA_CTR_MAX, sizeof(*all));
	uint64_t sum = 0, rx = 0;
	pid_t pid;
	int st;

	add_sa(MSA_DIR_IN, 0x8803, "192.0.2.1", v.sa_id, v.cpu);
	assert_int_equal(msa_dp_counters_read(E.dp, all, E.ncpus), 0);
	for (int cpu = 0; cpu < E.ncpus; cpu++) {
		uint64_t *row = all + (size_t)cpu * MSA_CTR_MAX;

		sum -= row[MSA_CTR_XDP_REDIRECT] + row[MSA_CTR_XDP_LOCAL] +
		       row[MSA_CTR_XDP_ANY_CPU];
		rx -= row[MSA_CTR_XDP_RX];
	}
	assert_int_equal(msa_sa_key_make(&k, 0x8803, "192.0.2.1"), 0);
	pid = fork_helper();
	if (pid == 0)
		sender_child(0x8803);
	while (waitpid(pid, &st, WNOHANG) == 0) {
		v.cpu ^= 1;
		assert_int_equal(msa_dp_sa_update(E.dp, MSA_DIR_IN, &k, &v), 0);
	}
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	assert_int_equal(msa_dp_counters_read(E.dp, all, E.ncpus), 0);
	for (int cpu = 0; cpu < E.ncpus; cpu++) {
		uint64_t *row = all + (size_t)cpu * MSA_CTR_MAX;

		sum += row[MSA_CTR_XDP_REDIRECT] + row[MSA_CTR_XDP_LOCAL] +
		       row[MSA_CTR_XDP_ANY_CPU];
		rx += row[MSA_CTR_XDP_RX];
	}
	free(all);
	assert_int_equal(sum, SENDS * SEND_REPEAT);
	assert_int_equal(rx, SENDS * SEND_REPEAT);
	assert_int_equal(msa_dp_sa_del(E.dp, MSA_DIR_IN, &k), 0);
	t = totals_now();
	assert_int_equal(t.err, t0.err);
	(void)state;
}

/* Maps pinned by the version before msa_retired: open makes and pins it
 * (rather than saying the datapath is not loaded); the counters read,
 * and a load of this version reuses the map made. */
static void test_retired_remade(void **state)
{
	struct msa_load_opts lo = { .xdp_meta = true };
	struct bpf_map_info info = { 0 };
	uint32_t len = sizeof(info);
	struct msa_dp_progs p = { 0 };
	struct msa_dp *dp;
	struct totals t0;
	char path[128];
	int fd;

	snprintf(path, sizeof(path), "%s/msa_retired", E.root);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(msa_dp_open(E.root, &dp), 0);
	fd = bpf_obj_get(path);
	assert_true(fd >= 0);
	assert_int_equal(bpf_obj_get_info_by_fd(fd, &info, &len), 0);
	close(fd);
	assert_int_equal(info.type, BPF_MAP_TYPE_PERCPU_ARRAY);
	assert_int_equal(info.max_entries, MSA_CTR_MAX);
	assert_int_equal(info.value_size, sizeof(uint64_t));
	msa_dp_close(E.dp);
	E.dp = dp;
	t0 = totals_now();
	send_spi(0x100, 1, XDP_REDIRECT);
	expect_totals(t0, 1, 0, 0, 1);
	assert_int_equal(msa_dp_load_opts(E.root, &lo, &p), 0);
	msa_dp_unload(&p);
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts_one_cell),
		cmocka_unit_test(test_counts_kept),
		cmocka_unit_test(test_counts_redirect_err),
		cmocka_unit_test(test_counts_reset),
		cmocka_unit_test(test_counts_many),
		cmocka_unit_test(test_retired_lock_waits),
		cmocka_unit_test(test_retired_lock_busy),
		cmocka_unit_test(test_retired_writers),
		cmocka_unit_test(test_retired_move_one_read),
		cmocka_unit_test(test_retired_lock_denied),
		cmocka_unit_test(test_counts_reset_read_first),
		cmocka_unit_test(test_retired_remade),
		cmocka_unit_test(test_counts_chunks),
		cmocka_unit_test(test_counts_last_chunk_partial),
	};

	return cmocka_run_group_tests_name("dp_counts", tests, setup, teardown);
}
