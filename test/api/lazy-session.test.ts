/**
 * LazySession (src/api/lazy-session.ts): the one lazily opened, shared session of a handle, used
 * by the rtnetlink core and by generic netlink. No kernel: sessions are unattached Session objects
 * and the opening is a promise the test resolves.
 */
import { describe, expect, it } from 'vitest';
import { LazySession } from '../../src/api/lazy-session.js';
import { HelperError } from '../../src/netlink/errors.js';
import { Family } from '../../src/netlink/family.js';
import { Session } from '../../src/netlink/session.js';

const family = new Family(0, 'test');

function deferred<T>(): { promise: Promise<T>; resolve(v: T): void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('LazySession', () => {
  it('shares one opening between concurrent callers and keeps the session', async () => {
    let opens = 0;
    const lazy = new LazySession(async () => {
      opens++;
      return new Session({ family });
    }, () => false);
    const [a, b] = await Promise.all([lazy.get(), lazy.get()]);
    expect(a).toBe(b);
    expect(await lazy.get()).toBe(a);
    expect(opens).toBe(1);
    await lazy.close();
    expect(a.isClosed).toBe(true);
  });

  it('closes a session whose opening ends after the handle closed, and rejects its callers', async () => {
    let closed = false;
    const opening = deferred<Session>();
    const lazy = new LazySession(() => opening.promise, () => closed);
    const got = lazy.get();
    closed = true;
    const closing = lazy.close();
    const session = new Session({ family });
    opening.resolve(session);
    await expect(got).rejects.toBeInstanceOf(HelperError);
    await expect(got).rejects.toThrow('handle is closed');
    await closing;
    expect(session.isClosed).toBe(true);
    await expect(lazy.get()).rejects.toThrow('handle is closed');
  });

  it('opens a new session when the last one died', async () => {
    const lazy = new LazySession(async () => new Session({ family }), () => false);
    const first = await lazy.get();
    await first.close();
    const second = await lazy.get();
    expect(second).not.toBe(first);
    expect(second.isClosed).toBe(false);
    await lazy.close();
  });
});
