// The Go library users would pick instead (github.com/vishvananda/netlink, Debian's
// golang-github-vishvananda-netlink-dev): dump and decode every route (all tables, both
// families) or every link of the current namespace, print the count. bench/run.mjs builds it
// with GOPATH=/usr/share/gocode and runs it under `ip netns exec`.
//
//	dump routes | dump links
package main

import (
	"fmt"
	"os"

	"github.com/vishvananda/netlink"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: dump routes|links")
		os.Exit(2)
	}
	switch os.Args[1] {
	case "routes":
		// Table 0 with RT_FILTER_TABLE unset: every table, as `ip route show table all`.
		routes, err := netlink.RouteListFiltered(netlink.FAMILY_ALL, &netlink.Route{Table: 0}, 0)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Println(len(routes))
	case "links":
		links, err := netlink.LinkList()
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Println(len(links))
	default:
		fmt.Fprintln(os.Stderr, "usage: dump routes|links")
		os.Exit(2)
	}
}
