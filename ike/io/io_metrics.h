/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The metrics endpoint (global.metrics_listen): GET /metrics over HTTP,
 * served by libmicrohttpd in the daemon's own event loop (its epoll fd in
 * ours, no thread): the text comes from a callback, made when asked, in
 * OpenMetrics when the scraper's Accept names application/openmetrics-text
 * (as Prometheus' does), else in the Prometheus text format 0.0.4.
 * Bounded: 8 connections, 5 s each; bound to the configured address only.
 */
#ifndef IKE_IO_METRICS_H
#define IKE_IO_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "msa_kernel.h"

/* The text, Prometheus 0.0.4 or (om) OpenMetrics 1.0, malloc'd. */
typedef char *io_metrics_gen(void *ctx, bool om, size_t *len);

struct io_metrics {
	struct MHD_Daemon *mhd;		/* NULL: off */
	io_metrics_gen *gen;
	void *ctx;
	uint64_t (*now_ms)(void);
	/* the last text of each format, served again for METRICS_CACHE_MS:
	 * a scraper hammering the endpoint cannot stall IKE with kernel
	 * reads. [1]: OpenMetrics, for an Accept that names it. */
	struct {
		char *text;
		size_t len;
		uint64_t ms;
	} cache[2];
};

/* 0, or -errno of the socket's bind (EADDRINUSE: the port is taken). */
int io_metrics_open(struct io_metrics *m, const struct msa_ip *ip,
		    uint16_t port, io_metrics_gen *gen, void *ctx,
		    uint64_t (*now_ms)(void));
/* The fd to watch for input (-1: off). */
int io_metrics_fd(const struct io_metrics *m);
/* It is readable, or its timeout came: serve what can be. */
void io_metrics_run(struct io_metrics *m);
/* ms until it needs io_metrics_run for a timeout (UINT64_MAX: none). */
uint64_t io_metrics_timeout(const struct io_metrics *m);
void io_metrics_close(struct io_metrics *m);

#endif /* IKE_IO_METRICS_H */
