#!/usr/bin/env python3
"""Runs `clinval users add` on a pseudo-terminal, presses Ctrl-C at its password prompt, and
prints what the terminal looked like (for UsersCommandTests).

Usage: python3 password_prompt_interrupted.py CLINVAL DATABASE
Prints one JSON object: prompted, echo_while_prompting, ended_by_sigint, echo_after.
"""
import json
import os
import pty
import select
import signal
import sys
import termios
import time

binary, database = sys.argv[1], sys.argv[2]
pid, fd = pty.fork()
if pid == 0:
    # As in a login shell: SIGINT delivered and handled by default, whatever the test runner set.
    for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
        signal.signal(number, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    os.execv(binary, [binary, "users", "add", "--db", database, "ada", "--role", "reviewer"])
seen = b""
deadline = time.time() + 30
while b"Password" not in seen and time.time() < deadline:
    ready, _, _ = select.select([fd], [], [], 0.5)
    if ready:
        seen += os.read(fd, 1024)
echo_while_prompting = bool(termios.tcgetattr(fd)[3] & termios.ECHO)
os.write(fd, b"\x03")  # Ctrl-C: the line discipline sends SIGINT
status = None
deadline = time.time() + 30
while status is None and time.time() < deadline:
    done, code = os.waitpid(pid, os.WNOHANG)
    if done:
        status = code
    else:
        time.sleep(0.1)
if status is None:
    os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    print(json.dumps({"error": "clinval did not end after Ctrl-C"}))
    sys.exit(1)
print(json.dumps({
    "prompted": b"Password" in seen,
    "echo_while_prompting": echo_while_prompting,
    "ended_by_sigint": os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGINT,
    "echo_after": bool(termios.tcgetattr(fd)[3] & termios.ECHO),
}, sort_keys=True))
