"""pyroute2 side of "300 veth pairs moved into a namespace" (run inside `ip netns exec`)."""
import sys
from pyroute2 import IPRoute

target, n = sys.argv[1], int(sys.argv[2])
with IPRoute() as ipr:
    for i in range(n):
        ipr.link("add", ifname=f"v{i}", kind="veth", peer=f"w{i}")
        ipr.link("set", index=ipr.link_lookup(ifname=f"w{i}")[0], net_ns_fd=target)
