/**
 * Scaffolding of the session tests: a Session on a ScriptedTransport (the script plays the
 * kernel), and the kernel's answers built with the independent byte builder (support/bytes.ts).
 */
import { Family } from '../../src/netlink/family.js';
import { Session, type SessionObserver } from '../../src/netlink/session.js';
import { ScriptedTransport, type Script } from '../../src/netlink/transport/scripted.js';
import { cat, nlmsg, s32 } from './bytes.js';

/** A protocol no family is registered for: bodies stay bytes, only the generic layer runs. */
export const RAW_PROTO = 99;
export const NLMSG_ERROR = 2;
export const NLMSG_DONE = 3;
/** NLM_F_MULTI */
export const MULTI = 2;
/** The port id the scripted kernel answers to. */
export const KERNEL_PID = 4242;

/** nlmsg_seq of a request datagram. */
export const seqOf = (d: Uint8Array): number => Buffer.from(d).readUInt32LE(8);

/**
 * The kernel's NLMSG_ERROR for a request: success is capped (NLM_F_CAPPED, only the header echoed);
 * an error echoes the whole request, with NLM_F_ACK_TLVS when extended-ACK attributes follow.
 */
export function ack(seq: number, req: Uint8Array, error = 0, extack?: Buffer): Buffer {
  const flags = error === 0 ? 0x100 : extack ? 0x200 : 0;
  const echo = error === 0 ? Buffer.from(req).subarray(0, 16) : Buffer.from(req);
  return nlmsg(NLMSG_ERROR, flags, seq, KERNEL_PID, cat(s32(error), echo, extack ?? Buffer.alloc(0)));
}

/** NLMSG_DONE ending a dump (status 0). */
export function done(seq: number, flags = MULTI): Buffer {
  return nlmsg(NLMSG_DONE, flags, seq, KERNEL_PID, s32(0));
}

/**
 * A session attached to one socket of a fresh ScriptedTransport that runs `script`; by default it
 * speaks a family with no message types (RAW_PROTO: bodies stay bytes).
 */
export async function scriptedSession(script: Script, options: { family?: Family; timeoutMs?: number; observer?: SessionObserver } = {}) {
  const family = options.family ?? new Family(RAW_PROTO, 'test');
  const transport = new ScriptedTransport(script);
  const session = new Session({ family, littleEndian: true, timeoutMs: options.timeoutMs ?? 2000, ...(options.observer ? { observer: options.observer } : {}) });
  session.attach(await transport.open({ protocol: family.protocol }, session.sink));
  return { transport, session, sock: () => transport.sockets[0]! };
}
