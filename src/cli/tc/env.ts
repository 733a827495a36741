/** What a pure-tc command runs with: its options, output, and the API handle (opened on first use). */
import type { Handle } from '../../api/handle.js';
import type { CliIO } from '../env.js';
import type { TcOptions } from './util.js';

export interface TcEnv {
  opts: TcOptions & { netns?: string };
  io: CliIO;
  handle(): Promise<Handle>;
}
