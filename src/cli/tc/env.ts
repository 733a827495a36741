/** What a pure-tc command runs with: its options, output, and the API handle (opened on first use). */
import type { Handle } from '../../api/handle.js';
import type { CliIO } from '../env.js';
import type { TcOptions } from './util.js';

export interface TcEnv {
  opts: TcOptions & { netns?: string };
  io: CliIO;
  handle(): Promise<Handle>;
}

/** ll_name_to_index through the public API: an ifindex as given, a name by RTM_GETLINK (NotFoundError when there is none). */
export async function linkIndex(h: Handle, dev: string | number): Promise<number> {
  return typeof dev === 'number' ? dev : (await h.link.get(dev)).index;
}
