/**
 * The options of `ip xfrm state` and `ip xfrm policy` requests as typed values: what `h.xfrm`
 * takes and src/xfrm/requests.ts builds into ip's messages.
 */

/** The xfrm protocols by the names ip uses (XFRM-PROTO). */
export type XfrmProtoName = 'esp' | 'ah' | 'comp' | 'route2' | 'hao' | 'ipsec-any';
/** XFRM_MODE_* by the names ip uses (MODE). */
export type XfrmModeName = 'transport' | 'tunnel' | 'ro' | 'in_trigger' | 'beet';
/** XFRM_STATE_* flags by the names ip uses (FLAG). */
export type XfrmStateFlag = 'noecn' | 'decap-dscp' | 'nopmtudisc' | 'wildrecv' | 'icmp' | 'af-unspec' | 'align4' | 'esn';
/** XFRM_SA_XFLAG_* by the names ip uses (EXTRA-FLAG). */
export type XfrmExtraFlag = 'dont-encap-dscp' | 'oseq-may-wrap';
/** Policy direction (DIR). */
export type XfrmDir = 'in' | 'out' | 'fwd';
/** XFRM_POLICY_LOCALOK / ICMP by the names ip uses. */
export type XfrmPolicyFlag = 'localok' | 'icmp';

/** A key: hex text as ip takes and prints it ('0x0011...'), other text as its bytes (ip's rule), or bytes. */
export type XfrmKey = string | Uint8Array;

/** `sel src ADDR[/PLEN] dst ADDR[/PLEN] [dev DEV] [proto P [sport N] [dport N] | [type N] [code N] | [key K]]` */
export interface XfrmSelectorOptions {
  /** Source prefix ('10.0.0.0/24'; a bare address is /32 or /128). */
  src?: string;
  dst?: string;
  /** Upper-layer protocol: a number or a name of /etc/protocols' usual ones ('tcp', 'udp', 'icmp'...); 'any' is 0. */
  proto?: string | number;
  sport?: number;
  dport?: number;
  /** ICMP / MH type (stored in sport). */
  type?: number;
  /** ICMP code (stored in dport). */
  code?: number;
  /** GRE key (a number or dotted quad), stored in sport (high half) and dport. */
  key?: number | string;
  /** Interface index (resolved by the caller from a name). */
  ifindex?: number;
}

/** `limit ...` (seconds, bytes and packets; absent byte and packet limits stay XFRM_INF as in ip). */
export interface XfrmLimits {
  timeSoft?: number | bigint;
  timeHard?: number | bigint;
  timeUseSoft?: number | bigint;
  timeUseHard?: number | bigint;
  byteSoft?: number | bigint;
  byteHard?: number | bigint;
  packetSoft?: number | bigint;
  packetHard?: number | bigint;
}

/** `mark VALUE [mask MASK]` (struct xfrm_mark). */
export interface XfrmMarkOptions {
  /** The mark value. */
  value: number;
  /** Default 0xffffffff, as ip's `mark V` without `mask`. */
  mask?: number;
}

/** The SA ID: `src ADDR dst ADDR proto XFRM-PROTO spi SPI`. */
export interface XfrmIdOptions {
  src?: string;
  dst?: string;
  proto?: XfrmProtoName | number;
  spi?: number;
}

/** Options of `ip xfrm state add|update`. Algorithm, encap and coa attributes go out in the order of their keys. */
export interface XfrmStateOptions extends XfrmIdOptions {
  mode?: XfrmModeName;
  reqid?: number;
  seq?: number;
  replayWindow?: number;
  replaySeq?: number;
  replayOseq?: number;
  replaySeqHi?: number;
  replayOseqHi?: number;
  flags?: ReadonlyArray<XfrmStateFlag | number>;
  extraFlags?: ReadonlyArray<XfrmExtraFlag | number>;
  sel?: XfrmSelectorOptions;
  limits?: XfrmLimits;
  /** `enc ALGO KEY` (XFRMA_ALG_CRYPT). */
  enc?: { name: string; key: XfrmKey };
  /** `auth ALGO KEY` (XFRMA_ALG_AUTH). */
  auth?: { name: string; key: XfrmKey };
  /** `auth-trunc ALGO KEY TRUNC-LEN` (XFRMA_ALG_AUTH_TRUNC, bits). */
  authTrunc?: { name: string; key: XfrmKey; truncLen: number };
  /** `aead ALGO KEY ICV-LEN` (XFRMA_ALG_AEAD, bits). */
  aead?: { name: string; key: XfrmKey; icvLen: number };
  /** `comp ALGO` (XFRMA_ALG_COMP). */
  comp?: { name: string };
  /** `encap espinudp|espinudp-nonike|espintcp SPORT DPORT OADDR` */
  encap?: { type: 'espinudp' | 'espinudp-nonike' | 'espintcp'; sport: number; dport: number; oa: string };
  /** `coa ADDR` (route2 / hao). */
  coa?: string;
  mark?: XfrmMarkOptions;
  /** `output-mark V [mask M]` (XFRMA_SET_MARK, XFRMA_SET_MARK_MASK). */
  outputMark?: { value: number; mask?: number };
  ifId?: number;
  tfcpad?: number;
  /** Address family when no address gives one (4 or 6; ip -4 / -6). */
  family?: 4 | 6;
}

/** `tmpl ID [mode MODE] [reqid REQID] [level required|use]` */
export interface XfrmTmplOptions extends XfrmIdOptions {
  mode?: XfrmModeName;
  reqid?: number;
  level?: 'required' | 'use';
}

/** Options of `ip xfrm policy add|update`. */
export interface XfrmPolicyOptions {
  sel?: XfrmSelectorOptions;
  dir: XfrmDir;
  index?: number;
  ptype?: 'main' | 'sub';
  action?: 'allow' | 'block';
  priority?: number;
  flags?: ReadonlyArray<XfrmPolicyFlag | number>;
  limits?: XfrmLimits;
  tmpl?: XfrmTmplOptions[];
  mark?: XfrmMarkOptions;
  ifId?: number;
  family?: 4 | 6;
}

/** `ip xfrm policy { get | delete } { SELECTOR | index INDEX } dir DIR [mark] [ptype] [if_id]` */
export interface XfrmPolicyIdOptions {
  sel?: XfrmSelectorOptions;
  index?: number;
  dir: XfrmDir;
  ptype?: 'main' | 'sub';
  mark?: XfrmMarkOptions;
  ifId?: number;
  family?: 4 | 6;
}
