// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * XFRM netlink without a kernel: the event decoder on messages built here
 * the way the kernel builds them (and cut short), and the transform table
 * on what it puts into a request (names, key bits, ICV and truncation).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "kernel/xfrm_priv.h"
#include "log/log.h"

static uint8_t buf[MSA_XNL_MSG_MAX];

static struct nlmsghdr *msg(uint16_t type, size_t fixed, void **payload)
{
	struct nlmsghdr *nlh;

	memset(buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = type;
	*payload = mnl_nlmsg_put_extra_header(nlh, fixed);
	return nlh;
}

static void v4(xfrm_address_t *a, const char *s)
{
	inet_pton(AF_INET, s, &a->a4);
}

static struct nlmsghdr *acquire(uint32_t reqid, const uint32_t *cpu)
{
	struct xfrm_user_acquire *a;
	struct xfrm_user_tmpl t = { .reqid = reqid };
	struct nlmsghdr *nlh = msg(XFRM_MSG_ACQUIRE, sizeof(*a), (void **)&a);

	a->sel.family = AF_INET;
	v4(&a->sel.saddr, "192.0.2.1");
	v4(&a->sel.daddr, "192.0.2.2");
	a->sel.prefixlen_s = a->sel.prefixlen_d = 32;
	a->sel.proto = 17;
	a->sel.dport = htons(4500);
	mnl_attr_put(nlh, XFRMA_TMPL, sizeof(t), &t);
	if (cpu)
		mnl_attr_put_u32(nlh, XFRMA_SA_PCPU, *cpu);
	return nlh;
}

static void test_acquire(void **state)
{
	struct msa_kevent ev;
	uint32_t cpu = 3;

	assert_int_equal(msa_xev_decode(acquire(0x4d530001, &cpu), &ev), 1);
	assert_int_equal(ev.type, MSA_KEV_ACQUIRE);
	assert_int_equal(ev.reqid, 0x4d530001);
	assert_int_equal(ev.cpu, 3);
	assert_int_equal(ev.src.addr.family, AF_INET);
	assert_memory_equal(ev.dst.addr.addr, "\xc0\x00\x02\x02", 4);
	assert_int_equal(ev.dst.prefixlen, 32);
	assert_int_equal(ev.dst.proto, 17);
	assert_int_equal(ev.dst.port, 4500);

	/* without XFRMA_SA_PCPU: no CPU */
	assert_int_equal(msa_xev_decode(acquire(7, NULL), &ev), 1);
	assert_int_equal(ev.cpu, MSA_KCPU_NONE);
	assert_int_equal(ev.reqid, 7);
}

static void test_expire(void **state)
{
	struct xfrm_user_expire *x;
	struct nlmsghdr *nlh = msg(XFRM_MSG_EXPIRE, sizeof(*x), (void **)&x);
	struct msa_kevent ev;

	x->state.id.spi = htonl(0xc0ffee01);
	x->state.family = AF_INET;
	v4(&x->state.id.daddr, "192.0.2.2");
	x->state.reqid = 0x4d530002;
	x->hard = 1;
	mnl_attr_put_u8(nlh, XFRMA_SA_DIR, XFRM_SA_DIR_OUT);
	assert_int_equal(msa_xev_decode(nlh, &ev), 1);
	assert_int_equal(ev.type, MSA_KEV_EXPIRE);
	assert_true(ev.hard);
	assert_int_equal(ev.spi, 0xc0ffee01);
	assert_int_equal(ev.dir, MSA_KDIR_OUT);
	assert_int_equal(ev.reqid, 0x4d530002);
	assert_memory_equal(ev.sa_dst.addr, "\xc0\x00\x02\x02", 4);
}

/* Cut short anywhere: never read past the end, never an event. */
static void test_truncated(void **state)
{
	struct nlmsghdr *nlh = acquire(1, NULL);
	uint32_t full = nlh->nlmsg_len;
	struct msa_kevent ev;

	for (uint32_t len = sizeof(*nlh); len < full; len++) {
		nlh->nlmsg_len = len;
		assert_true(msa_xev_decode(nlh, &ev) <= 0 ||
			    len >= sizeof(*nlh) + MNL_ALIGN(sizeof(struct xfrm_user_acquire)));
	}
	nlh->nlmsg_len = sizeof(*nlh) + 10;
	assert_int_equal(msa_xev_decode(nlh, &ev), -EBADMSG);
	nlh->nlmsg_type = XFRM_MSG_NEWSA;	/* not an event */
	assert_int_equal(msa_xev_decode(nlh, &ev), 0);
}

/* The attribute of type in the request built in buf, or NULL. */
static const struct nlattr *find(uint16_t type)
{
	const struct nlmsghdr *nlh = (const void *)buf;
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, 0)
		if (mnl_attr_get_type(a) == type)
			return a;
	return NULL;
}

static struct msa_ksa gcm(uint16_t key_bits)
{
	struct msa_ksa sa = { .spi = 1, .encr = 20, .encr_key_bits = key_bits,
			      .encr_key_len = key_bits / 8 + 4 };

	memset(sa.encr_key, 0xab, sa.encr_key_len);
	return sa;
}

static void test_alg_gcm(void **state)
{
	struct msa_ksa sa = gcm(256);
	const struct xfrm_algo_aead *a;

	mnl_nlmsg_put_header(memset(buf, 0, sizeof(buf)));
	assert_int_equal(msa_xalg_put(buf, &sa), 0);
	assert_non_null(find(XFRMA_ALG_AEAD));
	assert_null(find(XFRMA_ALG_CRYPT));
	a = mnl_attr_get_payload(find(XFRMA_ALG_AEAD));
	assert_string_equal(a->alg_name, "rfc4106(gcm(aes))");
	assert_int_equal(a->alg_key_len, 288);	/* key | salt */
	assert_int_equal(a->alg_icv_len, 128);
	assert_int_equal((uint8_t)a->alg_key[35], 0xab);
}

static void test_alg_cbc_hmac(void **state)
{
	struct msa_ksa sa = { .spi = 2, .encr = 12, .encr_key_bits = 128,
			      .encr_key_len = 16, .integ = 13, .integ_key_len = 48 };
	const struct xfrm_algo_auth *h;
	const struct xfrm_algo *c;

	mnl_nlmsg_put_header(memset(buf, 0, sizeof(buf)));
	assert_int_equal(msa_xalg_put(buf, &sa), 0);
	c = mnl_attr_get_payload(find(XFRMA_ALG_CRYPT));
	h = mnl_attr_get_payload(find(XFRMA_ALG_AUTH_TRUNC));
	assert_string_equal(c->alg_name, "cbc(aes)");
	assert_int_equal(c->alg_key_len, 128);
	assert_string_equal(h->alg_name, "hmac(sha384)");
	assert_int_equal(h->alg_key_len, 384);
	assert_int_equal(h->alg_trunc_len, 192);
}

static void test_alg_rejects(void **state)
{
	static const struct {
		const char *what;
		struct msa_ksa sa;
	} bad[] = {
		{ "unknown encr", { .encr = 3, .encr_key_bits = 128, .encr_key_len = 16 } },
		{ "GCM key without salt", { .encr = 20, .encr_key_bits = 128, .encr_key_len = 16 } },
		{ "AES key size 100", { .encr = 20, .encr_key_bits = 100, .encr_key_len = 16 } },
		{ "GCM with integ", { .encr = 20, .encr_key_bits = 128, .encr_key_len = 20,
				      .integ = 12, .integ_key_len = 32 } },
		{ "CBC without integ", { .encr = 12, .encr_key_bits = 128, .encr_key_len = 16 } },
		{ "SHA-256 key of 20", { .encr = 12, .encr_key_bits = 128, .encr_key_len = 16,
					 .integ = 12, .integ_key_len = 20 } },
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		mnl_nlmsg_put_header(memset(buf, 0, sizeof(buf)));
		if (msa_xalg_put(buf, &bad[i].sa) != -EINVAL)
			fail_msg("accepted: %s", bad[i].what);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_acquire),
		cmocka_unit_test(test_expire),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_alg_gcm),
		cmocka_unit_test(test_alg_cbc_hmac),
		cmocka_unit_test(test_alg_rejects),
	};

	msa_log_set_level(MSA_LOG_ERR);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
