// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Scalar values of the configuration: times ("30s"), sizes ("1G"),
 * addresses, identities and the encodings of pre-shared keys. No libconfig
 * here: these take C strings.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "config_impl.h"
#include "codec/wire.h"
#include "crypto/pki.h"

int cfg_seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

/* Leading decimal digits of s into *v; *end after them. */
static int parse_digits(const char *s, uint64_t *v, const char **end)
{
	uint64_t n = 0;

	if (!isdigit((unsigned char)*s))
		return -EINVAL;
	for (; isdigit((unsigned char)*s); s++) {
		uint64_t d = (uint64_t)(*s - '0');

		if (n > (UINT64_MAX - d) / 10)
			return -ERANGE;
		n = n * 10 + d;
	}
	*v = n;
	*end = s;
	return 0;
}

struct unit {
	const char *suffix;
	uint64_t mult;
};

/* A number with one of units' suffixes (or none: mult 1) into *out. */
static int parse_units(const char *s, const struct unit *units,
		       uint64_t max, uint64_t *out)
{
	const char *end;
	uint64_t v;
	int rc;

	rc = parse_digits(s, &v, &end);
	if (rc)
		return rc;
	for (; units->suffix; units++) {
		if (strcmp(end, units->suffix))
			continue;
		if (v > max / units->mult)
			return -ERANGE;
		*out = v * units->mult;
		return 0;
	}
	return -EINVAL;
}

int cfg_time_parse(const char *s, uint32_t *out)
{
	static const struct unit units[] = {
		{ "", 1 }, { "s", 1 }, { "m", 60 }, { "h", 3600 },
		{ "d", 86400 }, { NULL, 0 },
	};
	uint64_t v;
	int rc;

	rc = parse_units(s, units, UINT32_MAX, &v);
	if (!rc)
		*out = (uint32_t)v;
	return rc;
}

int cfg_time_ms_parse(const char *s, uint32_t *out)
{
	static const struct unit units[] = {
		{ "", 1000 }, { "ms", 1 }, { "s", 1000 }, { "m", 60000 },
		{ "h", 3600000 }, { "d", 86400000 }, { NULL, 0 },
	};
	uint64_t v;
	int rc;

	rc = parse_units(s, units, UINT32_MAX, &v);
	if (!rc)
		*out = (uint32_t)v;
	return rc;
}

/* Binary multiples, as strongSwan reads rekey_bytes. */
int cfg_size_parse(const char *s, uint64_t *out)
{
	static const struct unit units[] = {
		{ "", 1 }, { "k", 1ull << 10 }, { "K", 1ull << 10 },
		{ "m", 1ull << 20 }, { "M", 1ull << 20 },
		{ "g", 1ull << 30 }, { "G", 1ull << 30 },
		{ "t", 1ull << 40 }, { "T", 1ull << 40 }, { NULL, 0 },
	};

	return parse_units(s, units, UINT64_MAX, out);
}

int cfg_addr_parse(const char *s, struct msa_ip *out)
{
	memset(out, 0, sizeof(*out));
	if (!strcmp(s, "%any"))
		return 0;
	if (inet_pton(AF_INET, s, out->addr) == 1) {
		out->family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, s, out->addr) == 1) {
		out->family = AF_INET6;
		return 0;
	}
	return -EINVAL;
}

bool cfg_id_equal(const struct cfg_id *a, const struct cfg_id *b)
{
	return a->type && a->type == b->type && a->len == b->len &&
	       !memcmp(a->data, b->data, a->len);
}

static int hex_nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Hex into out (at most max octets). */
static int hex_decode(const char *s, uint8_t *out, size_t max, size_t *len)
{
	size_t n = strlen(s), i;

	if (!n || n % 2)
		return -EINVAL;
	if (n / 2 > max)
		return -ERANGE;
	for (i = 0; i < n / 2; i++) {
		int hi = hex_nibble(s[2 * i]), lo = hex_nibble(s[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -EINVAL;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	*len = n / 2;
	return 0;
}

static int b64_value(char c)
{
	static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				  "abcdefghijklmnopqrstuvwxyz0123456789+/";
	const char *p = c ? strchr(tab, c) : NULL;

	return p ? (int)(p - tab) : -1;
}

/* RFC 4648 base64 with padding into out (at most max octets). */
static int b64_decode(const char *s, uint8_t *out, size_t max, size_t *len)
{
	size_t n = strlen(s), pad = 0, o = 0, i;
	uint32_t acc = 0;

	if (!n || n % 4)
		return -EINVAL;
	while (pad < 2 && s[n - 1 - pad] == '=')
		pad++;
	if ((n / 4) * 3 - pad > max)
		return -ERANGE;
	for (i = 0; i < n - pad; i++) {
		int v = b64_value(s[i]);

		if (v < 0)
			return -EINVAL;
		acc = acc << 6 | (uint32_t)v;
		if (i % 4 == 3) {
			out[o++] = (uint8_t)(acc >> 16);
			out[o++] = (uint8_t)(acc >> 8);
			out[o++] = (uint8_t)acc;
		}
	}
	if (pad == 2)
		out[o++] = (uint8_t)(acc >> 4);
	if (pad == 1) {
		out[o++] = (uint8_t)(acc >> 10);
		out[o++] = (uint8_t)(acc >> 2);
	}
	explicit_bzero(&acc, sizeof(acc));
	*len = o;
	return 0;
}

int cfg_secret_decode(const char *s, uint8_t *out, uint16_t *len,
		      const char **why)
{
	size_t n = 0;
	int rc;

	if (!strncmp(s, "0x", 2)) {
		rc = hex_decode(s + 2, out, CFG_PSK_MAX, &n);
		*why = "is not valid hex after 0x";
	} else if (!strncmp(s, "0s", 2)) {
		rc = b64_decode(s + 2, out, CFG_PSK_MAX, &n);
		*why = "is not valid base64 after 0s";
	} else {
		n = strlen(s);
		rc = n > CFG_PSK_MAX ? -ERANGE : 0;
		if (!rc)
			memcpy(out, s, n);
	}
	if (rc == -ERANGE)
		*why = "is longer than 256 octets";
	if (!rc && !n) {
		*why = "is empty";
		rc = -EINVAL;
	}
	if (rc)
		explicit_bzero(out, CFG_PSK_MAX);
	*len = rc ? 0 : (uint16_t)n;
	return rc ? -EINVAL : 0;
}

/* Text identities (FQDN, RFC 822): printable, no spaces, 1-255 octets. */
static int id_text(const char *s, uint8_t type, struct cfg_id *out,
		   const char **why)
{
	size_t n = strlen(s);

	*why = "is not a valid identity";
	if (!n || n > CFG_ID_MAX)
		return -EINVAL;
	for (size_t i = 0; i < n; i++)
		if (!isgraph((unsigned char)s[i]))
			return -EINVAL;
	out->type = type;
	out->len = (uint16_t)n;
	memcpy(out->data, s, n);
	return 0;
}

static int id_addr(const char *s, struct cfg_id *out, const char **why)
{
	struct msa_ip ip;

	*why = "is not an IP address";
	if (cfg_addr_parse(s, &ip) || !ip.family)
		return -EINVAL;
	out->type = ip.family == AF_INET ? IKE_ID_IPV4_ADDR : IKE_ID_IPV6_ADDR;
	out->len = ip.family == AF_INET ? 4 : 16;
	memcpy(out->data, ip.addr, out->len);
	return 0;
}

static int id_keyid(const char *s, struct cfg_id *out, const char **why)
{
	size_t n;

	*why = "is not a key id (#hex)";
	if (*s != '#' || hex_decode(s + 1, out->data, CFG_ID_MAX, &n))
		return -EINVAL;
	out->type = IKE_ID_KEY_ID;
	out->len = (uint16_t)n;
	return 0;
}

/* "C=CH, O=strongSwan, CN=gw": ID_DER_ASN1_DN, the DN's DER. */
static int id_dn(const char *s, struct cfg_id *out, const char **why)
{
	size_t len;

	*why = "is not a distinguished name (\"C=CH, O=Org, CN=name\") "
	       "of at most 255 octets DER";
	if (ike_x509_dn_parse(s, out->data, CFG_ID_MAX, &len))
		return -EINVAL;
	out->type = IKE_ID_DER_ASN1_DN;
	out->len = (uint16_t)len;
	return 0;
}

/* An identity without a type prefix: guess as strongSwan does. */
static int id_guess(const char *s, struct cfg_id *out, const char **why)
{
	if (!id_addr(s, out, why))
		return 0;
	if (s[0] == '@' && s[1] == '#')
		return id_keyid(s + 1, out, why);
	if (s[0] == '@')
		return id_text(s + 1, IKE_ID_FQDN, out, why);
	if (strchr(s, '='))
		return id_dn(s, out, why);
	return id_text(s, strchr(s, '@') ? IKE_ID_RFC822_ADDR : IKE_ID_FQDN,
		       out, why);
}

int cfg_id_parse(const char *s, struct cfg_id *out, const char **why)
{
	memset(out, 0, sizeof(*out));
	if (!strcmp(s, "%any"))
		return 0;
	if (!strncmp(s, "fqdn:", 5))
		return id_text(s + 5, IKE_ID_FQDN, out, why);
	if (!strncmp(s, "email:", 6))
		return id_text(s + 6, IKE_ID_RFC822_ADDR, out, why);
	if (!strncmp(s, "rfc822:", 7))
		return id_text(s + 7, IKE_ID_RFC822_ADDR, out, why);
	if (!strncmp(s, "asn1dn:", 7))
		return id_dn(s + 7, out, why);
	if (!strncmp(s, "keyid:", 6))
		return id_keyid(s + 6, out, why);
	if (!strncmp(s, "ipv4:", 5) || !strncmp(s, "ipv6:", 5)) {
		int rc = id_addr(s + 5, out, why);

		if (!rc && (s[3] == '4') != (out->type == IKE_ID_IPV4_ADDR)) {
			*why = "is of the other address family";
			rc = -EINVAL;
		}
		return rc;
	}
	return id_guess(s, out, why);
}
