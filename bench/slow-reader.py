# A slow reader for bench/run.mjs: takes 64 KiB of stdin every 2 ms, prints the byte count on stderr.
import sys, time
n = 0
while True:
    b = sys.stdin.buffer.read(65536)
    if not b: break
    n += len(b)
    time.sleep(0.002)
print(n, file=sys.stderr)
