/** `handle.waitFor`: resolve when an object reaches a state, on a monitor of its own (`ip monitor` until ...). */
import { HelperError, TimeoutError } from '../netlink/errors.js';
import type { Handle } from './handle.js';
import type { MonitorEvent, MonitorGroup, ObjectEvent } from './monitor-events.js';
import { normalizeIP } from './validate.js';
import type { Address, Link } from './views.js';

/** How long `handle.waitFor` waits. */
export interface WaitOptions {
  /** Default 10000 ms. */
  timeoutMs?: number;
}

/** `handle.waitFor`: resolve when an object reaches a state (checked against the current state first). */
export class WaitFor {
  constructor(private readonly handle: Handle) {}

  async #wait<T>(group: MonitorGroup, pick: (ev: ObjectEvent) => T | undefined, what: string, options: WaitOptions): Promise<T> {
    const timeoutMs = options.timeoutMs ?? 10000;
    const mon = this.handle.monitor({ groups: [group], existing: true });
    const deadline = Date.now() + timeoutMs;
    try {
      for (;;) {
        const left = deadline - Date.now();
        if (left <= 0) throw new TimeoutError(`timed out after ${timeoutMs} ms waiting for ${what}`);
        let ev: MonitorEvent | undefined;
        try {
          ev = await mon.next(left);
        } catch (e) {
          if (e instanceof TimeoutError) throw new TimeoutError(`timed out after ${timeoutMs} ms waiting for ${what}`);
          throw e;
        }
        if (ev === undefined) throw new HelperError(`monitor ended while waiting for ${what}`);
        if (ev.kind === 'overrun' || ev.kind === 'synced' || ev.kind === 'reconnected') continue;
        const hit = pick(ev);
        if (hit !== undefined) return hit;
      }
    } finally {
      await mon.close();
    }
  }

  /** `ip monitor link` until DEV exists and `predicate` holds (e.g. `(l) => l.operstate === 'UP'`); resolves with the link. */
  link(name: string, predicate: (link: Link) => boolean = () => true, options: WaitOptions = {}): Promise<Link> {
    return this.#wait('link', (ev) => (ev.kind === 'link' && ev.action === 'new' && ev.nsid === -1 && ev.object.name === name && predicate(ev.object) ? ev.object : undefined), `link ${name}`, options);
  }

  /** `ip monitor link` until there is no link of that name. */
  async linkGone(name: string, options: WaitOptions = {}): Promise<void> {
    const timeoutMs = options.timeoutMs ?? 10000;
    const deadline = Date.now() + timeoutMs;
    const mon = this.handle.monitor({ groups: ['link'], existing: true });
    try {
      let synced = false;
      for (;;) {
        const left = deadline - Date.now();
        if (left <= 0) throw new TimeoutError(`timed out after ${timeoutMs} ms waiting for link ${name} to go`);
        const ev = await mon.next(left).catch((e) => {
          throw e instanceof TimeoutError ? new TimeoutError(`timed out after ${timeoutMs} ms waiting for link ${name} to go`) : e;
        });
        if (ev === undefined) throw new HelperError('monitor ended');
        if (ev.kind === 'synced') synced = true;
        if (synced && !mon.snapshot('link').some((l) => (l as Link).name === name)) return;
      }
    } finally {
      await mon.close();
    }
  }

  /**
   * `ip monitor address` until the address exists and `predicate` holds; by default until it
   * is out of DAD (not tentative). `address` is 'fd00::1' or 'fd00::1/64'.
   */
  addr(address: string, predicate: (a: Address) => boolean = (a) => !a.tentative, options: WaitOptions = {}): Promise<Address> {
    const slash = address.indexOf('/');
    const want = normalizeIP(slash < 0 ? address : address.slice(0, slash));
    const len = slash < 0 ? undefined : Number(address.slice(slash + 1));
    return this.#wait(
      'addr',
      (ev) => (ev.kind === 'addr' && ev.action === 'new' && ev.nsid === -1 && ev.object.address === want &&
        (len === undefined || ev.object.prefixlen === len) && predicate(ev.object) ? ev.object : undefined),
      `address ${address}`,
      options,
    );
  }
}
