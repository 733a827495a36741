/* Network namespaces: name/path validation, namespace specs, entering a namespace to
 * create a socket, and the named-namespace operations modelled on iproute2's ip netns. */
#ifndef PN_NETNS_H
#define PN_NETNS_H

#include <stddef.h>
#include <stdint.h>

#define NETNS_RUN_DIR "/run/netns"
#define NETNS_ETC_DIR "/etc/netns"
#define NS_PATH_MAX 4096

enum { NS_CURRENT = 0, NS_NAME = 1, NS_PATH = 2, NS_PID = 3 };

struct ns_spec {
  uint8_t kind;
  char path[NS_PATH_MAX + 64]; /* the file to open; unused for NS_CURRENT */
};

/* [A-Za-z0-9_.-]{1,max}, and not "." or "..". */
int valid_name(const uint8_t *s, size_t n, size_t max);
/* Parse a namespace spec occupying exactly n bytes. Returns 0 or an errno. */
int ns_parse(const uint8_t *p, size_t n, struct ns_spec *out);

/* Open a namespace file (/run/netns/NAME, /proc/PID/ns/net, a bind mount...) for setns or
 * NS_GET_NSTYPE without side effects: only a regular file (nsfs inodes are) is opened, and
 * never in a way that can block (a FIFO) or touch a device. Returns an fd or -1 with errno. */
int ns_open_file(const char *path);

/* Remember the helper's own network namespace. Call once before serving. */
void ns_init(void);
/* Enter the spec's network namespace. Returns 0 or an errno. *entered tells whether the
 * helper switched namespaces (never for NS_CURRENT or a spec naming the namespace it is
 * already in: that needs no privilege); only then must the caller call ns_leave(). */
int ns_enter(const struct ns_spec *spec, int *entered);
/* Return to the helper's own network namespace; FATAL if that is impossible (ns_enter
 * checks the way back before leaving, so that takes a change of privileges in between). */
void ns_leave(void);
/* " (needs CAP_SYS_ADMIN)" after an EPERM from setns/unshare/mount, else "": the suffix
 * Node turns into a MissingCapabilityError (docs/helper-protocol.md). */
const char *needs_sys_admin(int err);

void op_netns_add(uint32_t tag, const uint8_t *p, size_t n);
void op_netns_del(uint32_t tag, const uint8_t *p, size_t n);
void op_netns_attach(uint32_t tag, const uint8_t *p, size_t n);
void op_netns_list(uint32_t tag, const uint8_t *p, size_t n);
void op_ns_fd_open(uint32_t tag, const uint8_t *p, size_t n);
void op_ns_fd_close(uint32_t tag, const uint8_t *p, size_t n);
void op_netns_identify(uint32_t tag, const uint8_t *p, size_t n);
void op_netns_pids(uint32_t tag, const uint8_t *p, size_t n);
void ns_fds_close_all(void);

#endif
