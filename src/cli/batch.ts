/**
 * `ip -batch FILE` / `-b FILE` (lib/utils.c do_batch, getcmdline, makeargs) with many requests
 * in flight: consecutive lines that modify the same kind of object (`link add`, `addr add`,
 * `route add`...) and do not refer to each other run concurrently; outputs and errors are still
 * reported in line order, each failing line as `Command failed FILE:LINE`. Lines run
 * concurrently only with `-force` (every line runs anyway then); without it the batch stops at
 * the first failure exactly like iproute2, so lines run one after the other.
 */
import { matches, matchObject } from './args.js';
import { CliExit } from './errors.js';
import type { Env } from './env.js';

export interface BatchLine {
  lineno: number;
  argv: string[];
}

/** getcmdline + makeargs over a whole file. Throws CliExit like iproute2's exit(1). */
export function parseBatch(text: string): BatchLine[] {
  const raw = text.split('\n');
  if (raw.length && raw[raw.length - 1] === '') raw.pop();
  const out: BatchLine[] = [];
  let lineno = 0;
  for (let i = 0; i < raw.length; i++) {
    let line = raw[i]! + '\n';
    lineno++;
    const hash = line.indexOf('#');
    if (hash >= 0) line = line.slice(0, hash);
    while (line.endsWith('\\\n')) {
      if (i + 1 >= raw.length) throw new CliExit(1, 'Missing continuation line\n');
      i++;
      lineno++;
      let next = raw[i]! + '\n';
      const h2 = next.indexOf('#');
      if (h2 >= 0) next = next.slice(0, h2);
      line = line.slice(0, -2) + next;
    }
    const argv = makeargs(line);
    if (argv.length) out.push({ lineno, argv });
  }
  return out;
}

/** makeargs: words split on " \t\r\n", 'single' or "double" quoted words. */
export function makeargs(line: string): string[] {
  const ws = ' \t\r\n';
  const argv: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && ws.includes(line[i]!)) i++;
    if (i >= line.length) break;
    if (argv.length >= 511) throw new CliExit(1, 'Too many arguments to command\n');
    const c = line[i]!;
    if (c === "'" || c === '"') {
      const end = line.indexOf(c, i + 1);
      if (end < 0) throw new CliExit(1, 'Unterminated quoted string\n');
      argv.push(line.slice(i + 1, end));
      i = end + 1;
    } else {
      let j = i;
      while (j < line.length && !ws.includes(line[j]!)) j++;
      argv.push(line.slice(i, j));
      i = j;
    }
    // the separator after a word is consumed (makeargs writes a NUL over it)
    i++;
  }
  return argv;
}

const MODIFY_VERBS = ['add', 'delete', 'replace', 'change', 'set', 'append'];

/** The concurrency class of a line: same key → may run together; undefined → alone. */
function classOf(argv: string[]): string | undefined {
  const obj = matchObject(argv[0] ?? '');
  if (!obj || !['link', 'address', 'route', 'neighbor', 'neighbour', 'rule'].includes(obj)) return undefined;
  const verb = argv[1];
  if (verb === undefined) return undefined;
  const v = MODIFY_VERBS.find((m) => matches(verb, m) && verb.length > 0);
  if (!v) return undefined;
  if (obj === 'link' && v === 'set' && argv.includes('name')) return undefined;
  if (obj === 'link' && v === 'set' && argv.includes('netns')) return `${obj}:${v}:netns`;
  return `${obj}:${v}`;
}

/** Names a link line creates (link add NAME ... peer name X). */
function createdNames(argv: string[]): string[] {
  const out: string[] = [];
  const obj = matchObject(argv[0] ?? '');
  if (obj !== 'link') return out;
  for (let i = 2; i < argv.length; i++) {
    if (argv[i] === 'name' && argv[i + 1]) out.push(argv[i + 1]!);
  }
  if (argv[2] && !['name', 'dev', 'link', 'type'].includes(argv[2])) out.push(argv[2]);
  return out;
}

interface Captured {
  stdout: string[];
  stderr: string[];
}

export async function runBatch(env: Env, name: string, doCmd: (env: Env, argv: string[]) => Promise<number>): Promise<number> {
  let text: string;
  try {
    if (!env.io.readFile) throw Object.assign(new Error('no file access'), { code: 'ENOENT' });
    text = await env.io.readFile(name);
  } catch (e) {
    const code = (e as { code?: string }).code;
    const msg = code === 'ENOENT' ? 'No such file or directory' : code === 'EACCES' ? 'Permission denied' : (e as Error).message;
    env.io.stderr(`Cannot open file "${name}" for reading: ${msg}\n`);
    return 1;
  }
  const lines = parseBatch(text);
  const force = env.opts.force;
  const family = env.opts.family;
  let ret = 0;
  const total = lines.length;
  const progress = !!env.io.stderrIsTTY && total >= 200;
  let done = 0;
  let lastProgress = 0;
  const showProgress = (final = false): void => {
    if (!progress) return;
    const now = Date.now();
    if (!final && now - lastProgress < 100) return;
    lastProgress = now;
    env.io.stderr(final ? '\r\x1b[K' : `\rpure-ip: ${done}/${total} lines`);
  };
  const MAX_IN_FLIGHT = 256;

  const runOne = async (l: BatchLine): Promise<{ status: number; out: Captured; exit?: CliExit }> => {
    const out: Captured = { stdout: [], stderr: [] };
    const sub: Env = {
      ...env,
      opts: { ...env.opts, family },
      io: { ...env.io, stdout: (s) => void out.stdout.push(s), stderr: (s) => void out.stderr.push(s) },
      batch: true,
      batchLine: l.lineno,
    };
    try {
      const status = await doCmd(sub, l.argv);
      return { status, out };
    } catch (e) {
      if (e instanceof CliExit) return { status: e.code, out, exit: e };
      out.stderr.push(`pure-ip: ${(e as Error)?.message ?? String(e)}\n`);
      return { status: 1, out };
    } finally {
      done++;
      showProgress();
    }
  };

  let i = 0;
  while (i < lines.length) {
    // The group of lines that may run together.
    const group: BatchLine[] = [lines[i]!];
    // Without -force a failing line must stop the batch before the next one runs: one at a time.
    const cls = force ? classOf(lines[i]!.argv) : undefined;
    if (cls !== undefined) {
      const created = new Set(createdNames(lines[i]!.argv));
      let j = i + 1;
      while (j < lines.length && group.length < MAX_IN_FLIGHT && classOf(lines[j]!.argv) === cls) {
        const argv = lines[j]!.argv;
        if (argv.slice(2).some((w) => created.has(w))) break;
        for (const n of createdNames(argv)) created.add(n);
        group.push(lines[j]!);
        j++;
      }
    }
    const results = await Promise.all(group.map(runOne));
    for (let k = 0; k < group.length; k++) {
      const r = results[k]!;
      for (const s of r.out.stdout) env.io.stdout(s);
      for (const s of r.out.stderr) env.io.stderr(s);
      if (r.exit) {
        showProgress(true);
        if (r.exit.stdout) env.io.stdout(r.exit.stdout);
        if (r.exit.stderr) env.io.stderr(r.exit.stderr);
        throw new CliExit(r.exit.code);
      }
      if (r.status !== 0) {
        env.io.stderr(`Command failed ${name}:${group[k]!.lineno}\n`);
        ret = 1;
        if (!force) {
          showProgress(true);
          return ret;
        }
      }
    }
    i += group.length;
  }
  showProgress(true);
  return ret;
}
