// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Private keys in the secrets section, as swanctl's private secrets:
 *
 *   secrets = { private-a = { file = "a.key"; secret = "passphrase"; }; };
 *
 * file: PEM, relative to x509_dir/private; secret: the passphrase of an
 * encrypted key (optional). Each key is loaded once, at cfg_load; the
 * connections whose end certificate holds its public key take it
 * (pubkey.c). The passphrase string is wiped with the other secrets.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include "config_impl.h"
#include "crypto/pki.h"

bool cfg_is_privkey_entry(const char *name)
{
	return !strncmp(name, "private", 7) || !strncmp(name, "rsa", 3) ||
	       !strncmp(name, "ecdsa", 5) || !strncmp(name, "pkcs8", 5);
}

int cfg_x509_path(const struct cfg_ctx *x, const char *sub,
		  const char *name, char *buf, size_t len)
{
	int n = name[0] == '/' ? snprintf(buf, len, "%s", name) :
		snprintf(buf, len, "%s/%s/%s", x->x509_dir ? x->x509_dir :
			 "/etc/multisa", sub, name);

	return n < 0 || (size_t)n >= len ? -EINVAL : 0;
}

static int privkey_add(struct cfg_ctx *x, struct ike_privkey *key)
{
	struct cfg_privkey **tail = &x->keys;
	struct cfg_privkey *k = calloc(1, sizeof(*k));

	if (!k) {
		ike_privkey_free(key);
		return -ENOMEM;
	}
	while (*tail)
		tail = &(*tail)->next;
	k->key = key;
	*tail = k;
	return 0;
}

int cfg_privkey_entry(struct cfg_ctx *x, const config_setting_t *g)
{
	static const struct cfg_key keys[] = {
		{ "file", CFG_K_OTHER },
		{ "secret", CFG_K_OTHER },
		{ NULL },
	};
	const config_setting_t *f = config_setting_get_member(g, "file");
	const config_setting_t *pw = config_setting_get_member(g, "secret");
	const char *file = NULL, *pass = NULL;
	char path[1024], why[512];
	struct ike_privkey *key;
	int fd, rc = cfg_walk(x, g, keys, NULL);

	if (!rc && !f)
		return cfg_err(x, g, "no file (the private key's PEM file)");
	if (!rc)
		rc = cfg_get_str(x, f, &file);
	if (!rc && pw && config_setting_type(pw) != CONFIG_TYPE_STRING)
		return cfg_err(x, pw, "the passphrase is not a string");
	if (rc)
		return rc;
	pass = pw ? config_setting_get_string(pw) : NULL;
	if (cfg_x509_path(x, "private", file, path, sizeof(path)))
		return cfg_bad(x, f, "is too long");
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return cfg_bad(x, f, "cannot be loaded: %s: cannot read: %s",
			       path, strerror(errno));
	/* the file read is the file checked */
	rc = cfg_file_mode_ok(x, f, path, fd);
	if (!rc) {
		rc = ike_privkey_load_fd(&key, fd, path, pass, why,
					 sizeof(why));
		if (rc && rc != -ENOMEM)
			rc = cfg_bad(x, f, "cannot be loaded: %s", why);
	}
	close(fd);
	if (rc)
		return rc;
	return privkey_add(x, key);
}

void cfg_privkeys_free(struct cfg_ctx *x)
{
	while (x->keys) {
		struct cfg_privkey *next = x->keys->next;

		ike_privkey_free(x->keys->key);
		free(x->keys);
		x->keys = next;
	}
}
