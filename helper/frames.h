/* Frame protocol: header layout, op codes, the stdout batch buffer and a bounds-checked
 * payload reader. See docs/helper-protocol.md. */
#ifndef PN_FRAMES_H
#define PN_FRAMES_H

#include <stddef.h>
#include <stdint.h>

#define FRAME_HDR 16u
#define FRAME_MAX (16u * 1024u * 1024u)
#define OUT_BATCH (1024u * 1024u)

enum {
  OP_HELLO = 1,
  OP_OPEN = 2,
  OP_CLOSE = 3,
  OP_SEND = 4,
  OP_SETOPT = 5,
  OP_NETNS_ADD = 6,
  OP_NETNS_DEL = 7,
  OP_NETNS_ATTACH = 8,
  OP_NETNS_LIST = 9,
  OP_NS_FD_OPEN = 10,
  OP_NS_FD_CLOSE = 11,
  OP_NETNS_IDENTIFY = 12,
  OP_NETNS_PIDS = 13,
  OP_TUNTAP_ADD = 14,
  OP_TUNTAP_DEL = 15,
  OP_OK = 128,
  OP_ERR = 129,
  OP_DATA = 130,
  OP_ENOBUFS = 131,
  OP_FATAL = 132,
};

static inline uint16_t get_u16le(const uint8_t *p) { return (uint16_t)(p[0] | (p[1] << 8)); }
static inline uint32_t get_u32le(const uint8_t *p) {
  return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}
static inline void put_u16le(uint8_t *p, uint16_t v) {
  p[0] = (uint8_t)v;
  p[1] = (uint8_t)(v >> 8);
}
static inline void put_u32le(uint8_t *p, uint32_t v) {
  p[0] = (uint8_t)v;
  p[1] = (uint8_t)(v >> 8);
  p[2] = (uint8_t)(v >> 16);
  p[3] = (uint8_t)(v >> 24);
}

/* Bounds-checked payload reader: every getter returns -1 (and leaves *out alone) when
 * fewer bytes remain than needed. */
struct reader {
  const uint8_t *p;
  size_t n;
  size_t off;
};
int rd_u8(struct reader *r, uint8_t *out);
int rd_u16(struct reader *r, uint16_t *out);
int rd_u32(struct reader *r, uint32_t *out);
size_t rd_left(const struct reader *r);

/* Output: frames accumulate in one buffer and go out in as few write()s as possible. */
void out_init(int fd);
/* Reserve room for a frame with `payload` bytes; returns the payload pointer. The frame is
 * not committed until out_commit(). Flushes first if the batch would exceed OUT_BATCH. */
uint8_t *out_begin(size_t payload);
void out_commit(uint16_t op, uint32_t chan, uint32_t tag, size_t payload);
void out_frame(uint16_t op, uint32_t chan, uint32_t tag, const void *payload, size_t n);
void out_err(uint32_t chan, uint32_t tag, int err, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
size_t out_pending(void);
void out_flush(void);
/* Report FATAL, flush and exit with `status`. */
void fatal(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3), noreturn));

#endif
