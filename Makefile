# secretmem: memfd_secret(2) re-implemented for Linux 6.1.
# make run    build, boot and demonstrate      make check   run every test
# See README.md.

TREE     := build/linux
KOUT     := build/kernel
BZIMAGE  := $(KOUT)/arch/x86/boot/bzImage
CONFIGS  := configs/vm.config configs/secretmem.config
SELFTESTS := build/selftests
SHELL    := /bin/bash

.PHONY: all run check deps tree kernel selftests checkpatch patches test bench bisect-check reset clean

all: kernel

deps:
	@scripts/deps.sh

tree: deps
	@scripts/tree.sh

kernel: tree
	@scripts/build.sh $(TREE) $(KOUT) $(CONFIGS)

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

reset:
	rm -rf $(TREE) $(KOUT) $(SELFTESTS)

clean:
	rm -rf build

# Build upstream's and our kernel from the same tree and config, compare.
bench: tree
	@scripts/bench.sh

# Build every commit of the series on its own (slow: a kernel per patch).
bisect-check: kernel
	@scripts/bisect-check.sh
