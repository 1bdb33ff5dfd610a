/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The baseline of the XDP benchmark: a bare XDP_PASS, nothing else. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

SEC("xdp")
int msa_xdp_pass(struct xdp_md *ctx)
{
	return XDP_PASS;
}
