// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `multisactl log`: control clients that stream the daemon's log, like
 * `swanctl --log`. Each has its own level per subsystem, which may be
 * more verbose than the daemon's own (the tap of user/log/log.h sees
 * those lines too). A client never slows the daemon: each line goes into
 * the client's backlog (CTL_LOG_BUF), written as epoll allows; when the
 * backlog is full lines are dropped and counted, and the client is told
 * how many when there is room again.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "ctl_server.h"

static int level_of(const json_t *v, int dflt)
{
	const char *s = json_string_value(v);

	return s ? msa_log_level_find(s) : dflt;
}

/* "level" for all, "levels" per subsystem: -EINVAL for a bad name. */
static int parse_levels(struct ctl_client *c, json_t *req)
{
	int all = level_of(json_object_get(req, "level"), MSA_LOG_INFO);
	json_t *per = json_object_get(req, "levels");
	const char *key;
	json_t *v;

	if (all < 0)
		return -EINVAL;
	for (int s = 0; s < MSA_SUB_COUNT; s++)
		c->levels[s] = (int8_t)all;
	if (per && !json_is_object(per))
		return -EINVAL;
	json_object_foreach(per, key, v) {
		int sub = msa_log_sub_find(key), lvl = level_of(v, -1);

		if (sub < 0 || lvl < 0)
			return -EINVAL;
		c->levels[sub] = (int8_t)lvl;
	}
	return 0;
}

static int log_clients(const struct ctl_server *s)
{
	int n = 0;

	for (int i = 0; i < CTL_CLIENTS_MAX; i++)
		n += s->c[i].fd >= 0 && s->c[i].log;
	return n;
}

/* Append one line to c's backlog, or count it dropped. */
static void push(struct ctl_server *s, struct ctl_client *c, const char *line)
{
	size_t len = strlen(line);

	if (c->out_off && c->out_len + len + 1 > CTL_LOG_BUF) {
		memmove(c->out, c->out + c->out_off, c->out_len - c->out_off);
		c->out_len -= c->out_off;
		c->out_off = 0;
	}
	if (c->out_len + len + 1 > CTL_LOG_BUF) {
		c->dropped++;
		if (s->d)
			s->d->st.lim_log_backlog++;
		return;
	}
	memcpy(c->out + c->out_len, line, len);
	c->out_len += len;
	c->out[c->out_len++] = '\n';
	ctl_ep_set(s->ep, EPOLL_CTL_MOD, c->fd, EPOLLIN | EPOLLOUT);
}

static void push_json(struct ctl_server *s, struct ctl_client *c, json_t *o)
{
	char *line = json_dumps(o, JSON_COMPACT);

	json_decref(o);
	if (line)
		push(s, c, line);
	free(line);
}

static void tap(void *ctx, enum msa_log_sub sub, enum msa_log_level lvl,
		const char *line)
{
	struct ctl_server *s = ctx;
	char when[64], safe[1100];
	size_t n;

	/* JSON wants UTF-8: a peer's bytes in a line (an ID) must not make
	 * the line vanish */
	for (n = 0; line[n] && n < sizeof(safe) - 1; n++)
		safe[n] = (unsigned char)line[n] < 0x20 ||
			  (unsigned char)line[n] > 0x7e ? '?' : line[n];
	safe[n] = '\0';
	line = safe;
	msa_log_stamp(when, sizeof(when));
	for (int i = 0; i < CTL_CLIENTS_MAX; i++) {
		struct ctl_client *c = &s->c[i];

		if (c->fd < 0 || !c->log || (int)lvl > c->levels[sub])
			continue;
		push_json(s, c, json_pack("{s:s, s:s, s:s, s:s}", "time", when,
					  "sub", msa_log_sub_name(sub),
					  "level", msa_log_level_name(lvl),
					  "msg", line));
	}
}

void ctl_log_retap(struct ctl_server *s)
{
	int want[MSA_SUB_COUNT];
	bool any = false;

	for (int sub = 0; sub < MSA_SUB_COUNT; sub++)
		want[sub] = -1;
	for (int i = 0; i < CTL_CLIENTS_MAX; i++) {
		const struct ctl_client *c = &s->c[i];

		if (c->fd < 0 || !c->log)
			continue;
		any = true;
		for (int sub = 0; sub < MSA_SUB_COUNT; sub++)
			if (c->levels[sub] > want[sub])
				want[sub] = c->levels[sub];
	}
	msa_log_set_tap(any ? tap : NULL, s, want);
}

static void refuse(struct ctl_server *s, struct ctl_client *c, const char *why)
{
	json_t *o = json_pack("{s:b, s:s, s:i}", "ok", 0, "error", why,
			      "protocol", CTL_PROTOCOL);

	c->out = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	if (c->out) {
		c->out_len = strlen(c->out);
		c->out[c->out_len++] = '\n';
	}
	if (!c->out || ctl_ep_set(s->ep, EPOLL_CTL_MOD, c->fd, EPOLLOUT))
		ctl_client_close(s, c);
}

void ctl_log_start(struct ctl_server *s, struct ctl_client *c,
		   json_t *req)
{
	if (log_clients(s) >= CTL_LOG_CLIENTS_MAX) {
		if (s->d)
			s->d->st.lim_log_clients++;
		return refuse(s, c, "too many log clients");
	}
	if (parse_levels(c, req))
		return refuse(s, c, "bad level (err, warn, info, debug) or "
			      "subsystem (ike, cfg, knl, dp, ctl)");
	c->out = malloc(CTL_LOG_BUF);
	if (!c->out)
		return refuse(s, c, "out of memory");
	c->log = true;
	c->deadline_ms = UINT64_MAX;
	c->out_len = c->out_off = 0;
	push_json(s, c, json_pack("{s:b, s:i}", "ok", 1, "protocol",
				  CTL_PROTOCOL));
	ctl_log_retap(s);
}

/* What was dropped, once there is room to say it. */
static void tell_dropped(struct ctl_server *s, struct ctl_client *c)
{
	uint64_t n = c->dropped;

	if (!n || c->out_len - c->out_off > CTL_LOG_BUF / 2)
		return;
	c->dropped = 0;
	push_json(s, c, json_pack("{s:I}", "dropped", (json_int_t)n));
}

void ctl_log_event(struct ctl_server *s, struct ctl_client *c)
{
	char junk[256];
	ssize_t n = read(c->fd, junk, sizeof(junk));

	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
		goto gone;	/* the client went away */
	if (c->out_off < c->out_len) {
		n = write(c->fd, c->out + c->out_off, c->out_len - c->out_off);
		if (n < 0 && errno != EAGAIN && errno != EINTR)
			goto gone;
		if (n > 0)
			c->out_off += (size_t)n;
	}
	tell_dropped(s, c);
	if (c->out_off == c->out_len) {
		c->out_off = c->out_len = 0;
		ctl_ep_set(s->ep, EPOLL_CTL_MOD, c->fd, EPOLLIN);
	}
	return;
gone:
	ctl_client_close(s, c);
	ctl_log_retap(s);
}
