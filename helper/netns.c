#define _GNU_SOURCE
#include "netns.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include "frames.h"
#include "kabi.h"

static int orig_netns = -1;

int valid_name(const uint8_t *s, size_t n, size_t max) {
  if (n < 1 || n > max) return 0;
  for (size_t i = 0; i < n; i++) {
    uint8_t c = s[i];
    int ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
             c == '.' || c == '-';
    if (!ok) return 0;
  }
  if (n == 1 && s[0] == '.') return 0;
  if (n == 2 && s[0] == '.' && s[1] == '.') return 0;
  return 1;
}

/* Copies a validated name into buf (NUL-terminated). Returns 0 or EINVAL. */
static int name_arg(const uint8_t *p, size_t n, char *buf, size_t bufsz) {
  if (!valid_name(p, n, 255) || n + 1 > bufsz) return EINVAL;
  memcpy(buf, p, n);
  buf[n] = 0;
  return 0;
}

int ns_parse(const uint8_t *p, size_t n, struct ns_spec *out) {
  if (n < 1) return EPROTO;
  out->kind = p[0];
  out->path[0] = 0;
  switch (p[0]) {
    case NS_CURRENT:
      return n == 1 ? 0 : EINVAL;
    case NS_NAME: {
      char name[256];
      if (name_arg(p + 1, n - 1, name, sizeof name)) return EINVAL;
      snprintf(out->path, sizeof out->path, "%s/%s", NETNS_RUN_DIR, name);
      return 0;
    }
    case NS_PATH:
      if (n - 1 < 1 || n - 1 > 4095 || p[1] != '/') return EINVAL;
      if (memchr(p + 1, 0, n - 1)) return EINVAL;
      memcpy(out->path, p + 1, n - 1);
      out->path[n - 1] = 0;
      return 0;
    case NS_PID: {
      if (n != 5) return n < 5 ? EPROTO : EINVAL;
      uint32_t pid = get_u32le(p + 1);
      if (pid == 0 || pid > 0x3fffffff) return EINVAL;
      snprintf(out->path, sizeof out->path, "/proc/%u/ns/net", pid);
      return 0;
    }
    default:
      return EINVAL;
  }
}

int ns_open_file(const char *path) {
  struct stat st, fst;
  /* stat() first: opening a FIFO would block and opening a device runs its driver. */
  if (stat(path, &st) < 0) return -1;
  if (!S_ISREG(st.st_mode)) {
    errno = EINVAL;
    return -1;
  }
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) return -1;
  /* The path may have been replaced in between: check what was actually opened. */
  if (fstat(fd, &fst) < 0 || !S_ISREG(fst.st_mode) || fst.st_dev != st.st_dev || fst.st_ino != st.st_ino) {
    close(fd);
    errno = EINVAL;
    return -1;
  }
  return fd;
}

static struct stat orig_st;

void ns_init(void) {
  orig_netns = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
  if (orig_netns < 0) fatal(1, "cannot open /proc/self/ns/net: %s", strerror(errno));
  if (fstat(orig_netns, &orig_st) < 0) fatal(1, "cannot stat /proc/self/ns/net: %s", strerror(errno));
}

const char *needs_sys_admin(int err) { return err == EPERM ? " (needs CAP_SYS_ADMIN)" : ""; }

int ns_enter(const struct ns_spec *spec, int *entered) {
  *entered = 0;
  if (spec->kind == NS_CURRENT) return 0;
  int fd = ns_open_file(spec->path);
  if (fd < 0) return errno;
  struct stat st;
  if (fstat(fd, &st) < 0) {
    int e = errno;
    close(fd);
    return e;
  }
  /* Already there (e.g. /proc/self/ns/net): a socket here needs no setns and no privilege. */
  if (st.st_dev == orig_st.st_dev && st.st_ino == orig_st.st_ino) {
    close(fd);
    return 0;
  }
  /* setns(2) into the namespace we are in is a no-op that runs the same permission checks as
   * the way back (CAP_SYS_ADMIN over the original namespace's owner): refuse to leave when
   * we could not return, instead of dying in ns_leave(). */
  if (setns(orig_netns, CLONE_NEWNET) < 0 || setns(fd, CLONE_NEWNET) < 0) {
    int e = errno;
    close(fd);
    return e;
  }
  close(fd);
  *entered = 1;
  return 0;
}

void ns_leave(void) {
  if (setns(orig_netns, CLONE_NEWNET) < 0)
    fatal(3, "cannot return to the original network namespace: %s", strerror(errno));
}

/* Make NETNS_RUN_DIR exist and be a shared mount point, as iproute2's netns_add does. */
static int prepare_run_dir(void) {
  int made_mount = 0;
  if (mkdir(NETNS_RUN_DIR, S_IRWXU | S_IRGRP | S_IXGRP | S_IROTH | S_IXOTH) < 0 && errno != EEXIST) return errno;
  while (mount("", NETNS_RUN_DIR, "none", MS_SHARED | MS_REC, NULL) < 0) {
    if (errno != EINVAL || made_mount) return errno;
    if (mount(NETNS_RUN_DIR, NETNS_RUN_DIR, "none", MS_BIND | MS_REC, NULL) < 0) return errno;
    made_mount = 1;
  }
  return 0;
}

static int create_ns_file(const char *path) {
  int fd = open(path, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0);
  if (fd < 0) return errno;
  close(fd);
  return 0;
}

void op_netns_add(uint32_t tag, const uint8_t *p, size_t n) {
  char name[256], path[300];
  if (name_arg(p, n, name, sizeof name)) return out_err(0, tag, EINVAL, "invalid namespace name");
  snprintf(path, sizeof path, "%s/%s", NETNS_RUN_DIR, name);
  int e = prepare_run_dir();
  if (e) return out_err(0, tag, e, "prepare %s: %s%s", NETNS_RUN_DIR, strerror(e), needs_sys_admin(e));
  e = create_ns_file(path);
  if (e) return out_err(0, tag, e, "cannot create namespace file \"%s\": %s", path, strerror(e));

  /* A child unshares the network namespace and binds its /proc/self/ns/net onto the file,
   * so the helper itself never leaves its own namespace. The child's exit code is
   * 0 or (step << 7 | errno) with step 1 = unshare, 0 = bind. */
  pid_t child = fork();
  if (child < 0) {
    e = errno;
    unlink(path);
    return out_err(0, tag, e, "fork: %s", strerror(e));
  }
  if (child == 0) {
    if (unshare(CLONE_NEWNET) < 0) _exit(128 | (errno & 127));
    if (mount("/proc/self/ns/net", path, "none", MS_BIND, NULL) < 0) _exit(errno & 127);
    _exit(0);
  }
  int status = 0;
  while (waitpid(child, &status, 0) < 0) {
    if (errno != EINTR) {
      status = -1;
      break;
    }
  }
  if (status == 0) {
    out_frame(OP_OK, 0, tag, NULL, 0);
    return;
  }
  /* Failure: the bind may not have happened, but detach anyway before unlinking. */
  umount2(path, MNT_DETACH);
  unlink(path);
  if (status != -1 && WIFEXITED(status)) {
    int code = WEXITSTATUS(status);
    e = code & 127;
    if (e == 0) e = EIO;
    if (code & 128)
      return out_err(0, tag, e, "failed to create a new network namespace \"%s\": %s%s", name, strerror(e), needs_sys_admin(e));
    return out_err(0, tag, e, "bind /proc/self/ns/net -> %s failed: %s%s", path, strerror(e), needs_sys_admin(e));
  }
  out_err(0, tag, EIO, "namespace creation child failed");
}

/* Is `path` a mount of a network namespace (what netns add/attach leave there)? Returns 0,
 * or EINVAL with what it is instead in `why`, or the errno of lstat/open. Symlinks are not
 * followed: deleting must never unmount or unlink what a link points to. */
static int check_netns_mount(const char *path, const char **why) {
  struct stat st;
  struct statfs sf;
  *why = NULL;
  if (lstat(path, &st) < 0) return errno;
  if (S_ISLNK(st.st_mode)) *why = "a symbolic link";
  else if (!S_ISREG(st.st_mode)) *why = "a directory or special file";
  if (*why) return EINVAL;
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) return errno;
  if (fstatfs(fd, &sf) < 0) {
    int e = errno;
    close(fd);
    return e;
  }
  if ((unsigned long)sf.f_type != PN_NSFS_MAGIC) *why = "a plain file (not on nsfs)";
  else if (ioctl(fd, PN_NS_GET_NSTYPE) != CLONE_NEWNET) *why = "a mount of another kind of namespace";
  close(fd);
  return *why ? EINVAL : 0;
}

void op_netns_del(uint32_t tag, const uint8_t *p, size_t n) {
  char name[256], path[300];
  if (name_arg(p, n, name, sizeof name)) return out_err(0, tag, EINVAL, "invalid namespace name");
  snprintf(path, sizeof path, "%s/%s", NETNS_RUN_DIR, name);
  const char *why;
  int e = check_netns_mount(path, &why);
  if (e == EINVAL && why) return out_err(0, tag, e, "\"%s\" is %s, not a network namespace mount; not deleted", path, why);
  if (e) return out_err(0, tag, e, "cannot remove namespace file \"%s\": %s", path, strerror(e));
  if (umount2(path, MNT_DETACH | UMOUNT_NOFOLLOW) < 0) {
    e = errno;
    return out_err(0, tag, e, "cannot unmount namespace file \"%s\": %s%s", path, strerror(e), needs_sys_admin(e));
  }
  if (unlink(path) < 0) {
    e = errno;
    return out_err(0, tag, e, "cannot remove namespace file \"%s\": %s", path, strerror(e));
  }
  out_frame(OP_OK, 0, tag, NULL, 0);
}

void op_netns_attach(uint32_t tag, const uint8_t *p, size_t n) {
  char name[256], path[300], proc[64];
  if (n < 4) return out_err(0, tag, EPROTO, "short payload");
  uint32_t pid = get_u32le(p);
  if (pid == 0 || pid > 0x3fffffff) return out_err(0, tag, EINVAL, "invalid pid");
  if (name_arg(p + 4, n - 4, name, sizeof name)) return out_err(0, tag, EINVAL, "invalid namespace name");
  snprintf(path, sizeof path, "%s/%s", NETNS_RUN_DIR, name);
  snprintf(proc, sizeof proc, "/proc/%u/ns/net", pid);
  struct stat st;
  if (stat(proc, &st) < 0) {
    int e = errno;
    return out_err(0, tag, e, "%s: %s", proc, strerror(e));
  }
  int e = prepare_run_dir();
  if (e) return out_err(0, tag, e, "prepare %s: %s%s", NETNS_RUN_DIR, strerror(e), needs_sys_admin(e));
  e = create_ns_file(path);
  if (e) return out_err(0, tag, e, "cannot create namespace file \"%s\": %s", path, strerror(e));
  if (mount(proc, path, "none", MS_BIND, NULL) < 0) {
    e = errno;
    unlink(path);
    return out_err(0, tag, e, "bind %s -> %s failed: %s%s", proc, path, strerror(e), needs_sys_admin(e));
  }
  out_frame(OP_OK, 0, tag, NULL, 0);
}

/* Growable byte buffer for list replies. */
struct bytes {
  uint8_t *p;
  size_t n, cap;
};

static int bytes_add(struct bytes *b, const void *data, size_t n) {
  if (b->n + n > FRAME_MAX - FRAME_HDR) return -1;
  if (b->n + n > b->cap) {
    size_t cap = b->cap ? b->cap * 2 : 4096;
    while (cap < b->n + n) cap *= 2;
    uint8_t *np = realloc(b->p, cap);
    if (!np) return -1;
    b->p = np;
    b->cap = cap;
  }
  memcpy(b->p + b->n, data, n);
  b->n += n;
  return 0;
}

static int is_dot(const char *s) { return strcmp(s, ".") == 0 || strcmp(s, "..") == 0; }

void op_netns_list(uint32_t tag, const uint8_t *p, size_t n) {
  (void)p;
  if (n != 0) return out_err(0, tag, EPROTO, "unexpected payload");
  struct bytes b = {0};
  DIR *d = opendir(NETNS_RUN_DIR);
  if (!d) {
    int e = errno;
    if (e == ENOENT) return out_frame(OP_OK, 0, tag, NULL, 0);
    return out_err(0, tag, e, "opendir %s: %s", NETNS_RUN_DIR, strerror(e));
  }
  struct dirent *de;
  int overflow = 0;
  while ((de = readdir(d)) != NULL) {
    if (is_dot(de->d_name)) continue;
    if (bytes_add(&b, de->d_name, strlen(de->d_name) + 1)) {
      overflow = 1;
      break;
    }
  }
  closedir(d);
  if (overflow) out_err(0, tag, ENOMEM, "namespace list too large");
  else out_frame(OP_OK, 0, tag, b.p, b.n);
  free(b.p);
}

/* Namespace fds handed out by NS_FD_OPEN; only these may be closed by NS_FD_CLOSE. */
static int *ns_fds;
static size_t ns_fd_count, ns_fd_cap;

void op_ns_fd_open(uint32_t tag, const uint8_t *p, size_t n) {
  struct ns_spec spec;
  int e = ns_parse(p, n, &spec);
  if (e) return out_err(0, tag, e, "invalid namespace spec");
  const char *path = spec.kind == NS_CURRENT ? "/proc/self/ns/net" : spec.path;
  if (ns_fd_count >= 4096) return out_err(0, tag, EMFILE, "too many namespace fds open");
  int fd = ns_open_file(path);
  if (fd < 0) {
    e = errno;
    return out_err(0, tag, e, "open %s: %s", path, strerror(e));
  }
  int type = ioctl(fd, PN_NS_GET_NSTYPE);
  if (type != CLONE_NEWNET) {
    close(fd);
    return out_err(0, tag, EINVAL, "%s is not a network namespace", path);
  }
  if (ns_fd_count == ns_fd_cap) {
    size_t cap = ns_fd_cap ? ns_fd_cap * 2 : 16;
    int *nf = realloc(ns_fds, cap * sizeof *nf);
    if (!nf) {
      close(fd);
      return out_err(0, tag, ENOMEM, "out of memory");
    }
    ns_fds = nf;
    ns_fd_cap = cap;
  }
  ns_fds[ns_fd_count++] = fd;
  uint8_t out[4];
  put_u32le(out, (uint32_t)fd);
  out_frame(OP_OK, 0, tag, out, 4);
}

void op_ns_fd_close(uint32_t tag, const uint8_t *p, size_t n) {
  if (n != 4) return out_err(0, tag, EPROTO, "bad payload length");
  uint32_t fd = get_u32le(p);
  for (size_t i = 0; i < ns_fd_count; i++) {
    if ((uint32_t)ns_fds[i] == fd) {
      close(ns_fds[i]);
      ns_fds[i] = ns_fds[--ns_fd_count];
      return out_frame(OP_OK, 0, tag, NULL, 0);
    }
  }
  out_err(0, tag, EBADF, "fd %u is not a namespace fd opened by NS_FD_OPEN", fd);
}

void ns_fds_close_all(void) {
  for (size_t i = 0; i < ns_fd_count; i++) close(ns_fds[i]);
  ns_fd_count = 0;
}

void op_netns_identify(uint32_t tag, const uint8_t *p, size_t n) {
  if (n != 4) return out_err(0, tag, EPROTO, "bad payload length");
  uint32_t pid = get_u32le(p);
  if (pid > 0x3fffffff) return out_err(0, tag, EINVAL, "invalid pid");
  char proc[64];
  if (pid == 0) snprintf(proc, sizeof proc, "/proc/self/ns/net");
  else snprintf(proc, sizeof proc, "/proc/%u/ns/net", pid);
  struct stat target;
  if (stat(proc, &target) < 0) {
    int e = errno;
    return out_err(0, tag, e, "%s: %s", proc, strerror(e));
  }
  struct bytes b = {0};
  DIR *d = opendir(NETNS_RUN_DIR);
  if (!d) {
    int e = errno;
    if (e == ENOENT) return out_frame(OP_OK, 0, tag, NULL, 0);
    return out_err(0, tag, e, "opendir %s: %s", NETNS_RUN_DIR, strerror(e));
  }
  struct dirent *de;
  char path[600];
  while ((de = readdir(d)) != NULL) {
    if (is_dot(de->d_name)) continue;
    snprintf(path, sizeof path, "%s/%s", NETNS_RUN_DIR, de->d_name);
    struct stat st;
    if (stat(path, &st) < 0) continue;
    if (st.st_dev == target.st_dev && st.st_ino == target.st_ino) {
      if (bytes_add(&b, de->d_name, strlen(de->d_name) + 1)) break;
    }
  }
  closedir(d);
  out_frame(OP_OK, 0, tag, b.p, b.n);
  free(b.p);
}

static int all_digits(const char *s) {
  if (!*s) return 0;
  for (; *s; s++)
    if (*s < '0' || *s > '9') return 0;
  return 1;
}

void op_netns_pids(uint32_t tag, const uint8_t *p, size_t n) {
  char name[256], path[300];
  if (name_arg(p, n, name, sizeof name)) return out_err(0, tag, EINVAL, "invalid namespace name");
  snprintf(path, sizeof path, "%s/%s", NETNS_RUN_DIR, name);
  struct stat target;
  if (stat(path, &target) < 0) {
    int e = errno;
    return out_err(0, tag, e, "%s: %s", path, strerror(e));
  }
  DIR *d = opendir("/proc");
  if (!d) {
    int e = errno;
    return out_err(0, tag, e, "opendir /proc: %s", strerror(e));
  }
  struct bytes b = {0};
  struct dirent *de;
  char proc[300];
  while ((de = readdir(d)) != NULL) {
    if (!all_digits(de->d_name) || strlen(de->d_name) > 10) continue;
    snprintf(proc, sizeof proc, "/proc/%s/ns/net", de->d_name);
    struct stat st;
    if (stat(proc, &st) < 0) continue;
    if (st.st_dev == target.st_dev && st.st_ino == target.st_ino) {
      uint8_t v[4];
      put_u32le(v, (uint32_t)strtoul(de->d_name, NULL, 10));
      if (bytes_add(&b, v, 4)) break;
    }
  }
  closedir(d);
  out_frame(OP_OK, 0, tag, b.p, b.n);
  free(b.p);
}
