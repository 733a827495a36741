/** Shared helpers for the API tests: a private sandbox with one named namespace to work in, and `ip -j` inside it. */
import { Netlink, type Handle } from '../../src/api/index.js';

export interface Sandbox {
  /** Handle in the sandbox's own (root) namespace. */
  root: Handle;
  /** Handle in the named test namespace. */
  h: Handle;
  /** Name of the test namespace. */
  ns: string;
  /** `ip -j ARGS` run inside the test namespace, parsed (undefined for empty output). */
  ipj(...args: string[]): Promise<any>;
  /** `ip ARGS` run inside the test namespace: exit code and output. */
  ip(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  /** Messages sent (decoded, one line each) when opened with trace. */
  sent: string[];
  close(): Promise<void>;
}

export async function sandbox(ns = 't', options: { trace?: boolean } = {}): Promise<Sandbox> {
  const sent: string[] = [];
  const root = await Netlink.open({ sandbox: true, ...(options.trace ? { trace: (l: string) => { if (l.startsWith('>')) sent.push(l); } } : {}) });
  await root.netns.add(ns);
  const h = root.in(ns);
  const ip = (...args: string[]) => root.netns.exec(ns, ['ip', ...args], { stdio: 'pipe', timeoutMs: 10000 });
  return {
    root,
    h,
    ns,
    sent,
    ip,
    async ipj(...args: string[]) {
      const r = await ip('-j', ...args);
      if (r.code !== 0) throw new Error(`ip -j ${args.join(' ')}: ${r.stderr}`);
      return r.stdout.trim() ? JSON.parse(r.stdout) : undefined;
    },
    close: () => root.context.close(),
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
