"""Runs a command in a fresh pseudo-terminal, types keys into it on request, and relays its output
with the time each chunk arrived, so key-to-frame latency is timed at the terminal itself.

Usage: python3 pty-keys.py COLS ROWS -- ARGV...

The child gets the pty slave as its controlling terminal and stdin/stdout/stderr, with the window
size set before it starts, and execs ARGV directly (no shell). Times are nanoseconds of
CLOCK_MONOTONIC since just before the fork.
  stdin (from the harness): one line per key press, the bytes in hex (`6a` is `j`); each is
      written to the terminal at once.
  stdout (to the harness): records `NS LEN\\n` followed by LEN raw bytes the child wrote.
  stderr (to the harness), one event per line:
      pid PID            the child's pid
      key NS             a key press was written to the terminal at NS
      exit CODE NS       the child ended (CODE is -SIGNAL when killed by a signal)
"""
import os
import select
import sys
import time

from pty_spawn import spawn


def main() -> int:
    cols, rows = int(sys.argv[1]), int(sys.argv[2])
    argv = sys.argv[sys.argv.index("--") + 1 :]
    t0 = time.monotonic_ns()
    pid, master = spawn(cols, rows, argv)
    events = sys.stderr
    events.write(f"pid {pid}\n")
    events.flush()
    out = sys.stdout.buffer
    keys = sys.stdin.fileno()
    pending = b""
    watch = [master, keys]
    while True:
        try:
            ready, _, _ = select.select(watch, [], [], 1.0)
        except InterruptedError:
            continue
        if keys in ready:
            data = os.read(keys, 4096)
            if not data:
                watch = [master]  # the harness closed our stdin: keep relaying output
            pending += data
            while b"\n" in pending:
                line, pending = pending.split(b"\n", 1)
                if line.strip():
                    at = time.monotonic_ns() - t0
                    os.write(master, bytes.fromhex(line.decode().strip()))
                    events.write(f"key {at}\n")
                    events.flush()
        if master in ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                chunk = b""
            if not chunk:
                break
            out.write(f"{time.monotonic_ns() - t0} {len(chunk)}\n".encode() + chunk)
            out.flush()
    _, status = os.waitpid(pid, 0)
    events.write(f"exit {os.waitstatus_to_exitcode(status)} {time.monotonic_ns() - t0}\n")
    events.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
