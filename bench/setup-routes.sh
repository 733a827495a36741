#!/usr/bin/env bash
# Create namespace $1 with $2 routes (default 100000) via `ip -batch`: a veth pair r0/r1 up,
# 10.0.0.1/8 on r0, and /24 routes via 10.0.0.2. Only inside the namespace it makes.
set -euo pipefail
ns=${1:?namespace}
n=${2:-100000}
ip netns add "$ns"
ip -n "$ns" link add r0 type veth peer name r1
ip -n "$ns" link set r0 up
ip -n "$ns" link set r1 up
ip -n "$ns" addr add 10.0.0.1/8 dev r0
batch=$(mktemp)
awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) printf "route add %d.%d.%d.0/24 via 10.0.0.2\n", 20 + int(i / 65536), int(i / 256) % 256, i % 256 }' > "$batch"
ip -n "$ns" -batch "$batch"
rm -f "$batch"
