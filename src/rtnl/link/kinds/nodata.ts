/**
 * Kinds without IFLA_INFO_DATA (dummy, ifb, nlmon, wireguard, vcan, team, virt_wifi): iproute2
 * has no print_opt for them either.
 */
import { attrs } from '../../../netlink/schema.js';
import { defineKind } from './kind.js';

/** Kinds without IFLA_INFO_DATA (dummy, ifb, wireguard...): an empty attribute set. */
export const noDataAttrs = attrs('IFLA_INFO_DATA_', {}, 'no-data');


/** Kinds without IFLA_INFO_DATA: `ip link add NAME type dummy|ifb|nlmon|wireguard|vcan|team|virt_wifi`. */
export interface NoDataOptions {
  kind: 'dummy' | 'ifb' | 'nlmon' | 'wireguard' | 'vcan' | 'team' | 'virt_wifi';
}

/**
 * The link kind module of kinds without attributes of their own (dummy, ifb, nlmon, vcan...):
 * options to attributes for `link.add()`, the schema of its IFLA_INFO_DATA (none), and how `ip -d
 * link` prints it.
 */
export const noData = defineKind<NoDataOptions['kind'], NoDataOptions, typeof noDataAttrs>({
  kinds: ['dummy', 'ifb', 'nlmon', 'wireguard', 'vcan', 'team', 'virt_wifi'],
  data: noDataAttrs,
  optionKeys: [],
  encode: () => ({}),
});
