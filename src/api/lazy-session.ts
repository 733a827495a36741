/**
 * A session opened on first use and then shared: concurrent callers wait for the same opening, a
 * closed (or dead) session is replaced on the next call, and close() waits for an opening still in
 * flight. The rtnetlink session of a handle (core.ts) and its generic netlink session (genl.ts).
 * A session whose opening finishes after the handle closed is closed at once and the callers get
 * 'handle is closed' (nothing else would ever close it).
 */
import { HelperError } from '../netlink/errors.js';
import type { Session } from '../netlink/session.js';

export class LazySession {
  #session: Session | undefined;
  #opening: Promise<Session> | undefined;

  constructor(
    private readonly open: () => Promise<Session>,
    private readonly handleClosed: () => boolean,
  ) {}

  /** The open session, opening one if needed. */
  get(): Promise<Session> {
    if (this.handleClosed()) return Promise.reject(new HelperError('handle is closed'));
    const s = this.#session;
    if (s && !s.isClosed) return Promise.resolve(s);
    if (this.#opening) return this.#opening;
    const opening = this.open().then(async (session) => {
      if (this.handleClosed()) {
        await session.close().catch(() => undefined);
        throw new HelperError('handle is closed');
      }
      return (this.#session = session);
    });
    this.#opening = opening;
    const clear = () => {
      if (this.#opening === opening) this.#opening = undefined;
    };
    opening.then(clear, clear);
    return opening;
  }

  /** Waits for an opening in flight, then closes the session (errors ignored: it is going away). */
  async close(): Promise<void> {
    const opening = this.#opening;
    if (opening) await opening.catch(() => undefined);
    const s = this.#session;
    this.#session = undefined;
    if (s) await s.close().catch(() => undefined);
  }
}
