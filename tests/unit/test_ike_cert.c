// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Public-key authentication between two daemon cores (ike_pair.h), with
 * a PKI made at test time by tests/tools/mkca.sh:
 *
 *   HDR, SAi1, KEi, Ni, N(NATD_S), N(NATD_D), N(SIGNATURE_HASH_ALGS)  -->
 *      <--  HDR, SAr1, KEr, Nr, N(NATD_*), N(SIGNATURE_HASH_ALGS), CERTREQ
 *   HDR, SK{IDi, CERT+, CERTREQ, AUTH(14), SAi2, TSi, TSr}  -->
 *                        <--  HDR, SK{IDr, CERT+, AUTH(14), SAr2, TSi, TSr}
 *
 * Every key type both ways, a chain through an intermediate, and each
 * refusal (expired, revoked, identity, unknown CA, classic method
 * forbidden) ending with AUTHENTICATION_FAILED, no IKE SA, and a log line
 * that names the check and the certificate.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "ike_pair_check.h"
#include "codec/msg.h"
#include "crypto/pki.h"
#include "ctl/ctl_server.h"
#include "state/sa.h"

static char pki[256];		/* x509_dir of the test PKI */
static char last_warn[1024];	/* the last warning logged */
static char reasons[4096];	/* every warning of the test, joined */
static char infos[16384];	/* every line up to info, joined */

static void add_line(char *buf, size_t size, const char *line)
{
	if (strlen(buf) + strlen(line) + 2 < size) {
		strcat(buf, line);
		strcat(buf, "\n");
	}
}

static void tap(void *ctx, enum msa_log_sub sub, enum msa_log_level lvl,
		const char *line)
{
	(void)ctx;
	(void)sub;
	add_line(infos, sizeof(infos), line);
	if (lvl > MSA_LOG_WARN)
		return;
	snprintf(last_warn, sizeof(last_warn), "%s", line);
	add_line(reasons, sizeof(reasons), line);
}

static int group_setup(void **state)
{
	char cmd[512];
	const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	static const int levels[MSA_SUB_COUNT] = { [0 ... MSA_SUB_COUNT - 1] =
						   MSA_LOG_INFO };

	(void)state;
	snprintf(pki, sizeof(pki), "%s/test_ike_cert.%d", tmp, (int)getpid());
	snprintf(cmd, sizeof(cmd), "bash tests/tools/mkca.sh %s >/dev/null",
		 pki);
	if (system(cmd) != 0) {
		fprintf(stderr, "mkca.sh failed\n");
		return -1;
	}
	msa_log_set_tap(tap, NULL, levels);
	return 0;
}

static int group_teardown(void **state)
{
	char cmd[512];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", pki);
	return system(cmd) == 0 ? 0 : -1;
}

static int setup(void **state)
{
	struct pair *p = calloc(1, sizeof(*p));

	pair_init(p);
	p->child[0][0].next = NULL;	/* "net" only */
	p->child[1][0].next = NULL;
	last_warn[0] = reasons[0] = infos[0] = '\0';
	*state = p;
	return 0;
}

static int cert_teardown(void **state)
{
	struct pair *p = *state;

	pair_free(p);
	for (int s = 0; s < 2; s++)
		cfg_conn_pubkey_free(&p->conn[s]);
	free(p);
	return 0;
}

static struct ike_x509 *load_cert(const char *sub, const char *name)
{
	struct ike_x509 *c;
	char path[512], why[512];

	snprintf(path, sizeof(path), "%s/%s/%s.pem", pki, sub, name);
	assert_int_equal(ike_x509_load(&c, path, why, sizeof(why)), 0);
	return c;
}

static void set_fqdn(struct cfg_id *id, const char *fqdn)
{
	id->type = IKE_ID_FQDN;
	id->len = (uint16_t)strlen(fqdn);
	memcpy(id->data, fqdn, id->len);
}

/* side authenticates with NAME.pem (then extra, an intermediate). */
static void use_cert(struct pair *p, int side, const char *name,
		     const char *extra)
{
	struct cfg_conn *c = &p->conn[side];
	char path[512], why[512], fqdn[64];

	c->local_auth = CFG_AUTH_PUBKEY;
	c->local_classic = true;
	c->certs[c->n_certs++] = load_cert("x509", name);
	if (extra)
		c->certs[c->n_certs++] = load_cert("x509", extra);
	snprintf(path, sizeof(path), "%s/private/%s.key", pki, name);
	assert_int_equal(ike_privkey_load(&c->key, path, NULL, why,
					  sizeof(why)), 0);
	snprintf(fqdn, sizeof(fqdn), "%s.example", name);
	set_fqdn(&c->local_id, fqdn);
}

/* side checks the peer's certificate against the root CA (and CRL). */
static void trust_root(struct pair *p, int side, bool crl)
{
	struct cfg_conn *c = &p->conn[side];
	struct ike_x509 *ca = load_cert("x509ca", "ca");
	char path[512], why[512];

	c->remote_auth = CFG_AUTH_PUBKEY;
	c->remote_classic = true;
	assert_int_equal(ike_trust_new(&c->trust), 0);
	assert_int_equal(ike_trust_add_ca(c->trust, ca), 0);
	ike_x509_free(ca);
	snprintf(path, sizeof(path), "%s/x509crl/crl.pem", pki);
	if (crl)
		assert_int_equal(ike_trust_add_crl(c->trust, path, why,
						   sizeof(why)), 0);
}

static void both(struct pair *p, const char *a, const char *b)
{
	use_cert(p, 0, a, NULL);
	use_cert(p, 1, b, NULL);
	trust_root(p, 0, true);
	trust_root(p, 1, true);
}

/* IKE_AUTH refused by B: AUTHENTICATION_FAILED, no IKE SA left. */
static void refused(struct pair *p, const char *why)
{
	assert_int_equal(pair_start(p), 0);
	assert_int_equal(ike_daemon_up(p->d[0], "site"), 0);
	pair_pump(p);
	print_message("refused: %s", reasons);
	assert_null(pair_sa(p, 0));
	assert_null(pair_sa(p, 1));
	assert_non_null(strstr(reasons, why));
	assert_non_null(strstr(reasons, "IKE_AUTH failed: peer refused our "
			       "AUTH"));
	pair_run(p, 2000, 500);
	assert_int_equal(pair_n_sas(p, 0), 0);
	assert_int_equal(pair_n_sas(p, 1), 0);
	assert_int_equal(p->kd[0].n_sa, 0);
	assert_int_equal(p->kd[1].n_sa, 0);
}

/* ---- it works --------------------------------------------------------- */

static void test_key_types(void **state)
{
	static const char *const names[] = {
		"rsa", "p256", "p384", "p521", "ed25519",
	};
	static const char *const schemes[] = {
		"RSASSA-PSS SHA-256", "ECDSA SHA-256", "ECDSA SHA-384",
		"ECDSA SHA-512", "Ed25519",
	};
	struct pair *p = *state;

	for (size_t a = 0; a < 5; a++) {
		size_t b = (a + 1) % 5;

		print_message("A %s, B %s\n", names[a], names[b]);
		pair_init(p);
		p->child[0][0].next = p->child[1][0].next = NULL;
		both(p, names[a], names[b]);
		infos[0] = '\0';
		establish(p);
		print_message("%s", infos);
		assert_non_null(strstr(infos, schemes[a]));
		assert_non_null(strstr(infos, schemes[b]));
		assert_int_equal(sas_agree(p), 2);
		assert_int_equal(pair_sa(p, 0)->peer_id_type, IKE_ID_FQDN);
		assert_true(pair_sa(p, 0)->peer_hashes &
			    IKE_HASH_BIT(IKE_HASH_SHA2_256));
		assert_string_equal(reasons, "");
		pair_free(p);
		for (int s = 0; s < 2; s++)
			cfg_conn_pubkey_free(&p->conn[s]);
		memset(p->d, 0, sizeof(p->d));
	}
	pair_init(p);	/* for the teardown */
	assert_int_equal(pair_start(p), 0);
}

/* A signs over its IKE_SA_INIT retry with B's cookie, which never reached
 * B (B answered a retransmission of the first, without one): B checks the
 * signature over the retry A must have sent (test_ike_xchg has it with a
 * PSK). */
static void test_cookie_retry_lost(void **state)
{
	struct pair *p = *state;

	both(p, "p256", "rsa");
	cookie_cross(p, false, true);
	infos[0] = '\0';
	pair_pump(p);
	assert_non_null(strstr(infos, "lost on the way"));
	assert_non_null(pair_sa(p, 1));
	assert_int_equal(sas_agree(p), 2);
}

/* inter.pem is issued by the intermediate, which A sends in a CERT. */
static void test_intermediate(void **state)
{
	struct pair *p = *state;

	use_cert(p, 0, "inter", "int");
	use_cert(p, 1, "p384", NULL);
	trust_root(p, 0, true);
	trust_root(p, 1, true);
	establish(p);
	assert_int_equal(sas_agree(p), 2);
}

/* A and B agree on the peer's DN as remote id. */
static void test_remote_id_dn(void **state)
{
	struct pair *p = *state;
	size_t len;

	both(p, "p256", "rsa");
	assert_int_equal(ike_x509_dn_parse("CN=rsa.example, O=multisa test",
					   p->conn[0].remote_id.data, 255,
					   &len), 0);
	p->conn[0].remote_id.type = IKE_ID_DER_ASN1_DN;
	p->conn[0].remote_id.len = (uint16_t)len;
	assert_int_equal(ike_x509_subject_der(p->conn[1].certs[0],
					      p->conn[1].local_id.data, 255,
					      &len), 0);
	p->conn[1].local_id.type = IKE_ID_DER_ASN1_DN;
	p->conn[1].local_id.len = (uint16_t)len;
	establish(p);
	assert_int_equal(pair_sa(p, 0)->peer_id_type, IKE_ID_DER_ASN1_DN);
	/* the status shows the DN as text, not hex */
	json_t *st = ctl_status_json(p->d[0]);
	const char *rid = json_string_value(json_object_get(
		json_array_get(json_object_get(st, "ike_sas"), 0), "remote_id"));
	assert_non_null(rid);
	print_message("remote_id: %s\n", rid);
	assert_non_null(strstr(rid, "CN=rsa.example"));
	json_decref(st);
}

/* A signs with a certificate, B with the PSK. */
static void test_mixed_psk(void **state)
{
	struct pair *p = *state;

	use_cert(p, 0, "p256", NULL);
	trust_root(p, 1, false);
	establish(p);
	assert_int_equal(sas_agree(p), 2);
}

/*
 * The clear payloads: N(SIGNATURE_HASH_ALGORITHMS) both ways (SHA2-256,
 * -384, -512, Identity), and B's CERTREQ naming the root by the SHA-1 of
 * its SubjectPublicKeyInfo.
 */
static void test_sa_init_payloads(void **state)
{
	static const uint8_t hashes[] = { 0, 2, 0, 3, 0, 4, 0, 5 };
	struct pair *p = *state;
	uint8_t spki[IKE_CRYPTO_SHA1_LEN];
	struct ike_x509 *ca = load_cert("x509ca", "ca");
	const struct ike_notify *n;
	struct ike_msg m;

	both(p, "p256", "rsa");
	assert_int_equal(pair_start(p), 0);
	assert_int_equal(ike_daemon_up(p->d[0], "site"), 0);
	assert_int_equal(p->nq, 1);
	assert_int_equal(ike_parse(p->q[0].buf, p->q[0].len, &m), 0);
	n = ike_msg_notify(&m, IKE_N_SIGNATURE_HASH_ALGORITHMS);
	assert_non_null(n);
	assert_int_equal(n->data.len, sizeof(hashes));
	assert_memory_equal(n->data.p, hashes, sizeof(hashes));
	assert_int_equal(m.n_certreq, 0);
	pair_pump_n(p, 1);
	assert_int_equal(p->nq, 1);
	assert_int_equal(ike_parse(p->q[0].buf, p->q[0].len, &m), 0);
	n = ike_msg_notify(&m, IKE_N_SIGNATURE_HASH_ALGORITHMS);
	assert_non_null(n);
	assert_memory_equal(n->data.p, hashes, sizeof(hashes));
	assert_int_equal(m.n_certreq, 1);
	assert_int_equal(m.certreq[0].encoding, IKE_CERT_X509_SIG);
	assert_int_equal(ike_x509_spki_sha1(ca, spki), 0);
	assert_int_equal(m.certreq[0].data.len, sizeof(spki));
	assert_memory_equal(m.certreq[0].data.p, spki, sizeof(spki));
	ike_x509_free(ca);
	pair_pump(p);
	assert_non_null(pair_sa(p, 0));
	assert_non_null(pair_sa(p, 1));
}

/* A PSK-only pair sends neither (IKE_SA_INIT as before). */
static void test_psk_no_extras(void **state)
{
	struct pair *p = *state;
	struct ike_msg m;

	assert_int_equal(pair_start(p), 0);
	assert_int_equal(ike_daemon_up(p->d[0], "site"), 0);
	assert_int_equal(ike_parse(p->q[0].buf, p->q[0].len, &m), 0);
	assert_null(ike_msg_notify(&m, IKE_N_SIGNATURE_HASH_ALGORITHMS));
	pair_pump_n(p, 1);
	assert_int_equal(ike_parse(p->q[0].buf, p->q[0].len, &m), 0);
	assert_null(ike_msg_notify(&m, IKE_N_SIGNATURE_HASH_ALGORITHMS));
	assert_int_equal(m.n_certreq, 0);
	pair_pump(p);
	assert_non_null(pair_sa(p, 0));
}

/* ---- refusals ---------------------------------------------------------- */

static void test_expired(void **state)
{
	struct pair *p = *state;

	both(p, "expired", "p256");
	refused(p, "peer certificate CN=expired.example, O=multisa test: "
		"certificate has expired (notAfter 2021-01-01 00:00:00 UTC)");
}

static void test_revoked(void **state)
{
	struct pair *p = *state;

	both(p, "revoked", "p256");
	refused(p, "peer certificate CN=revoked.example, O=multisa test: "
		"certificate revoked");
}

/* Without the CRL, the revoked certificate passes: CRLs are files. */
static void test_revoked_without_crl(void **state)
{
	struct pair *p = *state;

	use_cert(p, 0, "revoked", NULL);
	use_cert(p, 1, "p256", NULL);
	trust_root(p, 0, true);
	trust_root(p, 1, false);
	establish(p);
}

/* badsan.pem holds DNS:other.example, not the ID badsan.example. */
static void test_id_not_in_cert(void **state)
{
	struct pair *p = *state;

	both(p, "badsan", "p256");
	refused(p, "peer certificate CN=badsan.example, O=multisa test: "
		"does not hold the peer's ID");
}

/* B wants p384.example, A is rsa.example. */
static void test_remote_id_mismatch(void **state)
{
	struct pair *p = *state;

	both(p, "rsa", "p256");
	set_fqdn(&p->conn[1].remote_id, "p384.example");
	refused(p, "peer ID (type 2) is not the configured one");
}

static void test_unknown_ca(void **state)
{
	struct pair *p = *state;

	both(p, "stranger", "p256");
	refused(p, "peer certificate CN=stranger.example, O=multisa test: "
		"unable to get local issuer certificate");
}

/* The initiator refuses the responder's certificate: A gives up and tells
 * B in an INFORMATIONAL with AUTHENTICATION_FAILED (RFC 7296 2.21.2): B
 * removes the IKE SA it counted as up, and the child with it. */
static void test_responder_expired(void **state)
{
	struct pair *p = *state;

	both(p, "p256", "expired");
	assert_int_equal(pair_start(p), 0);
	assert_int_equal(ike_daemon_up(p->d[0], "site"), 0);
	pair_pump(p);
	print_message("%s", reasons);
	assert_null(pair_sa(p, 0));
	assert_non_null(strstr(reasons, "A: site[1]: peer certificate "
			       "CN=expired.example, O=multisa test: certificate "
			       "has expired"));
	assert_non_null(strstr(reasons, "A: site[1]: IKE_AUTH failed"));
	assert_non_null(strstr(reasons, "B: site[1]: the peer refused our "
			       "authentication"));
	pair_run(p, 2000, 500);
	assert_int_equal(pair_n_sas(p, 0), 0);
	assert_int_equal(pair_n_sas(p, 1), 0);
	assert_int_equal(p->kd[0].n_sa, 0);
	assert_int_equal(p->kd[1].n_sa, 0);
}

/* kenc.pem's keyUsage is keyEncipherment only. */
static void test_key_usage(void **state)
{
	struct pair *p = *state;

	both(p, "kenc", "p256");
	refused(p, "peer certificate CN=kenc.example, O=multisa test: "
		"keyUsage lacks digitalSignature");
}

/* inter.pem without its intermediate: no chain to the root. */
static void test_intermediate_missing(void **state)
{
	struct pair *p = *state;

	both(p, "inter", "p256");
	refused(p, "peer certificate CN=inter.example, O=multisa test: "
		"unable to get local issuer certificate");
}

/* A signs with a key that is not its certificate's. */
static void test_wrong_key(void **state)
{
	struct pair *p = *state;
	char path[512], why[512];

	both(p, "p384", "p256");
	ike_privkey_free(p->conn[0].key);
	snprintf(path, sizeof(path), "%s/private/p521.key", pki);
	assert_int_equal(ike_privkey_load(&p->conn[0].key, path, NULL, why,
					  sizeof(why)), 0);
	refused(p, "peer AUTH (ECDSA SHA-512) does not verify with the key "
		"of CN=p384.example, O=multisa test");
}

/* A peer (B) that saw no SIGNATURE_HASH_ALGORITHMS signs with a classic
 * method: A accepts it when remote.classic_auth allows, else refuses. */
static void classic(struct pair *p, const char *key, bool allow)
{
	struct ikesa *b;

	both(p, "p256", key);
	p->conn[0].remote_classic = allow;
	assert_int_equal(pair_start(p), 0);
	assert_int_equal(ike_daemon_up(p->d[0], "site"), 0);
	pair_pump_n(p, 1);		/* IKE_SA_INIT request to B */
	b = p->d[1]->sas;
	assert_non_null(b);
	assert_int_not_equal(b->peer_hashes, 0);
	b->peer_hashes = 0;		/* as if A had sent none */
	pair_pump(p);
}

static void test_classic_allowed(void **state)
{
	static const char *const keys[] = { "rsa", "p256", "p384", "p521" };
	static const char *const methods[] = {
		"peer authenticated by RSA PKCS#1 SHA-1 (method 1)",
		"peer authenticated by ECDSA P-256 SHA-256 (method 9)",
		"peer authenticated by ECDSA P-384 SHA-384 (method 10)",
		"peer authenticated by ECDSA P-521 SHA-512 (method 11)",
	};
	struct pair *p = *state;

	for (size_t i = 0; i < 4; i++) {
		pair_init(p);
		p->child[0][0].next = p->child[1][0].next = NULL;
		infos[0] = '\0';
		classic(p, keys[i], true);
		assert_non_null(pair_sa(p, 0));
		assert_non_null(strstr(infos, methods[i]));
		pair_free(p);
		for (int s = 0; s < 2; s++)
			cfg_conn_pubkey_free(&p->conn[s]);
	}
	pair_init(p);
	assert_int_equal(pair_start(p), 0);
}

static void test_classic_refused(void **state)
{
	struct pair *p = *state;

	classic(p, "rsa", false);
	assert_null(pair_sa(p, 0));
	assert_non_null(strstr(reasons, "peer uses AUTH method 1, refused "
			       "(remote.classic_auth = no)"));
}

/* B expects a certificate, A sends a PSK AUTH. */
static void test_psk_for_pubkey(void **state)
{
	struct pair *p = *state;

	trust_root(p, 1, false);
	refused(p, "peer uses AUTH method 2, we expect a signature");
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, cert_teardown)
	const struct CMUnitTest tests[] = {
		T(test_key_types),
		T(test_intermediate),
		T(test_cookie_retry_lost),
		T(test_remote_id_dn),
		T(test_mixed_psk),
		T(test_sa_init_payloads),
		T(test_psk_no_extras),
		T(test_expired),
		T(test_revoked),
		T(test_revoked_without_crl),
		T(test_id_not_in_cert),
		T(test_remote_id_mismatch),
		T(test_unknown_ca),
		T(test_key_usage),
		T(test_responder_expired),
		T(test_intermediate_missing),
		T(test_wrong_key),
		T(test_classic_allowed),
		T(test_classic_refused),
		T(test_psk_for_pubkey),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
