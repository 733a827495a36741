/**
 * The type of each registered link kind's IFLA_INFO_DATA (and slave kind's IFLA_INFO_SLAVE_DATA),
 * merged into LinkKindCodecs / SlaveKindCodecs so that IFLA_LINKINFO decodes to a discriminated
 * union by kind. One line per kind; a kind that moves into a module of its own takes its line
 * with it (`declare module './registry.js' { interface LinkKindCodecs { vxlan: typeof vxlanAttrs } }`).
 */
import type {
  bareudpAttrs, bondAttrs, bondSlaveAttrs, bridgeAttrs, bridgePortAttrs, dsaAttrs, geneveAttrs, greAttrs, gtpAttrs, hsrAttrs, ip6tnlAttrs, ipoibAttrs, iptunAttrs, ipvlanAttrs, macsecAttrs, macvlanAttrs, netkitAttrs, noDataAttrs, ovpnAttrs, pppAttrs, rmnetAttrs, tunAttrs, vethAttrs, vlanAttrs, vrfAttrs, vrfPortAttrs, vtiAttrs, vxcanAttrs, vxlanAttrs, wwanAttrs, xfrmAttrs,
} from './kinds/index.js';

declare module './registry.js' {
  interface LinkKindCodecs {
    veth: typeof vethAttrs;
    vxcan: typeof vxcanAttrs;
    netkit: typeof netkitAttrs;
    bridge: typeof bridgeAttrs;
    vxlan: typeof vxlanAttrs;
    geneve: typeof geneveAttrs;
    bareudp: typeof bareudpAttrs;
    macvlan: typeof macvlanAttrs;
    macvtap: typeof macvlanAttrs;
    ipvlan: typeof ipvlanAttrs;
    ipvtap: typeof ipvlanAttrs;
    vlan: typeof vlanAttrs;
    vrf: typeof vrfAttrs;
    bond: typeof bondAttrs;
    gre: typeof greAttrs;
    gretap: typeof greAttrs;
    erspan: typeof greAttrs;
    ip6gre: typeof greAttrs;
    ip6gretap: typeof greAttrs;
    ip6erspan: typeof greAttrs;
    vti: typeof vtiAttrs;
    vti6: typeof vtiAttrs;
    ipip: typeof iptunAttrs;
    sit: typeof iptunAttrs;
    ip6tnl: typeof ip6tnlAttrs;
    xfrm: typeof xfrmAttrs;
    tun: typeof tunAttrs;
    macsec: typeof macsecAttrs;
    hsr: typeof hsrAttrs;
    ipoib: typeof ipoibAttrs;
    rmnet: typeof rmnetAttrs;
    gtp: typeof gtpAttrs;
    ppp: typeof pppAttrs;
    dsa: typeof dsaAttrs;
    ovpn: typeof ovpnAttrs;
    wwan: typeof wwanAttrs;
    dummy: typeof noDataAttrs;
    ifb: typeof noDataAttrs;
    wireguard: typeof noDataAttrs;
    nlmon: typeof noDataAttrs;
    vcan: typeof noDataAttrs;
    team: typeof noDataAttrs;
    virt_wifi: typeof noDataAttrs;
  }
  interface SlaveKindCodecs {
    bridge: typeof bridgePortAttrs;
    bond: typeof bondSlaveAttrs;
    vrf: typeof vrfPortAttrs;
  }
}
