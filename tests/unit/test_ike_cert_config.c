// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Certificate configuration (config/pubkey.c, privkey.c) over a PKI made
 * by tests/tools/mkca.sh: a good setup loads with its objects; each broken
 * one fails cfg_load with file:line, the key, and what is wrong.
 *
 * The file, one key per line (line numbers matter):
 *   1 global = { x509_dir = "<pki>"; };
 *   2 secrets = { private-a = { file = "<key>"; <passphrase> }; };
 *   3 connections = { a = {
 *   4   remote_addrs = "192.0.2.2";
 *   5   local = { auth = "pubkey"; <local> };
 *   6   remote = { auth = "pubkey"; <remote> };
 *   7 }; };
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "config/config.h"
#include "codec/wire.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static char pki[256], conf[300];

static int group_setup(void **state)
{
	const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	char cmd[2048];

	(void)state;
	snprintf(pki, sizeof(pki), "%s/test_ike_cert_config.%d", tmp,
		 (int)getpid());
	snprintf(conf, sizeof(conf), "%s/multisad.conf", pki);
	/* and open.key: p256.key readable by all */
	snprintf(cmd, sizeof(cmd), "bash tests/tools/mkca.sh %s >/dev/null && "
		 "cp %s/private/p256.key %s/private/open.key && "
		 "chmod 644 %s/private/open.key", pki, pki, pki, pki);
	return system(cmd) == 0 ? 0 : -1;
}

static int group_teardown(void **state)
{
	char cmd[512];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", pki);
	return system(cmd) == 0 ? 0 : -1;
}

struct setup {
	const char *key;	/* the private key file */
	const char *pass;	/* "secret = ...;" or "" */
	const char *local;	/* after auth = "pubkey"; */
	const char *remote;
};

static int load(const struct setup *s, struct cfg **c, char *err,
		size_t len)
{
	FILE *f = fopen(conf, "w");

	assert_non_null(f);
	fprintf(f, "global = { x509_dir = \"%s\"; };\n"
		"secrets = { private-a = { file = \"%s\"; %s }; };\n"
		"connections = { a = {\n"
		"  remote_addrs = \"192.0.2.2\";\n"
		"  local = { auth = \"pubkey\"; %s };\n"
		"  remote = { auth = \"pubkey\"; %s };\n"
		"}; };\n", pki, s->key, s->pass, s->local, s->remote);
	fclose(f);
	return cfg_load(conf, c, err, len);
}

static void test_good(void **state)
{
	static const struct setup ok[] = {
		{ "rsa.key", "", "certs = [\"rsa.pem\"];",
		  "cacerts = [\"ca.pem\"];" },
		{ "p256enc.key", "secret = \"s3cret\";",
		  "certs = \"p256.pem\"; id = \"p256.example\";", "" },
		{ "inter.key", "", "certs = [\"inter.pem\", \"int.pem\"]; "
		  "id = \"CN=inter.example, O=multisa test\";",
		  "id = \"CN=b.example\";" },
		{ "ed25519.key", "", "certs = [\"ed25519.pem\"];",
		  "cacerts = [\"" "ca.pem\"]; classic_auth = \"no\";" },
	};
	char err[512];
	struct cfg *c;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(ok); i++) {
		const struct cfg_conn *cn;
		int rc = load(&ok[i], &c, err, sizeof(err));

		if (rc)
			print_message("%s\n", err);
		assert_int_equal(rc, 0);
		cn = c->conns;
		assert_int_equal(cn->local_auth, CFG_AUTH_PUBKEY);
		assert_int_equal(cn->remote_auth, CFG_AUTH_PUBKEY);
		assert_non_null(cn->certs[0]);
		assert_non_null(cn->key);
		assert_non_null(cn->trust);
		assert_int_equal(cn->psk_len, 0);
		assert_int_equal(cn->remote_classic, i != 3);
		if (i == 0)	/* no id: the subject DN */
			assert_int_equal(cn->local_id.type,
					 IKE_ID_DER_ASN1_DN);
		if (i == 2)
			assert_int_equal(cn->n_certs, 2);
		cfg_free(c);
	}
}

struct bad {
	struct setup s;
	const char *err;	/* a part of the message */
};

#define P256	"p256.key", ""
static const struct bad bads[] = {
	{ { P256, "certs = [\"missing.pem\"];", "" },
	  "multisad.conf:5: connections.a.local.certs[0]: \"missing.pem\": " },
	{ { P256, "certs = [\"missing.pem\"];", "" },
	  "/x509/missing.pem: cannot read: No such file or directory" },
	{ { P256, "certs = [\"../private/p256.key\"];", "" },
	  "multisad.conf:5: connections.a.local.certs[0]: "
	  "\"../private/p256.key\": " },
	{ { P256, "certs = [\"../private/p256.key\"];", "" },
	  "no certificate in it (not PEM or DER X.509)" },
	{ { "p384.key", "", "certs = [\"p256.pem\"];", "" },
	  "multisad.conf:5: connections.a.local.certs: no private key in "
	  "secrets matches the certificate CN=p256.example, O=multisa test" },
	{ { "p256enc.key", "secret = \"wrong\";", "certs = [\"p256.pem\"];",
	    "" }, "multisad.conf:2: secrets.private-a.file: \"p256enc.key\" "
	  "cannot be loaded: /" },
	{ { "p256enc.key", "secret = \"wrong\";", "certs = [\"p256.pem\"];",
	    "" }, "p256enc.key: cannot decrypt it (wrong passphrase?)" },
	{ { "p256enc.key", "", "certs = [\"p256.pem\"];", "" },
	  "p256enc.key: no PEM private key in it, or it is encrypted and no "
	  "secret (passphrase) is given" },
	{ { "ed448.key", "", "certs = [\"p256.pem\"];", "" },
	  "multisad.conf:2: secrets.private-a.file: \"ed448.key\" " },
	{ { "ed448.key", "", "certs = [\"p256.pem\"];", "" },
	  "unsupported key type ED448" },
	{ { P256, "certs = [\"p256.pem\"];", "cacerts = [\"nope.pem\"];" },
	  "multisad.conf:6: connections.a.remote.cacerts[0]: " },
	{ { P256, "certs = [\"p256.pem\"];", "cacerts = [\"nope.pem\"];" },
	  "/x509ca/nope.pem: cannot read" },
	{ { "stranger.key", "", "certs = [\"stranger.pem\"];", "" },
	  "multisad.conf:5: connections.a.local.certs: does not chain to a "
	  "configured CA" },
	{ { "stranger.key", "", "certs = [\"stranger.pem\"];", "" },
	  "x509ca): CN=stranger.example, O=multisa test: unable to get local "
	  "issuer certificate" },
	{ { "expired.key", "", "certs = [\"expired.pem\"];", "" },
	  "multisad.conf:5: connections.a.local.certs: CN=expired.example, "
	  "O=multisa test: certificate has expired (notAfter 2021-01-01 "
	  "00:00:00 UTC)" },
	{ { P256, "", "" }, "multisad.conf:5: connections.a.local: auth = "
	  "\"pubkey\" needs certs" },
	{ { P256, "certs = [];", "" }, "multisad.conf:5: "
	  "connections.a.local.certs: the list is empty" },
	{ { P256, "certs = [\"p256.pem\"]; id = \"other.example\";", "" },
	  "multisad.conf:5: connections.a.local.id: \"other.example\" is not "
	  "in the certificate CN=p256.example, O=multisa test" },
	{ { P256, "certs = [\"p256.pem\"]; cacerts = \"ca.pem\";", "" },
	  "multisad.conf:5: connections.a.local.cacerts: belongs in remote" },
	{ { P256, "certs = [\"p256.pem\"];", "certs = \"ca.pem\";" },
	  "multisad.conf:6: connections.a.remote.certs: belongs in local" },
	{ { P256, "certs = [\"p256.pem\"]; classic_auth = \"maybe\";", "" },
	  "connections.a.local.classic_auth: \"maybe\"" },
	/* a key others may read is refused, like the secrets file */
	{ { "open.key", "", "certs = [\"p256.pem\"];", "" },
	  "multisad.conf:2: secrets.private-a.file: " },
	{ { "open.key", "", "certs = [\"p256.pem\"];", "" },
	  "/private/open.key, of mode 0644: readable or writable by others "
	  "(chmod 600 it)" },
};

static void test_broken(void **state)
{
	struct cfg *c = (void *)1;
	char err[1024];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bads); i++) {
		int rc = load(&bads[i].s, &c, err, sizeof(err));

		print_message("broken %zu: %s\n", i, err);
		assert_int_equal(rc, -EINVAL);
		assert_null(c);
		assert_non_null(strstr(err, bads[i].err));
	}
}

/* No cacerts and an empty x509ca/: no trust anchor for the peer. */
static void test_no_trust_anchor(void **state)
{
	char cmd[600], err[1024];
	struct cfg *c;
	FILE *f = fopen(conf, "w");
	int rc;

	(void)state;
	assert_non_null(f);
	fprintf(f, "global = { x509_dir = \"%s\"; };\n"
		"connections = { a = {\n"
		"  secret = \"0x0102030405060708\";\n"
		"  local = { auth = \"psk\"; id = \"a.example\"; };\n"
		"  remote = { auth = \"pubkey\"; };\n"
		"}; };\n", pki);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "mv %s/x509ca %s/x509ca.off", pki, pki);
	assert_int_equal(system(cmd), 0);
	rc = cfg_load(conf, &c, err, sizeof(err));
	snprintf(cmd, sizeof(cmd), "mv %s/x509ca.off %s/x509ca", pki, pki);
	assert_int_equal(system(cmd), 0);
	print_message("%s\n", err);
	assert_int_equal(rc, -EINVAL);
	assert_non_null(strstr(err, "multisad.conf:5: connections.a.remote: "
			       "auth = \"pubkey\" needs a trust anchor: "
			       "cacerts, or a CA file in "));
	/* with x509ca/ back, the same file loads: PSK one way, pubkey
	 * the other */
	assert_int_equal(cfg_load(conf, &c, err, sizeof(err)), 0);
	assert_int_equal(c->conns->psk_len, 8);
	assert_null(c->conns->key);
	assert_non_null(c->conns->trust);
	cfg_free(c);
}

/* Loading twice (a reload) gives fresh objects; cfg_free frees them. */
static void test_reload(void **state)
{
	static const struct setup s = { P256, "certs = [\"p256.pem\"];",
					"cacerts = [\"ca.pem\"];" };
	struct cfg *a, *b;
	char err[512];

	(void)state;
	assert_int_equal(load(&s, &a, err, sizeof(err)), 0);
	assert_int_equal(load(&s, &b, err, sizeof(err)), 0);
	assert_true(cfg_conn_same(a->conns, b->conns));
	assert_ptr_not_equal(a->conns->certs[0], b->conns->certs[0]);
	cfg_free(a);
	cfg_free(b);
}

/* The certificate example of docs/config.md loads (with x509_dir here). */
static void test_docs_example(void **state)
{
	static char text[65536], out[16384];
	const char *start, *end, *at;
	char err[1024];
	struct cfg *c;
	FILE *f = fopen("docs/config.md", "r");
	size_t n, o = 0;

	(void)state;
	assert_non_null(f);
	n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = '\0';
	start = strstr(text, "## Certificates\n");
	assert_non_null(start);
	start = strchr(strstr(start, "```"), '\n') + 1;
	end = strstr(start, "```");
	assert_non_null(end);
	/* "/etc/multisa" -> the test PKI */
	while ((at = strstr(start, "/etc/multisa")) && at < end) {
		o += (size_t)snprintf(out + o, sizeof(out) - o, "%.*s%s",
				      (int)(at - start), start, pki);
		start = at + strlen("/etc/multisa");
	}
	snprintf(out + o, sizeof(out) - o, "%.*s", (int)(end - start), start);
	f = fopen(conf, "w");
	assert_non_null(f);
	fputs(out, f);
	fclose(f);
	if (cfg_load(conf, &c, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(c->conns->n_certs, 2);
	assert_int_equal(c->conns->local_id.type, IKE_ID_FQDN);
	assert_false(c->conns->remote_classic);
	cfg_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_broken),
		cmocka_unit_test(test_no_trust_anchor),
		cmocka_unit_test(test_reload),
		cmocka_unit_test(test_docs_example),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
