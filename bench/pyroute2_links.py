"""pyroute2 side of the link jobs: add|del|dump N bridges b0..bN-1 (run inside `ip netns exec`)."""
import sys
from pyroute2 import IPRoute

job, n = sys.argv[1], int(sys.argv[2])
with IPRoute() as ipr:
    if job == "add":
        for i in range(n):
            ipr.link("add", ifname=f"b{i}", kind="bridge")
    elif job == "del":
        for i in range(n):
            ipr.link("del", index=ipr.link_lookup(ifname=f"b{i}")[0])
    else:
        links = ipr.get_links()
        assert len(links) >= n
