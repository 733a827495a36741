#define _GNU_SOURCE
#include "sockets.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "frames.h"
#include "kabi.h"
#include "netns.h"

#define MAX_SOCKETS 4096
#define RECV_MIN (64u * 1024u)

/* SETOPT pseudo-option (beside 0x10000 = SO_RCVBUF): 0 stops reading the socket, 1 reads it
 * again. A consumer that falls behind stops reading so that the kernel, not this process or
 * Node, holds (and drops, reporting ENOBUFS) what it cannot take. */
#define PN_OPT_READING 0x10001u

struct sock {
  uint32_t id;
  int fd;
  int paused;
};

static struct sock *socks;
static size_t nsocks, capsocks;
static uint32_t next_id = 1;

size_t sock_count(void) { return nsocks; }

static struct sock *find(uint32_t id) {
  for (size_t i = 0; i < nsocks; i++)
    if (socks[i].id == id) return &socks[i];
  return NULL;
}

static void remove_sock(struct sock *s) {
  close(s->fd);
  *s = socks[--nsocks];
}

size_t sock_pollfds(struct pollfd *pfds, uint32_t *ids, size_t max) {
  size_t k = 0;
  for (size_t i = 0; i < nsocks && k < max; i++, k++) {
    /* A negative fd makes poll() skip the entry (a paused socket stays readable). */
    pfds[k].fd = socks[i].paused ? -1 : socks[i].fd;
    pfds[k].events = POLLIN;
    pfds[k].revents = 0;
    ids[k] = socks[i].id;
  }
  return k;
}

static int set_int(int fd, int level, int opt, int v) {
  return setsockopt(fd, level, opt, &v, sizeof v) < 0 ? errno : 0;
}

static int set_rcvbuf(int fd, uint32_t v) {
  if (v > 0x7fffffffu) return EINVAL;
  if (set_int(fd, SOL_SOCKET, SO_RCVBUFFORCE, (int)v) == 0) return 0;
  return set_int(fd, SOL_SOCKET, SO_RCVBUF, (int)v);
}

void op_open(uint32_t tag, const uint8_t *p, size_t n) {
  struct reader r = {p, n, 0};
  uint32_t protocol, rcvbuf, options, ngroups;
  if (rd_u32(&r, &protocol) || rd_u32(&r, &rcvbuf) || rd_u32(&r, &options) || rd_u32(&r, &ngroups))
    return out_err(0, tag, EPROTO, "short OPEN payload");
  if (ngroups > rd_left(&r) / 4) return out_err(0, tag, EPROTO, "short OPEN payload (groups)");
  const uint8_t *groups = p + r.off;
  r.off += (size_t)ngroups * 4;
  if (protocol >= 32) return out_err(0, tag, EINVAL, "invalid netlink protocol %u", protocol);
  if (options & ~0xfu) return out_err(0, tag, EINVAL, "unknown OPEN option bits 0x%x", options);
  if (rcvbuf > 0x7fffffffu) return out_err(0, tag, EINVAL, "invalid rcvbuf");
  struct ns_spec spec;
  int e = ns_parse(p + r.off, rd_left(&r), &spec);
  if (e) return out_err(0, tag, e, "invalid namespace spec");
  if (nsocks >= MAX_SOCKETS) return out_err(0, tag, EMFILE, "too many sockets");

  int entered;
  e = ns_enter(&spec, &entered);
  if (e) return out_err(0, tag, e, "enter namespace %s: %s%s", spec.path, strerror(e), needs_sys_admin(e));
  int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, (int)protocol);
  e = errno;
  if (entered) ns_leave();
  if (fd < 0) return out_err(0, tag, e, "socket(AF_NETLINK, %u): %s", protocol, strerror(e));

  const char *what = NULL;
  e = 0;
  if ((options & 1) && (e = set_int(fd, SOL_NETLINK, PN_NETLINK_EXT_ACK, 1))) what = "NETLINK_EXT_ACK";
  else if ((options & 2) && (e = set_int(fd, SOL_NETLINK, PN_NETLINK_GET_STRICT_CHK, 1))) what = "NETLINK_GET_STRICT_CHK";
  else if ((options & 4) && (e = set_int(fd, SOL_NETLINK, PN_NETLINK_LISTEN_ALL_NSID, 1))) what = "NETLINK_LISTEN_ALL_NSID";
  else if ((options & 8) && (e = set_int(fd, SOL_NETLINK, PN_NETLINK_CAP_ACK, 1))) what = "NETLINK_CAP_ACK";
  else if (rcvbuf && (e = set_rcvbuf(fd, rcvbuf))) what = "SO_RCVBUF";
  if (!e) {
    struct pn_sockaddr_nl sa = {.nl_family = AF_NETLINK};
    if (bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0) e = errno, what = "bind";
  }
  uint32_t port = 0;
  if (!e) {
    struct pn_sockaddr_nl sa;
    socklen_t len = sizeof sa;
    memset(&sa, 0, sizeof sa);
    if (getsockname(fd, (struct sockaddr *)&sa, &len) < 0) e = errno, what = "getsockname";
    else port = sa.nl_pid;
  }
  for (uint32_t i = 0; !e && i < ngroups; i++) {
    uint32_t g = get_u32le(groups + 4 * (size_t)i);
    if (g > 0x7fffffffu || (e = set_int(fd, SOL_NETLINK, PN_NETLINK_ADD_MEMBERSHIP, (int)g))) {
      if (!e) e = EINVAL;
      close(fd);
      return out_err(0, tag, e, "join multicast group %u: %s", g, strerror(e));
    }
  }
  if (e) {
    close(fd);
    return out_err(0, tag, e, "%s: %s", what ? what : "open", strerror(e));
  }
  if (nsocks == capsocks) {
    size_t cap = capsocks ? capsocks * 2 : 8;
    struct sock *ns = realloc(socks, cap * sizeof *ns);
    if (!ns) {
      close(fd);
      return out_err(0, tag, ENOMEM, "out of memory");
    }
    socks = ns;
    capsocks = cap;
  }
  uint32_t id = next_id++;
  if (next_id == 0) next_id = 1;
  socks[nsocks].id = id;
  socks[nsocks].fd = fd;
  socks[nsocks].paused = 0;
  nsocks++;
  uint8_t out[8];
  put_u32le(out, id);
  put_u32le(out + 4, port);
  out_frame(OP_OK, 0, tag, out, 8);
}

void op_close(uint32_t chan, uint32_t tag, const uint8_t *p, size_t n) {
  (void)p;
  if (n != 0) return out_err(chan, tag, EPROTO, "unexpected payload");
  struct sock *s = find(chan);
  if (!s) return out_err(chan, tag, EBADF, "no socket %u", chan);
  remove_sock(s);
  out_frame(OP_OK, chan, tag, NULL, 0);
}

void op_send(uint32_t chan, uint32_t tag, const uint8_t *p, size_t n) {
  struct sock *s = find(chan);
  if (!s) return out_err(chan, tag, EBADF, "no socket %u", chan);
  struct pn_sockaddr_nl dst = {.nl_family = AF_NETLINK};
  struct iovec iov = {.iov_base = (void *)p, .iov_len = n};
  struct msghdr msg = {.msg_name = &dst, .msg_namelen = sizeof dst, .msg_iov = &iov, .msg_iovlen = 1};
  for (int waits = 0;;) {
    ssize_t w = sendmsg(s->fd, &msg, 0);
    if (w >= 0) return;
    if (errno == EINTR) continue;
    /* A full send buffer drains as the kernel works; give up after ~30 s rather than never
     * looking at stdin again. */
    if ((errno == EAGAIN || errno == EWOULDBLOCK) && waits++ < 30) {
      struct pollfd pfd = {.fd = s->fd, .events = POLLOUT};
      (void)poll(&pfd, 1, 1000);
      continue;
    }
    int e = errno;
    return out_err(chan, tag, e, "sendmsg: %s", strerror(e));
  }
}

void op_setopt(uint32_t chan, uint32_t tag, const uint8_t *p, size_t n) {
  if (n != 8) return out_err(chan, tag, EPROTO, "bad SETOPT payload length");
  uint32_t opt = get_u32le(p), value = get_u32le(p + 4);
  struct sock *s = find(chan);
  if (!s) return out_err(chan, tag, EBADF, "no socket %u", chan);
  int e;
  switch (opt) {
    case PN_NETLINK_ADD_MEMBERSHIP:
    case PN_NETLINK_DROP_MEMBERSHIP:
    case PN_NETLINK_NO_ENOBUFS:
    case PN_NETLINK_LISTEN_ALL_NSID:
    case PN_NETLINK_CAP_ACK:
    case PN_NETLINK_EXT_ACK:
    case PN_NETLINK_GET_STRICT_CHK:
      if (value > 0x7fffffffu) return out_err(chan, tag, EINVAL, "value out of range");
      e = set_int(s->fd, SOL_NETLINK, (int)opt, (int)value);
      break;
    case 0x10000:
      e = set_rcvbuf(s->fd, value);
      break;
    case PN_OPT_READING:
      if (value > 1) return out_err(chan, tag, EINVAL, "reading must be 0 or 1");
      s->paused = value == 0;
      e = 0;
      break;
    default:
      return out_err(chan, tag, EINVAL, "unsupported socket option %u", opt);
  }
  if (e) return out_err(chan, tag, e, "setsockopt %u: %s", opt, strerror(e));
  out_frame(OP_OK, chan, tag, NULL, 0);
}

void sock_drain_all(void) {
  for (size_t i = 0; i < nsocks; i++) sock_drain(socks[i].id);
}

/* Bytes one sock_drain call relays before returning to poll(). A dump never runs dry on its own:
 * each recvmsg makes the kernel fill the next skb (netlink_recvmsg -> netlink_dump), so without a
 * bound one call would relay a whole million-route dump before looking at stdin again, and a
 * SETOPT "stop reading" (Node's backpressure) would arrive after the fact. The socket stays
 * readable, so the next round goes on where this one stopped. */
#define DRAIN_ROUND (256 * 1024)

/* The largest DATA payload (netlink datagram plus groups and nsid) a frame can carry. */
#define DATAGRAM_MAX (FRAME_MAX - FRAME_HDR - 8)

/* Where a datagram longer than RECV_MIN continues (allocated on first need; pages the kernel
 * never writes are never touched). */
static uint8_t *spill;

/* An ENOBUFS report counts this much against DRAIN_ROUND, so that a socket reporting errors
 * also gives the loop back. */
#define ENOBUFS_COST 4096

/*
 * One recvmsg per datagram, no MSG_PEEK to learn its size first: a peek runs the kernel's dump
 * continuation (netlink_recvmsg -> netlink_dump) while the peeked skb still counts in the
 * receive buffer, so with a small buffer the next dump skb never fits, the kernel sets ENOBUFS on
 * the socket, the real read returns that error instead of the datagram, and the next peek does
 * it again: the helper spun forever reporting overruns and never read its stdin again. The
 * datagram lands in the output batch (RECV_MIN bytes reserved) and, past that, in `spill`.
 */
void sock_drain(uint32_t id) {
  struct sock *s = find(id);
  if (!s || s->paused) return;
  int fd = s->fd;
  size_t relayed = 0;
  while (relayed < DRAIN_ROUND) {
    if (!spill && !(spill = malloc(DATAGRAM_MAX - RECV_MIN))) fatal(1, "out of memory");
    uint8_t *payload = out_begin(8 + RECV_MIN);
    struct pn_sockaddr_nl from;
    memset(&from, 0, sizeof from);
    union {
      struct cmsghdr align;
      uint8_t buf[CMSG_SPACE(sizeof(int)) * 4];
    } ctl;
    struct iovec iov[2] = {{.iov_base = payload + 8, .iov_len = RECV_MIN},
                           {.iov_base = spill, .iov_len = DATAGRAM_MAX - RECV_MIN}};
    struct msghdr msg = {.msg_name = &from,
                         .msg_namelen = sizeof from,
                         .msg_iov = iov,
                         .msg_iovlen = 2,
                         .msg_control = ctl.buf,
                         .msg_controllen = sizeof ctl.buf};
    ssize_t got = recvmsg(fd, &msg, MSG_DONTWAIT);
    if (got < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) return;
      if (errno == ENOBUFS) {
        out_frame(OP_ENOBUFS, id, 0, NULL, 0);
        relayed += ENOBUFS_COST;
        continue;
      }
      /* Not transient: report it on the socket and close it, instead of polling a socket that
       * stays readable with an error forever. */
      int e = errno;
      out_err(id, 0, e, "recvmsg on socket %u: %s", id, strerror(e));
      struct sock *gone = find(id);
      if (gone) remove_sock(gone);
      return;
    }
    if (msg.msg_flags & MSG_TRUNC) {
      fprintf(stderr, "pure-netlink-helper: dropped a truncated datagram on socket %u\n", id);
      continue;
    }
    /* Only the kernel (port 0) may talk to us. */
    if (msg.msg_namelen < sizeof from || from.nl_family != AF_NETLINK || from.nl_pid != 0) continue;
    int32_t nsid = -1;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
      if (c->cmsg_level == SOL_NETLINK && c->cmsg_type == PN_NETLINK_LISTEN_ALL_NSID &&
          c->cmsg_len >= CMSG_LEN(sizeof(int))) {
        int v;
        memcpy(&v, CMSG_DATA(c), sizeof v);
        nsid = v;
      }
    }
    size_t n = (size_t)got;
    if (n > RECV_MIN) {
      /* Rare (a huge notification): make the reservation as long as the datagram. out_begin()
       * may flush or move the batch, so the first part travels through a copy. */
      uint8_t *head = malloc(RECV_MIN);
      if (!head) fatal(1, "out of memory");
      memcpy(head, payload + 8, RECV_MIN);
      payload = out_begin(8 + n);
      memcpy(payload + 8, head, RECV_MIN);
      memcpy(payload + 8 + RECV_MIN, spill, n - RECV_MIN);
      free(head);
    }
    put_u32le(payload, from.nl_groups);
    put_u32le(payload + 4, (uint32_t)nsid);
    out_commit(OP_DATA, id, 0, 8 + n);
    relayed += n;
  }
}

void sock_close_all(void) {
  while (nsocks) remove_sock(&socks[nsocks - 1]);
}
