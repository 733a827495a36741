#define _GNU_SOURCE
#include "frames.h"

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int rd_u8(struct reader *r, uint8_t *out) {
  if (r->n - r->off < 1) return -1;
  *out = r->p[r->off];
  r->off += 1;
  return 0;
}

int rd_u16(struct reader *r, uint16_t *out) {
  if (r->n - r->off < 2) return -1;
  *out = get_u16le(r->p + r->off);
  r->off += 2;
  return 0;
}

int rd_u32(struct reader *r, uint32_t *out) {
  if (r->n - r->off < 4) return -1;
  *out = get_u32le(r->p + r->off);
  r->off += 4;
  return 0;
}

size_t rd_left(const struct reader *r) { return r->n - r->off; }

static int out_fd = 1;
static uint8_t *out_buf;
static size_t out_len, out_cap;

void out_init(int fd) { out_fd = fd; }

size_t out_pending(void) { return out_len; }

static void write_all(const uint8_t *p, size_t n) {
  while (n > 0) {
    ssize_t w = write(out_fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        struct pollfd pfd = {.fd = out_fd, .events = POLLOUT};
        (void)poll(&pfd, 1, -1);
        continue;
      }
      /* stdout is gone: nobody is listening any more. */
      fprintf(stderr, "pure-netlink-helper: write to stdout failed: %s\n", strerror(errno));
      _exit(errno == EPIPE ? 0 : 2);
    }
    p += (size_t)w;
    n -= (size_t)w;
  }
}

void out_flush(void) {
  if (out_len == 0) return;
  write_all(out_buf, out_len);
  out_len = 0;
  /* Do not hold on to a huge buffer after a one-off large frame. */
  if (out_cap > 4 * OUT_BATCH) {
    free(out_buf);
    out_buf = NULL;
    out_cap = 0;
  }
}

uint8_t *out_begin(size_t payload) {
  size_t need = FRAME_HDR + payload;
  if (out_len > 0 && out_len + need > OUT_BATCH) out_flush();
  if (out_len + need > out_cap) {
    size_t cap = out_cap ? out_cap : OUT_BATCH + 65536;
    while (cap < out_len + need) cap *= 2;
    uint8_t *nb = realloc(out_buf, cap);
    if (!nb) {
      /* Cannot even report properly without memory; say it on stderr. */
      fprintf(stderr, "pure-netlink-helper: out of memory\n");
      _exit(3);
    }
    out_buf = nb;
    out_cap = cap;
  }
  return out_buf + out_len + FRAME_HDR;
}

void out_commit(uint16_t op, uint32_t chan, uint32_t tag, size_t payload) {
  uint8_t *h = out_buf + out_len;
  put_u32le(h, (uint32_t)(FRAME_HDR + payload));
  put_u16le(h + 4, op);
  put_u16le(h + 6, 0);
  put_u32le(h + 8, chan);
  put_u32le(h + 12, tag);
  out_len += FRAME_HDR + payload;
}

void out_frame(uint16_t op, uint32_t chan, uint32_t tag, const void *payload, size_t n) {
  uint8_t *p = out_begin(n);
  if (n) memcpy(p, payload, n);
  out_commit(op, chan, tag, n);
}

void out_err(uint32_t chan, uint32_t tag, int err, const char *fmt, ...) {
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  int m = vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  if (m < 0) m = 0;
  if ((size_t)m >= sizeof msg) m = sizeof msg - 1;
  uint8_t *p = out_begin(4 + (size_t)m);
  put_u32le(p, (uint32_t)(err > 0 ? err : EIO));
  memcpy(p + 4, msg, (size_t)m);
  out_commit(OP_ERR, chan, tag, 4 + (size_t)m);
}

void fatal(int status, const char *fmt, ...) {
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  int m = vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  if (m < 0) m = 0;
  if ((size_t)m >= sizeof msg) m = sizeof msg - 1;
  fprintf(stderr, "pure-netlink-helper: fatal: %s\n", msg);
  out_frame(OP_FATAL, 0, 0, msg, (size_t)m);
  out_flush();
  _exit(status);
}
