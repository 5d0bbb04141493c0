#!/bin/bash
# Cross-build the patched tree for one architecture of make check-arches,
# out of tree in build/kernel-ARCH (tinyconfig + configs/ARCH.config), with
# ccache, and install its uapi headers (the arm64 selftests build against
# them).  The build's warnings and errors (make -s prints nothing else) go to
# build/cross/build-ARCH.log, which scripts/cross-w1.sh checks.
# Usage: scripts/cross-build.sh arm64|riscv64|i386 [SRC [OUT]]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
arch=${1:?usage: $0 arm64|riscv64|i386 [SRC [OUT]]}
src=$(realpath "${2:-$top/build/linux}")
out=$(realpath -m "${3:-$top/build/kernel-$arch}")
source "$top/scripts/cross-env.sh" "$arch"
frag=$top/configs/$arch.config
log=$top/build/cross/build-$arch.log
mkdir -p "$top/build/cross" "$out"

# One kernel build at a time on this machine (2 cores), as scripts/build.sh:
# configuring runs make on the tree too, so take the lock first.
exec 9>"$top/build/.kbuild.lock"
flock 9

# Configure in a scratch directory; replace $out/.config only if it changed,
# so that an unchanged configuration rebuilds nothing.  Every option the
# fragment sets must survive olddefconfig.
cfg=$out.config
rm -rf "$cfg"; mkdir -p "$cfg"
kmake "$src" "$cfg" tinyconfig >/dev/null
(cd "$cfg" && "$src/scripts/kconfig/merge_config.sh" -m -O "$cfg" "$cfg/.config" "$frag" >/dev/null 2>&1)
kmake "$src" "$cfg" olddefconfig >/dev/null
missing=0
while IFS= read -r line; do
	case "$line" in
	CONFIG_*=*) grep -qxF "$line" "$cfg/.config" || { echo "cross-build: $line from ${frag##*/} did not stick" >&2; missing=1; } ;;
	'# CONFIG_'*' is not set') sym=${line#\# }; sym=${sym%% *}
		grep -q "^$sym=" "$cfg/.config" && { echo "cross-build: $sym from ${frag##*/} is set" >&2; missing=1; } ;;
	esac
done <"$frag"
[ $missing = 0 ] || exit 1
cmp -s "$cfg/.config" "$out/.config" || cp "$cfg/.config" "$out/.config"
rm -rf "$cfg"

echo "cross-build: $arch: building $out/$image"
start=$(date +%s)
set +e
kmake "$src" "$out" "$image_target" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e
[ "$rc" = 0 ] || { echo "cross-build: $arch: build failed (log: $log)" >&2; exit 1; }
kmake "$src" "$out" headers_install INSTALL_HDR_PATH="$out/usr" >/dev/null
exec 9>&-
echo "cross-build: $arch: done in $(($(date +%s) - start))s, $(grep -c 'warning:' "$log") warnings ($(ccache -s 2>/dev/null | grep -i 'hit' | head -1 | tr -s ' '))"
