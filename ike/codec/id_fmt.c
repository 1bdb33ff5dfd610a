// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * An identity as text, for status and logs: addresses as addresses, names
 * as themselves (with anything unprintable escaped), a DN or key id in hex.
 */
#include <arpa/inet.h>
#include <stdio.h>

#include "wire.h"

static void fmt_text(const uint8_t *d, size_t n, char *buf, size_t len)
{
	size_t o = 0;

	for (size_t i = 0; i < n && o + 5 < len; i++)
		o += (size_t)snprintf(buf + o, len - o,
				      d[i] >= 0x20 && d[i] < 0x7f &&
				      d[i] != '\\' ? "%c" : "\\x%02x", d[i]);
	buf[o] = 0;
}

static void fmt_hex(const char *tag, const uint8_t *d, size_t n, char *buf,
		    size_t len)
{
	size_t o = (size_t)snprintf(buf, len, "%s:", tag);

	for (size_t i = 0; i < n && o + 3 < len; i++)
		o += (size_t)snprintf(buf + o, len - o, "%02x", d[i]);
}

void ike_id_format(uint8_t type, const uint8_t *d, size_t n, char *buf,
		   size_t len)
{
	if (!len)
		return;
	buf[0] = 0;
	if ((type == IKE_ID_IPV4_ADDR && n == 4) ||
	    (type == IKE_ID_IPV6_ADDR && n == 16))
		inet_ntop(n == 4 ? AF_INET : AF_INET6, d, buf,
			  (socklen_t)len);
	else if (type == IKE_ID_FQDN || type == IKE_ID_RFC822_ADDR)
		fmt_text(d, n, buf, len);
	else if (type == IKE_ID_KEY_ID)
		fmt_hex("keyid", d, n, buf, len);
	else
		fmt_hex(ike_id_type_name(type), d, n, buf, len);
}
