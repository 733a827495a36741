"""pyroute2's dump of all routes in the current namespace (run inside `ip netns exec`)."""
from pyroute2 import IPRoute

with IPRoute() as ipr:
    routes = ipr.get_routes(family=0)
    print(len(routes))
