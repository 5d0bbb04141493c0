#!/bin/bash
# Install what make check-arches needs beyond scripts/deps.sh: the cross
# compilers and C libraries for arm64, riscv64 and i386, qemu-system-arm, and
# a static arm64 busybox for the arm64 guest's initramfs.  Idempotent; kept
# apart from deps.sh so that plain make check installs no cross compiler.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/deps.sh"
# libc6-dev-*-cross: the selftests link statically against the arm64 libc;
# the kernel itself needs only the compilers.
pkgs=(gcc-aarch64-linux-gnu libc6-dev-arm64-cross gcc-riscv64-linux-gnu
      gcc-i686-linux-gnu qemu-system-arm cpio gzip)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
bb=$top/build/cross-arm64/busybox
if [ ${#missing[@]} -gt 0 ] || [ ! -x "$bb" ]; then
	[ "$(id -u)" = 0 ] || { echo "deps-cross: run as root (missing: ${missing[*]} busybox-static:arm64)" >&2; exit 1; }
	export DEBIAN_FRONTEND=noninteractive
	# arm64 as a foreign architecture only so that apt can fetch
	# busybox-static:arm64; it is unpacked, not installed, because it
	# would replace the host's busybox-static that the x86 guest uses.
	dpkg --print-foreign-architectures | grep -qx arm64 || dpkg --add-architecture arm64
	apt-get update -q >/dev/null || { echo "deps-cross: apt-get update failed" >&2; exit 1; }
	if [ ${#missing[@]} -gt 0 ]; then
		echo "deps-cross: installing ${missing[*]}"
		apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null ||
			{ echo "deps-cross: apt-get install ${missing[*]} failed" >&2; exit 1; }
	fi
fi
if [ ! -x "$bb" ]; then
	tmp=$(mktemp -d); chmod 755 "$tmp"   # apt fetches as user _apt
	(cd "$tmp" && apt-get download -q busybox-static:arm64 >/dev/null 2>&1)
	dpkg-deb -x "$tmp"/busybox-static_*_arm64.deb "$tmp/x"
	mkdir -p "$(dirname "$bb")"
	cp "$tmp/x/bin/busybox" "$bb"
	rm -rf "$tmp"
	echo "deps-cross: arm64 busybox in $bb"
fi
