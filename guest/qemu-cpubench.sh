#!/bin/sh
# Runs the committed cpubench image (or the one given) on QEMU virt with Debian's OpenSBI,
# the same binary Paravane boots, and prints its output (docs/guest.md, "QEMU cross-check").
#   guest/qemu-cpubench.sh [IMAGE]
# The kernel finds no start-info block under OpenSBI, so it uses SBI putchar for output,
# SBI SRST to power off, and its default program (cpubench with 10,000,000 iterations).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
image=${1:-$here/images/cpubench.elf}
fw=$(dpkg -L opensbi 2>/dev/null | grep '/generic/fw_jump.bin$' | head -n 1 || true)
fw=${fw:-/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin}
if ! command -v qemu-system-riscv64 >/dev/null 2>&1 || [ ! -f "$fw" ]; then
    echo "qemu-cpubench: needs Debian packages qemu-system-misc and opensbi" >&2
    exit 2
fi
exec timeout 120 qemu-system-riscv64 -M virt -m 128M -smp 1 -nographic -bios "$fw" -kernel "$image" \
    </dev/null 2>&1 | grep -E '^(cpubench|Hello|unknown|fatal)'
