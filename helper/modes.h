/* Process modes other than plain serving: --sandbox set-up and `exec`. */
#ifndef PN_MODES_H
#define PN_MODES_H

/* Enter a private user + network + mount namespace with its own /run/netns.
 * Returns 0, or -1 after printing why on stderr. */
int sandbox_setup(void);
/* `exec [--join PID] NAME PROGRAM [ARGS...]`; argv[0] is "exec". Returns only on failure,
 * with the exit status to use. */
int exec_main(int argc, char **argv);

#endif
