// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The datapath SA id allocator (ike/state/sa_id.c) over a map size of the
 * datapath's choosing: every id of 1 .. n-1 handed out once, none twice,
 * 0 when all are taken; a freed id comes back, but not at once; sizes
 * that are and are not multiples of 64 (the bitmap's words).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "state/ike.h"
#include "state/sa_id.h"

static void exhaust(uint32_t n)
{
	struct ike_daemon d = { .caps = { .sa_ids = n } };
	uint8_t *seen = calloc(n, 1);
	uint32_t id, again;

	assert_int_equal(sa_ids_init(&d), 0);
	for (uint32_t i = 1; i < n; i++) {
		id = sa_id_take(&d);
		assert_true(id > 0 && id < n);
		assert_false(seen[id]);
		seen[id] = 1;
	}
	assert_int_equal(sa_id_take(&d), 0);
	sa_id_put(&d, 7);
	sa_id_put(&d, n - 1);
	id = sa_id_take(&d);
	assert_true(id == 7 || id == n - 1);
	again = sa_id_take(&d);
	assert_true((again == 7 || again == n - 1) && again != id);
	assert_int_equal(sa_id_take(&d), 0);
	sa_id_put(&d, 0);		/* never handed out: ignored */
	sa_id_put(&d, n + 5);
	assert_int_equal(sa_id_take(&d), 0);
	free(d.sa_ids);
	free(seen);
}

static void test_exhaust(void **state)
{
	(void)state;
	exhaust(64);
	exhaust(200);
	exhaust(4096);
	exhaust(131072);
}

/* A freed id is not the next one handed out while others are free. */
static void test_not_at_once(void **state)
{
	struct ike_daemon d = { .caps = { .sa_ids = 1000 } };
	uint32_t a;

	(void)state;
	assert_int_equal(sa_ids_init(&d), 0);
	a = sa_id_take(&d);
	sa_id_put(&d, a);
	assert_int_not_equal(sa_id_take(&d), a);
	free(d.sa_ids);
}

/* Without a datapath: no ids at all. */
static void test_none(void **state)
{
	struct ike_daemon d = { 0 };

	(void)state;
	assert_int_equal(sa_ids_init(&d), 0);
	assert_int_equal(sa_id_take(&d), 0);
	sa_id_put(&d, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exhaust),
		cmocka_unit_test(test_not_at_once),
		cmocka_unit_test(test_none),
	};

	return cmocka_run_group_tests_name("ike_sa_id", tests, NULL, NULL);
}
