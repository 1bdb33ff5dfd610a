# SPDX-License-Identifier: GPL-2.0-or-later
# Unit tests: every tests/unit/test_NAME.c is a cmocka program build/tests/test_NAME,
# linked with the library it tests.
UNIT_TEST_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_TEST_BINS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_TEST_SRCS))
TEST_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null)

# test_ike_*: IKE only; test_dp_*: the datapath library (and its skeletons).
$(BUILD)/tests/test_ike_%: tests/unit/test_ike_%.c $(IO_OBJS) $(IKE_LIB) $(LOG_OBJ) $(wildcard tests/unit/*.h) | $(BUILD)
	$(call msg,TEST,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) -Itests/unit -o $@ $< $(IO_OBJS) $(IKE_LIB) $(LOG_OBJ) $(LDLIBS) $(TEST_LIBS)

$(BUILD)/tests/test_dp_%: tests/unit/test_dp_%.c $(KERNEL_LIB) $(DP_LIB) $(LOG_OBJ) $(BPF_SKELS) $(wildcard tests/unit/*.h) | $(BUILD)
	$(call msg,TEST,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) -Itests/unit -o $@ $< $(KERNEL_LIB) $(DP_LIB) $(LOG_OBJ) $(LDLIBS) $(TEST_LIBS)

# Fuzzers: every tests/fuzz/fuzz_NAME.c is a libFuzzer program build/fuzz/fuzz_NAME
# built with clang over the IKE sources. `make fuzz` runs each for FUZZ_SECONDS.
FUZZ_SRCS := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BINS := $(patsubst tests/fuzz/%.c,$(BUILD)/fuzz/%,$(FUZZ_SRCS))
FUZZ_SECONDS ?= 20

# Each fuzzer links only the layers it fuzzes: the parser the codec alone
# (ike/codec/: an include from another layer would fail to link), the
# config reader its layers, the state machine the daemon core. Any
# undefined behaviour stops the run.
FUZZ_IKE_SRCS := $(wildcard ike/codec/*.c)
FUZZ_CONFIG_SRCS := $(wildcard ike/codec/*.c ike/crypto/*.c ike/ts/*.c \
		      ike/config/*.c) user/log/log.c
FUZZ_SM_SRCS := $(IKE_SRCS) user/log/log.c
FUZZ_FLAGS := -g -O1 -fsanitize=fuzzer,address,undefined \
	      -fno-sanitize-recover=all -std=gnu11 -D_GNU_SOURCE \
	      -Iinclude -Iike -Iuser
$(BUILD)/fuzz/fuzz_ike_parse: tests/fuzz/fuzz_ike_parse.c $(FUZZ_IKE_SRCS) $(wildcard include/*.h ike/codec/*.h) | $(BUILD)
	$(call msg,FUZZ,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CLANG) $(FUZZ_FLAGS) -o $@ $< $(FUZZ_IKE_SRCS)
$(BUILD)/fuzz/fuzz_config: tests/fuzz/fuzz_config.c $(FUZZ_CONFIG_SRCS) $(wildcard include/*.h ike/*/*.h) | $(BUILD)
	$(call msg,FUZZ,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CLANG) $(FUZZ_FLAGS) $(shell pkg-config --cflags libconfig) \
		-o $@ $< $(FUZZ_CONFIG_SRCS) -lconfig -lcrypto
# The state machine: the whole daemon core and the unit tests' pair.
$(BUILD)/fuzz/fuzz_ike_sm: tests/fuzz/fuzz_ike_sm.c $(FUZZ_SM_SRCS) $(wildcard include/*.h ike/*/*.h tests/unit/*.h) | $(BUILD)
	$(call msg,FUZZ,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CLANG) $(FUZZ_FLAGS) -Itests/unit $(PKG_CFLAGS) \
		-o $@ $< $(FUZZ_SM_SRCS) $(PKG_LIBS)

fuzz: $(FUZZ_BINS)
	$(Q)for f in $(FUZZ_BINS); do bash tests/fuzz/run.sh $$f $(FUZZ_SECONDS) || exit 1; done

.PHONY: fuzz

# Helper programs the shell tests and benchmarks run.
TOOL_BINS := $(patsubst tests/tools/%.c,$(BUILD)/tests/tools/%,$(wildcard tests/tools/*.c))
# xfrm_tool drives the kernel-side interface, so it links the library.
$(BUILD)/tests/tools/xfrm_tool: tests/tools/xfrm_tool.c $(KERNEL_LIB) $(DP_LIB) $(LOG_OBJ) | $(BUILD)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) -o $@ $< $(KERNEL_LIB) $(DP_LIB) $(LOG_OBJ) $(LDLIBS)
# ike_flood builds IKE_SA_INIT requests with the codec alone.
$(BUILD)/tests/tools/ike_flood: tests/tools/ike_flood.c $(FUZZ_IKE_SRCS) $(wildcard ike/codec/*.h) | $(BUILD)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) -o $@ $< $(FUZZ_IKE_SRCS)
$(BUILD)/tests/tools/%: tests/tools/%.c | $(BUILD)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) -o $@ $<
PROGRAMS += $(TOOL_BINS)
