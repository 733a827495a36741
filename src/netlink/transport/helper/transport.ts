/**
 * `HelperTransport`: the Transport a Session uses by default, one helper process started on
 * demand and replaced after it died.
 */
import { HelperError } from '../../errors.js';
import type { SocketOptions, SocketSink, Transport, TransportSocket } from '../types.js';
import { HelperProcess, type HelperProcessOptions } from './process.js';

/**
 * The Transport a Session uses by default. Starts a helper on first use; if the helper dies
 * (every socket's sink is told via `closed(error)`), the next `open()` starts a fresh one.
 */
export class HelperTransport implements Transport {
  readonly #options: HelperProcessOptions;
  #current: Promise<HelperProcess> | undefined;
  #closed = false;

  constructor(options: HelperProcessOptions = {}) {
    this.#options = options;
  }

  /** The running helper, starting one if there is none or the previous one died. */
  helper(): Promise<HelperProcess> {
    if (this.#closed) return Promise.reject(new HelperError('transport is closed'));
    const current = this.#current;
    if (!current) return this.#start();
    return current.then(
      (h) => (h.exited ? this.#restart(current) : h),
      () => this.#restart(current),
    );
  }

  /** Starts a new helper unless a concurrent caller already replaced `stale`. */
  #restart(stale: Promise<HelperProcess>): Promise<HelperProcess> {
    if (this.#closed) return Promise.reject(new HelperError('transport is closed'));
    if (this.#current === stale || this.#current === undefined) return this.#start();
    return this.#current;
  }

  #start(): Promise<HelperProcess> {
    const starting = HelperProcess.start(this.#options);
    this.#current = starting;
    starting.catch(() => {
      if (this.#current === starting) this.#current = undefined;
    });
    return starting;
  }

  /** Opens a netlink socket in the helper (started, or restarted after a crash, on demand). */
  async open(options: SocketOptions, sink: SocketSink): Promise<TransportSocket> {
    const helper = await this.helper();
    return helper.openSocket(options, sink);
  }

  /** Closes the helper (and with it every socket); further open() calls fail. */
  async close(): Promise<void> {
    this.#closed = true;
    const current = this.#current;
    this.#current = undefined;
    if (!current) return;
    let helper: HelperProcess;
    try {
      helper = await current;
    } catch {
      return;
    }
    await helper.close();
  }
}
