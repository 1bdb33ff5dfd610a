/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Hex test vectors for the crypto layer's unit tests (cmocka). */
#ifndef TESTS_CRYPTO_VEC_H
#define TESTS_CRYPTO_VEC_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* A decoded vector: up to 512 bytes, enough for every vector here. */
struct vec {
	size_t len;
	uint8_t b[512];
};

static inline int vec_nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes hex; the test fails on a malformed or oversized string. */
static inline struct vec vec_hex(const char *hex)
{
	struct vec v = { 0 };
	size_t n = strlen(hex);

	assert_true(n % 2 == 0 && n / 2 <= sizeof(v.b));
	for (size_t i = 0; i < n / 2; i++) {
		int hi = vec_nibble(hex[2 * i]), lo = vec_nibble(hex[2 * i + 1]);

		assert_true(hi >= 0 && lo >= 0);
		v.b[i] = (uint8_t)(hi << 4 | lo);
	}
	v.len = n / 2;
	return v;
}

/* got[0..len) equals the first len bytes of the hex string's bytes. */
static inline void assert_prefix_hex(const void *got, size_t len,
				     const char *hex)
{
	struct vec want = vec_hex(hex);

	assert_true(len <= want.len);
	assert_memory_equal(got, want.b, len);
}

static inline void assert_equal_hex(const void *got, size_t len,
				    const char *hex)
{
	struct vec want = vec_hex(hex);

	assert_int_equal(len, want.len);
	assert_memory_equal(got, want.b, len);
}

#endif /* TESTS_CRYPTO_VEC_H */
