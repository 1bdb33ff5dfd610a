# SPDX-License-Identifier: GPL-2.0-or-later
# ike/: the IKEv2 library (every layer folder but io/) and multisad.
# The layers, lowest first, are listed in scripts/layers.conf.
IKE_MAIN := ike/multisad.c
IKE_SRCS := $(filter-out ike/io/%,$(wildcard ike/*/*.c))
IKE_OBJS := $(patsubst %.c,$(BUILD)/%.o,$(IKE_SRCS))
IO_OBJS  := $(patsubst %.c,$(BUILD)/%.o,$(wildcard ike/io/*.c))
IKE_LIB  := $(BUILD)/libike.a

$(BUILD)/ike/%.o: ike/%.c $(wildcard include/*.h ike/*/*.h user/log/*.h) | $(BUILD)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

# Log subsystems (user/log/log.h): by folder; ike is the default.
$(BUILD)/ike/config/%.o: CFLAGS += -DMSA_LOG_SUB=MSA_SUB_CFG
$(BUILD)/ike/core/reload.o $(BUILD)/ike/core/reload_settle.o: CFLAGS += -DMSA_LOG_SUB=MSA_SUB_CFG
$(BUILD)/ike/ctl/%.o: CFLAGS += -DMSA_LOG_SUB=MSA_SUB_CTL

$(IKE_LIB): $(IKE_OBJS)

$(BUILD)/multisad: $(BUILD)/ike/multisad.o $(IO_OBJS) $(IKE_LIB) $(KERNEL_LIB) $(DP_LIB) $(LOG_OBJ)
	$(call msg,LD,$@)
	$(Q)$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)
PROGRAMS += $(BUILD)/multisad
