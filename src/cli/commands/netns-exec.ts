/**
 * `ip netns exec NAME CMD...` with exec semantics, for pure-ip run as a program.
 *
 * iproute2 replaces itself with CMD (execvp). Node cannot exec, so pure-ip starts CMD (through
 * the helper's exec mode, which enters the namespace and then execs CMD: the child *is* CMD)
 * and stands in for it:
 * - CMD inherits stdin, stdout, stderr and the terminal; it stays in pure-ip's process group,
 *   so keys typed at the terminal (Ctrl-C, Ctrl-\, Ctrl-Z) reach it directly.
 * - SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1 and SIGUSR2 sent to pure-ip are passed on to CMD
 *   (SIGINT and SIGQUIT not while pure-ip is in the terminal's foreground process group: there
 *   the terminal already delivered them to CMD as well, and a second copy would be a second
 *   Ctrl-C). pure-ip itself does not die of them: it waits for CMD.
 * - pure-ip exits with CMD's status, 128 + the signal number when CMD died of a signal.
 * - If pure-ip dies without passing anything on (SIGKILL, a crash), the kernel kills CMD
 *   (PR_SET_PDEATHSIG, `--die-with-parent` in the helper): CMD is never left orphaned.
 */
import { readFileSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { constants as osConstants } from 'node:os';

/** Signals a caller sends to stop or steer `ip netns exec`'s command. */
export const FORWARDED_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'] as const;

/** The subset of the API's netns.spawn the command needs. */
export interface NetnsSpawner {
  spawn(name: string, argv: readonly string[], options: { stdio: 'inherit'; env?: NodeJS.ProcessEnv; dieWithParent: boolean }): Promise<ChildProcess>;
}

/**
 * Is this process in the foreground process group of its controlling terminal? Then the
 * terminal's SIGINT/SIGQUIT go to the whole group, CMD included. From /proc/self/stat:
 * pgrp (field 5), tty_nr (7), tpgid (8).
 */
function inTerminalForeground(): boolean {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const pgrp = Number(fields[2]);
    const ttyNr = Number(fields[4]);
    const tpgid = Number(fields[5]);
    return ttyNr !== 0 && tpgid === pgrp;
  } catch {
    return false;
  }
}

/** Runs CMD in namespace `name` with the semantics above; resolves with CMD's exit status. */
export async function execInherit(netns: NetnsSpawner, name: string, argv: readonly string[], env?: NodeJS.ProcessEnv): Promise<number> {
  const child = await netns.spawn(name, argv, { stdio: 'inherit', dieWithParent: true, ...(env ? { env } : {}) });
  const forwarders = FORWARDED_SIGNALS.map((signal) => {
    const forward = (): void => {
      if ((signal === 'SIGINT' || signal === 'SIGQUIT') && inTerminalForeground()) return;
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    };
    process.on(signal, forward);
    return [signal, forward] as const;
  });
  try {
    return await new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code, signal) => resolve(code ?? 128 + (signal ? (osConstants.signals[signal] ?? 0) : 0)));
    });
  } finally {
    for (const [signal, forward] of forwarders) process.off(signal, forward);
  }
}
