# SPDX-License-Identifier: GPL-2.0-or-later
# Benchmarks: `make bench` builds and runs them; figures go to BENCHMARKS.md.
BENCH_BINS := $(BUILD)/bench/xdp_cost $(BUILD)/bench/ike_rate $(BUILD)/bench/sa_install \
              $(BUILD)/bench/idle $(BUILD)/bench/hostile $(BUILD)/bench/dp_read

# SA + steering install time (run in the lab: bench/lab/sa_install.sh).
$(BUILD)/bench/sa_install: bench/sa_install.c $(KERNEL_LIB) $(DP_LIB) $(LOG_OBJ) | $(BUILD)
	$(call msg,BENCH,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) -o $@ $< $(KERNEL_LIB) $(DP_LIB) $(LOG_OBJ) $(LDLIBS)

# IKE rates: two daemon cores in one process (the unit tests' harness).
$(BUILD)/bench/ike_rate: bench/ike_rate.c $(IKE_LIB) $(LOG_OBJ) $(wildcard tests/unit/*.h) | $(BUILD)
	$(call msg,BENCH,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) -Itests/unit -o $@ $< $(IKE_LIB) $(LOG_OBJ) $(LDLIBS)

# The XDP_PASS baseline the steering program is measured against.
$(BUILD)/xdp_pass.bpf.o: bench/bpf/xdp_pass.bpf.c vmlinux.h | $(BUILD)
	$(call msg,BPF,$@)
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@

# An idle daemon holding many IKE SAs: CPU over a simulated minute.
$(BUILD)/bench/idle: bench/idle.c $(IKE_LIB) $(LOG_OBJ) $(wildcard tests/unit/*.h) | $(BUILD)
	$(call msg,BENCH,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) -Itests/unit -o $@ $< $(IKE_LIB) $(LOG_OBJ) $(LDLIBS)

# What a hostile peer can make the responder hold (CREATE_CHILD_SA flood).
$(BUILD)/bench/hostile: bench/hostile.c $(IKE_LIB) $(LOG_OBJ) $(wildcard tests/unit/*.h) | $(BUILD)
	$(call msg,BENCH,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) -Itests/unit -o $@ $< $(IKE_LIB) $(LOG_OBJ) $(LDLIBS)

$(BUILD)/bench/xdp_cost: bench/xdp_cost.c $(DP_LIB) $(LOG_OBJ) $(BPF_SKELS) $(BUILD)/xdp_pass.skel.h tests/unit/pkt.h | $(BUILD)
	$(call msg,BENCH,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) -Itests/unit -o $@ $< $(DP_LIB) $(LOG_OBJ) $(LDLIBS)

# Reading the counters with many SAs installed (what a scrape costs).
$(BUILD)/bench/dp_read: bench/dp_read.c $(DP_LIB) $(LOG_OBJ) $(BPF_SKELS) | $(BUILD)
	$(call msg,BENCH,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) -o $@ $< $(DP_LIB) $(LOG_OBJ) $(LDLIBS)

bench: $(BENCH_BINS)
	$(Q)$(BUILD)/bench/xdp_cost
	$(Q)$(BUILD)/bench/ike_rate
	$(Q)$(BUILD)/bench/idle
	$(Q)$(BUILD)/bench/hostile
	$(Q)$(BUILD)/bench/dp_read

.PHONY: bench
