# SPDX-License-Identifier: GPL-2.0-or-later
# Benchmarks: `make bench` builds and runs them; figures go to BENCHMARKS.md.
BENCH_BINS := $(BUILD)/bench/xdp_cost

$(BUILD)/bench/xdp_cost: bench/xdp_cost.c $(DP_LIB) $(BPF_SKELS) tests/unit/pkt.h | $(BUILD)
	$(call msg,BENCH,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) -Iuser -Itests/unit -o $@ $< $(DP_LIB) $(LDLIBS)

bench: $(BENCH_BINS)
	$(Q)$(BUILD)/bench/xdp_cost

.PHONY: bench
