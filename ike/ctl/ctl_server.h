/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The control socket: a unix stream socket (mode 0600, root only) where
 * multisactl sends one JSON request line and reads one JSON reply line:
 *   {"cmd":"status"}               -> {"ok":true, "ike_sas":[...], ...}
 *   {"cmd":"up","conn":"NAME"}     -> {"ok":true} | {"ok":false,"error":..}
 *   {"cmd":"down","conn":"NAME"}
 */
#ifndef IKE_CTL_SERVER_H
#define IKE_CTL_SERVER_H

#include <jansson.h>

#include "core/daemon.h"

/* Creates the socket (and its directory); -errno. */
int ctl_server_open(const char *path);
void ctl_server_close(int fd, const char *path);
/* Accept one client on the listening fd, serve its request, close it. */
void ctl_server_serve(int fd, struct ike_daemon *d);

json_t *ctl_status_json(struct ike_daemon *d);
/* The reply to one request (exposed for tests). */
json_t *ctl_handle(struct ike_daemon *d, const json_t *req);

#endif /* IKE_CTL_SERVER_H */
