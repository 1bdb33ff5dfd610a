# SPDX-License-Identifier: GPL-2.0-or-later
# Benchmarks: `make bench` builds and runs them; figures go to BENCHMARKS.md.
BENCH_BINS := $(BUILD)/bench/xdp_cost $(BUILD)/bench/ike_rate $(BUILD)/bench/sa_install

# SA + steering install time (run in the lab: bench/lab/sa_install.sh).
$(BUILD)/bench/sa_install: bench/sa_install.c $(DP_LIB) | $(BUILD)
	$(call msg,BENCH,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) -Iuser -o $@ $< $(DP_LIB) $(LDLIBS)

# IKE rates: two daemon cores in one process (the unit tests' harness).
$(BUILD)/bench/ike_rate: bench/ike_rate.c $(IKE_LIB) $(wildcard tests/unit/*.h) | $(BUILD)
	$(call msg,BENCH,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) -Iike -Iuser -Itests/unit -o $@ $< $(IKE_LIB) $(LDLIBS)

$(BUILD)/bench/xdp_cost: bench/xdp_cost.c $(DP_LIB) $(BPF_SKELS) tests/unit/pkt.h | $(BUILD)
	$(call msg,BENCH,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) -Iuser -Itests/unit -o $@ $< $(DP_LIB) $(LDLIBS)

bench: $(BENCH_BINS)
	$(Q)$(BUILD)/bench/xdp_cost
	$(Q)$(BUILD)/bench/ike_rate

.PHONY: bench
