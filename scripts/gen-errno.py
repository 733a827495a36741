#!/usr/bin/env python3
"""Regenerate src/netlink/errno-table.ts from the C library's errno names and strerror() texts."""
import errno, json, os, sys

out = ["/**",
       " * Linux errno numbers, names and glibc's strerror() texts (what iproute2 prints after",
       " * \"RTNETLINK answers: \"). Generated from the C library's tables by scripts/gen-errno.py.",
       " */",
       "export const ERRNO: ReadonlyArray<readonly [number, string, string]> = ["]
# Where several names share a number, use the one the kernel sources use.
PREFERRED = {95: "EOPNOTSUPP", 11: "EAGAIN", 35: "EDEADLK"}
for n in sorted(errno.errorcode):
    out.append(f"  [{n}, {json.dumps(PREFERRED.get(n, errno.errorcode[n]))}, {json.dumps(os.strerror(n))}],")
out.append("];")
path = os.path.join(os.path.dirname(__file__), "..", "src", "netlink", "errno-table.ts")
with open(path, "w") as f:
    f.write("\n".join(out) + "\n")
