#define _GNU_SOURCE
#include "modes.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "netns.h"

#ifndef SYS_close_range
#define SYS_close_range 436 /* the same number on every architecture */
#endif
#define PN_CLOSE_RANGE_CLOEXEC (1U << 2) /* linux/close_range.h */

void close_fds_from(int low, int cloexec) {
  if (syscall(SYS_close_range, (unsigned)low, ~0U, cloexec ? PN_CLOSE_RANGE_CLOEXEC : 0U) == 0) return;
  DIR *d = opendir("/proc/self/fd");
  if (!d) return;
  int self = dirfd(d);
  struct dirent *de;
  /* Closing while reading the directory is fine: entries of closed fds just disappear. */
  while ((de = readdir(d)) != NULL) {
    char *end;
    long fd = strtol(de->d_name, &end, 10);
    if (*end || end == de->d_name || fd < low || fd == self) continue;
    if (cloexec) fcntl((int)fd, F_SETFD, FD_CLOEXEC);
    else close((int)fd);
  }
  closedir(d);
}

static int write_file(const char *path, const char *text) {
  int fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0) return errno;
  size_t n = strlen(text);
  ssize_t w = write(fd, text, n);
  int e = w == (ssize_t)n ? 0 : (w < 0 ? errno : EIO);
  close(fd);
  return e;
}

int sandbox_setup(void) {
  unsigned uid = (unsigned)getuid(), gid = (unsigned)getgid();
  char map[64];
  if (unshare(CLONE_NEWUSER | CLONE_NEWNET | CLONE_NEWNS) < 0) {
    fprintf(stderr, "pure-netlink-helper: sandbox: unshare(user|net|mnt): %s\n", strerror(errno));
    return -1;
  }
  int e = write_file("/proc/self/setgroups", "deny");
  if (e && e != ENOENT) {
    fprintf(stderr, "pure-netlink-helper: sandbox: setgroups: %s\n", strerror(e));
    return -1;
  }
  snprintf(map, sizeof map, "0 %u 1\n", uid);
  if ((e = write_file("/proc/self/uid_map", map))) {
    fprintf(stderr, "pure-netlink-helper: sandbox: uid_map: %s\n", strerror(e));
    return -1;
  }
  snprintf(map, sizeof map, "0 %u 1\n", gid);
  if ((e = write_file("/proc/self/gid_map", map))) {
    fprintf(stderr, "pure-netlink-helper: sandbox: gid_map: %s\n", strerror(e));
    return -1;
  }
  if (mount("", "/", NULL, MS_PRIVATE | MS_REC, NULL) < 0) {
    fprintf(stderr, "pure-netlink-helper: sandbox: make / private: %s\n", strerror(errno));
    return -1;
  }
  if (mount("tmpfs", "/run", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") < 0) {
    fprintf(stderr, "pure-netlink-helper: sandbox: mount tmpfs on /run: %s\n", strerror(errno));
    return -1;
  }
  if (mkdir(NETNS_RUN_DIR, 0755) < 0 && errno != EEXIST) {
    fprintf(stderr, "pure-netlink-helper: sandbox: mkdir %s: %s\n", NETNS_RUN_DIR, strerror(errno));
    return -1;
  }
  return 0;
}

static int parse_pid(const char *s, unsigned *out) {
  unsigned long v = 0;
  if (!*s || strlen(s) > 10) return -1;
  for (const char *c = s; *c; c++) {
    if (*c < '0' || *c > '9') return -1;
    v = v * 10 + (unsigned long)(*c - '0');
  }
  if (v == 0 || v > 0x3fffffffUL) return -1;
  *out = (unsigned)v;
  return 0;
}

static int open_ns(unsigned pid, const char *kind) {
  char path[64];
  snprintf(path, sizeof path, "/proc/%u/ns/%s", pid, kind);
  int fd = ns_open_file(path);
  if (fd < 0) fprintf(stderr, "pure-netlink-helper: exec: open %s: %s\n", path, strerror(errno));
  return fd;
}

/* Enter the user and mount namespaces of `pid` (a sandboxed helper). Both are opened
 * before entering either: the mount namespace decides what /proc shows. */
static int join_sandbox(unsigned pid) {
  int user = open_ns(pid, "user");
  if (user < 0) return -1;
  int mnt = open_ns(pid, "mnt");
  if (mnt < 0) {
    close(user);
    return -1;
  }
  int ok = setns(user, CLONE_NEWUSER) == 0 && setns(mnt, CLONE_NEWNS) == 0;
  if (!ok) fprintf(stderr, "pure-netlink-helper: exec: join namespaces of %u: %s\n", pid, strerror(errno));
  close(user);
  close(mnt);
  return ok ? 0 : -1;
}

/* Bind /etc/netns/NAME/x over /etc/x for every entry, like iproute2's bind_etc(). */
static void bind_etc(const char *name) {
  char dir[512], src[1024], dst[1024];
  snprintf(dir, sizeof dir, "%s/%s", NETNS_ETC_DIR, name);
  DIR *d = opendir(dir);
  if (!d) return;
  struct dirent *de;
  while ((de = readdir(d)) != NULL) {
    if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0) continue;
    snprintf(src, sizeof src, "%s/%s", dir, de->d_name);
    snprintf(dst, sizeof dst, "/etc/%s", de->d_name);
    if (mount(src, dst, "none", MS_BIND, NULL) < 0)
      fprintf(stderr, "Bind %s -> %s failed: %s\n", src, dst, strerror(errno));
  }
  closedir(d);
}

/* execvp() without its shell fallback: glibc's execvp runs /bin/sh on a file that execve()
 * refuses with ENOEXEC (a script without #!); the helper never runs a shell. Searches PATH
 * (or the default path) like execvp otherwise. */
static void exec_path(const char *file, char *const argv[]) {
  extern char **environ;
  if (!*file) {
    errno = ENOENT;
    return;
  }
  if (strchr(file, '/')) {
    execve(file, argv, environ);
    return;
  }
  const char *path = getenv("PATH");
  if (!path || !*path) path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  size_t flen = strlen(file);
  int seen_eacces = 0;
  for (const char *p = path;; p++) {
    const char *z = strchr(p, ':');
    size_t dlen = z ? (size_t)(z - p) : strlen(p);
    char buf[4096 + 256];
    /* An empty PATH entry is the current directory: "." takes one byte more than dlen. */
    size_t dir_len = dlen ? dlen : 1;
    if (dir_len + 1 + flen + 1 <= sizeof buf) {
      memcpy(buf, p, dlen);
      size_t k = dlen;
      if (k == 0) buf[k++] = '.';
      buf[k++] = '/';
      memcpy(buf + k, file, flen + 1);
      execve(buf, argv, environ);
      if (errno == EACCES) seen_eacces = 1;
      else if (errno != ENOENT && errno != ENOTDIR && errno != ENOEXEC) return;
    }
    if (!z) break;
    p = z;
  }
  errno = seen_eacces ? EACCES : ENOENT;
}

/* Exit statuses: 255 when the namespace set-up fails (as `ip netns exec`), 127 when the
 * program cannot be executed, else the program's own (we become it). */
int exec_main(int argc, char **argv) {
  /* main() closed every inherited descriptor above stderr: only stdin, stdout and stderr
   * reach the program (a pipe of Node's did, before). */
  pid_t parent = getppid();
  int i = 1;
  unsigned join = 0;
  if (i < argc && strcmp(argv[i], "--die-with-parent") == 0) {
    /* The program's parent is Node (pure-ip), which forwards signals; if Node itself dies
     * (SIGKILL, crash), the program goes with it as it would have under `ip netns exec`,
     * where it is the process the caller killed. Kept across execve, dropped by fork. */
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent) return 255;
    i++;
  }
  if (i < argc && strcmp(argv[i], "--join") == 0) {
    if (i + 1 >= argc || parse_pid(argv[i + 1], &join)) {
      fprintf(stderr, "pure-netlink-helper: exec: --join needs a pid\n");
      return 255;
    }
    i += 2;
  }
  if (i + 1 >= argc) {
    fprintf(stderr, "usage: pure-netlink-helper exec [--die-with-parent] [--join PID] NAME PROGRAM [ARGS...]\n");
    return 255;
  }
  const char *name = argv[i];
  if (!valid_name((const uint8_t *)name, strlen(name), 255)) {
    fprintf(stderr, "pure-netlink-helper: exec: invalid namespace name\n");
    return 255;
  }
  if (join && join_sandbox(join) < 0) return 255;
  char path[512];
  snprintf(path, sizeof path, "%s/%s", NETNS_RUN_DIR, name);
  int fd = ns_open_file(path);
  if (fd < 0) {
    fprintf(stderr, "Cannot open network namespace \"%s\": %s\n", name, strerror(errno));
    return 255;
  }
  if (setns(fd, CLONE_NEWNET) < 0) {
    fprintf(stderr, "setting the network namespace \"%s\" failed: %s\n", name, strerror(errno));
    close(fd);
    return 255;
  }
  close(fd);
  if (unshare(CLONE_NEWNS) < 0) {
    fprintf(stderr, "unshare failed: %s\n", strerror(errno));
    return 255;
  }
  /* Don't let any mounts propagate back to the parent. */
  if (mount("", "/", "none", MS_SLAVE | MS_REC, NULL) < 0 && mount("", "/", "none", MS_PRIVATE | MS_REC, NULL) < 0) {
    fprintf(stderr, "\"mount --make-rslave /\" failed: %s\n", strerror(errno));
    return 255;
  }
  /* A /sys that describes the new network namespace. Unprivileged (sandboxed) callers may
   * not be allowed to replace it; like iproute2, carry on with the old one then. */
  unsigned long mflags = 0;
  struct statvfs fs;
  if (statvfs("/sys", &fs) == 0 && (fs.f_flag & ST_RDONLY)) mflags = MS_RDONLY;
  int umounted = umount2("/sys", MNT_DETACH) == 0;
  if (mount(name, "/sys", "sysfs", mflags, NULL) < 0 && umounted)
    fprintf(stderr, "mount of /sys failed: %s\n", strerror(errno));
  bind_etc(name);
  close_fds_from(3, 1);
  exec_path(argv[i + 1], &argv[i + 1]);
  fprintf(stderr, "exec of \"%s\" failed: %s\n", argv[i + 1], strerror(errno));
  return 127;
}
