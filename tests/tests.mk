# SPDX-License-Identifier: GPL-2.0-or-later
# Unit tests: every tests/unit/test_NAME.c is a cmocka program build/tests/test_NAME,
# linked with the library it tests.
UNIT_TEST_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_TEST_BINS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_TEST_SRCS))
TEST_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null)

# test_ike_*: IKE only; test_dp_*: the datapath library (and its skeletons).
$(BUILD)/tests/test_ike_%: tests/unit/test_ike_%.c $(IKE_LIB) $(wildcard tests/unit/*.h) | $(BUILD)
	$(call msg,TEST,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) -Iike -Iuser -Itests/unit -o $@ $< $(IKE_LIB) $(LDLIBS) $(TEST_LIBS)

$(BUILD)/tests/test_dp_%: tests/unit/test_dp_%.c $(DP_LIB) $(BPF_SKELS) $(wildcard tests/unit/*.h) | $(BUILD)
	$(call msg,TEST,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) -Iuser -Itests/unit -o $@ $< $(DP_LIB) $(LDLIBS) $(TEST_LIBS)

# Fuzzers: every tests/fuzz/fuzz_NAME.c is a libFuzzer program build/fuzz/fuzz_NAME
# built with clang over the IKE sources. `make fuzz` runs each for FUZZ_SECONDS.
FUZZ_SRCS := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BINS := $(patsubst tests/fuzz/%.c,$(BUILD)/fuzz/%,$(FUZZ_SRCS))
FUZZ_SECONDS ?= 20

# The parser and builder only: what a fuzzer reaches from a datagram.
FUZZ_IKE_SRCS := ike/parse.c ike/build.c ike/names.c
$(BUILD)/fuzz/%: tests/fuzz/%.c $(FUZZ_IKE_SRCS) $(wildcard include/*.h ike/*.h) | $(BUILD)
	$(call msg,FUZZ,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CLANG) -g -O1 -fsanitize=fuzzer,address,undefined -std=gnu11 -D_GNU_SOURCE \
		-Iinclude -Iike -o $@ $< $(FUZZ_IKE_SRCS)

fuzz: $(FUZZ_BINS)
	$(Q)for f in $(FUZZ_BINS); do bash tests/fuzz/run.sh $$f $(FUZZ_SECONDS) || exit 1; done

.PHONY: fuzz

# Helper programs the shell tests and benchmarks run.
TOOL_BINS := $(patsubst tests/tools/%.c,$(BUILD)/tests/tools/%,$(wildcard tests/tools/*.c))
# xfrm_tool drives the kernel-side interface, so it links the library.
$(BUILD)/tests/tools/xfrm_tool: tests/tools/xfrm_tool.c $(DP_LIB) | $(BUILD)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) -Iuser -o $@ $< $(DP_LIB) $(LDLIBS)
$(BUILD)/tests/tools/%: tests/tools/%.c | $(BUILD)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) -o $@ $<
PROGRAMS += $(TOOL_BINS)
