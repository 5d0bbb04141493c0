# secretmem: memfd_secret(2) re-implemented for Linux 6.1.
# make run    build, boot and demonstrate      make check   run every test
# make check-debug   every test again, on a KASAN/lockdep/DEBUG_VM kernel
# See README.md.

TREE     := build/linux
KOUT     := build/kernel
KOUT_DEBUG := build/kernel-debug
BZIMAGE  := $(KOUT)/arch/x86/boot/bzImage
CONFIGS  := configs/vm.config configs/vm-suite.config configs/secretmem.config
DEBUG_CONFIGS := configs/vm.config configs/secretmem.config configs/debug.config
# check-debug: a 10-minute stress (make check: 15 s) and half a million
# fuzzed calls (make check: a million; the debug kernel ran them 40 times slower:
# 914 calls/s against 37,000).
DEBUG_PARAMS := MEMFD_SECRET_STRESS_SECONDS=600 MEMFD_SECRET_FUZZ_CALLS=500000
SELFTESTS := build/selftests
SHELL    := /bin/bash

.PHONY: all run check check-debug deps tree kernel kernel-debug selftests checkpatch patches test bench bisect-check check-arches check-vm check-vm-ours reset clean

all: kernel

deps:
	@scripts/deps.sh

tree: deps
	@scripts/tree.sh

kernel: tree
	@scripts/build.sh $(TREE) $(KOUT) $(CONFIGS)

kernel-debug: tree
	@scripts/build.sh $(TREE) $(KOUT_DEBUG) $(DEBUG_CONFIGS)

selftests: kernel
	@scripts/selftests.sh $(TREE) $(KOUT) $(SELFTESTS)

checkpatch: tree
	@scripts/checkpatch.sh $(TREE) patches

# Regenerate patches/ from the commits on top of "base" in build/linux.
patches:
	@scripts/patches.sh $(TREE) patches

run: selftests
	@scripts/vm.sh -n demo -t 600 -- run-demo

test:
	@scripts/test.sh

check: checkpatch selftests
	@scripts/test.sh

# The same tests on the debug kernel (configs/debug.config): any KASAN,
# lockdep, DEBUG_VM or kmemleak report fails, and the stress runs 10 min.
check-debug: kernel-debug
	@scripts/selftests.sh $(TREE) $(KOUT_DEBUG) $(SELFTESTS)
	@scripts/test.sh -k $(KOUT_DEBUG) -a "$(DEBUG_PARAMS)"

reset:
	rm -rf $(TREE) $(KOUT) $(KOUT_DEBUG) $(SELFTESTS)

clean:
	rm -rf build

# The whole vm kselftest suite (run_vmtests.sh) in a 2-node VM, on our
# kernel and on upstream's (the unpatched tree, same config), test by test:
# build/results-vm/table.md.  Fails if a test passing on upstream fails on
# ours, or fails on both without a reason in configs/vm-known-failures.
check-vm: selftests
	@scripts/check-vm.sh ours upstream

# The same suite on our kernel only (what .ci/run runs).
check-vm-ours: selftests
	@scripts/check-vm.sh ours

# Build upstream's and our kernel from the same tree and config, compare.
bench: tree
	@scripts/bench.sh

# Build every commit of the series on its own (slow: a kernel per patch).
bisect-check: kernel
	@scripts/bisect-check.sh

# Cross-build for arm64, riscv64 and i386 (W=1: no new warning), boot arm64
# under QEMU and run the kselftests there (installs cross compilers).
check-arches:
	@scripts/check-arches.sh
