/**
 * NETLINK_XFRM numbers (linux/xfrm.h): message types, attribute numbers, protocols, modes and
 * flags, with the spellings iproute2's ip/ipxfrm.c prints.
 */
import { defineEnum } from '../netlink/enums.js';

/** Netlink protocol of the IPsec family (linux/netlink.h NETLINK_XFRM). */
export const NETLINK_XFRM = 6;

/** XFRM_MSG_NEWSA: Add an SA (`ip xfrm state add`); also the kernel's answer carrying an SA. */
export const XFRM_MSG_NEWSA = 0x10;
/** XFRM_MSG_DELSA: Delete an SA (`ip xfrm state delete`). */
export const XFRM_MSG_DELSA = 0x11;
/** XFRM_MSG_GETSA: Get one SA, or dump them with NLM_F_DUMP (`ip xfrm state get|list`). */
export const XFRM_MSG_GETSA = 0x12;
/** XFRM_MSG_NEWPOLICY: Add a policy (`ip xfrm policy add`); also the kernel's answer carrying a policy. */
export const XFRM_MSG_NEWPOLICY = 0x13;
/** XFRM_MSG_DELPOLICY: Delete a policy (`ip xfrm policy delete`). */
export const XFRM_MSG_DELPOLICY = 0x14;
/** XFRM_MSG_GETPOLICY: Get one policy, or dump them (`ip xfrm policy get|list`). */
export const XFRM_MSG_GETPOLICY = 0x15;
/** XFRM_MSG_ALLOCSPI: Allocate an SPI: a larval SA (`ip xfrm state allocspi`). */
export const XFRM_MSG_ALLOCSPI = 0x16;
/** XFRM_MSG_ACQUIRE: Kernel → key manager: an SA is needed (XFRMNLGRP_ACQUIRE). */
export const XFRM_MSG_ACQUIRE = 0x17;
/** XFRM_MSG_EXPIRE: Kernel: an SA reached a soft or hard limit. */
export const XFRM_MSG_EXPIRE = 0x18;
/** XFRM_MSG_UPDPOLICY: Add or replace a policy (`ip xfrm policy update`). */
export const XFRM_MSG_UPDPOLICY = 0x19;
/** XFRM_MSG_UPDSA: Replace an SA (`ip xfrm state update`). */
export const XFRM_MSG_UPDSA = 0x1a;
/** XFRM_MSG_POLEXPIRE: Kernel: a policy reached a limit. */
export const XFRM_MSG_POLEXPIRE = 0x1b;
/** XFRM_MSG_FLUSHSA: Delete every SA (of a protocol) (`ip xfrm state flush`). */
export const XFRM_MSG_FLUSHSA = 0x1c;
/** XFRM_MSG_FLUSHPOLICY: Delete every policy (of a type) (`ip xfrm policy flush`). */
export const XFRM_MSG_FLUSHPOLICY = 0x1d;
/** XFRM_MSG_NEWAE: Set an SA's replay and lifetime values (async events). */
export const XFRM_MSG_NEWAE = 0x1e;
/** XFRM_MSG_GETAE: Get an SA's replay and lifetime values. */
export const XFRM_MSG_GETAE = 0x1f;
/** XFRM_MSG_REPORT: Kernel: a report (e.g. mobile IPv6). */
export const XFRM_MSG_REPORT = 0x20;
/** XFRM_MSG_MIGRATE: Move SAs and policies to new addresses. */
export const XFRM_MSG_MIGRATE = 0x21;
/** XFRM_MSG_NEWSADINFO: Answer to GETSADINFO. */
export const XFRM_MSG_NEWSADINFO = 0x22;
/** XFRM_MSG_GETSADINFO: SAD counters (`ip xfrm state count`). */
export const XFRM_MSG_GETSADINFO = 0x23;
/** XFRM_MSG_NEWSPDINFO: Set SPD hash thresholds (`ip xfrm policy set`); also the answer to GETSPDINFO. */
export const XFRM_MSG_NEWSPDINFO = 0x24;
/** XFRM_MSG_GETSPDINFO: SPD counters (`ip xfrm policy count`). */
export const XFRM_MSG_GETSPDINFO = 0x25;
/** XFRM_MSG_MAPPING: Kernel: a NAT mapping changed. */
export const XFRM_MSG_MAPPING = 0x26;
/** XFRM_MSG_SETDEFAULT: Set the default policy actions (`ip xfrm policy setdefault`). */
export const XFRM_MSG_SETDEFAULT = 0x27;
/** XFRM_MSG_GETDEFAULT: Get the default policy actions. */
export const XFRM_MSG_GETDEFAULT = 0x28;

/** XFRMA_* (enum xfrm_attr_type_t). */
export const XFRMA = {
  ALG_AUTH: 1,
  ALG_CRYPT: 2,
  ALG_COMP: 3,
  ENCAP: 4,
  TMPL: 5,
  SA: 6,
  POLICY: 7,
  SEC_CTX: 8,
  LTIME_VAL: 9,
  REPLAY_VAL: 10,
  REPLAY_THRESH: 11,
  ETIMER_THRESH: 12,
  SRCADDR: 13,
  COADDR: 14,
  LASTUSED: 15,
  POLICY_TYPE: 16,
  MIGRATE: 17,
  ALG_AEAD: 18,
  KMADDRESS: 19,
  ALG_AUTH_TRUNC: 20,
  MARK: 21,
  TFCPAD: 22,
  REPLAY_ESN_VAL: 23,
  SA_EXTRA_FLAGS: 24,
  PROTO: 25,
  ADDRESS_FILTER: 26,
  PAD: 27,
  OFFLOAD_DEV: 28,
  SET_MARK: 29,
  SET_MARK_MASK: 30,
  IF_ID: 31,
  MTIMER_THRESH: 32,
  SA_DIR: 33,
  NAT_KEEPALIVE_INTERVAL: 34,
  SA_PCPU: 35,
} as const;

/** The xfrm protocols of struct xfrm_id (IPPROTO_*), as ip names them (strxf_xfrmproto). */
export const XFRM_PROTO = defineEnum('IPPROTO_', {
  esp: 50,
  ah: 51,
  comp: 108,
  route2: 43,
  hao: 60,
  'ipsec-any': 255,
});
/** IPPROTO_ESP (50): Encapsulating Security Payload. */
export const IPPROTO_ESP = 50;
/** IPPROTO_AH (51): Authentication Header. */
export const IPPROTO_AH = 51;
/** IPPROTO_COMP (108): IP payload compression. */
export const IPPROTO_COMP = 108;
/** IPPROTO_ROUTING (43): mobile IPv6 route optimization (`route2`). */
export const IPPROTO_ROUTING = 43;
/** IPPROTO_DSTOPTS (60): mobile IPv6 home address option (`hao`). */
export const IPPROTO_DSTOPTS = 60;
/** IPSEC_PROTO_ANY (255): any IPsec protocol (`ipsec-any`, flushes). */
export const IPSEC_PROTO_ANY = 255;

/** XFRM_MODE_* */
export const XFRM_MODE = defineEnum('XFRM_MODE_', {
  transport: 0,
  tunnel: 1,
  ro: 2,
  in_trigger: 3,
  beet: 4,
  iptfs: 5,
});

/** XFRM_STATE_* flags of xfrm_usersa_info.flags. */
export const XFRM_STATE = defineEnum('XFRM_STATE_', {
  noecn: 1,
  'decap-dscp': 2,
  nopmtudisc: 4,
  wildrecv: 8,
  icmp: 16,
  'af-unspec': 32,
  align4: 64,
  esn: 128,
});

/** XFRM_SA_XFLAG_* (XFRMA_SA_EXTRA_FLAGS). */
export const XFRM_SA_XFLAG = defineEnum('XFRM_SA_XFLAG_', {
  'dont-encap-dscp': 1,
  'oseq-may-wrap': 2,
});

/** XFRM_POLICY_IN/OUT/FWD; socket policies are dir + XFRM_POLICY_MAX (3). */
export const XFRM_POLICY_DIR = defineEnum('XFRM_POLICY_', { in: 0, out: 1, fwd: 2 });
/** XFRM_POLICY_MAX: a policy whose dir is at least this is a socket policy (dir - 3). */
export const XFRM_POLICY_MAX = 3;

/** XFRM_POLICY_ALLOW / BLOCK */
export const XFRM_POLICY_ACTION = defineEnum('XFRM_POLICY_', { allow: 0, block: 1 });

/** XFRM_POLICY_LOCALOK / ICMP (xfrm_userpolicy_info.flags). */
export const XFRM_POLICY_FLAG = defineEnum('XFRM_POLICY_', { localok: 1, icmp: 2 });

/** XFRM_POLICY_TYPE_MAIN / SUB (XFRMA_POLICY_TYPE). */
export const XFRM_POLICY_TYPE = defineEnum('XFRM_POLICY_TYPE_', { main: 0, sub: 1, any: 255 });

/** XFRM_SHARE_* */
export const XFRM_SHARE = defineEnum('XFRM_SHARE_', { any: 0, session: 1, user: 2, unique: 3 });

/** Encapsulation types of struct xfrm_encap_tmpl (UDP_ENCAP_ESPINUDP_NON_IKE, UDP_ENCAP_ESPINUDP, TCP_ENCAP_ESPINTCP). */
export const XFRM_ENCAP = defineEnum('ENCAP_', { 'espinudp-nonike': 1, espinudp: 2, espintcp: 7 });

/** XFRM_OFFLOAD_* (struct xfrm_user_offload flags). */
export const XFRM_OFFLOAD = defineEnum('XFRM_OFFLOAD_', { ipv6: 1, inbound: 2, packet: 4 });

/** XFRM_INF: no limit (lifetime byte and packet counts). */
export const XFRM_INF = 0xffffffffffffffffn;

/** XFRMA_REPLAY_ESN_MAX: the largest replay window in packets. */
export const XFRMA_REPLAY_ESN_MAX = 4096;

/** XFRMNLGRP_* multicast groups. */
export const XFRMNLGRP = { ACQUIRE: 1, EXPIRE: 2, SA: 3, POLICY: 4, AEVENTS: 5, REPORT: 6, MIGRATE: 7, MAPPING: 8 } as const;
