/* Kernel ABI constants the helper needs. musl ships no <linux/...> headers, so the
 * few values used are spelled out here (they are stable kernel ABI). */
#ifndef PN_KABI_H
#define PN_KABI_H

#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif
#ifndef SO_RCVBUFFORCE
#define SO_RCVBUFFORCE 33
#endif

#define PN_NETLINK_ADD_MEMBERSHIP 1
#define PN_NETLINK_DROP_MEMBERSHIP 2
#define PN_NETLINK_NO_ENOBUFS 5
#define PN_NETLINK_LISTEN_ALL_NSID 8
#define PN_NETLINK_CAP_ACK 10
#define PN_NETLINK_EXT_ACK 11
#define PN_NETLINK_GET_STRICT_CHK 12

struct pn_sockaddr_nl {
  sa_family_t nl_family;
  unsigned short nl_pad;
  uint32_t nl_pid;
  uint32_t nl_groups;
};

/* linux/if_tun.h */
#define PN_TUNSETIFF _IOW('T', 202, int)
#define PN_TUNSETPERSIST _IOW('T', 203, int)
#define PN_TUNSETOWNER _IOW('T', 204, int)
#define PN_TUNSETGROUP _IOW('T', 206, int)
#define PN_IFF_TUN 0x0001
#define PN_IFF_TAP 0x0002
#define PN_IFF_MULTI_QUEUE 0x0100
#define PN_IFF_NO_PI 0x1000
#define PN_IFF_VNET_HDR 0x4000

/* linux/nsfs.h */
#define PN_NS_GET_NSTYPE _IO(0xb7, 0x3)
/* linux/magic.h: f_type of a namespace file (a bind mount of /proc/PID/ns/net) */
#define PN_NSFS_MAGIC 0x6e736673
/* umount2(2): do not dereference a symbolic link */
#ifndef UMOUNT_NOFOLLOW
#define UMOUNT_NOFOLLOW 8
#endif

#endif
