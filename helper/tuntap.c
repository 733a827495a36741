#define _GNU_SOURCE
#include "tuntap.h"

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "frames.h"
#include "kabi.h"
#include "netns.h"

#define TUN_ALLOWED (PN_IFF_TUN | PN_IFF_TAP | PN_IFF_NO_PI | PN_IFF_MULTI_QUEUE | PN_IFF_VNET_HDR)

/* The trailer is `ns, u8 nameLen, name`. A name or path namespace spec runs to "the rest",
 * so the trailer is split from its end: the interface name is the shortest suffix of length
 * L (1..15) preceded by the byte L. Interface-name characters are all >= '-' (45), so no
 * shorter suffix can match; this makes the split unambiguous for valid names. */
static int split_trailer(const uint8_t *t, size_t n, size_t *ns_len, size_t *name_len) {
  if (n < 1) return EPROTO;
  if (t[0] == NS_CURRENT || t[0] == NS_PID) {
    size_t nl = t[0] == NS_CURRENT ? 1 : 5;
    if (n < nl + 1) return EPROTO;
    size_t L = t[nl];
    if (n != nl + 1 + L) return EPROTO;
    *ns_len = nl;
    *name_len = L;
    return 0;
  }
  for (size_t L = 1; L < IFNAMSIZ && L + 2 < n; L++) {
    if (t[n - L - 1] == L) {
      *ns_len = n - L - 1;
      *name_len = L;
      return 0;
    }
  }
  return EINVAL;
}

void op_tuntap(uint32_t tag, const uint8_t *p, size_t n, int add) {
  const char *op = add ? "TUNTAP_ADD" : "TUNTAP_DEL";
  struct reader r = {p, n, 0};
  uint16_t flags, zero;
  uint32_t owner = 0xffffffffu, group = 0xffffffffu;
  if (rd_u16(&r, &flags) || rd_u16(&r, &zero)) return out_err(0, tag, EPROTO, "%s: short payload", op);
  if (add && (rd_u32(&r, &owner) || rd_u32(&r, &group))) return out_err(0, tag, EPROTO, "%s: short payload", op);
  if (zero != 0) return out_err(0, tag, EINVAL, "%s: reserved field not zero", op);
  if ((flags & ~TUN_ALLOWED) || ((flags & PN_IFF_TUN) != 0) == ((flags & PN_IFF_TAP) != 0))
    return out_err(0, tag, EINVAL, "%s: invalid flags 0x%x", op, flags);
  size_t ns_len = 0, name_len = 0;
  int e = split_trailer(p + r.off, rd_left(&r), &ns_len, &name_len);
  if (e) return out_err(0, tag, e, "%s: malformed namespace/name", op);
  const uint8_t *name = p + r.off + ns_len + 1;
  if (!valid_name(name, name_len, IFNAMSIZ - 1)) return out_err(0, tag, EINVAL, "%s: invalid interface name", op);
  struct ns_spec spec;
  e = ns_parse(p + r.off, ns_len, &spec);
  if (e) return out_err(0, tag, e, "%s: invalid namespace spec", op);

  struct ifreq ifr;
  memset(&ifr, 0, sizeof ifr);
  memcpy(ifr.ifr_name, name, name_len);
  ifr.ifr_flags = (short)flags;

  e = ns_enter(&spec);
  if (e) return out_err(0, tag, e, "%s: enter namespace %s: %s", op, spec.path, strerror(e));
  const char *what = NULL;
  int fd = -1;
  if (!add && if_nametoindex(ifr.ifr_name) == 0) {
    e = ENODEV;
    what = "lookup";
  } else if ((fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC)) < 0) {
    e = errno;
    what = "open /dev/net/tun";
  } else if (ioctl(fd, PN_TUNSETIFF, &ifr) < 0) {
    e = errno;
    what = "TUNSETIFF";
  } else if (add && owner != 0xffffffffu && ioctl(fd, PN_TUNSETOWNER, (unsigned long)owner) < 0) {
    e = errno;
    what = "TUNSETOWNER";
  } else if (add && group != 0xffffffffu && ioctl(fd, PN_TUNSETGROUP, (unsigned long)group) < 0) {
    e = errno;
    what = "TUNSETGROUP";
  } else if (ioctl(fd, PN_TUNSETPERSIST, add ? 1UL : 0UL) < 0) {
    e = errno;
    what = "TUNSETPERSIST";
  }
  if (fd >= 0) close(fd);
  ns_leave();
  if (e) return out_err(0, tag, e, "%s %s: %s: %s", op, ifr.ifr_name, what, strerror(e));
  out_frame(OP_OK, 0, tag, NULL, 0);
}
