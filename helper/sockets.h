/* The netlink socket table: OPEN/CLOSE/SEND/SETOPT and draining received datagrams into
 * DATA frames. */
#ifndef PN_SOCKETS_H
#define PN_SOCKETS_H

#include <poll.h>
#include <stddef.h>
#include <stdint.h>

void op_open(uint32_t tag, const uint8_t *p, size_t n);
void op_close(uint32_t chan, uint32_t tag, const uint8_t *p, size_t n);
void op_send(uint32_t chan, uint32_t tag, const uint8_t *p, size_t n);
void op_setopt(uint32_t chan, uint32_t tag, const uint8_t *p, size_t n);

size_t sock_count(void);
/* Fill pfds[i] / ids[i] for every socket (at most max); returns how many. */
size_t sock_pollfds(struct pollfd *pfds, uint32_t *ids, size_t max);
/* Read every datagram ready on socket `id` (until EAGAIN) into DATA frames. */
void sock_drain(uint32_t id);
/* Read whatever every socket has ready (non-blocking). */
void sock_drain_all(void);
void sock_close_all(void);

#endif
