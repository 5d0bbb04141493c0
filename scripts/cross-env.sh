# Sourced by the check-arches scripts: the make variables for one
# architecture.  Sets arch_make, cross, image_target, image and kmake(),
# which runs make -s with the cross compiler under ccache (the caller holds
# build/.kbuild.lock).  Usage: source scripts/cross-env.sh arm64|riscv64|i386
case "$1" in
arm64)   arch_make=arm64 cross=aarch64-linux-gnu- image_target=Image ;;
riscv64) arch_make=riscv cross=riscv64-linux-gnu- image_target=Image ;;
i386)    arch_make=i386  cross=i686-linux-gnu-    image_target=bzImage ;;
*) echo "unknown architecture $1 (arm64, riscv64, i386)" >&2; exit 2 ;;
esac
image=arch/${arch_make/i386/x86}/boot/$image_target
command -v "${cross}gcc" >/dev/null || { echo "${cross}gcc missing (scripts/deps-cross.sh)" >&2; exit 1; }
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
export CCACHE_NOHASHDIR=1
export KBUILD_BUILD_TIMESTAMP="1970-01-01" KBUILD_BUILD_USER=secretmem KBUILD_BUILD_HOST=vm
ccache -M 5G >/dev/null
# kmake SRC OUT ARGS...: make -s in tree SRC, output in OUT.  CCACHE_BASEDIR
# is the tree being built (build.sh does the same), so that the patched and
# the pristine tree share hits on identical files.
kmake() {
	local src=$1 out=$2
	shift 2
	CCACHE_BASEDIR=$src make -s -C "$src" O="$out" ARCH="$arch_make" \
		CROSS_COMPILE="$cross" CC="ccache ${cross}gcc" HOSTCC="ccache gcc" \
		-j"$(nproc)" "$@"
}
