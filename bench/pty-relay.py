"""Runs a command in a fresh pseudo-terminal of a given size and relays what it writes.

Usage: python3 pty-relay.py COLS ROWS [MARKER...] -- ARGV...

The child gets the pty slave as its controlling terminal and stdin/stdout/stderr, with the window
size set BEFORE it starts (so the program never sees a 0x0 terminal). Everything the child writes
to the terminal is copied, byte for byte, to our stdout. Events go to stderr, one per line, with
times in nanoseconds since just before the fork:
  pid PID            the child's pid (it execs ARGV directly: no shell in between)
  mark I NS          the first time the output contained the I-th MARKER (0-based)
  exit CODE NS       the child ended (CODE is -SIGNAL when killed by a signal)
Python's time.monotonic_ns and Node's process.hrtime both read CLOCK_MONOTONIC.
"""
import os
import select
import sys
import time

from pty_spawn import spawn


def main() -> int:
    cols, rows = int(sys.argv[1]), int(sys.argv[2])
    split = sys.argv.index("--")
    markers = [m.encode() for m in sys.argv[3:split]]
    argv = sys.argv[split + 1 :]
    keep = max((len(m) for m in markers), default=0)
    t0 = time.monotonic_ns()
    pid, master = spawn(cols, rows, argv)
    events = sys.stderr
    events.write(f"pid {pid}\n")
    events.flush()
    out = sys.stdout.buffer
    pending = set(range(len(markers)))
    tail = b""
    while True:
        try:
            ready, _, _ = select.select([master], [], [], 1.0)
            if not ready:
                continue
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            chunk = b""
        if not chunk:
            break
        out.write(chunk)
        out.flush()
        if pending:
            window = tail + chunk
            for i in sorted(pending):
                if markers[i] in window:
                    pending.discard(i)
                    events.write(f"mark {i} {time.monotonic_ns() - t0}\n")
                    events.flush()
            tail = window[-keep:]
    _, status = os.waitpid(pid, 0)
    ended = time.monotonic_ns() - t0
    code = os.waitstatus_to_exitcode(status)
    events.write(f"exit {code} {ended}\n")
    events.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
