// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Typed reads of libconfig settings, tables of known keys, and the one
 * error line format: "file:line: key.path: value reason".
 */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "config_impl.h"

/* Appends s's path ("connections.site-b.proposals[1]") to buf. */
static void path_append(const config_setting_t *s, char *buf, size_t len)
{
	const config_setting_t *parent = config_setting_parent(s);
	const char *name = config_setting_name(s);
	size_t used;

	if (!parent)
		return;
	path_append(parent, buf, len);
	used = strlen(buf);
	if (name)
		snprintf(buf + used, len - used, "%s%s",
			 config_setting_parent(parent) ? "." : "", name);
	else
		snprintf(buf + used, len - used, "[%d]",
			 config_setting_index(s));
}

/* Appends to the string in buf, cutting at len. */
static void put(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void put(char *buf, size_t len, const char *fmt, ...)
{
	size_t n = strlen(buf);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf + n, len - n, fmt, ap);
	va_end(ap);
}

/* "file:line: key.path: " into buf; the line is left out when unknown. */
static void err_prefix(const struct cfg_ctx *x, const config_setting_t *s,
		       char *buf, size_t len)
{
	const char *file = s ? config_setting_source_file(s) : NULL;
	unsigned int line = s ? config_setting_source_line(s) : 0;
	char path[256] = "";

	if (s)
		path_append(s, path, sizeof(path));
	buf[0] = '\0';
	put(buf, len, "%s", file ? file : x->path);
	if (line)
		put(buf, len, ":%u", line);
	put(buf, len, ": %s%s", path, path[0] ? ": " : "");
}

/* The setting's value for an error line; secrets are never shown. */
static void value_text(const config_setting_t *s, char *buf, size_t len)
{
	const char *name = config_setting_name(s);

	if (name && !strcmp(name, "secret")) {
		snprintf(buf, len, "(secret not shown)");
		return;
	}
	switch (config_setting_type(s)) {
	case CONFIG_TYPE_STRING:
		snprintf(buf, len, "\"%.80s\"", config_setting_get_string(s));
		break;
	case CONFIG_TYPE_INT:
	case CONFIG_TYPE_INT64:
		snprintf(buf, len, "%lld", config_setting_get_int64(s));
		break;
	case CONFIG_TYPE_FLOAT:
		snprintf(buf, len, "%g", config_setting_get_float(s));
		break;
	case CONFIG_TYPE_BOOL:
		snprintf(buf, len, "%s",
			 config_setting_get_bool(s) ? "true" : "false");
		break;
	case CONFIG_TYPE_GROUP:
		snprintf(buf, len, "a group { }");
		break;
	default:
		snprintf(buf, len, "a list");
		break;
	}
}

static int err_va(struct cfg_ctx *x, const config_setting_t *s, bool value,
		  const char *fmt, va_list ap)
{
	char val[100];
	size_t n;

	if (!x->err || !x->errlen)
		return -EINVAL;
	err_prefix(x, s, x->err, x->errlen);
	if (value && s) {
		value_text(s, val, sizeof(val));
		put(x->err, x->errlen, "%s ", val);
	}
	n = strlen(x->err);
	vsnprintf(x->err + n, x->errlen - n, fmt, ap);
	return -EINVAL;
}

int cfg_err(struct cfg_ctx *x, const config_setting_t *s, const char *fmt,
	    ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_va(x, s, false, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

int cfg_bad(struct cfg_ctx *x, const config_setting_t *s, const char *fmt,
	    ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_va(x, s, true, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

const config_setting_t *cfg_at(const config_setting_t *g, const char *key,
			       const char *key2)
{
	const config_setting_t *s = config_setting_get_member(g, key);

	if (!s && key2)
		s = config_setting_get_member(g, key2);
	return s ? s : g;
}

int cfg_want_group(struct cfg_ctx *x, const config_setting_t *s)
{
	if (config_setting_type(s) != CONFIG_TYPE_GROUP)
		return cfg_bad(x, s, "is not a group { ... }");
	return 0;
}

int cfg_get_str(struct cfg_ctx *x, const config_setting_t *s,
		const char **out)
{
	if (config_setting_type(s) != CONFIG_TYPE_STRING)
		return cfg_bad(x, s, "is not a string");
	*out = config_setting_get_string(s);
	return 0;
}

static bool is_int(const config_setting_t *s)
{
	int t = config_setting_type(s);

	return t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64;
}

static int get_uint(struct cfg_ctx *x, const config_setting_t *s,
		    uint64_t min, uint64_t max, uint64_t *out)
{
	long long v;

	if (!is_int(s))
		return cfg_bad(x, s, "is not a number");
	v = config_setting_get_int64(s);
	if (v < 0 || (uint64_t)v < min || (uint64_t)v > max)
		return cfg_bad(x, s, "is out of range %llu..%llu",
			       (unsigned long long)min,
			       (unsigned long long)max);
	*out = (uint64_t)v;
	return 0;
}

/* A number, or a string parse() reads; at most max. */
static int get_unit(struct cfg_ctx *x, const config_setting_t *s,
		    uint64_t min, uint64_t max,
		    int (*parse)(const char *, uint64_t *),
		    const char *what, uint64_t *out)
{
	const char *str = NULL;
	int rc;

	if (is_int(s))
		return get_uint(x, s, min, max, out);
	if (config_setting_type(s) != CONFIG_TYPE_STRING)
		return cfg_bad(x, s, "is not %s", what);
	str = config_setting_get_string(s);
	rc = parse(str, out);
	if (rc == -ERANGE || (!rc && *out > max))
		return cfg_bad(x, s, "is too large");
	if (rc)
		return cfg_bad(x, s, "is not %s", what);
	if (*out < min)
		return cfg_bad(x, s, "is too small (at least %llu)",
			       (unsigned long long)min);
	return 0;
}

static int parse_secs(const char *s, uint64_t *out)
{
	uint32_t v;
	int rc = cfg_time_parse(s, &v);

	*out = v;
	return rc;
}

static int parse_msecs(const char *s, uint64_t *out)
{
	uint32_t v;
	int rc = cfg_time_ms_parse(s, &v);

	*out = v;
	return rc;
}

#define TIME_WHAT "a time (e.g. 90, 30s, 5m, 4h, 1d)"
#define MS_WHAT "a time (e.g. 100ms, 4s, 5m)"
#define SIZE_WHAT "a size (e.g. 1000, 10k, 5M, 2G)"

int cfg_get_secs(struct cfg_ctx *x, const config_setting_t *s, uint32_t max,
		 uint32_t *out)
{
	uint64_t v;
	int rc = get_unit(x, s, 0, max, parse_secs, TIME_WHAT, &v);

	if (!rc)
		*out = (uint32_t)v;
	return rc;
}

static int get_msecs(struct cfg_ctx *x, const config_setting_t *s,
		     const struct cfg_key *k, uint32_t *out)
{
	uint64_t v;
	int rc = get_unit(x, s, 0, k->max, parse_msecs, MS_WHAT, &v);

	if (!rc && v < k->min)
		rc = cfg_bad(x, s, "is less than %llums",
			     (unsigned long long)k->min);
	if (!rc)
		*out = (uint32_t)v;
	return rc;
}

static int get_bool(struct cfg_ctx *x, const config_setting_t *s, bool *out)
{
	const char *str = NULL;

	if (config_setting_type(s) == CONFIG_TYPE_BOOL) {
		*out = config_setting_get_bool(s);
		return 0;
	}
	str = config_setting_get_string(s);	/* NULL unless a string */
	if (str && (!strcmp(str, "yes") || !strcmp(str, "no"))) {
		*out = !strcmp(str, "yes");
		return 0;
	}
	return cfg_bad(x, s, "is not true, false, \"yes\" or \"no\"");
}

static int get_enum(struct cfg_ctx *x, const config_setting_t *s,
		    const struct cfg_name *names, uint8_t *out)
{
	const char *str = config_setting_get_string(s);
	char list[256] = "";
	const struct cfg_name *n;

	for (n = names; str && n->name; n++) {
		if (!strcmp(str, n->name)) {
			*out = n->value;
			return 0;
		}
	}
	for (n = names; n->name; n++)
		snprintf(list + strlen(list), sizeof(list) - strlen(list),
			 "%s%s", n == names ? "" : ", ", n->name);
	return cfg_bad(x, s, "is not one of %s", list);
}

static int get_strbuf(struct cfg_ctx *x, const config_setting_t *s,
		      size_t size, char *out)
{
	const char *str = NULL;
	int rc = cfg_get_str(x, s, &str);

	if (rc)
		return rc;
	if (strlen(str) >= size)
		return cfg_bad(x, s, "is longer than %zu characters",
			       size - 1);
	strcpy(out, str);
	return 0;
}

/* Stores s into obj as k says. */
static int get_key(struct cfg_ctx *x, const config_setting_t *s,
		   const struct cfg_key *k, void *obj)
{
	void *p = (char *)obj + k->off;
	uint64_t v;
	int rc;

	switch (k->kind) {
	case CFG_K_U16:
	case CFG_K_U32:
		rc = get_uint(x, s, k->min, k->max, &v);
		if (!rc && k->kind == CFG_K_U16)
			*(uint16_t *)p = (uint16_t)v;
		else if (!rc)
			*(uint32_t *)p = (uint32_t)v;
		return rc;
	case CFG_K_SECS:
		return cfg_get_secs(x, s, (uint32_t)k->max, p);
	case CFG_K_MSECS:
		return get_msecs(x, s, k, p);
	case CFG_K_SIZE:
		return get_unit(x, s, k->min, k->max, cfg_size_parse, SIZE_WHAT, p);
	case CFG_K_BOOL:
		return get_bool(x, s, p);
	case CFG_K_ENUM:
		return get_enum(x, s, k->names, p);
	case CFG_K_STR:
		return get_strbuf(x, s, k->max, p);
	}
	return 0;
}

/* Edit distance of a and b, capped: enough to suggest a key for a typo. */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), row[64], i, j;

	if (la >= ARRAY_SIZE(row) || lb >= ARRAY_SIZE(row))
		return SIZE_MAX;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	return row[lb];
}

static int unknown_key(struct cfg_ctx *x, const config_setting_t *s,
		       const struct cfg_key *keys)
{
	const char *name = config_setting_name(s), *best = NULL;
	size_t d, best_d = 3;

	for (; keys->name; keys++) {
		d = distance(name, keys->name);
		if (d < best_d) {
			best_d = d;
			best = keys->name;
		}
	}
	if (best)
		return cfg_err(x, s, "unknown key (did you mean %s?)", best);
	return cfg_err(x, s, "unknown key");
}

int cfg_walk(struct cfg_ctx *x, const config_setting_t *group,
	     const struct cfg_key *keys, void *obj)
{
	int rc = cfg_want_group(x, group);

	for (int i = 0; !rc && i < config_setting_length(group); i++) {
		const config_setting_t *s = config_setting_get_elem(group, i);
		const char *name = config_setting_name(s);
		const struct cfg_key *k = keys;

		while (k->name && strcmp(k->name, name))
			k++;
		if (!k->name)
			rc = unknown_key(x, s, keys);
		else if (k->kind != CFG_K_OTHER)
			rc = get_key(x, s, k, obj);
	}
	return rc;
}

/* Calls fn for each comma-separated item of the string str. */
static int each_in_string(struct cfg_ctx *x, const config_setting_t *at,
			  const char *str, cfg_item_fn fn, void *arg)
{
	char buf[512], *save = NULL, *item;
	int rc = 0, n = 0;

	if (strlen(str) >= sizeof(buf))
		return cfg_bad(x, at, "is too long");
	strcpy(buf, str);
	for (item = strtok_r(buf, ", \t", &save); item && !rc;
	     item = strtok_r(NULL, ", \t", &save), n++)
		rc = fn(x, at, item, arg);
	if (!rc && !n)
		return cfg_bad(x, at, "is empty");
	return rc;
}

int cfg_each_item(struct cfg_ctx *x, const config_setting_t *s,
		  cfg_item_fn fn, void *arg)
{
	int t = config_setting_type(s), n, rc = 0;

	if (t == CONFIG_TYPE_STRING)
		return each_in_string(x, s, config_setting_get_string(s), fn,
				      arg);
	if (t != CONFIG_TYPE_ARRAY && t != CONFIG_TYPE_LIST)
		return cfg_bad(x, s, "is not a string or a list of strings");
	n = config_setting_length(s);
	if (!n)
		return cfg_err(x, s, "the list is empty");
	for (int i = 0; !rc && i < n; i++) {
		const config_setting_t *e = config_setting_get_elem(s, i);
		const char *str = NULL;

		rc = cfg_get_str(x, e, &str);
		if (!rc)
			rc = each_in_string(x, e, str, fn, arg);
	}
	return rc;
}

/* Read path into lc; errors as "file:line: text". */
int cfg_read_file(struct cfg_ctx *x, config_t *lc, const char *path)
{
	FILE *f = fopen(path, "r");
	char dir[PATH_MAX];

	if (!f)
		return cfg_seterr(x->err, x->errlen, "%s: cannot open: %s",
				  path, strerror(errno));
	fclose(f);
	if (strlen(path) < sizeof(dir))
		config_set_include_dir(lc, dirname(strcpy(dir, path)));
	if (config_read_file(lc, path))
		return 0;
	if (config_error_type(lc) == CONFIG_ERR_FILE_IO)
		return cfg_seterr(x->err, x->errlen, "%s: cannot read",
				  config_error_file(lc) ?: path);
	return cfg_seterr(x->err, x->errlen, "%s:%d: %s",
			  config_error_file(lc) ?: path, config_error_line(lc),
			  config_error_text(lc));
}

int cfg_read_stream(struct cfg_ctx *x, config_t *lc, FILE *f,
		    const char *path)
{
	if (config_read(lc, f))
		return 0;
	return cfg_seterr(x->err, x->errlen, "%s:%d: %s", path,
			  config_error_line(lc), config_error_text(lc));
}
