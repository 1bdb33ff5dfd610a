# SPDX-License-Identifier: GPL-2.0-or-later
# ike/: the IKEv2 library (everything but the daemon's main) and multisad.
IKE_MAIN := ike/multisad.c
IKE_SRCS := $(filter-out $(IKE_MAIN),$(wildcard ike/*.c))
IKE_OBJS := $(patsubst ike/%.c,$(BUILD)/ike/%.o,$(IKE_SRCS))
IKE_LIB  := $(BUILD)/libike.a

$(BUILD)/ike/%.o: ike/%.c $(wildcard include/*.h ike/*.h) | $(BUILD)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) -Iike -Iuser -c $< -o $@

# The log sink is user/'s; libike carries its own copy so that tests link
# libike alone.
IKE_OBJS += $(BUILD)/ike/log.o
$(BUILD)/ike/log.o: user/log.c user/log.h | $(BUILD)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) -Iuser -c $< -o $@

$(IKE_LIB): $(IKE_OBJS)
	$(call msg,AR,$@)
	$(Q)rm -f $@
	$(Q)$(AR) rcs $@ $^

ifneq ($(wildcard $(IKE_MAIN)),)
$(BUILD)/multisad: $(BUILD)/ike/multisad.o $(IKE_LIB) $(DP_LIB)
	$(call msg,LD,$@)
	$(Q)$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)
PROGRAMS += $(BUILD)/multisad
endif
