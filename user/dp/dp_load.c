// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Loading the BPF objects (skeletons), pinning their maps, filling the
 * cpumap, and attaching: XDP with libxdp (native, else generic), TC ingress
 * and egress with libbpf.
 */
#include <errno.h>
#include <stdarg.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>
#include <linux/if_link.h>
#include <linux/magic.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <xdp/libxdp.h>
#include "dp.h"
#include "dp_priv.h"
#include "log/log.h"
/* Generated skeletons cast the embedded object's constness away. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wcast-qual"
#include "xdp_steer.skel.h"
#include "tc_acct.skel.h"
#pragma GCC diagnostic pop

/* libbpf and libxdp talk a lot, also about things that are fine (an
 * existing clsact qdisc, libxdp falling back to a single program); their
 * lines show with -v, and our own messages say what failed. */
static int lib_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (msa_log_get_level() < MSA_LOG_DEBUG)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

static int xdp_print(enum libxdp_print_level level, const char *fmt, va_list ap)
{
	return lib_print((enum libbpf_print_level)level, fmt, ap);
}

static void quiet_libs(void)
{
	libbpf_set_print(lib_print);
	libxdp_set_print(xdp_print);
}

static const char *root_or_default(const char *pin_root)
{
	return pin_root ? pin_root : MSA_PIN_ROOT_DEFAULT;
}

/* bpffs must be mounted where the pin root lives; mount it if /sys/fs/bpf
 * is not, like bpftool does. */
static int ensure_pin_root(const char *root)
{
	struct statfs st;

	if (statfs("/sys/fs/bpf", &st) == 0 && st.f_type != BPF_FS_MAGIC &&
	    mount("bpf", "/sys/fs/bpf", "bpf", 0, "mode=0700")) {
		msa_err("/sys/fs/bpf is not a BPF filesystem and mounting one "
			"failed: %s", strerror(errno));
		return -errno;
	}
	if (mkdir(root, 0700) && errno != EEXIST) {
		msa_err("cannot create pin directory %s: %s", root, strerror(errno));
		return -errno;
	}
	return 0;
}

static int cpumap_entries(void)
{
	int n = msa_dp_ncpus();

	return n > MSA_MAX_CPUS ? MSA_MAX_CPUS : n;
}

/* The maps' sizes in an object before load (dp_sizes.c): the same in
 * every object, as the pinned maps they share must be. */
static int set_sizes(struct bpf_object *obj, const struct msa_dp_sizes *sz)
{
	const struct { const char *map; uint32_t n; } m[] = {
		{ "msa_steer", sz->steer }, { "msa_steer_fast", sz->slots },
		{ "msa_txsa", sz->txsa }, { "msa_sa_stats", sz->sa_ids },
		{ "msa_cpumap", (uint32_t)cpumap_entries() },
	};

	for (size_t i = 0; i < sizeof(m) / sizeof(*m); i++) {
		struct bpf_map *map = bpf_object__find_map_by_name(obj, m[i].map);

		if (!map || (int)m[i].n <= 0 ||
		    bpf_map__set_max_entries(map, m[i].n))
			return -EINVAL;
	}
	return 0;
}

static int open_xdp(const char *root, const struct msa_dp_sizes *sz,
		    bool meta, struct xdp_steer_bpf **out)
{
	LIBBPF_OPTS(bpf_object_open_opts, oo, .pin_root_path = root);
	struct xdp_steer_bpf *s = xdp_steer_bpf__open_opts(&oo);

	if (!s || set_sizes(s->obj, sz)) {
		msa_err("cannot open the XDP object: %s", strerror(errno));
		xdp_steer_bpf__destroy(s);
		return -ENOENT;
	}
	s->rodata->msa_slot_mask = sz->slots - 1;
	s->rodata->msa_xdp_meta = meta;
	*out = s;
	return 0;
}

static int open_tc(const char *root, const struct msa_dp_sizes *sz,
		   struct tc_acct_bpf **out)
{
	LIBBPF_OPTS(bpf_object_open_opts, oo, .pin_root_path = root);
	struct tc_acct_bpf *s = tc_acct_bpf__open_opts(&oo);

	if (!s || set_sizes(s->obj, sz)) {
		msa_err("cannot open the TC object: %s", strerror(errno));
		tc_acct_bpf__destroy(s);
		return -ENOENT;
	}
	s->rodata->msa_slot_mask = sz->slots - 1;
	*out = s;
	return 0;
}

static int load_err(const char *what, int err)
{
	if (err == -EPERM)
		msa_err("loading %s: permission denied (multisa needs root "
			"or CAP_BPF+CAP_NET_ADMIN)", what);
	else if (err == -EINVAL)
		msa_err("loading %s: %s (pinned maps from an incompatible "
			"version? try 'multisactl purge')", what, strerror(-err));
	else
		msa_err("loading %s: %s", what, strerror(-err));
	return err;
}

/* One queue per CPU; offline CPUs cannot take one and are skipped. */
static int fill_cpumap(int fd, uint32_t qsize)
{
	struct bpf_cpumap_val v = { .qsize = qsize ? qsize : MSA_CPUMAP_QSIZE_DEFAULT };
	int n = cpumap_entries(), ok = 0;

	for (uint32_t cpu = 0; cpu < (uint32_t)n; cpu++) {
		if (!bpf_map_update_elem(fd, &cpu, &v, BPF_ANY))
			ok++;
		else
			msa_debug("cpumap: CPU %u skipped: %s", cpu, strerror(errno));
	}
	if (!ok) {
		msa_err("cpumap: no CPU accepted a queue: %s", strerror(errno));
		return -errno;
	}
	return 0;
}

struct msa_dp_loaded {
	struct xdp_steer_bpf *xdp;
	struct tc_acct_bpf *tc;
};

static int load_all(const char *root, uint32_t qsize,
		    const struct msa_dp_sizes *sz, bool meta,
		    struct msa_dp_progs *p)
{
	struct msa_dp_loaded *l = calloc(1, sizeof(*l));
	int err;

	quiet_libs();
	if (!l)
		return -ENOMEM;
	p->priv = l;
	err = ensure_pin_root(root);
	if (!err)
		err = open_tc(root, sz, &l->tc);
	if (!err && (err = tc_acct_bpf__load(l->tc)))
		load_err("the TC programs", err);
	if (!err)
		err = open_xdp(root, sz, meta, &l->xdp);
	if (!err && (err = xdp_steer_bpf__load(l->xdp)))
		load_err("the XDP program", err);
	if (!err)
		err = fill_cpumap(bpf_map__fd(l->xdp->maps.msa_cpumap), qsize);
	if (err) {
		msa_dp_unload(p);
		return err;
	}
	p->xdp_fd = bpf_program__fd(l->xdp->progs.msa_xdp);
	p->tc_in_fd = bpf_program__fd(l->tc->progs.msa_tc_in);
	p->tc_out_fd = bpf_program__fd(l->tc->progs.msa_tc_out);
	return 0;
}

int msa_dp_load_opts(const char *pin_root, const struct msa_load_opts *o,
		     struct msa_dp_progs *p)
{
	struct msa_dp_sizes sz;
	int err;

	quiet_libs();
	err = msa_dp_sizes_resolve(pin_root, o->max_sas, &sz);
	return err ? err : load_all(root_or_default(pin_root), 0, &sz,
				    o->xdp_meta, p);
}

int msa_dp_load(const char *pin_root, struct msa_dp_progs *p)
{
	return msa_dp_load_opts(pin_root, &(struct msa_load_opts){ 0 }, p);
}

void msa_dp_unload(struct msa_dp_progs *p)
{
	struct msa_dp_loaded *l = p->priv;

	if (!l)
		return;
	xdp_steer_bpf__destroy(l->xdp);
	tc_acct_bpf__destroy(l->tc);
	free(l);
	p->priv = NULL;
}

static const char *const pinned_maps[] = {
	"msa_steer", "msa_steer_fast", "msa_txsa", "msa_cpumap", "msa_counters",
	"msa_sa_stats", "msa_config", "msa_retired",
};

int msa_dp_unpin(const char *pin_root)
{
	const char *root = root_or_default(pin_root);
	char path[512];
	int err = 0;

	for (size_t i = 0; i < sizeof(pinned_maps) / sizeof(*pinned_maps); i++) {
		snprintf(path, sizeof(path), "%s/%s", root, pinned_maps[i]);
		if (unlink(path) && errno != ENOENT) {
			msa_err("cannot remove %s: %s", path, strerror(errno));
			err = -errno;
		}
	}
	if (!err && rmdir(root) && errno != ENOENT && errno != ENOTEMPTY)
		err = -errno;
	return err;
}

/* ---- attach / detach ----------------------------------------------------- */

static int ifindex_of(const char *ifname)
{
	unsigned int idx = if_nametoindex(ifname);

	if (!idx) {
		msa_err("interface %s not found in this network namespace", ifname);
		return -ENODEV;
	}
	return (int)idx;
}

static int tc_attach_one(int ifindex, enum bpf_tc_attach_point ap, int fd)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex, .attach_point = ap);
	LIBBPF_OPTS(bpf_tc_opts, opts, .handle = MSA_TC_HANDLE,
		    .priority = MSA_TC_PRIO, .prog_fd = fd,
		    .flags = BPF_TC_F_REPLACE);
	int err = bpf_tc_hook_create(&hook);

	if (err && err != -EEXIST) {
		msa_err("cannot create the clsact qdisc: %s", strerror(-err));
		return err;
	}
	err = bpf_tc_attach(&hook, &opts);
	if (err)
		msa_err("cannot attach TC %s: %s",
			ap == BPF_TC_INGRESS ? "ingress" : "egress", strerror(-err));
	return err;
}

static int tc_detach_one(int ifindex, enum bpf_tc_attach_point ap)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex, .attach_point = ap);
	LIBBPF_OPTS(bpf_tc_opts, opts, .handle = MSA_TC_HANDLE,
		    .priority = MSA_TC_PRIO);
	int err = bpf_tc_detach(&hook, &opts);

	return err == -ENOENT || err == -EINVAL ? 0 : err;
}

static int attach_tc(const char *root, const struct msa_dp_sizes *sz,
		     int ifindex)
{
	struct tc_acct_bpf *tc;
	int err = open_tc(root, sz, &tc);

	if (err)
		return err;
	err = tc_acct_bpf__load(tc);
	if (err)
		load_err("the TC programs", err);
	if (!err)
		err = tc_attach_one(ifindex, BPF_TC_INGRESS,
				    bpf_program__fd(tc->progs.msa_tc_in));
	if (!err)
		err = tc_attach_one(ifindex, BPF_TC_EGRESS,
				    bpf_program__fd(tc->progs.msa_tc_out));
	if (err) {
		tc_detach_one(ifindex, BPF_TC_INGRESS);
		tc_detach_one(ifindex, BPF_TC_EGRESS);
	}
	tc_acct_bpf__destroy(tc);
	return err;
}

static int xdp_attach_mode(struct xdp_program *prog, int ifindex,
			   enum msa_xdp_mode mode, const char *ifname)
{
	int err;

	if (mode != MSA_XDP_GENERIC) {
		err = xdp_program__attach(prog, ifindex, XDP_MODE_NATIVE, 0);
		if (!err || mode == MSA_XDP_NATIVE) {
			if (err)
				msa_err("%s: native XDP attach failed: %s", ifname,
					strerror(-err));
			return err;
		}
		msa_warn("%s: no native XDP (%s), using generic XDP: slower, "
			 "and TC classifies without XDP metadata", ifname,
			 strerror(-err));
	}
	err = xdp_program__attach(prog, ifindex, XDP_MODE_SKB, 0);
	if (err)
		msa_err("%s: generic XDP attach failed: %s", ifname, strerror(-err));
	return err;
}

/*
 * Without libxdp's dispatcher: our program alone on the interface. Needed
 * where the kernel refuses to let a program that changes packet data (ours
 * writes XDP metadata) replace the dispatcher's stub, which libxdp before
 * 1.5 does not work around (xdp-tools issue 503).
 */
static int attach_xdp_alone(const char *root, const struct msa_dp_sizes *sz,
			    bool meta, int ifindex, enum msa_xdp_mode mode,
			    const char *ifname)
{
	struct xdp_steer_bpf *skel;
	__u32 flags = XDP_FLAGS_UPDATE_IF_NOEXIST;
	int err = open_xdp(root, sz, meta, &skel);

	if (err)
		return err;
	err = xdp_steer_bpf__load(skel);
	if (err) {
		load_err("the XDP program", err);
	} else {
		flags |= mode == MSA_XDP_GENERIC ? XDP_FLAGS_SKB_MODE : XDP_FLAGS_DRV_MODE;
		err = bpf_xdp_attach(ifindex, bpf_program__fd(skel->progs.msa_xdp),
				     flags, NULL);
		if (err && mode == MSA_XDP_AUTO) {
			msa_warn("%s: no native XDP (%s), using generic XDP", ifname,
				 strerror(-err));
			flags = XDP_FLAGS_UPDATE_IF_NOEXIST | XDP_FLAGS_SKB_MODE;
			err = bpf_xdp_attach(ifindex,
					     bpf_program__fd(skel->progs.msa_xdp),
					     flags, NULL);
		}
		if (err)
			msa_err("%s: XDP attach failed: %s", ifname, strerror(-err));
	}
	xdp_steer_bpf__destroy(skel);
	return err;
}

static int attach_xdp(const char *root, const struct msa_dp_sizes *sz,
		      bool meta, int ifindex, enum msa_xdp_mode mode,
		      const char *ifname)
{
	struct xdp_steer_bpf *skel;
	struct xdp_program *prog;
	int err = open_xdp(root, sz, meta, &skel);

	if (err)
		return err;
	prog = xdp_program__create(&(struct xdp_program_opts){
		.sz = sizeof(struct xdp_program_opts),
		.obj = skel->obj, .prog_name = "msa_xdp" });
	err = libxdp_get_error(prog);
	if (err) {
		msa_err("libxdp cannot use the XDP program: %s", strerror(-err));
		prog = NULL;
	}
	if (!err)
		err = xdp_program__attach(prog, ifindex, mode == MSA_XDP_GENERIC ?
					  XDP_MODE_SKB : XDP_MODE_NATIVE, 0);
	xdp_program__close(prog);
	xdp_steer_bpf__destroy(skel);
	if (err == -EINVAL) {
		msa_info("%s: libxdp's dispatcher cannot host the program here; "
			 "attaching it as the interface's only XDP program", ifname);
		return attach_xdp_alone(root, sz, meta, ifindex, mode, ifname);
	}
	if (err && mode == MSA_XDP_AUTO) {
		err = open_xdp(root, sz, meta, &skel);
		if (err)
			return err;
		prog = xdp_program__create(&(struct xdp_program_opts){
			.sz = sizeof(struct xdp_program_opts),
			.obj = skel->obj, .prog_name = "msa_xdp" });
		err = libxdp_get_error(prog);
		if (!err)
			err = xdp_attach_mode(prog, ifindex, MSA_XDP_GENERIC, ifname);
		xdp_program__close(libxdp_get_error(prog) ? NULL : prog);
		xdp_steer_bpf__destroy(skel);
	}
	return err;
}

static int xdp_detach(int ifindex, const char *ifname)
{
	struct xdp_multiprog *mp = xdp_multiprog__get_from_ifindex(ifindex);
	struct xdp_program *p = NULL;
	enum xdp_attach_mode mode;
	int err;

	if (libxdp_get_error(mp))
		return 0; /* nothing attached */
	mode = xdp_multiprog__attach_mode(mp);
	if (xdp_multiprog__is_legacy(mp))
		p = xdp_multiprog__main_prog(mp);
	else
		while ((p = xdp_multiprog__next_prog(p, mp)))
			if (!strcmp(xdp_program__name(p), "msa_xdp"))
				break;
	err = 0;
	if (p && !strcmp(xdp_program__name(p), "msa_xdp"))
		err = xdp_program__detach(p, ifindex, mode, 0);
	if (err)
		msa_err("%s: XDP detach failed: %s", ifname, strerror(-err));
	xdp_multiprog__close(mp);
	return err;
}

int msa_dp_attach(const char *ifname, const struct msa_attach_opts *o)
{
	const char *root = root_or_default(o->pin_root);
	int ifindex = ifindex_of(ifname), err;
	struct msa_dp_progs probe = {};
	struct msa_dp_sizes sz;

	if (ifindex < 0)
		return ifindex;
	quiet_libs();
	err = msa_dp_sizes_resolve(root, o->max_sas, &sz);
	if (err)
		return err;
	/* Create/reuse the pinned maps and fill the cpumap before any packet
	 * can be redirected into it. */
	err = load_all(root, o->cpumap_qsize, &sz, o->xdp_meta, &probe);
	if (err)
		return err;
	msa_dp_unload(&probe);
	if (!err)
		err = attach_tc(root, &sz, ifindex);
	if (!err && o->xdp != MSA_XDP_NONE) {
		err = attach_xdp(root, &sz, o->xdp_meta, ifindex, o->xdp,
				 ifname);
		if (err) {
			tc_detach_one(ifindex, BPF_TC_INGRESS);
			tc_detach_one(ifindex, BPF_TC_EGRESS);
		}
	}
	if (!err)
		msa_info("%s: attached (%s); maps for %u SAs (%llu KiB on %d "
			 "CPUs)", ifname, o->xdp == MSA_XDP_NONE ? "TC only" :
			 "XDP + TC", sz.sa_ids, (unsigned long long)
			 (msa_dp_sizes_bytes(&sz, msa_dp_ncpus()) >> 10),
			 msa_dp_ncpus());
	return err;
}

int msa_dp_detach(const char *ifname)
{
	int ifindex = ifindex_of(ifname), e1, e2, e3;

	quiet_libs();
	if (ifindex < 0)
		return ifindex;
	e1 = xdp_detach(ifindex, ifname);
	e2 = tc_detach_one(ifindex, BPF_TC_INGRESS);
	e3 = tc_detach_one(ifindex, BPF_TC_EGRESS);
	if (e2 || e3)
		msa_err("%s: TC detach failed: %s", ifname, strerror(-(e2 ? e2 : e3)));
	return e1 ? e1 : e2 ? e2 : e3;
}
