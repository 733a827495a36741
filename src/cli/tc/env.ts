/** What a pure-tc command runs with: its options, output, and the API handle (opened on first use). */
import type { CliIO } from '../env.js';
import type { TcOptions } from './util.js';

export interface TcEnv {
  opts: TcOptions & { netns?: string };
  io: CliIO;
  // The API Handle (typed loosely like the rest of the CLI, see ../env.ts).
  handle(): Promise<any>;
}
