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
  /* Then `u8 nameLen, name`, and the namespace spec as the rest. */
  uint8_t name_len;
  if (rd_u8(&r, &name_len) || rd_left(&r) < (size_t)name_len + 1) return out_err(0, tag, EPROTO, "%s: short payload", op);
  const uint8_t *name = p + r.off;
  if (!valid_name(name, name_len, IFNAMSIZ - 1)) return out_err(0, tag, EINVAL, "%s: invalid interface name", op);
  r.off += name_len;
  struct ns_spec spec;
  int e = ns_parse(p + r.off, rd_left(&r), &spec);
  if (e) return out_err(0, tag, e, "%s: invalid namespace spec", op);

  struct ifreq ifr;
  memset(&ifr, 0, sizeof ifr);
  memcpy(ifr.ifr_name, name, name_len);
  ifr.ifr_flags = (short)flags;

  int entered;
  e = ns_enter(&spec, &entered);
  if (e) return out_err(0, tag, e, "%s: enter namespace %s: %s%s", op, spec.path, strerror(e), needs_sys_admin(e));
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
  if (entered) ns_leave();
  /* TUNSETIFF creating or deleting a device is the CAP_NET_ADMIN check (tun_set_iff). */
  const char *needs = e == EPERM && strcmp(what, "TUNSETIFF") == 0 ? " (needs CAP_NET_ADMIN)" : "";
  if (e) return out_err(0, tag, e, "%s %s: %s: %s%s", op, ifr.ifr_name, what, strerror(e), needs);
  out_frame(OP_OK, 0, tag, NULL, 0);
}
