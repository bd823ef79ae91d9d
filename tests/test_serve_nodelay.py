"""The app as `make run` serves it sets TCP_NODELAY on the connections it accepts (vcf_ui/serve.py).

Read from outside the server, as the kernel holds it: the test connects to a fresh server, finds the server's end
of that connection among the server process's open files, takes a copy of it (pidfd_getfd, Linux ≥ 5.6) and asks
the socket for its TCP_NODELAY option. A Streamlit or Python upgrade that undoes the launcher fails here.
"""

from __future__ import annotations

import ctypes
import os
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from benchmarks.common import APP_ROOT, served

SYS_PIDFD_GETFD = 438  # the same number on every Linux architecture
PAGE = "import streamlit as st\n\nst.write('Hello')\n"


def _libc_pidfd_getfd(pidfd: int, target_fd: int) -> int:
    libc = ctypes.CDLL(None, use_errno=True)
    fd = libc.syscall(SYS_PIDFD_GETFD, pidfd, target_fd, 0)
    if fd < 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"pidfd_getfd: {os.strerror(errno)}")
    return fd


def _socket_inode(local_port: int, remote_port: int) -> int:
    """The inode of the loopback TCP socket with these ports, from /proc/net/tcp."""
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local, remote, inode = fields[1], fields[2], int(fields[9])
        if int(local.split(":")[1], 16) == local_port and int(remote.split(":")[1], 16) == remote_port:
            return inode
    raise LookupError(f"no TCP socket {local_port} -> {remote_port} in /proc/net/tcp")


def _open_files(pid: int) -> list[tuple[int, str]]:
    """(fd, what it points at) for each file descriptor process `pid` has open; one closed while we read
    (the server's preload still reads files just after it is healthy) is left out."""
    files = []
    for entry in Path(f"/proc/{pid}/fd").iterdir():
        try:
            files.append((int(entry.name), os.readlink(entry)))
        except FileNotFoundError:
            continue
    return files


def server_side_nodelay(pid: int, server_port: int, client: socket.socket) -> int:
    """TCP_NODELAY of the socket through which server process `pid` accepted `client`'s connection."""
    inode = _socket_inode(server_port, client.getsockname()[1])
    target = next(fd for fd, link in _open_files(pid) if link == f"socket:[{inode}]")
    pidfd = os.pidfd_open(pid)
    try:
        copy = _libc_pidfd_getfd(pidfd, target)
    finally:
        os.close(pidfd)
    with socket.socket(fileno=copy) as server_end:
        return server_end.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)


def accepted_connection_nodelay(nodelay: bool) -> int:
    """Start a one-line page with the app's launcher (or plain `streamlit run`), connect, read the option."""
    with tempfile.TemporaryDirectory(prefix="vcf-nodelay-") as folder:
        (Path(folder) / "app.py").write_text(PAGE, encoding="utf-8")
        with served(Path(folder), nodelay=nodelay) as server, \
                socket.create_connection(("127.0.0.1", server.port), timeout=10) as client:
            client.sendall(b"GET /_stcore/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            assert b"200" in client.recv(1024).split(b"\r\n")[0]
            return server_side_nodelay(server.process.pid, server.port, client)


def _can_copy_sockets() -> bool:
    """pidfd_getfd needs Linux ≥ 5.6 and the right to trace our own child processes."""
    if not sys.platform.startswith("linux") or not hasattr(os, "pidfd_open"):
        return False
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(10)"])
    try:
        pidfd = os.pidfd_open(child.pid)
        try:
            os.close(_libc_pidfd_getfd(pidfd, 0))
            return True
        except OSError:
            return False
        finally:
            os.close(pidfd)
    finally:
        child.kill()
        child.wait()


needs_pidfd = pytest.mark.skipif(not _can_copy_sockets(),
                                 reason="reading another process's socket needs Linux pidfd_getfd and ptrace rights")


@needs_pidfd
def test_the_served_app_accepts_connections_with_tcp_nodelay():
    assert accepted_connection_nodelay(nodelay=True) != 0


@needs_pidfd
def test_plain_streamlit_run_still_needs_the_launcher():
    """While this passes, Streamlit leaves Nagle on and vcf_ui/serve.py is needed; when it fails, drop the launcher."""
    assert accepted_connection_nodelay(nodelay=False) == 0


def test_make_run_serves_through_the_launcher():
    makefile = (APP_ROOT / "Makefile").read_text(encoding="utf-8")
    run_recipe = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "-m vcf_ui.serve app.py" in run_recipe
    assert "streamlit run" not in run_recipe

