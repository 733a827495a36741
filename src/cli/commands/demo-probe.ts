/**
 * The demo's reachability check when `ping` is not installed (Debian: iputils-ping): a TCP
 * connection from one namespace to a listener started in the other goes through the same veth
 * pair or bridge, so it proves the same path. The demo says when it uses it.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Handle } from '../../api/index.js';

/** The port the listener takes in the target namespace (a fresh namespace: nothing else is there). */
export const PROBE_PORT = 7777;

/** Whether PROGRAM is an executable file in one of PATH's directories (what exec would find). */
export function onPath(program: string, path = process.env.PATH ?? ''): boolean {
  return path.split(delimiter).some((dir) => {
    if (!dir) return false;
    try {
      accessSync(join(dir, program), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * Starts a listener on ADDRESS:PROBE_PORT inside `to`, connects to it from inside `from`, and
 * resolves whether the connection was accepted (both ends run this very Node, through `netns exec`).
 */
export async function tcpProbe(h: Handle, from: string, to: string, address: string, timeoutMs = 5000): Promise<boolean> {
  const node = process.execPath;
  const target = JSON.stringify(address);
  const listener = await h.netns.spawn(to, [node, '-e',
    `const s=require('net').createServer((c)=>c.end()).listen(${PROBE_PORT},${target},()=>console.log('ready'));setTimeout(()=>s.close(),${timeoutMs}).unref()`,
  ], { stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const ready = await new Promise<boolean>((resolve) => {
      listener.stdout?.once('data', () => resolve(true));
      listener.once('exit', () => resolve(false));
      listener.once('error', () => resolve(false));
    });
    if (!ready) return false;
    const code = await h.netns.exec(from, [node, '-e',
      `require('net').connect(${PROBE_PORT},${target}).on('connect',()=>process.exit(0)).on('error',()=>process.exit(1));setTimeout(()=>process.exit(2),${timeoutMs})`,
    ], { stdio: 'ignore', timeoutMs: timeoutMs * 2 });
    return code === 0;
  } finally {
    listener.kill('SIGKILL');
  }
}
