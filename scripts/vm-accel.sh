#!/bin/bash
# Print the QEMU accelerator to use for KERNEL: "kvm" if a short probe boot
# gets past the decompressor under KVM, else "tcg".  On these machines
# /dev/kvm exists but guests hang at "Decompressing Linux".  The answer is
# cached per kernel image in build/vm/accel; VM_ACCEL overrides it.
set -euo pipefail
kernel=$1
top=$(cd "$(dirname "$0")/.." && pwd)
if [ -n "${VM_ACCEL:-}" ]; then echo "$VM_ACCEL"; exit 0; fi
cache=$top/build/vm/accel
key=$(stat -c '%s %Y' "$kernel")
if [ -r "$cache" ] && [ "$(head -n 1 "$cache")" = "$key" ]; then
	tail -n 1 "$cache"; exit 0
fi
accel=tcg
if [ -w /dev/kvm ]; then
	log=$(mktemp)
	timeout -k 2 15 qemu-system-x86_64 -accel kvm -cpu host -m 256M -nographic -no-reboot \
		-nodefaults -display none -serial "file:$log" -kernel "$kernel" \
		-append "console=ttyS0 earlyprintk=serial panic=-1 init=/nonexistent" \
		</dev/null >/dev/null 2>&1 || true
	grep -q "Linux version" "$log" && accel=kvm
	rm -f "$log"
fi
printf '%s\n%s\n' "$key" "$accel" >"$cache"
echo "vm: KVM probe: using $accel" >&2
echo "$accel"
