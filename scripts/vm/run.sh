#!/usr/bin/env bash
# Run a shell command inside a VM booted with Debian's kernel (linux-image-amd64) under QEMU, with
# this machine's / shared read-only and the project folder read-write at the same path; exit with
# the command's status.
#   scripts/vm/run.sh 'ip link add d0 type dummy && node dist/bundle/pure-ip.js -d link show d0'
# Environment: VM_KERNEL (default: the newest /lib/modules/*-amd64), VM_MEMORY (MiB, 2048),
# VM_CPUS (2), VM_TIMEOUT (seconds, 1800), VM_ACCEL (tcg: KVM guests hang on the project's machine),
# VM_CPU (Nehalem: node crashed now and then under TCG with -cpu max).
set -euo pipefail
project=$(cd "$(dirname "$0")/../.." && pwd)
kver=${VM_KERNEL:-$(ls /lib/modules | grep -- '-amd64$' | sort -V | tail -1)}
[[ -n $kver && -f /boot/vmlinuz-$kver ]] || { echo "run.sh: no Debian kernel (apt-get install linux-image-amd64)" >&2; exit 2; }
cache=$project/node_modules/.cache/vm
mkdir -p "$cache"
initrd=$cache/initrd-$kver.cpio.gz
if [[ ! -f $initrd || $initrd -ot $project/scripts/vm/init || $initrd -ot $project/scripts/vm/initrd.sh ]]; then
  "$project/scripts/vm/initrd.sh" "$kver" "$initrd"
fi
# The command travels as a file: the kernel command line holds at most 2 KiB.
command=$(mktemp "$cache/command.XXXXXX")
trap 'rm -f "$command"' EXIT
# PURE_NETLINK_* variables (PURE_NETLINK_RECORD_SEEN...) reach the command; the guest starts clean otherwise.
{
  while IFS= read -r name; do printf 'export %s=%q\n' "$name" "${!name}"; done < <(compgen -e | grep '^PURE_NETLINK_' || true)
  printf '%s\n' "$*"
} >"$command"
set +e
timeout "${VM_TIMEOUT:-1800}" qemu-system-x86_64 -accel "${VM_ACCEL:-tcg}" -cpu "${VM_CPU:-Nehalem}" -m "${VM_MEMORY:-2048}" -smp "${VM_CPUS:-2}" \
  -nographic -no-reboot -nic none -device isa-debug-exit,iobase=0xf4,iosize=0x01 \
  -kernel "/boot/vmlinuz-$kver" -initrd "$initrd" \
  -append "console=ttyS0 loglevel=3 panic=-1 sysrq_always_enabled=1 tsc=reliable clocksource=tsc vm.guest=$project/scripts/vm/guest.sh vm.project=$project vm.command=$command" \
  -virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
  -virtfs "local,path=$project,mount_tag=project,security_model=none,multidevs=remap" </dev/null | tr -d '\r'
qemu=${PIPESTATUS[0]}
set -e
if ((qemu == 124)); then echo "run.sh: the VM did not finish within ${VM_TIMEOUT:-1800} s" >&2; exit 124; fi
if ((qemu % 2 == 1)); then exit $(((qemu - 1) / 2)); fi
echo "run.sh: the VM ended without reporting the command's status (QEMU exit status $qemu)" >&2
exit 125
