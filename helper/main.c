/* pure-netlink-helper: owns netlink sockets for a Node.js parent and relays datagrams over
 * length-prefixed frames on stdin/stdout. Protocol: docs/helper-protocol.md. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "frames.h"
#include "modes.h"
#include "netns.h"
#include "sockets.h"
#include "tuntap.h"

/* The helper's own version (the frame protocol version is separate, below). */
#define HELPER_VERSION "0.1.0"
#ifndef SOURCE_HASH
#define SOURCE_HASH "unknown"
#endif

#define PROTOCOL_VERSION 1
#define VERSION_STRING "pure-netlink-helper " HELPER_VERSION " source-sha256 " SOURCE_HASH

static int sandboxed;

static void op_hello(uint32_t tag, size_t n) {
  if (n != 0) return out_err(0, tag, EPROTO, "unexpected payload");
  size_t vlen = strlen(VERSION_STRING);
  uint8_t *p = out_begin(12 + vlen);
  put_u32le(p, PROTOCOL_VERSION);
  put_u32le(p + 4, (uint32_t)getpid());
  put_u32le(p + 8, sandboxed ? 1u : 0u);
  memcpy(p + 12, VERSION_STRING, vlen);
  out_commit(OP_OK, 0, tag, 12 + vlen);
}

/* One whole frame of `len` bytes (already bounds-checked). */
static void handle_frame(const uint8_t *f, size_t len) {
  uint16_t op = get_u16le(f + 4), flags = get_u16le(f + 6);
  uint32_t chan = get_u32le(f + 8), tag = get_u32le(f + 12);
  const uint8_t *p = f + FRAME_HDR;
  size_t n = len - FRAME_HDR;
  if (flags != 0) return out_err(chan, tag, EPROTO, "reserved frame flags 0x%x set", flags);
  int socket_op = op == OP_CLOSE || op == OP_SEND || op == OP_SETOPT;
  if (!socket_op && chan != 0 && op >= OP_HELLO && op <= OP_TUNTAP_DEL)
    return out_err(chan, tag, EPROTO, "op %u takes channel 0", op);
  switch (op) {
    case OP_HELLO: return op_hello(tag, n);
    case OP_OPEN: return op_open(tag, p, n);
    case OP_CLOSE: return op_close(chan, tag, p, n);
    case OP_SEND: return op_send(chan, tag, p, n);
    case OP_SETOPT: return op_setopt(chan, tag, p, n);
    case OP_NETNS_ADD: return op_netns_add(tag, p, n);
    case OP_NETNS_DEL: return op_netns_del(tag, p, n);
    case OP_NETNS_ATTACH: return op_netns_attach(tag, p, n);
    case OP_NETNS_LIST: return op_netns_list(tag, p, n);
    case OP_NS_FD_OPEN: return op_ns_fd_open(tag, p, n);
    case OP_NS_FD_CLOSE: return op_ns_fd_close(tag, p, n);
    case OP_NETNS_IDENTIFY: return op_netns_identify(tag, p, n);
    case OP_NETNS_PIDS: return op_netns_pids(tag, p, n);
    case OP_TUNTAP_ADD: return op_tuntap(tag, p, n, 1);
    case OP_TUNTAP_DEL: return op_tuntap(tag, p, n, 0);
    default: return out_err(chan, tag, EPROTO, "unknown op %u", op);
  }
}

static void shutdown_clean(int status) {
  out_flush();
  sock_close_all();
  ns_fds_close_all();
  exit(status);
}

static int serve(void) {
  size_t cap = 256 * 1024, start = 0, end = 0;
  uint8_t *in = malloc(cap);
  struct pollfd *pfds = NULL;
  uint32_t *ids = NULL;
  size_t pcap = 0;
  if (!in) fatal(1, "out of memory");
  for (;;) {
    size_t ns = sock_count();
    if (ns + 1 > pcap) {
      size_t c = (ns + 1) * 2;
      struct pollfd *np = realloc(pfds, c * sizeof *np);
      if (!np) fatal(1, "out of memory");
      pfds = np;
      uint32_t *ni = realloc(ids, c * sizeof *ni);
      if (!ni) fatal(1, "out of memory");
      ids = ni;
      pcap = c;
    }
    pfds[0].fd = 0;
    pfds[0].events = POLLIN;
    pfds[0].revents = 0;
    size_t k = sock_pollfds(pfds + 1, ids + 1, pcap - 1);
    if (poll(pfds, (nfds_t)(k + 1), -1) < 0) {
      if (errno == EINTR) continue;
      fatal(1, "poll: %s", strerror(errno));
    }
    for (size_t i = 1; i <= k; i++)
      if (pfds[i].revents) sock_drain(ids[i]);
    if (pfds[0].revents) {
      if (cap - end < 65536) {
        if (start > 0) {
          memmove(in, in + start, end - start);
          end -= start;
          start = 0;
        }
        if (cap - end < 65536) {
          uint8_t *nb = realloc(in, cap * 2);
          if (!nb) fatal(1, "out of memory");
          in = nb;
          cap *= 2;
        }
      }
      ssize_t r = read(0, in + end, cap - end);
      if (r < 0) {
        if (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK) fatal(1, "read stdin: %s", strerror(errno));
      } else if (r == 0) {
        if (end > start) fprintf(stderr, "pure-netlink-helper: %zu bytes of an incomplete frame at EOF\n", end - start);
        shutdown_clean(0);
      } else {
        end += (size_t)r;
        while (end - start >= 4) {
          uint32_t len = get_u32le(in + start);
          if (len < FRAME_HDR || len > FRAME_MAX) fatal(3, "impossible frame length %u", len);
          if (end - start < len) {
            /* Make sure the whole frame will fit. */
            if (cap - start < len) {
              memmove(in, in + start, end - start);
              end -= start;
              start = 0;
              if (cap < len) {
                uint8_t *nb = realloc(in, (size_t)len + 65536);
                if (!nb) fatal(1, "out of memory");
                in = nb;
                cap = (size_t)len + 65536;
              }
            }
            break;
          }
          handle_frame(in + start, len);
          /* The kernel runs a request datagram inside sendmsg (1000 link deletions take seconds):
           * pass on the answers it produced before sending the next one, so Node sees progress
           * and other sockets are served between sends. */
          if (get_u16le(in + start + 4) == OP_SEND) {
            sock_drain_all();
            out_flush();
          }
          start += len;
        }
        if (start == end) start = end = 0;
        /* Shrink after a one-off huge frame. */
        if (start == 0 && end == 0 && cap > 4u * 1024 * 1024) {
          uint8_t *nb = realloc(in, 256 * 1024);
          if (nb) {
            in = nb;
            cap = 256 * 1024;
          }
        }
      }
    }
    out_flush();
  }
}

/* A closed 0, 1 or 2 would be handed out by the next open()/socket(): frames or diagnostics
 * would then be written into a netlink socket (sent to the kernel) or a namespace fd. Put
 * /dev/null there instead; a missing stdin then reads as EOF and the helper exits. */
static void ensure_stdio(void) {
  for (int fd = 0; fd <= 2; fd++) {
    if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF) continue;
    int n = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
    if (n < 0) _exit(2);
    if (n != fd) {
      if (dup2(n, fd) < 0) _exit(2);
      close(n);
    }
  }
}

int main(int argc, char **argv) {
  ensure_stdio();
  /* Descriptors inherited from the parent (beyond stdio) are none of the helper's business,
   * and would leak into the namespace-creating children and exec'd programs. */
  close_fds_from(3, 0);
  if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
    printf("%s\n", VERSION_STRING);
    return 0;
  }
  /* exec mode becomes the user's program: it must inherit the default SIGPIPE (a program
   * writing into a closed pipe dies quietly, as under `ip netns exec`). */
  if (argc >= 2 && strcmp(argv[1], "exec") == 0) return exec_main(argc - 1, argv + 1);
  /* Node going away shows up as EPIPE on stdout (handled in write_all), not as a signal. */
  signal(SIGPIPE, SIG_IGN);
  out_init(1);
  if (argc == 2 && strcmp(argv[1], "--sandbox") == 0) {
    if (sandbox_setup() < 0) return 1;
    sandboxed = 1;
  } else if (argc != 1) {
    fprintf(stderr,
            "usage: pure-netlink-helper [--sandbox]\n"
            "       pure-netlink-helper exec [--die-with-parent] [--join PID] NAME PROGRAM [ARGS...]\n"
            "       pure-netlink-helper --version\n");
    return 2;
  }
  ns_init();
  /* A bigger stdout pipe lets the kernel dump, this loop and Node's reads overlap instead of
   * stalling every 64 KiB (pipe(7) default). Best effort: pipe-max-size may refuse. */
  for (int size = 4 << 20; size >= 256 << 10; size >>= 1)
    if (fcntl(STDOUT_FILENO, F_SETPIPE_SZ, size) >= 0) break;
  return serve();
}
