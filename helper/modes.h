/* Process modes other than plain serving: --sandbox set-up and `exec`. */
#ifndef PN_MODES_H
#define PN_MODES_H

/* Enter a private user + network + mount namespace with its own /run/netns.
 * Returns 0, or -1 after printing why on stderr. */
int sandbox_setup(void);
/* `exec [--die-with-parent] [--join PID] NAME PROGRAM [ARGS...]`; argv[0] is "exec".
 * Returns only on failure, with the exit status to use. */
int exec_main(int argc, char **argv);

/* Close every descriptor from `low` up (close_range(2), or /proc/self/fd on kernels before
 * 5.9). With `cloexec`, mark them close-on-exec instead of closing them. */
void close_fds_from(int low, int cloexec);

#endif
