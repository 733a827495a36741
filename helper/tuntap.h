/* TUNTAP_ADD / TUNTAP_DEL: persistent tun/tap devices, like `ip tuntap add/del`. */
#ifndef PN_TUNTAP_H
#define PN_TUNTAP_H

#include <stddef.h>
#include <stdint.h>

void op_tuntap(uint32_t tag, const uint8_t *p, size_t n, int add);

#endif
