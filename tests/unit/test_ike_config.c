/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The configuration loader: proposal strings, traffic selectors, units
 * (tables of valid and invalid input), a full file with every key, the
 * defaults, secrets matching, and a table of broken files, each of which
 * must give an error naming file:line and the key.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "config/config.h"
#include "msa_abi.h"
#include "codec/wire.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---- proposals ------------------------------------------------------- */

struct prop_ok {
	const char *s;
	bool ike;
	uint8_t n_encr, n_integ, n_prf, n_dh, n_esn;
	uint16_t encr, bits, integ, prf, dh;	/* the first of each */
	uint8_t esn;
};

static const struct prop_ok prop_oks[] = {
	{ "aes256gcm16-prfsha256-x25519", true, 1, 0, 1, 1, 0,
	  IKE_ENCR_AES_GCM_16, 256, 0, IKE_PRF_HMAC_SHA2_256,
	  IKE_DH_CURVE25519, 0 },
	{ "aes128gcm-prfsha512-curve25519", true, 1, 0, 1, 1, 0,
	  IKE_ENCR_AES_GCM_16, 128, 0, IKE_PRF_HMAC_SHA2_512,
	  IKE_DH_CURVE25519, 0 },
	/* CBC without prf: the PRF of each integrity hash */
	{ "aes128-sha256-modp2048", true, 1, 1, 1, 1, 0, IKE_ENCR_AES_CBC,
	  128, IKE_INTEG_HMAC_SHA2_256_128, IKE_PRF_HMAC_SHA2_256,
	  IKE_DH_MODP2048, 0 },
	{ "aes256-aes128-sha384-sha512-ecp384-ecp256", true, 2, 2, 2, 2, 0,
	  IKE_ENCR_AES_CBC, 256, IKE_INTEG_HMAC_SHA2_384_192,
	  IKE_PRF_HMAC_SHA2_384, IKE_DH_ECP384, 0 },
	{ "aes256-sha2_256-prfsha512-x25519", true, 1, 1, 1, 1, 0,
	  IKE_ENCR_AES_CBC, 256, IKE_INTEG_HMAC_SHA2_256_128,
	  IKE_PRF_HMAC_SHA2_512, IKE_DH_CURVE25519, 0 },
	{ "AES256GCM16-PRFSHA256-X25519", true, 1, 0, 1, 1, 0,
	  IKE_ENCR_AES_GCM_16, 256, 0, IKE_PRF_HMAC_SHA2_256,
	  IKE_DH_CURVE25519, 0 },
	/* duplicates are dropped */
	{ "aes256gcm16-aes256gcm-prfsha256-x25519-x25519", true, 1, 0, 1, 1,
	  0, IKE_ENCR_AES_GCM_16, 256, 0, IKE_PRF_HMAC_SHA2_256,
	  IKE_DH_CURVE25519, 0 },
	/* ESP: noesn by default, PFS groups, both ESN values */
	{ "aes256gcm16", false, 1, 0, 0, 0, 1, IKE_ENCR_AES_GCM_16, 256, 0,
	  0, 0, IKE_ESN_NO },
	{ "aes128-sha256-ecp256", false, 1, 1, 0, 1, 1, IKE_ENCR_AES_CBC, 128,
	  IKE_INTEG_HMAC_SHA2_256_128, 0, IKE_DH_ECP256, IKE_ESN_NO },
	{ "aes128gcm16-esn", false, 1, 0, 0, 0, 1, IKE_ENCR_AES_GCM_16, 128,
	  0, 0, 0, IKE_ESN_YES },
	{ "aes256gcm16-esn-noesn", false, 1, 0, 0, 0, 2, IKE_ENCR_AES_GCM_16,
	  256, 0, 0, 0, IKE_ESN_YES },
};

struct prop_bad {
	const char *s;
	bool ike;
	const char *err;	/* a part of the message */
};

static const struct prop_bad prop_bads[] = {
	{ "aes257-sha256-x25519", true, "unknown algorithm \"aes257\"" },
	{ "aes192-sha256-x25519", true, "unknown algorithm \"aes192\"" },
	{ "aes256gcm16-x25519", true, "needs an explicit prf" },
	{ "aes256gcm16-sha256-prfsha256-x25519", true,
	  "\"aes256gcm16\" is AEAD and takes no integrity algorithm, but "
	  "\"sha256\"" },
	{ "aes128-prfsha256-x25519", true, "\"aes128\" needs an integrity" },
	{ "aes128-aes128gcm16-sha256-prfsha256-x25519", true,
	  "(not AEAD) in one proposal" },
	{ "aes256gcm16-prfsha256", true, "no key exchange group" },
	{ "sha256-prfsha256-x25519", true, "no encryption algorithm" },
	{ "aes256gcm16-prfsha256-x25519-esn", true,
	  "\"esn\" is for ESP proposals only" },
	{ "aes256gcm16-prfsha256", false,
	  "\"prfsha256\" is for IKE proposals only" },
	{ "aes256--sha256", false, "empty algorithm" },
	{ "aes256gcm16-", false, "empty algorithm" },
	{ "", false, "empty" },
	{ "aes128", false, "\"aes128\" needs an integrity" },
	{ "aes256gcm16-modp1024", false, "unknown algorithm \"modp1024\"" },
};

static void test_proposal_table(void **state)
{
	struct cfg_proposal p;
	char err[200];

	for (size_t i = 0; i < ARRAY_SIZE(prop_oks); i++) {
		const struct prop_ok *t = &prop_oks[i];

		print_message("ok  %s\n", t->s);
		assert_int_equal(cfg_proposal_parse(t->s, t->ike, &p, err,
						    sizeof(err)), 0);
		assert_int_equal(p.n_encr, t->n_encr);
		assert_int_equal(p.n_integ, t->n_integ);
		assert_int_equal(p.n_prf, t->n_prf);
		assert_int_equal(p.n_dh, t->n_dh);
		assert_int_equal(p.n_esn, t->n_esn);
		assert_int_equal(p.encr[0].id, t->encr);
		assert_int_equal(p.encr[0].bits, t->bits);
		assert_int_equal(p.integ[0], t->integ);
		assert_int_equal(p.prf[0], t->prf);
		assert_int_equal(p.dh[0], t->dh);
		assert_int_equal(p.esn[0], t->esn);
	}
	for (size_t i = 0; i < ARRAY_SIZE(prop_bads); i++) {
		const struct prop_bad *t = &prop_bads[i];

		print_message("bad %s\n", t->s);
		err[0] = '\0';
		assert_int_equal(cfg_proposal_parse(t->s, t->ike, &p, err,
						    sizeof(err)), -EINVAL);
		assert_non_null(strstr(err, t->err));
	}
	/* NULL err is allowed */
	assert_int_equal(cfg_proposal_parse("x", true, &p, NULL, 0), -EINVAL);
}

static void test_proposal_limits(void **state)
{
	struct cfg_proposal p;
	char err[200];

	/* nine distinct DH groups do not exist here, but nine integ do not
	 * either: the limit is checked with repeated kinds instead */
	assert_int_equal(cfg_proposal_parse("aes128-aes256-sha256-sha384-"
					    "sha512-prfsha256-prfsha384-"
					    "prfsha512-modp2048-ecp256-ecp384-"
					    "x25519", true, &p, err,
					    sizeof(err)), 0);
	assert_int_equal(p.n_prf, 3);
	assert_int_equal(p.n_dh, 4);
	assert_int_equal(p.dh[3], IKE_DH_CURVE25519);
	/* the ESP esn pair keeps the given order */
	assert_int_equal(cfg_proposal_parse("aes128gcm16-noesn-esn", false, &p,
					    err, sizeof(err)), 0);
	assert_int_equal(p.esn[0], IKE_ESN_NO);
	assert_int_equal(p.esn[1], IKE_ESN_YES);
}

/* ---- traffic selectors ----------------------------------------------- */

struct ts_ok {
	const char *s;
	uint8_t family;
	bool dynamic;
	const char *start, *end;	/* NULL for dynamic */
	uint8_t proto;
	uint16_t sport, eport;
};

static const struct ts_ok ts_oks[] = {
	{ "10.1.0.0/16", AF_INET, false, "10.1.0.0", "10.1.255.255", 0, 0,
	  65535 },
	{ "0.0.0.0/0", AF_INET, false, "0.0.0.0", "255.255.255.255", 0, 0,
	  65535 },
	{ "192.0.2.7/32", AF_INET, false, "192.0.2.7", "192.0.2.7", 0, 0,
	  65535 },
	{ "192.0.2.7", AF_INET, false, "192.0.2.7", "192.0.2.7", 0, 0, 65535 },
	{ "10.0.0.1-10.0.0.9", AF_INET, false, "10.0.0.1", "10.0.0.9", 0, 0,
	  65535 },
	{ "10.0.0.0/8[tcp/80]", AF_INET, false, "10.0.0.0", "10.255.255.255",
	  6, 80, 80 },
	{ "10.0.0.0/8[udp/1000-2000]", AF_INET, false, "10.0.0.0",
	  "10.255.255.255", 17, 1000, 2000 },
	{ "10.0.0.0/8[udp/%any]", AF_INET, false, "10.0.0.0",
	  "10.255.255.255", 17, 0, 65535 },
	{ "10.0.0.0/8[47]", AF_INET, false, "10.0.0.0", "10.255.255.255", 47,
	  0, 65535 },
	{ "2001:db8::/32", AF_INET6, false, "2001:db8::",
	  "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", 0, 0, 65535 },
	{ "::/0[icmpv6]", AF_INET6, false, "::",
	  "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 58, 0, 65535 },
	{ "2001:db8::1-2001:db8::9", AF_INET6, false, "2001:db8::1",
	  "2001:db8::9", 0, 0, 65535 },
	{ "2001:db8::/127", AF_INET6, false, "2001:db8::", "2001:db8::1", 0,
	  0, 65535 },
	{ "dynamic", 0, true, NULL, NULL, 0, 0, 65535 },
	{ "dynamic[udp/1701]", 0, true, NULL, NULL, 17, 1701, 1701 },
};

struct ts_bad {
	const char *s;
	const char *err;
};

static const struct ts_bad ts_bads[] = {
	{ "10.1.0.0/33", "bad prefix length \"33\"" },
	{ "10.1.0.0/", "bad prefix length" },
	{ "10.1.2.0/16", "has host bits set" },
	{ "2001:db8::1/64", "has host bits set" },
	{ "10.1.0.256/24", "bad address" },
	{ "host.example", "bad address" },
	{ "10.0.0.9-10.0.0.1", "is reversed" },
	{ "10.0.0.1-2001:db8::1", "other address family" },
	{ "10.0.0.0/8[tcp/80", "expected [proto]" },
	{ "10.0.0.0/8[]", "expected [proto]" },
	{ "10.0.0.0/8[tpc/80]", "unknown protocol \"tpc\"" },
	{ "10.0.0.0/8[256]", "unknown protocol \"256\"" },
	{ "10.0.0.0/8[tcp/65536]", "bad port" },
	{ "10.0.0.0/8[tcp/x]", "bad port" },
	{ "10.0.0.0/8[tcp/90-80]", "port range 90-80 is reversed" },
	{ "10.0.0.0/8[%any/80]", "a port needs a protocol" },
	{ "dynamic/8", "bad address" },
	{ "", "bad address" },
	{ "[tcp/80]", "bad address" },
};

static void assert_addr(uint8_t family, const uint8_t *got, const char *want)
{
	uint8_t buf[16] = { 0 };

	assert_int_equal(inet_pton(family, want, buf), 1);
	assert_memory_equal(got, buf, family == AF_INET ? 4 : 16);
}

static void test_ts_table(void **state)
{
	struct cfg_ts ts;
	char err[160];

	for (size_t i = 0; i < ARRAY_SIZE(ts_oks); i++) {
		const struct ts_ok *t = &ts_oks[i];

		print_message("ok  %s\n", t->s);
		assert_int_equal(cfg_ts_parse(t->s, &ts, err, sizeof(err)), 0);
		assert_int_equal(ts.family, t->family);
		assert_int_equal(ts.dynamic, t->dynamic);
		assert_int_equal(ts.proto, t->proto);
		assert_int_equal(ts.start_port, t->sport);
		assert_int_equal(ts.end_port, t->eport);
		if (t->start) {
			assert_addr(t->family, ts.start, t->start);
			assert_addr(t->family, ts.end, t->end);
		}
	}
	for (size_t i = 0; i < ARRAY_SIZE(ts_bads); i++) {
		const struct ts_bad *t = &ts_bads[i];

		print_message("bad %s\n", t->s);
		err[0] = '\0';
		assert_int_equal(cfg_ts_parse(t->s, &ts, err, sizeof(err)),
				 -EINVAL);
		print_message("    %s\n", err);
		assert_non_null(strstr(err, t->err));
	}
}

/* ---- units ----------------------------------------------------------- */

struct unit_case {
	const char *s;
	int rc;
	uint64_t v;
};

static const struct unit_case times[] = {
	{ "0", 0, 0 }, { "90", 0, 90 }, { "30s", 0, 30 }, { "5m", 0, 300 },
	{ "4h", 0, 14400 }, { "1d", 0, 86400 }, { "4294967295", 0, UINT32_MAX },
	{ "4294967296", -ERANGE, 0 }, { "49711d", -ERANGE, 0 },
	{ "", -EINVAL, 0 }, { "s", -EINVAL, 0 }, { "5x", -EINVAL, 0 },
	{ "-5", -EINVAL, 0 }, { " 5", -EINVAL, 0 }, { "5 s", -EINVAL, 0 },
	{ "1.5h", -EINVAL, 0 }, { "5ms", -EINVAL, 0 }, { "5H", -EINVAL, 0 },
};

static const struct unit_case sizes[] = {
	{ "0", 0, 0 }, { "1000", 0, 1000 }, { "10k", 0, 10240 },
	{ "10K", 0, 10240 }, { "5M", 0, 5ull << 20 }, { "2G", 0, 2ull << 30 },
	{ "1T", 0, 1ull << 40 },
	{ "18446744073709551615", 0, UINT64_MAX },
	{ "18446744073709551616", -ERANGE, 0 }, { "16777216T", -ERANGE, 0 },
	{ "", -EINVAL, 0 }, { "G", -EINVAL, 0 }, { "1GB", -EINVAL, 0 },
	{ "1x", -EINVAL, 0 }, { "-1", -EINVAL, 0 },
};

static void test_units(void **state)
{
	for (size_t i = 0; i < ARRAY_SIZE(times); i++) {
		uint32_t v = 12345;

		print_message("time %s\n", times[i].s);
		assert_int_equal(cfg_time_parse(times[i].s, &v), times[i].rc);
		if (!times[i].rc)
			assert_int_equal(v, times[i].v);
	}
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		uint64_t v = 12345;

		print_message("size %s\n", sizes[i].s);
		assert_int_equal(cfg_size_parse(sizes[i].s, &v), sizes[i].rc);
		if (!sizes[i].rc)
			assert_true(v == sizes[i].v);
	}
}

/* ---- files ----------------------------------------------------------- */

static char dir[64];
static char conf_path[128];

static const char *write_file(const char *name, const char *text)
{
	static char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(chmod(path, 0600), 0);	/* secrets files must be */
	return path;
}

static int load(const char *text, struct cfg **c, char *err, size_t len)
{
	write_file("multisad.conf", text);
	return cfg_load(conf_path, c, err, len);
}

static int setup(void **state)
{
	snprintf(dir, sizeof(dir), "/tmp/test_ike_config.XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(conf_path, sizeof(conf_path), "%s/multisad.conf", dir);
	return 0;
}

static int teardown(void **state)
{
	char cmd[96];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) ? -1 : 0;
}

static const char full_conf[] =
	"# every key\n"
	"global = {\n"
	"  port = 5000; port_natt = 5001;\n"
	"  retransmit_tries = 3; retransmit_timeout = \"1500ms\";\n"
	"  retransmit_base = 2.5; half_open_max = 500;\n"
	"  cookie_threshold = 50; ctl_socket = \"/tmp/m.sock\";\n"
	"  pin_root = \"/sys/fs/bpf/t\"; log_level = \"debug\";\n"
	"  secrets_file = \"secrets.conf\";\n"
	"};\n"
	"connections = {\n"
	"  site-b = {\n"
	"    version = 2;\n"
	"    local_addrs = \"192.0.2.1\"; remote_addrs = \"192.0.2.2\";\n"
	"    local_port = 501; remote_port = 4500;\n"
	"    proposals = [ \"aes256gcm16-prfsha384-x25519\",\n"
	"                  \"aes128-sha256-modp2048\" ];\n"
	"    local = { auth = \"psk\"; id = \"a.example\"; };\n"
	"    remote = { auth = \"psk\"; id = \"b.example\"; };\n"
	"    dpd_delay = \"10s\"; dpd_timeout = \"1m\";\n"
	"    rekey_time = \"2h\"; over_time = \"10m\"; rand_time = \"5m\";\n"
	"    encap = true; keyingtries = 0;\n"
	"    children = {\n"
	"      net = {\n"
	"        local_ts = [ \"10.1.0.0/16\", \"10.3.0.0/16[tcp/80]\" ];\n"
	"        remote_ts = \"10.2.0.0/16, 10.4.0.0/16\";\n"
	"        esp_proposals = ( \"aes256gcm16-esn\", \"aes128-sha256-ecp256\" );\n"
	"        mode = \"transport\";\n"
	"        rekey_time = \"30m\"; life_time = \"40m\"; rand_time = 60;\n"
	"        rekey_bytes = \"1G\"; life_bytes = \"2G\";\n"
	"        rekey_packets = 1000000; life_packets = \"2M\";\n"
	"        start_action = \"start\"; replay_window = 64;\n"
	"        per_cpu_sas = \"encap\"; per_cpu_create = \"all\";\n"
	"        per_cpu_max = 16; per_cpu_acquire_gap = \"250ms\";\n"
	"        per_cpu_cpus = \"0,2-3,64\";\n"
	"      };\n"
	"      v6 = { local_ts = \"2001:db8:1::/48\"; remote_ts = \"2001:db8:2::/48\"; };\n"
	"    };\n"
	"  };\n"
	"  road = {\n"
	"    local_addrs = \"2001:db8::1\";\n"
	"    remote = { id = \"%any\"; };\n"
	"    children = { all = { remote_ts = \"dynamic\"; }; };\n"
	"  };\n"
	"};\n";

static const char secrets_conf[] =
	"secrets = {\n"
	"  ike-b = { id = \"b.example\"; secret = \"0sc2VjcmV0LWI=\"; };\n"
	"  ike-road = { id-1 = \"other.example\"; id-2 = \"2001:db8::1\";\n"
	"              secret = \"0x0102030405\"; };\n"
	"  ike-any = { secret = \"plain text\"; };\n"
	"};\n";

static void check_full_global(const struct cfg_global *g)
{
	assert_int_equal(g->port, 5000);
	assert_int_equal(g->port_natt, 5001);
	assert_int_equal(g->retransmit_tries, 3);
	assert_int_equal(g->retransmit_timeout_ms, 1500);
	assert_true(g->retransmit_base == 2.5);
	assert_int_equal(g->half_open_max, 500);
	assert_int_equal(g->cookie_threshold, 50);
	assert_string_equal(g->ctl_socket, "/tmp/m.sock");
	assert_string_equal(g->pin_root, "/sys/fs/bpf/t");
	assert_int_equal(g->log_level, 3);
}

static void check_full_conn(const struct cfg_conn *c)
{
	assert_string_equal(c->name, "site-b");
	assert_int_equal(c->local_addr.family, AF_INET);
	assert_addr(AF_INET, c->remote_addr.addr, "192.0.2.2");
	assert_int_equal(c->local_port, 501);
	assert_int_equal(c->remote_port, 4500);
	assert_int_equal(c->n_ike, 2);
	assert_int_equal(c->ike[0].prf[0], IKE_PRF_HMAC_SHA2_384);
	assert_int_equal(c->ike[1].dh[0], IKE_DH_MODP2048);
	assert_int_equal(c->local_id.type, IKE_ID_FQDN);
	assert_int_equal(c->local_id.len, 9);
	assert_memory_equal(c->local_id.data, "a.example", 9);
	assert_int_equal(c->remote_id.type, IKE_ID_FQDN);
	assert_int_equal(c->psk_len, 8);
	assert_memory_equal(c->psk, "secret-b", 8);
	assert_int_equal(c->dpd_delay, 10);
	assert_int_equal(c->dpd_timeout, 60);
	assert_int_equal(c->life.rekey_time, 7200);
	assert_int_equal(c->life.life_time, 7800);
	assert_int_equal(c->life.rand_time, 300);
	assert_true(c->encap);
	assert_int_equal(c->keyingtries, 0);
}

static void check_full_child(const struct cfg_child *ch)
{
	assert_string_equal(ch->name, "net");
	assert_int_equal(ch->n_local_ts, 2);
	assert_int_equal(ch->local_ts[1].proto, 6);
	assert_int_equal(ch->local_ts[1].start_port, 80);
	assert_int_equal(ch->n_remote_ts, 2);
	assert_addr(AF_INET, ch->remote_ts[1].start, "10.4.0.0");
	assert_int_equal(ch->n_esp, 2);
	assert_int_equal(ch->esp[0].esn[0], IKE_ESN_YES);
	assert_int_equal(ch->esp[1].dh[0], IKE_DH_ECP256);
	assert_int_equal(ch->mode, MSA_KMODE_TRANSPORT);
	assert_int_equal(ch->life.rekey_time, 1800);
	assert_int_equal(ch->life.life_time, 2400);
	assert_int_equal(ch->life.rand_time, 60);
	assert_true(ch->life.rekey_bytes == 1ull << 30);
	assert_true(ch->life.life_bytes == 2ull << 30);
	assert_true(ch->life.rekey_packets == 1000000);
	assert_true(ch->life.life_packets == 2ull << 20);
	assert_int_equal(ch->start_action, CFG_START_START);
	assert_int_equal(ch->replay_window, 64);
	assert_int_equal(ch->per_cpu_sas, CFG_PCPU_ENCAP);
	assert_int_equal(ch->per_cpu_create, CFG_PCPU_ALL);
	assert_int_equal(ch->per_cpu_max, 16);
	assert_int_equal(ch->per_cpu_acquire_ms, 250);
	assert_true(ch->per_cpu_cpus_set);
	assert_true(ch->per_cpu_cpus[0] == 0xd && ch->per_cpu_cpus[1] == 1);
	assert_true(cfg_cpu_in(ch, 64) && !cfg_cpu_in(ch, 1) &&
		    !cfg_cpu_in(ch, 2000));
}

static void test_full_config(void **state)
{
	struct cfg *c;
	struct cfg_conn *road;
	char err[256];

	write_file("secrets.conf", secrets_conf);
	assert_int_equal(load(full_conf, &c, err, sizeof(err)), 0);
	check_full_global(&c->global);
	check_full_conn(c->conns);
	check_full_child(c->conns->children);
	assert_string_equal(c->conns->children->next->name, "v6");
	assert_int_equal(c->conns->children->next->local_ts[0].family,
			 AF_INET6);
	assert_null(c->conns->children->next->next);
	road = cfg_conn_find(c, "road");
	assert_ptr_equal(road, c->conns->next);
	assert_null(cfg_conn_find(c, "nope"));
	assert_int_equal(road->remote_id.type, 0);
	/* local id from the address; the secret found by it */
	assert_int_equal(road->local_id.type, IKE_ID_IPV6_ADDR);
	assert_int_equal(road->psk_len, 5);
	assert_memory_equal(road->psk, "\x01\x02\x03\x04\x05", 5);
	cfg_free(c);
}

static void test_defaults(void **state)
{
	const struct cfg_child *ch;
	const struct cfg_conn *conn;
	struct cfg *c;
	char err[256];

	assert_int_equal(load("connections = { a = { secret = \"s\";\n"
			      "children = { b = { }; }; }; };\n", &c, err,
			      sizeof(err)), 0);
	assert_int_equal(c->global.port, 500);
	assert_int_equal(c->global.port_natt, 4500);
	assert_int_equal(c->global.retransmit_tries, 5);
	assert_int_equal(c->global.retransmit_timeout_ms, 4000);
	assert_true(c->global.retransmit_base == 1.8);
	assert_int_equal(c->global.half_open_max, 1000);
	assert_int_equal(c->global.cookie_threshold, 100);
	assert_int_equal(c->global.udp_rcvbuf, 4 << 20);
	assert_string_equal(c->global.ctl_socket, "/run/multisa/multisad.sock");
	assert_string_equal(c->global.pin_root, MSA_PIN_ROOT_DEFAULT);
	assert_int_equal(c->global.log_level, 2);
	conn = c->conns;
	assert_int_equal(conn->local_addr.family, 0);
	assert_int_equal(conn->remote_addr.family, 0);
	assert_int_equal(conn->local_port, 500);
	assert_int_equal(conn->remote_port, 500);
	assert_int_equal(conn->local_id.type, 0);
	assert_int_equal(conn->remote_id.type, 0);
	assert_true(conn->n_ike >= 2);
	assert_int_equal(conn->ike[0].encr[0].id, IKE_ENCR_AES_GCM_16);
	assert_int_equal(conn->life.rekey_time, 14400);
	assert_int_equal(conn->life.life_time, 15840);
	assert_int_equal(conn->life.rand_time, 1440);
	assert_true(conn->life.life_bytes == 0);
	assert_int_equal(conn->dpd_delay, 30);
	assert_int_equal(conn->dpd_timeout, 150);
	assert_false(conn->encap);
	assert_int_equal(conn->keyingtries, 1);
	ch = conn->children;
	assert_true(ch->n_local_ts == 1 && ch->local_ts[0].dynamic);
	assert_true(ch->n_remote_ts == 1 && ch->remote_ts[0].dynamic);
	assert_true(ch->n_esp >= 2);
	assert_int_equal(ch->esp[0].esn[0], IKE_ESN_NO);
	assert_int_equal(ch->mode, MSA_KMODE_TUNNEL);
	assert_int_equal(ch->life.rekey_time, 3600);
	assert_int_equal(ch->life.life_time, 3960);
	assert_int_equal(ch->life.rand_time, 360);
	assert_true(ch->life.rekey_bytes == 0 && ch->life.life_bytes == 0);
	assert_int_equal(ch->start_action, CFG_START_NONE);
	assert_int_equal(ch->replay_window, 32);
	assert_int_equal(ch->per_cpu_sas, CFG_PCPU_NO);
	assert_int_equal(ch->per_cpu_create, CFG_PCPU_ON_DEMAND);
	assert_int_equal(ch->per_cpu_max, 0);
	assert_int_equal(ch->per_cpu_acquire_ms, 100);
	cfg_free(c);
}

static void test_empty_and_lifetimes(void **state)
{
	struct cfg *c;
	char err[256];

	assert_int_equal(load("", &c, err, sizeof(err)), 0);
	assert_null(c->conns);
	cfg_free(c);
	cfg_free(NULL);
	/* life_bytes from rekey_bytes + 10%; rekey_time 0: no rekeying */
	assert_int_equal(load("connections = { a = { secret = \"s\";\n"
			      "children = { b = { rekey_bytes = 1000;\n"
			      "rekey_time = 0; }; }; }; };\n", &c, err,
			      sizeof(err)), 0);
	assert_true(c->conns->children->life.life_bytes == 1100);
	assert_int_equal(c->conns->children->life.life_time, 0);
	assert_int_equal(c->conns->children->life.rand_time, 0);
	cfg_free(c);
	/* the same for the IKE SA */
	assert_int_equal(load("connections = { a = { secret = \"s\";\n"
			      "rekey_time = 0; }; };\n", &c, err,
			      sizeof(err)), 0);
	assert_int_equal(c->conns->life.life_time, 0);
	assert_int_equal(c->conns->life.rand_time, 0);
	cfg_free(c);
	/* "default" stands for the default list; proposals keep order */
	assert_int_equal(load("connections = { a = { secret = \"s\";\n"
			      "proposals = \"aes128-sha256-x25519, default\";"
			      "}; };\n", &c, err, sizeof(err)), 0);
	assert_int_equal(c->conns->ike[0].encr[0].id, IKE_ENCR_AES_CBC);
	assert_int_equal(c->conns->ike[1].encr[0].id, IKE_ENCR_AES_GCM_16);
	cfg_free(c);
}

/* ---- secrets --------------------------------------------------------- */

struct secret_case {
	const char *conf;
	const char *psk;	/* NULL: an error containing err */
	size_t psk_len;
	const char *err;
};

#define CONN_IDS "connections = { a = { local = { id = \"me@a.example\"; };" \
	" remote = { id = \"192.0.2.2\"; }; }; };\n"

static const struct secret_case secret_cases[] = {
	/* the remote id beats the local id beats no id, in any order */
	{ "secrets = { ike-1 = { secret = \"any\"; };\n"
	  "ike-2 = { id = \"me@a.example\"; secret = \"local\"; };\n"
	  "ike-3 = { id = [ \"x.example\", \"192.0.2.2\" ]; secret = \"rem\"; };\n"
	  "};\n" CONN_IDS, "rem", 3, NULL },
	{ "secrets = { ike-1 = { secret = \"any\"; };\n"
	  "ike-2 = { id = \"me@a.example\"; secret = \"local\"; }; };\n"
	  CONN_IDS, "local", 5, NULL },
	{ "secrets = { ike-1 = { id = \"%any\"; secret = \"any\"; }; };\n"
	  CONN_IDS, "any", 3, NULL },
	{ "secrets = { ike-1 = { id = \"ipv4:192.0.2.2\"; id-2 = \"fqdn:me@a.example\";\n"
	  "secret = \"0sAAEC\"; }; };\n" CONN_IDS, "\x00\x01\x02", 3, NULL },
	/* a conn's own secret wins */
	{ "secrets = { ike-1 = { secret = \"any\"; }; };\n"
	  "connections = { a = { secret = \"0xdeadBEEF\"; }; };\n",
	  "\xde\xad\xbe\xef", 4, NULL },
	{ "secrets = { ike-1 = { id = \"other\"; secret = \"x\"; }; };\n"
	  CONN_IDS, NULL, 0, "multisad.conf:2: connections.a: no pre-shared key" },
	{ "connections = { a = { }; };\n", NULL, 0,
	  "multisad.conf:1: connections.a: no pre-shared key" },
	{ "secrets = { ike-1 = { id = \"b\"; }; };\n", NULL, 0,
	  "multisad.conf:1: secrets.ike-1: no secret" },
	{ "secrets = { eap-1 = { secret = \"x\"; }; };\n", NULL, 0,
	  "multisad.conf:1: secrets.eap-1: only ike and private secrets" },
	{ "secrets = { ike-1 = { id = \"b\"; secret = \"x\"; type = 1; }; };\n",
	  NULL, 0, "multisad.conf:1: secrets.ike-1.type: unknown key" },
	{ "secrets = {\n ike-1 = {\n secret = \"0sNotBase64!\"; }; };\n", NULL,
	  0, "multisad.conf:3: secrets.ike-1.secret: the secret is not valid "
	  "base64" },
	{ "secrets = { ike-1 = { secret = \"0xabc\"; }; };\n", NULL, 0,
	  "secrets.ike-1.secret: the secret is not valid hex" },
	{ "secrets = { ike-1 = { secret = \"\"; }; };\n", NULL, 0,
	  "secrets.ike-1.secret: the secret is empty" },
	{ "secrets = { ike-1 = { secret = 1234; }; };\n", NULL, 0,
	  "secrets.ike-1.secret: the secret is not a string" },
	{ "connections = { a = { secret = \"0x"
	  "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
	  "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
	  "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
	  "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
	  "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
	  "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
	  "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
	  "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
	  "00\"; }; };\n", NULL, 0, "the secret is longer than 256 octets" },
};

static void test_secrets(void **state)
{
	struct cfg *c;
	char err[256];

	for (size_t i = 0; i < ARRAY_SIZE(secret_cases); i++) {
		const struct secret_case *t = &secret_cases[i];
		int rc = load(t->conf, &c, err, sizeof(err));

		print_message("secrets %zu: %s\n", i, rc ? err : "ok");
		if (!t->psk) {
			assert_int_equal(rc, -EINVAL);
			assert_null(c);
			assert_non_null(strstr(err, t->err));
			assert_null(strstr(err, "NotBase64"));
			continue;
		}
		assert_int_equal(rc, 0);
		assert_int_equal(c->conns->psk_len, t->psk_len);
		assert_memory_equal(c->conns->psk, t->psk, t->psk_len);
		cfg_free(c);
	}
}

static void test_secrets_file(void **state)
{
	struct cfg *c;
	char err[256];

	write_file("s2.conf", "secrets = {\n ike-x = {\n secret = 5; }; };\n");
	assert_int_equal(load("global = { secrets_file = \"s2.conf\"; };\n",
			      &c, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "/s2.conf:3: secrets.ike-x.secret: "));
	write_file("s2.conf", "secrets = { ike-x = { secret = \"k\"; }; };\n"
		   "connections = { };\n");
	assert_int_equal(load("global = { secrets_file = \"s2.conf\"; };\n",
			      &c, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "s2.conf:2: connections: unknown key"));
	assert_int_equal(load("global = { secrets_file = \"nope.conf\"; };\n",
			      &c, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "/nope.conf: cannot open: No such file"));
	write_file("s2.conf", "secrets = { ike-x = { secret = \"k\"; }; };\n");
	assert_int_equal(load("global = { secrets_file = \"s2.conf\"; };\n"
			      "connections = { a = { }; };\n", &c, err,
			      sizeof(err)), 0);
	assert_int_equal(c->conns->psk[0], 'k');
	cfg_free(c);
	/* keys others may read: refused, with how to fix it */
	chmod(write_file("s2.conf", "secrets = { };\n"), 0644);
	assert_int_equal(load("global = { secrets_file = \"s2.conf\"; };\n",
			      &c, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "of mode 0644: readable or writable by "
			       "others (chmod 600 it)"));
	assert_non_null(strstr(err, "multisad.conf:1: global.secrets_file"));
	/* not a file: a FIFO would block the reader, a directory means
	 * nothing */
	{
		char fifo[128];

		snprintf(fifo, sizeof(fifo), "%s/s3.fifo", dir);
		assert_int_equal(mkfifo(fifo, 0600), 0);
		assert_int_equal(load("global = { secrets_file = \"s3.fifo\"; "
				      "};\n", &c, err, sizeof(err)), -EINVAL);
		assert_non_null(strstr(err, "which is not a regular file"));
		unlink(fifo);
	}
}

/* log_levels: one subsystem set, the others at log_level. */
static void test_log_levels(void **state)
{
	struct cfg *c;
	char err[256];

	assert_int_equal(load("global = { log_level = \"warn\"; "
			      "log_levels = { knl = \"debug\"; cfg = \"err\"; }; };\n",
			      &c, err, sizeof(err)), 0);
	assert_int_equal(c->global.log_levels[MSA_SUB_KNL], MSA_LOG_DEBUG);
	assert_int_equal(c->global.log_levels[MSA_SUB_CFG], MSA_LOG_ERR);
	assert_int_equal(c->global.log_levels[MSA_SUB_IKE], MSA_LOG_WARN);
	assert_int_equal(c->global.log_levels[MSA_SUB_CTL], MSA_LOG_WARN);
	cfg_log_apply(&c->global);
	assert_int_equal(c->global.metrics_ip.family, 0);	/* off */
	assert_int_equal(msa_log_get_sub_level(MSA_SUB_KNL), MSA_LOG_DEBUG);
	assert_int_equal(msa_log_get_sub_level(MSA_SUB_DP), MSA_LOG_WARN);
	msa_log_set_level(MSA_LOG_ERR);
	cfg_free(c);
}

/* metrics_listen: IPv4, or IPv6 in brackets. */
static void test_metrics_listen(void **state)
{
	struct cfg *c;
	char err[256];

	assert_int_equal(load("global = { metrics_listen = \"[::1]:9615\"; };\n",
			      &c, err, sizeof(err)), 0);
	assert_int_equal(c->global.metrics_ip.family, AF_INET6);
	assert_int_equal(c->global.metrics_ip.addr[15], 1);
	assert_int_equal(c->global.metrics_port, 9615);
	cfg_free(c);
	assert_int_equal(load("global = { metrics_listen = \"127.0.0.1:9615\"; };\n",
			      &c, err, sizeof(err)), 0);
	assert_int_equal(c->global.metrics_ip.family, AF_INET);
	cfg_free(c);
}

/* ---- broken files ---------------------------------------------------- */

struct broken {
	const char *conf;
	const char *err;	/* a part of the message */
};

#define CONN_A "connections = {\n a = {\n  secret = \"s\";\n"
#define CHILD_B CONN_A "  children = {\n   b = {\n"

static const struct broken brokens[] = {
	/* libconfig's own errors: file:line: text */
	{ "global = {\n port = 500\n x = ;\n};\n", "multisad.conf:3: syntax error" },
	{ "a = 1;\na = 2;\n", "multisad.conf:2: duplicate setting name" },
	{ "@include \"missing.conf\"\n", "multisad.conf:1: cannot open" },
	/* per-subsystem log levels */
	{ "global = { log_levels = { kernel = \"debug\"; }; };\n",
	  "global.log_levels.kernel: unknown key" },
	{ "global = { log_levels = { ike = \"loud\"; }; };\n",
	  "global.log_levels.ike: \"loud\" is not one of err, warn, info, debug" },
	{ "global = { log_levels = 3; };\n", "global.log_levels: 3 is not a group" },
	/* the metrics endpoint */
	{ "global = { metrics_listen = \"9615\"; };\n",
	  "global.metrics_listen: \"9615\" is not ADDRESS:PORT" },
	{ "global = { metrics_listen = \"localhost:9615\"; };\n",
	  "has no IPv4 or IPv6 address" },
	{ "global = { metrics_listen = \"127.0.0.1:0\"; };\n",
	  "with a port 1-65535" },
	/* IKE fragmentation (RFC 7383), childless IKE SAs (RFC 6023) */
	{ "global = { fragment_size = 100; };\n",
	  "multisad.conf:1: global.fragment_size: 100 is out of range "
	  "256..65535" },
	{ "global = { fragments_max = 0; };\n",
	  "global.fragments_max: 0 is out of range 1..1024" },
	{ "global = { fragment_memory = \"1k\"; };\n",
	  "global.fragment_memory: \"1k\" is too small (at least 65536)" },
	{ "global = { udp_rcvbuf = \"1G\"; };\n",
	  "global.udp_rcvbuf: \"1G\" is too large" },
	{ "global = { udp_rcvbuf = \"1k\"; };\n",
	  "global.udp_rcvbuf: udp_rcvbuf (1024) holds a few datagrams: 0 "
	  "(the system's) or at least 64k" },
	{ CONN_A "  childless = \"maybe\";\n };\n};\n",
	  "multisad.conf:4: connections.a.childless: \"maybe\" is not one of "
	  "allow, force, never" },
	{ CONN_A "  fragmentation = \"perhaps\";\n };\n};\n",
	  "multisad.conf:4: connections.a.fragmentation: " },
	/* unknown keys, with a suggestion for typos */
	{ "globl = { };\n", "multisad.conf:1: globl: unknown key (did you "
	  "mean global?)" },
	{ "global = {\n prot = 1;\n};\n", "multisad.conf:2: global.prot: "
	  "unknown key (did you mean port?)" },
	{ CONN_A "  dpd_dealy = 5;\n };\n};\n", "multisad.conf:4: "
	  "connections.a.dpd_dealy: unknown key (did you mean dpd_delay?)" },
	{ CHILD_B "    updown = \"x\";\n };\n };\n };\n};\n",
	  "multisad.conf:6: connections.a.children.b.updown: unknown key" },
	{ CONN_A "  local = { auth = \"psk\"; certs = \"x\"; };\n };\n};\n",
	  "multisad.conf:4: connections.a.local.certs: belongs in auth = "
	  "\"pubkey\" only" },
	/* types and ranges */
	{ "global = {\n port = \"500\";\n};\n",
	  "multisad.conf:2: global.port: \"500\" is not a number" },
	{ "global = {\n port = 70000;\n};\n",
	  "multisad.conf:2: global.port: 70000 is out of range 1..65535" },
	{ "global = {\n port = 4500;\n};\n",
	  "multisad.conf:2: global.port: port_natt must differ" },
	{ "global = {\n retransmit_timeout = \"4x\";\n};\n",
	  "multisad.conf:2: global.retransmit_timeout: \"4x\" is not a time" },
	{ "global = {\n retransmit_timeout = 0;\n};\n",
	  "global.retransmit_timeout: 0 is less than 1ms" },
	{ "global = {\n retransmit_base = 0.5;\n};\n",
	  "multisad.conf:2: global.retransmit_base: 0.5 is out of range" },
	{ "global = {\n retransmit_base = \"x\";\n};\n",
	  "global.retransmit_base: \"x\" is not a number" },
	{ "global = {\n cookie_threshold = 2000;\n};\n",
	  "multisad.conf:2: global.cookie_threshold: cookie_threshold (2000) "
	  "is more than half_open_max (1000)" },
	{ "global = {\n log_level = \"loud\";\n};\n",
	  "multisad.conf:2: global.log_level: \"loud\" is not one of err, "
	  "warn, info, debug" },
	{ "global = {\n ctl_socket = \"/0123456789012345678901234567890123456"
	  "7890123456789012345678901234567890123456789012345678901234567890"
	  "12345678901234567890\";\n};\n",
	  "global.ctl_socket: \"/01234" },
	{ "global = 5;\n", "multisad.conf:1: global: 5 is not a group" },
	{ "connections = ( 1 );\n", "multisad.conf:1: connections: a list "
	  "is not a group" },
	/* connections */
	{ CONN_A "  version = 1;\n };\n};\n", "multisad.conf:4: "
	  "connections.a.version: 1 is not 2 (or 0)" },
	{ CONN_A "  remote_addrs = \"gw.example\";\n };\n};\n",
	  "multisad.conf:4: connections.a.remote_addrs: \"gw.example\" is not "
	  "an IP address" },
	{ CONN_A "  local_addrs = \"192.0.2.1\";\n"
	  "  remote_addrs = \"2001:db8::2\";\n };\n};\n", "multisad.conf:5: "
	  "connections.a.remote_addrs: \"2001:db8::2\" is of another address "
	  "family" },
	{ CONN_A "  proposals = [ \"aes256gcm16-prfsha256-x25519\",\n"
	  "\"aes256gcm16-x25519\" ];\n };\n};\n", "multisad.conf:5: "
	  "connections.a.proposals[1]: \"aes256gcm16-x25519\": "
	  "\"aes256gcm16\" is AEAD and needs an explicit prf" },
	{ CONN_A "  proposals = [ ];\n };\n};\n", "multisad.conf:4: "
	  "connections.a.proposals: the list is empty" },
	{ CONN_A "  proposals = \" , \";\n };\n};\n",
	  "connections.a.proposals: \" , \" is empty" },
	{ CONN_A "  proposals = 5;\n };\n};\n", "connections.a.proposals: 5 "
	  "is not a string or a list of strings" },
	{ CONN_A "  proposals = [ 5 ];\n };\n};\n",
	  "connections.a.proposals[0]: 5 is not a string" },
	{ CONN_A "  proposals = \"default, default, default, default, "
	  "default\";\n };\n};\n", "more than 8 proposals" },
	{ CONN_A "  local = { auth = \"eap\"; };\n };\n};\n",
	  "multisad.conf:4: connections.a.local.auth: \"eap\" is not one "
	  "of psk, pubkey" },
	{ CONN_A "  local = { auth = \"pubkey\"; };\n };\n};\n",
	  "multisad.conf:4: connections.a.local: auth = \"pubkey\" needs "
	  "certs" },
	{ CONN_A "  local = { id = \"%any\"; };\n };\n};\n",
	  "connections.a.local.id: \"%any\" is only allowed for the remote id" },
	{ CONN_A "  remote = { id = \"CN=b, =x\"; };\n };\n};\n",
	  "connections.a.remote.id: \"CN=b, =x\" is not a distinguished "
	  "name" },
	{ CONN_A "  remote = { id = \"ipv4:2001:db8::1\"; };\n };\n};\n",
	  "connections.a.remote.id: \"ipv4:2001:db8::1\" is of the other "
	  "address family" },
	{ CONN_A "  remote = 1;\n };\n};\n",
	  "connections.a.remote: 1 is not a group" },
	{ CONN_A "  rekey_time = \"1h\"; over_time = 0;\n };\n};\n",
	  "connections.a.over_time: 0 must be more than 0" },
	{ CONN_A "  rekey_time = \"49000d\"; over_time = \"1000d\";\n };\n};\n",
	  "connections.a.over_time: \"1000d\" is too large" },
	{ CONN_A "  rekey_time = \"1h\"; rand_time = \"2h\";\n };\n};\n",
	  "multisad.conf:4: connections.a.rand_time: \"2h\" is not less than "
	  "rekey_time (3600)" },
	{ CONN_A "  encap = \"maybe\";\n };\n};\n", "connections.a.encap: "
	  "\"maybe\" is not true, false" },
	{ CONN_A "  children = {\n   b = {\n    start_action = \"start\";\n"
	  "   };\n  };\n };\n};\n", "multisad.conf:6: connections.a.children.b."
	  "start_action: \"start\" needs remote_addrs (an address, not "
	  "%any)" },
	{ "connections = {\n a0123456789012345678901234567890123456789012345"
	  "678901234567890123 = { }; };\n", "multisad.conf:2: connections."
	  "a0123456789012345678901234567890123456789012345678901234567890123:"
	  " the name is longer than 63 characters" },
	/* children */
	{ CHILD_B "    mode = \"tunel\";\n };\n };\n };\n};\n",
	  "multisad.conf:6: connections.a.children.b.mode: \"tunel\" is not "
	  "one of tunnel, transport" },
	{ CHILD_B "    local_ts = [ \"10.1.0.0/16\", \"10.2.0.0/33\" ];\n"
	  " };\n };\n };\n};\n", "multisad.conf:6: connections.a.children.b."
	  "local_ts[1]: \"10.2.0.0/33\": bad prefix length \"33\"" },
	{ CHILD_B "    local_ts = [ \"0.0.0.1-255.255.255.254[tcp/1-65534]\" ];\n"
	  " };\n };\n };\n};\n", "multisad.conf:6: connections.a.children.b."
	  "local_ts[0]: \"0.0.0.1-255.255.255.254[tcp/1-65534]\": more than 64 "
	  "XFRM selectors (prefix and port blocks) would be needed; split it "
	  "into fewer, aligned ranges" },
	{ CHILD_B "    remote_ts = \"10.1.0.0/16, 10.2.1.0/16\";\n };\n };\n"
	  " };\n};\n", "multisad.conf:6: connections.a.children.b.remote_ts: "
	  "\"10.2.1.0/16\": 10.2.1.0/16 has host bits set" },
	{ CHILD_B "    remote_ts = \"1.0.0.0/8,2.0.0.0/8,3.0.0.0/8,4.0.0.0/8,"
	  "5.0.0.0/8,6.0.0.0/8,7.0.0.0/8,8.0.0.0/8,9.0.0.0/8\";\n };\n };\n"
	  " };\n};\n", "more than 8 selectors" },
	{ CHILD_B "    esp_proposals = \"aes256gcm16-prfsha256\";\n };\n };\n"
	  " };\n};\n", "multisad.conf:6: connections.a.children.b."
	  "esp_proposals: \"aes256gcm16-prfsha256\": \"prfsha256\" is for IKE "
	  "proposals only" },
	{ CHILD_B "    rekey_time = \"1h\";\n    life_time = \"30m\";\n };\n"
	  " };\n };\n};\n", "multisad.conf:7: connections.a.children.b."
	  "life_time: \"30m\" is not more than rekey_time (3600)" },
	{ CHILD_B "    rekey_bytes = \"2G\";\n    life_bytes = \"1G\";\n };\n"
	  " };\n };\n};\n", "multisad.conf:7: connections.a.children.b."
	  "life_bytes: \"1G\" is not more than rekey_bytes (2147483648)" },
	{ CHILD_B "    rekey_packets = 10;\n    life_packets = 10;\n };\n"
	  " };\n };\n};\n", "connections.a.children.b.life_packets: 10 is not "
	  "more than rekey_packets (10)" },
	{ CHILD_B "    rekey_time = \"1y\";\n };\n };\n };\n};\n",
	  "multisad.conf:6: connections.a.children.b.rekey_time: \"1y\" is "
	  "not a time (e.g. 90, 30s, 5m, 4h, 1d)" },
	{ CHILD_B "    rekey_time = -5;\n };\n };\n };\n};\n",
	  "connections.a.children.b.rekey_time: -5 is out of range" },
	{ CHILD_B "    rekey_time = \"4294967295\";\n };\n };\n };\n};\n",
	  "connections.a.children.b.rekey_time: \"4294967295\" is too large" },
	{ CHILD_B "    rekey_bytes = \"5P\";\n };\n };\n };\n};\n",
	  "connections.a.children.b.rekey_bytes: \"5P\" is not a size" },
	{ CHILD_B "    replay_window = 5000;\n };\n };\n };\n};\n",
	  "connections.a.children.b.replay_window: 5000 is out of range "
	  "0..4096" },
	{ CHILD_B "    replay_window = 0;\n    esp_proposals = "
	  "\"aes256gcm16-esn\";\n };\n };\n };\n};\n", "multisad.conf:6: "
	  "connections.a.children.b.replay_window: 0 (no replay protection) "
	  "cannot be used with esn" },
	{ CHILD_B "    per_cpu_sas = \"maybe\";\n };\n };\n };\n};\n",
	  "multisad.conf:6: connections.a.children.b.per_cpu_sas: \"maybe\" "
	  "is not one of no, yes, encap" },
	{ CHILD_B "    per_cpu_sas = \"yes\"; per_cpu_cpus = \"2-\";\n };\n };\n };\n};\n",
	  "multisad.conf:6: connections.a.children.b.per_cpu_cpus: \"2-\": not a "
	  "CPU list like \"2-11\" or \"0,2,4-7\"" },
	{ CHILD_B "    per_cpu_sas = \"yes\"; per_cpu_cpus = \"5-3\";\n };\n };\n };\n};\n",
	  "per_cpu_cpus: \"5-3\": not a CPU list" },
	{ CHILD_B "    per_cpu_sas = \"yes\"; per_cpu_cpus = \"1,,2\";\n };\n };\n };\n};\n",
	  "per_cpu_cpus: \"1,,2\": not a CPU list" },
	{ CHILD_B "    per_cpu_sas = \"yes\"; per_cpu_cpus = \"1,\";\n };\n };\n };\n};\n",
	  "per_cpu_cpus: \"1,\": not a CPU list" },
	{ CHILD_B "    per_cpu_sas = \"yes\"; per_cpu_cpus = \"2000\";\n };\n };\n };\n};\n",
	  "per_cpu_cpus: \"2000\": CPUs are 0 to 1023" },
	{ CHILD_B "    per_cpu_sas = \"yes\"; per_cpu_cpus = \"\";\n };\n };\n };\n};\n",
	  "per_cpu_cpus: \"\": no CPU in the list" },
	{ CHILD_B "    per_cpu_sas = \"yes\"; per_cpu_cpus = 3;\n };\n };\n };\n};\n",
	  "per_cpu_cpus: a CPU list in quotes" },
	{ CHILD_B "    per_cpu_cpus = \"1-2\";\n };\n };\n };\n};\n",
	  "per_cpu_cpus: needs per_cpu_sas = \"yes\" or \"encap\"" },
	{ CHILD_B "    per_cpu_create = \"some\";\n };\n };\n };\n};\n",
	  "connections.a.children.b.per_cpu_create: \"some\" is not one of "
	  "on_demand, all" },
	{ CHILD_B "    start_action = \"trap|start\";\n };\n };\n };\n};\n",
	  "connections.a.children.b.start_action: \"trap|start\" is not one "
	  "of none, start, trap" },
	{ CHILD_B "    per_cpu_acquire_gap = \"1us\";\n };\n };\n };\n};\n",
	  "connections.a.children.b.per_cpu_acquire_gap: \"1us\" is not a "
	  "time" },
};

static void test_broken_configs(void **state)
{
	struct cfg *c = (void *)1;
	char err[512];

	for (size_t i = 0; i < ARRAY_SIZE(brokens); i++) {
		const struct broken *t = &brokens[i];
		int rc = load(t->conf, &c, err, sizeof(err));

		print_message("broken %zu: %s\n", i, err);
		assert_int_equal(rc, -EINVAL);
		assert_null(c);
		assert_non_null(strstr(err, t->err));
		assert_non_null(strstr(err, "/multisad.conf"));
	}
}

static void test_missing_file(void **state)
{
	struct cfg *c = (void *)1;
	char err[256], small[24];

	assert_int_equal(cfg_load("/nonexistent/multisad.conf", &c, err,
				  sizeof(err)), -EINVAL);
	assert_null(c);
	assert_string_equal(err, "/nonexistent/multisad.conf: cannot open: "
			    "No such file or directory");
	/* a short buffer is cut, not overrun */
	assert_int_equal(load("global = {\n port = \"500\";\n};\n", &c,
			      small, sizeof(small)), -EINVAL);
	assert_int_equal(strlen(small), sizeof(small) - 1);
	assert_int_equal(load("global = 5;\n", &c, NULL, 0), -EINVAL);
}

/* A copy of a file of the tree into the test directory. */
static void copy_file(const char *from, const char *name)
{
	static char text[16384];
	FILE *f = fopen(from, "r");
	size_t n;

	assert_non_null(f);
	n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = '\0';
	write_file(name, text);
}

/* The shipped example loads (run from the top of the tree), its secrets
 * file installed 0600 as `make install` does. */
static void test_example_file(void **state)
{
	struct cfg *c;
	char err[256];
	int rc;

	copy_file("etc/multisad.conf", "multisad.conf");
	copy_file("etc/secrets.conf", "secrets.conf");
	rc = cfg_load(conf_path, &c, err, sizeof(err));

	if (rc)
		print_message("%s\n", err);
	assert_int_equal(rc, 0);
	assert_non_null(cfg_conn_find(c, "site-b"));
	assert_int_equal(cfg_conn_find(c, "site-b")->children->per_cpu_sas,
			 CFG_PCPU_YES);
	cfg_free(c);
}

/* The complete example in docs/config.md loads, so the docs cannot drift. */
static void test_docs_example(void **state)
{
	static char text[16384];
	const char *start, *end;
	struct cfg *c;
	char err[256];
	size_t n;
	FILE *f = fopen("docs/config.md", "r");

	assert_non_null(f);
	n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = '\0';
	start = strstr(text, "## A complete example\n\n```\n");
	assert_non_null(start);
	start = strchr(strstr(start, "```"), '\n') + 1;
	end = strstr(start, "```");
	assert_non_null(end);
	text[end - text] = '\0';
	write_file("secrets.conf", "secrets = { };\n");
	if (load(start, &c, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(c->conns->children->per_cpu_sas, CFG_PCPU_YES);
	assert_int_equal(c->conns->life.life_time, 4 * 3600 + 24 * 60);
	assert_int_equal(c->conns->psk_len, 24);
	assert_int_equal(cfg_conn_find(c, "roaming")->psk_len, 24);
	cfg_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_proposal_table),
		cmocka_unit_test(test_proposal_limits),
		cmocka_unit_test(test_ts_table),
		cmocka_unit_test(test_units),
		cmocka_unit_test(test_full_config),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_empty_and_lifetimes),
		cmocka_unit_test(test_secrets),
		cmocka_unit_test(test_secrets_file),
		cmocka_unit_test(test_broken_configs),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_log_levels),
		cmocka_unit_test(test_metrics_listen),
		cmocka_unit_test(test_example_file),
		cmocka_unit_test(test_docs_example),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
