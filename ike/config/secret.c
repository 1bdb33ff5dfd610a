// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Pre-shared keys, as swanctl's secrets section has them:
 *
 *   secrets = { ike-b = { id = "b.example"; secret = "0sc2VjcmV0"; }; };
 *
 * in the main file or in global.secrets_file. A connection without its own
 * `secret` takes the entry whose identities match best: remote and local id,
 * then the remote id, then the local id, then an entry without identities.
 * Secret bytes never reach an error message and are wiped after use.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config_impl.h"

static int secret_value(struct cfg_ctx *x, const config_setting_t *s,
			uint8_t *psk, uint16_t *len)
{
	const char *str, *why = "is not valid";

	if (config_setting_type(s) != CONFIG_TYPE_STRING)
		return cfg_err(x, s, "the secret is not a string");
	str = config_setting_get_string(s);
	if (cfg_secret_decode(str, psk, len, &why))
		return cfg_err(x, s, "the secret %s", why);
	return 0;
}

static int secret_id_item(struct cfg_ctx *x, const config_setting_t *at,
			  const char *item, void *arg)
{
	struct cfg_secret *sec = arg;
	const char *why = "";
	struct cfg_id id;

	if (cfg_id_parse(item, &id, &why))
		return cfg_err(x, at, "\"%s\" %s", item, why);
	if (!id.type)
		return 0;		/* %any: the same as no identity */
	if (sec->n_ids >= CFG_SECRET_IDS)
		return cfg_err(x, at, "more than %d identities",
			       CFG_SECRET_IDS);
	sec->ids[sec->n_ids++] = id;
	return 0;
}

/* One entry: keys id, id-<anything> and secret. */
static int secret_entry(struct cfg_ctx *x, const config_setting_t *g,
			struct cfg_secret *sec)
{
	const config_setting_t *value = NULL;
	int rc = cfg_want_group(x, g);

	if (!rc && strncmp(config_setting_name(g), "ike", 3))
		return cfg_err(x, g, "only ike and private secrets (names "
			       "starting with \"ike\" or \"private\") are "
			       "supported");
	for (int i = 0; !rc && i < config_setting_length(g); i++) {
		const config_setting_t *s = config_setting_get_elem(g, i);
		const char *name = config_setting_name(s);

		if (!strcmp(name, "secret"))
			value = s;
		else if (!strncmp(name, "id", 2))
			rc = cfg_each_item(x, s, secret_id_item, sec);
		else
			rc = cfg_err(x, s, "unknown key (expected id or "
				     "secret)");
	}
	if (!rc && !value)
		return cfg_err(x, g, "no secret");
	return rc ? rc : secret_value(x, value, sec->psk, &sec->len);
}

int cfg_secrets_read(struct cfg_ctx *x, const config_setting_t *s)
{
	struct cfg_secret **tail = &x->secrets;
	int rc = cfg_want_group(x, s);

	while (*tail)
		tail = &(*tail)->next;
	for (int i = 0; !rc && i < config_setting_length(s); i++) {
		const config_setting_t *e = config_setting_get_elem(s, i);
		struct cfg_secret *sec;

		if (cfg_is_privkey_entry(config_setting_name(e))) {
			rc = cfg_want_group(x, e);
			if (!rc)
				rc = cfg_privkey_entry(x, e);
			continue;
		}
		sec = calloc(1, sizeof(*sec));

		if (!sec)
			return -ENOMEM;
		*tail = sec;
		tail = &sec->next;
		rc = secret_entry(x, e, sec);
	}
	return rc;
}

/* name relative to the main file's directory, into buf. */
static int resolve(const struct cfg_ctx *x, const char *name, char *buf,
		   size_t len)
{
	char dir[PATH_MAX];
	int n;

	if (name[0] == '/' || strlen(x->path) >= sizeof(dir))
		n = snprintf(buf, len, "%s", name);
	else
		n = snprintf(buf, len, "%s/%s",
			     dirname(strcpy(dir, x->path)), name);
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

static int secrets_file_top(struct cfg_ctx *x, const config_setting_t *root)
{
	static const struct cfg_key keys[] = {
		{ "secrets", CFG_K_OTHER },
		{ NULL },
	};
	const config_setting_t *s = config_setting_get_member(root, "secrets");
	int rc = cfg_walk(x, root, keys, NULL);

	if (!rc && s)
		rc = cfg_secrets_read(x, s);
	return rc;
}

static int secrets_read(struct cfg_ctx *x, const config_setting_t *s,
			const char *path)
{
	/* O_NONBLOCK: a FIFO named here must not block the daemon */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	char dir[PATH_MAX];
	config_t lc;
	FILE *f;
	int rc;

	if (fd < 0)
		return cfg_seterr(x->err, x->errlen, "%s: cannot open: %s",
				  path, strerror(errno));
	rc = cfg_file_mode_ok(x, s, path, fd);
	f = rc ? NULL : fdopen(fd, "r");
	if (!f) {
		close(fd);
		return rc ? rc : -errno;
	}
	config_init(&lc);
	if (strlen(path) < sizeof(dir))	/* @include beside the file */
		config_set_include_dir(&lc, dirname(strcpy(dir, path)));
	rc = cfg_read_stream(x, &lc, f, path);
	fclose(f);
	if (!rc) {
		const char *main_path = x->path;	/* read from a stream,
							 * settings name no file */
		x->path = path;
		rc = secrets_file_top(x, config_root_setting(&lc));
		x->path = main_path;
	}
	cfg_wipe_secret_strings(config_root_setting(&lc));
	config_destroy(&lc);
	return rc;
}

int cfg_secrets_file(struct cfg_ctx *x, const config_setting_t *s)
{
	const char *name = NULL;
	char path[PATH_MAX];
	int rc = cfg_get_str(x, s, &name);

	if (!rc && resolve(x, name, path, sizeof(path)))
		rc = cfg_bad(x, s, "is too long");
	return rc ? rc : secrets_read(x, s, path);
}

/* How well sec fits c: 0 not at all, more is better. */
static int secret_score(const struct cfg_secret *sec, const struct cfg_conn *c)
{
	int score = 0;

	if (!sec->n_ids)
		return 1;
	for (uint8_t i = 0; i < sec->n_ids; i++) {
		if (cfg_id_equal(&sec->ids[i], &c->remote_id))
			score |= 4;
		if (cfg_id_equal(&sec->ids[i], &c->local_id))
			score |= 2;
	}
	return score;
}

int cfg_conn_psk(struct cfg_ctx *x, const config_setting_t *s,
		 struct cfg_conn *c)
{
	const config_setting_t *own = config_setting_get_member(s, "secret");
	const struct cfg_secret *best = NULL, *sec;
	int best_score = 0;

	if (c->local_auth != CFG_AUTH_PSK && c->remote_auth != CFG_AUTH_PSK)
		return own ? cfg_err(x, own, "not used: neither end's auth "
				     "is psk") : 0;
	if (own)
		return secret_value(x, own, c->psk, &c->psk_len);
	for (sec = x->secrets; sec; sec = sec->next) {
		int score = secret_score(sec, c);

		if (score > best_score) {
			best = sec;
			best_score = score;
		}
	}
	if (!best)
		return cfg_err(x, s, "no pre-shared key: set secret here or "
			       "add a secrets entry whose id is the remote or "
			       "local id");
	memcpy(c->psk, best->psk, best->len);
	c->psk_len = best->len;
	return 0;
}

void cfg_secrets_free(struct cfg_ctx *x)
{
	while (x->secrets) {
		struct cfg_secret *next = x->secrets->next;

		explicit_bzero(x->secrets, sizeof(*x->secrets));
		free(x->secrets);
		x->secrets = next;
	}
}

void cfg_wipe_secret_strings(const config_setting_t *s)
{
	for (int i = 0; s && i < config_setting_length(s); i++) {
		const config_setting_t *e = config_setting_get_elem(s, i);
		const char *name = config_setting_name(e);
		const char *str = config_setting_get_string(e);

		if (config_setting_is_aggregate(e))
			cfg_wipe_secret_strings(e);
		else if (str && name && !strcmp(name, "secret"))
			explicit_bzero((char *)(uintptr_t)str, strlen(str));
	}
}
