#!/bin/bash
# Install the Debian packages the build, the VM and the tests need, if any
# is missing, and check there is room to work.  Idempotent.
set -euo pipefail
pkgs=(linux-source-6.1 build-essential bc bison flex libelf-dev libssl-dev
      ccache qemu-system-x86 busybox-static cpio xz-utils rsync kmod git
      python3 python3-ply python3-git gnuplot-nox stress-ng strace man-db groff-base libcap-dev
      liburing-dev libnuma-dev sudo)
top=$(cd "$(dirname "$0")/.." && pwd)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	if [ "$(id -u)" != 0 ]; then
		echo "deps: missing packages: ${missing[*]}" >&2
		echo "deps: run as root (or: sudo apt-get install ${missing[*]})" >&2
		exit 1
	fi
	echo "deps: installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q >/dev/null || { echo "deps: apt-get update failed" >&2; exit 1; }
	apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null ||
		{ echo "deps: apt-get install ${missing[*]} failed" >&2; exit 1; }
fi
mkdir -p "$top/build"
need_gb=8
[ -d "$top/build/linux/.git" ] && need_gb=3
avail=$(df -P -BG "$top/build" | awk 'NR==2 { sub("G", "", $4); print $4 }')
if [ "$avail" -lt $need_gb ]; then
	echo "deps: only ${avail} GB free under $top/build, need $need_gb GB" >&2
	exit 1
fi
[ -e /dev/kvm ] || echo "deps: no /dev/kvm, the VM will run under TCG (slower)"
exit 0
