#!/bin/bash
# Build upstream's kernel: the unpatched tree (tag "base" of build/linux,
# checked out as the worktree build/upstream) with the same config
# fragments as ours, in build/kernel-upstream.  For make bench and
# make check-vm.  Usage: scripts/build-upstream.sh FRAGMENT...
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
[ -d build/upstream ] || git -C build/linux worktree add -f --detach "$top/build/upstream" base >/dev/null
scripts/build.sh build/upstream build/kernel-upstream "$@"
