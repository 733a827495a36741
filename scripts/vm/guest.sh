#!/bin/sh
# Runs in the VM after switch_root, on the host's / (read-only): fresh /tmp and /run, the project
# folder read-write (virtio-9p tag "project"), then the command file; its exit status goes to the
# host through QEMU's isa-debug-exit device (port 0xf4: QEMU exits with status*2+1).
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs shm /dev/shm
mount -t tmpfs tmp /tmp
mount -t tmpfs run /run
mkdir -p /run/netns
# Device nodes whose first open loads their module (/dev/net/tun...), as systemd-tmpfiles makes them.
grep -v '^#' "/lib/modules/$(uname -r)/modules.devname" | while read -r _module node dev; do
  mkdir -p "$(dirname "/dev/$node")"
  major=${dev#?}; major=${major%%:*}
  [ -e "/dev/$node" ] || mknod "/dev/$node" "$(echo "$dev" | cut -c1)" "$major" "${dev##*:}"
done
export PURE_NETLINK_VM=1 HOME=/tmp PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
for arg in $(cat /proc/cmdline); do
  case $arg in
    vm.project=*) project=${arg#vm.project=} ;;
    vm.command=*) command=${arg#vm.command=} ;;
  esac
done
mount -t 9p -o trans=virtio,version=9p2000.L,rw,cache=loose,msize=262144 project "$project"
ip link set lo up
cd "$project" && bash "$command"
status=$?
# The project is mounted with cache=loose: write its dirty pages back before the power goes.
sync
echo "vm: the command exited with status $status"
[ "$status" -gt 127 ] && status=127
# One byte to I/O port 0xf4 (244) through /dev/port.
printf "\\$(printf %03o "$status")" | dd of=/dev/port bs=1 seek=244 count=1 2>/dev/null
echo o >/proc/sysrq-trigger
