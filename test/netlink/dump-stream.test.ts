/** DumpStream's flow control: an iterated dump queues at most `high` messages before asking the session to stop reading. */
import { describe, expect, it } from 'vitest';
import { DumpStream } from '../../src/netlink/dump-stream.js';
import type { NetlinkMessage } from '../../src/netlink/message.js';

const msg = (i: number): NetlinkMessage<number> => ({ type: 16, flags: 0, seq: 1, pid: 0, body: i }) as NetlinkMessage<number>;

describe('DumpStream flow control', () => {
  it('pauses at the high-water mark and resumes once the reader took the queue down to a quarter', async () => {
    const stream = new DumpStream<number>(false, () => {});
    const events: string[] = [];
    let queued = 0;
    stream.flowControl(8, () => events.push(`pause@${queued}`), () => events.push(`resume@${queued}`));
    for (let i = 0; i < 8; i++) {
      queued++;
      stream.push(msg(i));
    }
    expect(events).toEqual(['pause@8']);
    const it = stream[Symbol.asyncIterator]();
    const got: number[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await it.next();
      queued--;
      got.push(r.value!.body);
    }
    // 8 queued: high 8, low 2; taking the 6th message leaves 2.
    expect(events).toEqual(['pause@8', 'resume@3']);
    stream.push(msg(8));
    stream.end();
    for (;;) {
      const r = await it.next();
      if (r.done) break;
      got.push(r.value.body);
    }
    expect(got).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('resumes a paused socket when the reader stops early or the dump ends', async () => {
    const stream = new DumpStream<number>(false, () => {});
    let paused = 0;
    stream.flowControl(2, () => paused++, () => paused--);
    stream.push(msg(0));
    stream.push(msg(1));
    expect(paused).toBe(1);
    const it = stream[Symbol.asyncIterator]();
    await it.next();
    await it.return!();
    expect(paused).toBe(0);

    const ended = new DumpStream<number>(false, () => {});
    let p2 = 0;
    ended.flowControl(1, () => p2++, () => p2--);
    ended.push(msg(0));
    expect(p2).toBe(1);
    ended.end(new Error('gone'));
    expect(p2).toBe(0);
  });
});
