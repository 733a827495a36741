/**
 * The helper's host operations (docs/helper-protocol.md, "Namespace and device operations"):
 * control requests on chan 0 beside the socket relay the core uses.
 */
export const HostOp = {
  NETNS_ADD: 6,
  NETNS_DEL: 7,
  NETNS_ATTACH: 8,
  NETNS_LIST: 9,
  NS_FD_OPEN: 10,
  NS_FD_CLOSE: 11,
  NETNS_IDENTIFY: 12,
  NETNS_PIDS: 13,
  TUNTAP_ADD: 14,
  TUNTAP_DEL: 15,
} as const;
/** The name of a host operation the helper performs (a key of HostOp). */
export type HostOpName = keyof typeof HostOp;
