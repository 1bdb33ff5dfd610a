// SPDX-License-Identifier: GPL-2.0-or-later
/* GET /metrics with libmicrohttpd, external event loop (io_metrics.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <microhttpd.h>

#include "io_metrics.h"

#define METRICS_TYPE "text/plain; version=0.0.4; charset=utf-8"
#define OPENMETRICS_TYPE \
	"application/openmetrics-text; version=1.0.0; charset=utf-8"
#define METRICS_CACHE_MS 1000

static enum MHD_Result reply(struct MHD_Connection *conn, unsigned int code,
			     const char *type, char *body, size_t len,
			     enum MHD_ResponseMemoryMode mm)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(len, body, mm);
	enum MHD_Result rc;

	if (!r) {
		if (mm == MHD_RESPMEM_MUST_FREE)
			free(body);
		return MHD_NO;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	MHD_add_response_header(r, MHD_HTTP_HEADER_VARY, "Accept");
	rc = MHD_queue_response(conn, code, r);
	MHD_destroy_response(r);
	return rc;
}

static enum MHD_Result serve(void *cls, struct MHD_Connection *conn,
			     const char *url, const char *method,
			     const char *version, const char *upload,
			     size_t *upload_len, void **con_cls)
{
	static char not_found[] = "multisad serves GET /metrics only\n";
	static const char plain[] = "text/plain; charset=utf-8";
	struct io_metrics *m = cls;
	const char *accept;
	size_t len = 0;
	char *text;
	int om;

	(void)version;
	(void)upload;
	(void)con_cls;
	if (*upload_len) {	/* no body is wanted: take it and drop it */
		*upload_len = 0;
		return MHD_YES;
	}
	if (strcmp(method, "GET") || strcmp(url, "/metrics"))
		return reply(conn, MHD_HTTP_NOT_FOUND, plain, not_found,
			     sizeof(not_found) - 1, MHD_RESPMEM_PERSISTENT);
	accept = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
					     MHD_HTTP_HEADER_ACCEPT);
	om = accept && strstr(accept, "application/openmetrics-text");
	if (!m->cache[om].text ||
	    m->now_ms() - m->cache[om].ms >= METRICS_CACHE_MS) {
		text = m->gen(m->ctx, om, &len);
		if (!text)
			return reply(conn, MHD_HTTP_INTERNAL_SERVER_ERROR,
				     plain, not_found, 0,
				     MHD_RESPMEM_PERSISTENT);
		free(m->cache[om].text);
		m->cache[om].text = text;
		m->cache[om].len = len;
		m->cache[om].ms = m->now_ms();
	}
	return reply(conn, MHD_HTTP_OK, om ? OPENMETRICS_TYPE : METRICS_TYPE,
		     m->cache[om].text, m->cache[om].len,
		     MHD_RESPMEM_MUST_COPY);
}

/* Our own socket, so that a taken port says EADDRINUSE. */
static int listen_on(const struct sockaddr_storage *ss, socklen_t len)
{
	int one = 1, fd = socket(ss->ss_family, SOCK_STREAM | SOCK_CLOEXEC |
				 SOCK_NONBLOCK, 0);

	if (fd < 0)
		return -errno;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (ss->ss_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	if (bind(fd, (const struct sockaddr *)ss, len) || listen(fd, 16)) {
		int e = -errno;

		close(fd);
		return e;
	}
	return fd;
}

int io_metrics_open(struct io_metrics *m, const struct msa_ip *ip,
		    uint16_t port, io_metrics_gen *gen, void *ctx,
		    uint64_t (*now_ms)(void))
{
	struct sockaddr_storage ss = { 0 };
	unsigned int flags = MHD_USE_EPOLL | MHD_USE_ERROR_LOG;
	socklen_t sl = sizeof(struct sockaddr_in);
	int fd;

	memset(m, 0, sizeof(*m));
	if (!ip->family)
		return 0;
	m->gen = gen;
	m->ctx = ctx;
	m->now_ms = now_ms;
	if (ip->family == AF_INET) {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		memcpy(&s4->sin_addr, ip->addr, 4);
	} else {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		memcpy(&s6->sin6_addr, ip->addr, 16);
		flags |= MHD_USE_IPv6;
		sl = sizeof(*s6);
	}
	fd = listen_on(&ss, sl);
	if (fd < 0)
		return fd;
	m->mhd = MHD_start_daemon(flags, port, NULL, NULL, serve, m,
				  MHD_OPTION_LISTEN_SOCKET, fd,
				  MHD_OPTION_CONNECTION_LIMIT, (unsigned int)8,
				  MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)5,
				  MHD_OPTION_END);
	if (!m->mhd) {
		close(fd);
		return -ENOMEM;
	}
	return 0;
}

int io_metrics_fd(const struct io_metrics *m)
{
	const union MHD_DaemonInfo *i;

	if (!m->mhd)
		return -1;
	i = MHD_get_daemon_info(m->mhd, MHD_DAEMON_INFO_EPOLL_FD);
	return i ? i->epoll_fd : -1;
}

void io_metrics_run(struct io_metrics *m)
{
	if (m->mhd)
		MHD_run(m->mhd);
}

uint64_t io_metrics_timeout(const struct io_metrics *m)
{
	MHD_UNSIGNED_LONG_LONG ms;

	if (!m->mhd || MHD_get_timeout(m->mhd, &ms) != MHD_YES)
		return UINT64_MAX;
	return ms;
}

void io_metrics_close(struct io_metrics *m)
{
	if (m->mhd)
		MHD_stop_daemon(m->mhd);	/* closes the listening socket */
	m->mhd = NULL;
	for (int i = 0; i < 2; i++) {
		free(m->cache[i].text);
		m->cache[i].text = NULL;
	}
}
