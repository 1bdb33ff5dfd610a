/* SPDX-License-Identifier: GPL-2.0-or-later */
/* multisactl's side of the control socket (see ike/ctl_server.h). */
#ifndef MSA_CTL_IKE_H
#define MSA_CTL_IKE_H

#include <stdio.h>

#include <jansson.h>

#include "ctl.h"
#include "dp/dp.h"

#define CTL_SOCKET_DEFAULT "/run/multisa/multisad.sock"
/* The control protocol this multisactl speaks (docs/ctl.md). */
#define CTL_PROTOCOL_CLIENT 1

/* 0 if the reply says ok, else prints its error ("multisactl: ..."), 1. */
int ctl_reply_ok(const json_t *rep);
/* A reply as the user's JSON: without "ok" and "protocol". */
void ctl_print_json(json_t *rep, size_t flags);
/* 0 if rep comes from a daemon speaking our protocol, else said, -1. */
int ctl_protocol_check(const json_t *rep);

const char *ctl_socket_path(const struct ctl *c);
/* Connect to multisad and send one request (req is consumed): the socket,
 * or -1 (said on stderr). */
int ctl_send(const struct ctl *c, json_t *req);
/* Sends req (consumed), reads the reply. 0 or -1 (printed). */
int ctl_request(const struct ctl *c, json_t *req, json_t **rep);
/* Per child: "steering": per-CPU packets steered to / processed on. */
void ctl_status_add_steering(struct msa_dp *dp, json_t *status);
void ctl_status_print(json_t *status, FILE *f);

#endif
