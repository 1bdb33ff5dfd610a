// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * IKE rates between two multisad cores in one process (tests/unit/
 * ike_pair.h: the real codec, crypto, state machine; a recording kernel
 * double instead of XFRM, datagrams handed over in memory instead of UDP):
 *   - IKE SAs per second: IKE_SA_INIT + IKE_AUTH with one Child SA, then
 *     the delete (PSK, X25519, AES-GCM-256, PRF-SHA256);
 *   - CREATE_CHILD_SA exchanges per second (child rekeys, no PFS);
 *   - the time to bring up 64 per-CPU Child SAs with identical selectors in
 *     one IKE SA (all-at-once mode, 64 CPUs).
 *   - the crypto alone of one IKE SA, both ends (each: an X25519 key pair
 *     and shared secret, SKEYSEED and the seven keys): its rate is the
 *     bound the IKE SA rate is reported against (issue 15: >= half).
 * Medians of ROUNDS rounds. Usage: ike_rate [ROUNDS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "ike_pair.h"
#include "crypto/crypto.h"
#include "state/sa.h"
#include "state/fsm.h"
#include "state/task.h"

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp);
	return v[n / 2];
}

static struct pair *pair_new(void)
{
	struct pair *p = calloc(1, sizeof(*p));

	pair_init(p);
	p->child[0][0].next = p->child[1][0].next = NULL;
	return p;
}

/* IKE SAs per second over n setups + deletes. */
static double ike_rate(int n)
{
	struct pair *p = pair_new();
	double t0;

	pair_start(p);
	t0 = now_s();
	for (int i = 0; i < n; i++) {
		ike_daemon_up(p->d[0], "site");
		pair_pump(p);
		if (!pair_sa(p, 0))
			abort();
		ike_daemon_down(p->d[0], "site");
		pair_pump(p);
	}
	t0 = now_s() - t0;
	pair_free(p);
	free(p);
	return n / t0;
}

/* One end's key exchange and IKE SA keys against the other's public. */
static void one_end(const uint8_t *peer_pub, uint8_t *pub)
{
	static const struct ike_crypto_suite suite = {
		IKE_ENCR_AES_GCM_16, 256, 0, IKE_PRF_HMAC_SHA2_256 };
	static const uint8_t ni[32] = { 1 }, nr[32] = { 2 }, spi[8] = { 3 };
	const struct ike_crypto_nonces n = { ni, 32, nr, 32 };
	struct ike_sa_keys *k = NULL;
	struct ike_secret *gir = NULL;
	struct ike_dh_key *dh;

	if (ike_dh_new(&dh, IKE_DH_CURVE25519) ||
	    ike_dh_public(dh, pub, 32) ||
	    ike_dh_compute(dh, peer_pub, 32, &gir) ||
	    ike_crypto_sa_keys_derive(&k, &suite, gir, &n, spi, spi))
		abort();
	ike_crypto_sa_keys_free(k);
	ike_crypto_secret_free(gir);
	ike_dh_free(dh);
}

/* The crypto of n IKE SAs (both ends) per second: the rate's bound. */
static double crypto_rate(int n)
{
	uint8_t a[32], b[32];
	double t0;

	one_end((const uint8_t[32]){ 9 }, a);	/* a valid peer value */
	t0 = now_s();
	for (int i = 0; i < n; i++) {
		one_end(a, b);
		one_end(b, a);
	}
	return n / (now_s() - t0);
}

/* CREATE_CHILD_SA (child rekey) exchanges per second. */
static double child_rate(int n)
{
	struct pair *p = pair_new();
	struct task t = { .kind = X_CHILD_REKEY };
	double t0;

	pair_start(p);
	ike_daemon_up(p->d[0], "site");
	pair_pump(p);
	t0 = now_s();
	for (int i = 0; i < n; i++) {
		struct ikesa *sa = pair_sa(p, 0);

		for (struct child_sa *c = sa->children; c; c = c->next)
			if (c->state == CHILD_INSTALLED)
				t.child_id = c->id;
		isa_queue(sa, &t);
		ike_daemon_tick(sa->d);
		pair_pump(p);	/* rekey, then the old SA's delete */
	}
	t0 = now_s() - t0;
	if (p->d[0]->st.child_up != (uint64_t)n + 1)	/* all happened */
		abort();
	pair_free(p);
	free(p);
	return n / t0;
}

/* ms from up to 64 per-CPU Child SAs installed (plus the fallback). */
static double pcpu_64(void)
{
	struct pair *p = pair_new();
	double t0;
	int n = 0;

	for (int s = 0; s < 2; s++) {
		p->kd[s].caps.ncpus = 64;
		p->child[s][0].per_cpu_sas = CFG_PCPU_YES;
	}
	p->child[0][0].per_cpu_create = CFG_PCPU_ALL;
	pair_start(p);
	t0 = now_s();
	ike_daemon_up(p->d[0], "site");
	pair_pump(p);
	t0 = now_s() - t0;
	for (struct child_sa *c = pair_sa(p, 0)->children; c; c = c->next)
		n += c->state == CHILD_INSTALLED && c->cpu != MSA_KCPU_NONE;
	if (n != 64)
		abort();
	pair_free(p);
	free(p);
	return t0 * 1000;
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 7;
	double ike[64], child[64], pc[64], cr[64], ratio[64];

	if (rounds < 1 || rounds > 64)
		rounds = 7;
	for (int r = 0; r < rounds; r++) {
		cr[r] = crypto_rate(200);
		ike[r] = ike_rate(200);
		ratio[r] = ike[r] / cr[r];
		child[r] = child_rate(500);
		pc[r] = pcpu_64();
	}
	printf("IKE SAs/s (setup + delete, one child): %.0f\n",
	       median(ike, rounds));
	printf("crypto alone, IKE SAs/s (2 x X25519 pair + secret + keys): "
	       "%.0f\n", median(cr, rounds));
	printf("IKE SA rate / crypto bound (same round): %.2f\n",
	       median(ratio, rounds));
	printf("CREATE_CHILD_SA/s (child rekey + delete): %.0f\n",
	       median(child, rounds));
	printf("64 per-CPU Child SAs up (ms, incl. IKE SA): %.1f\n",
	       median(pc, rounds));
	return 0;
}
