/**
 * How `ip` ends a command early: a message on stderr and an exit code. iproute2 calls exit()
 * from deep inside its parsers (invarg, duparg, NEXT_ARG...); here that is a thrown CliExit,
 * caught by main (and, like exit(), it also ends a batch).
 */
export class CliExit extends Error {
  constructor(
    /** Process exit code (exit(-1) is 255). */
    readonly code: number,
    /** Text for stderr, with its newline(s). */
    readonly stderr = '',
    /** Text for stdout (usage goes to stderr, help text sometimes to stdout). */
    readonly stdout = '',
  ) {
    super(stderr.trim() || `exit ${code}`);
    this.name = 'CliExit';
  }
}

/**
 * A command failed the way iproute2's command functions return -1/-2 (message already printed):
 * the command's status is `status` (returned to do_cmd, which makes it the exit code 1 or 2... via
 * `-(ret)`), and batch mode reports "Command failed".
 */
export class CommandFailed extends Error {
  constructor(readonly status: number, readonly stderr = '', readonly stdout = '') {
    super(stderr.trim() || `status ${status}`);
    this.name = 'CommandFailed';
  }
}

export function exitErr(code: number, msg: string): never {
  throw new CliExit(code, msg.endsWith('\n') ? msg : msg + '\n');
}

export function incompleteCommand(): never {
  throw new CliExit(255, 'Command line is not complete. Try option "help"\n');
}
export function missarg(key: string): never {
  throw new CliExit(255, `Error: argument "${key}" is required\n`);
}
export function invarg(msg: string, arg: string): never {
  throw new CliExit(255, `Error: argument "${arg}" is wrong: ${msg}\n`);
}
export function duparg(key: string, arg: string): never {
  throw new CliExit(255, `Error: duplicate "${key}": "${arg}" is the second value.\n`);
}
export function duparg2(key: string, arg: string): never {
  throw new CliExit(255, `Error: either "${key}" is duplicate, or "${arg}" is a garbage.\n`);
}
/** nodev(): prints and the command returns -1. */
export function nodev(dev: string): never {
  throw new CommandFailed(-1, `Cannot find device "${dev}"\n`);
}
