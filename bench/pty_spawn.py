"""Starts a command in a fresh pseudo-terminal of a given size: shared by pty-relay.py and pty-keys.py.

The window size is set BEFORE the child starts, so the program never sees a 0x0 terminal; the
child gets the pty slave as its controlling terminal and stdin/stdout/stderr, and execs ARGV
directly (no shell in between).
"""
import fcntl
import os
import struct
import termios


def spawn(cols: int, rows: int, argv: list) -> tuple:
    """Forks ARGV onto a new pty; returns (pid, master fd) in the parent."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    pid = os.fork()
    if pid == 0:
        os.close(master)
        os.setsid()
        fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
        for fd in (0, 1, 2):
            os.dup2(slave, fd)
        if slave > 2:
            os.close(slave)
        os.execvp(argv[0], argv)
    os.close(slave)
    return pid, master
