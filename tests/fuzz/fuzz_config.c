/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer harness for the configuration reader (ike/config/ over
 * libconfig): each input is a multisad.conf; it is loaded, and freed.
 * Whatever loads must satisfy what the daemon relies on (names
 * terminated, children counted, selectors within bounds), or the harness
 * aborts. Inputs that reach other files (@include, secrets_file) are
 * skipped: the fuzzer looks at this reader, not at the file system.
 * Seeds: tests/fuzz/corpus/config/ (the shipped example and variants).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/config.h"
#include "log/log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(x) do { if (!(x)) abort(); } while (0)

static void check(const struct cfg *c)
{
	for (const struct cfg_conn *cn = c->conns; cn; cn = cn->next) {
		CHECK(memchr(cn->name, 0, sizeof(cn->name)));
		CHECK(cn->n_ike <= CFG_MAX_PROPS);
		for (const struct cfg_child *ch = cn->children; ch;
		     ch = ch->next) {
			CHECK(memchr(ch->name, 0, sizeof(ch->name)));
			CHECK(ch->n_local_ts <= CFG_MAX_TS &&
			      ch->n_remote_ts <= CFG_MAX_TS);
			CHECK(ch->n_esp <= CFG_MAX_PROPS);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	char err[512];
	struct cfg *c;
	FILE *f;

	if (memmem(data, size, "@include", 8) ||
	    memmem(data, size, "secrets_file", 12))
		return 0;
	if (!path[0]) {
		snprintf(path, sizeof(path), "/tmp/fuzz_config.%d.conf",
			 (int)getpid());
		msa_log_set_level(MSA_LOG_ERR);
	}
	f = fopen(path, "w");
	if (!f)
		return 0;
	fwrite(data, 1, size, f);
	fclose(f);
	if (!cfg_load(path, &c, err, sizeof(err))) {
		check(c);
		cfg_free(c);
	} else {
		CHECK(memchr(err, 0, sizeof(err)) && err[0]);
	}
	return 0;
}
