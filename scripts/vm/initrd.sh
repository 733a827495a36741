#!/usr/bin/env bash
# Build the VM lane's initramfs: busybox, the modules that mount the host's / over virtio-9p, and
# scripts/vm/init. Everything else (node, ip, the kernel's other modules) comes from the host's /.
#   scripts/vm/initrd.sh KERNEL_VERSION OUT.cpio.gz
set -euo pipefail
kver=$1 out=$2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work"/{bin,dev,proc,sys,newroot,modules}
busybox=$(command -v busybox)
# The initramfs has no libraries: a dynamically linked busybox cannot run there.
if ldd "$busybox" >/dev/null 2>&1; then echo "initrd.sh: $busybox is dynamically linked (apt-get install busybox-static)" >&2; exit 1; fi
cp "$busybox" "$work/bin/busybox"
for applet in sh mount insmod switch_root cat echo; do ln -s busybox "$work/bin/$applet"; done
# Without /dev/console the kernel gives init no stdout: nothing would be printed.
mknod -m 600 "$work/dev/console" c 5 1
mknod -m 666 "$work/dev/null" c 1 3
# Dependency order from modprobe (virtio_ring before virtio...), each module once.
for m in virtio_pci 9pnet_virtio 9p; do modprobe -S "$kver" --show-depends "$m"; done |
  awk '$1 == "insmod" && !seen[$2]++ { print $2 }' | while read -r ko; do
    name=$(basename "$ko"); name=${name%%.ko*}
    case $ko in
      *.xz) xz -dc "$ko" >"$work/modules/$name.ko" ;;
      *.zst) zstd -qdc "$ko" >"$work/modules/$name.ko" ;;
      *) cp "$ko" "$work/modules/$name.ko" ;;
    esac
    echo "$name" >>"$work/modules/order"
  done
cp "$here/init" "$work/init"
chmod +x "$work/init"
(cd "$work" && find . | cpio -o -H newc --quiet | gzip -1) >"$out.tmp"
mv "$out.tmp" "$out"
