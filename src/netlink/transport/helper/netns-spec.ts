/**
 * The namespace spec that says where the helper opens a socket (docs/helper-protocol.md,
 * "namespace spec"): `u8 kind`, then a name under /run/netns, an absolute path or a pid.
 * This is all the core knows of namespaces; creating, deleting and listing them is
 * `src/system/netns.ts`.
 */
import { ValidationError } from '../../errors.js';
import type { NetnsSpec } from '../types.js';
import { textEncoder, validatePid } from './wire.js';

const NAME_RE = /^[A-Za-z0-9_.-]{1,255}$/;

/** Throws ValidationError unless `name` is a valid /run/netns name. */
export function validateNetnsName(name: unknown, field = 'name'): asserts name is string {
  if (typeof name !== 'string' || !NAME_RE.test(name) || name === '.' || name === '..') {
    throw new ValidationError(`invalid namespace name ${JSON.stringify(name)}: must match [A-Za-z0-9_.-]{1,255}, not "." or ".."`, field);
  }
}

/** Encodes a namespace spec (`u8 kind`, then name / path / u32 pid). */
export function encodeNetnsSpec(spec: NetnsSpec | undefined): Uint8Array {
  if (!spec || spec.kind === 'current') return Uint8Array.of(0);
  switch (spec.kind) {
    case 'name': {
      validateNetnsName(spec.name, 'netns.name');
      const b = textEncoder.encode(spec.name);
      const out = new Uint8Array(1 + b.length);
      out[0] = 1;
      out.set(b, 1);
      return out;
    }
    case 'path': {
      const path = spec.path;
      const b = typeof path === 'string' ? textEncoder.encode(path) : undefined;
      if (!b || !path.startsWith('/') || path.includes('\0') || b.length > 4095) {
        throw new ValidationError(`invalid namespace path ${JSON.stringify(path)}: must be absolute, without NUL, at most 4095 bytes`, 'netns.path');
      }
      const out = new Uint8Array(1 + b.length);
      out[0] = 2;
      out.set(b, 1);
      return out;
    }
    case 'pid': {
      validatePid(spec.pid, 'netns.pid');
      const out = new Uint8Array(5);
      out[0] = 3;
      new DataView(out.buffer).setUint32(1, spec.pid, true);
      return out;
    }
    default:
      throw new ValidationError(`unknown namespace spec kind ${JSON.stringify((spec as { kind: unknown }).kind)}`, 'netns.kind');
  }
}
