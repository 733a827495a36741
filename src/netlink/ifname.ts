/**
 * Network device names, as the kernel's dev_valid_name() (net/core/dev.c) takes them: 1..15 bytes
 * (IFNAMSIZ 16 with its NUL), not `.` or `..`, no `/`, `:`, white space (isspace) or NUL. The one
 * rule for every layer that names a device (rtnetlink requests, the API, tun/tap, the CLI).
 */
import { ValidationError } from './errors.js';

/** IFNAMSIZ - 1 */
export const IFNAME_MAX = 15;

const textEncoder = new TextEncoder();

/** Why the kernel would refuse `name` as a device name, or undefined when it would not. */
export function ifnameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || name.length === 0) return `interface name must be a non-empty string, got ${JSON.stringify(name)}`;
  const bytes = textEncoder.encode(name).length;
  if (bytes > IFNAME_MAX) return `interface name ${JSON.stringify(name)} is ${bytes} bytes long; the limit is ${IFNAME_MAX}`;
  // isspace() in the C locale: space, \t \n \v \f \r.
  if (name === '.' || name === '..' || /[/: \t\n\v\f\r\0]/.test(name)) {
    return `invalid interface name ${JSON.stringify(name)}: no "/", ":", whitespace, "." or ".."`;
  }
  return undefined;
}

/** Whether the kernel takes `name` as a device name (dev_valid_name). */
export function isValidIfname(name: unknown): name is string {
  return ifnameProblem(name) === undefined;
}

/** Throws ValidationError (with `field`) unless `name` is a valid device name. */
export function checkIfname(name: unknown, field = 'name'): asserts name is string {
  const problem = ifnameProblem(name);
  if (problem !== undefined) throw new ValidationError(problem, field);
}
