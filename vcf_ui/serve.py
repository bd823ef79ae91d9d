"""Serve the app as `streamlit run` does, with TCP_NODELAY on every connection: `python -m vcf_ui.serve app.py ...`.

`make run` and the replicas (`scripts/replicas.py`) start the app through this module; it takes the arguments of
`streamlit run`. Why it exists: Streamlit 1.67 listens through uvicorn on a socket it binds itself with
`socket.socket(family)`, so the listener's `proto` is 0 and so is every accepted socket's; asyncio sets
TCP_NODELAY only on sockets whose `proto` is IPPROTO_TCP. With Nagle's algorithm on, every message of a rerun
after the first waits for the browser's delayed ACK: about 40 ms more per click on Linux, longer elsewhere.
The same root cause in uvicorn's own pre-bound sockets: https://github.com/Kludex/uvicorn/issues/3149.
Drop this module (back to `streamlit run`) once Streamlit's accepted sockets have TCP_NODELAY again;
`tests/test_serve_nodelay.py` checks the accepted sockets of a server started here, and fails if a Streamlit or
Python upgrade undoes it.
"""

from __future__ import annotations

import asyncio.base_events
import socket
import sys


def set_nodelay(sock: socket.socket) -> None:
    """asyncio's check without the `proto` test: every TCP stream socket gets TCP_NODELAY."""
    if sock.family in {socket.AF_INET, socket.AF_INET6} and sock.type == socket.SOCK_STREAM:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def install() -> None:
    """Make asyncio's socket transports (created at each accept) set TCP_NODELAY whatever the socket's `proto`."""
    if not callable(getattr(asyncio.base_events, "_set_nodelay", None)):
        raise RuntimeError("asyncio.base_events._set_nodelay is gone: vcf_ui/serve.py cannot set TCP_NODELAY on "
                           "this Python; check whether it is still needed (tests/test_serve_nodelay.py)")
    asyncio.base_events._set_nodelay = set_nodelay  # read by each socket transport as it is created


def command(script: str, port: int, address: str = "127.0.0.1", options: dict[str, str] | None = None,
            nodelay: bool = True) -> list[str]:
    """The command line that serves `script` as `make run` does (`nodelay=False`: plain `streamlit run`)."""
    launcher = ["vcf_ui.serve"] if nodelay else ["streamlit", "run"]
    line = [sys.executable, "-m", *launcher, script, "--server.headless", "true", "--server.port", str(port),
            "--server.address", address, "--browser.gatherUsageStats", "false"]
    for name, value in (options or {}).items():
        line += [f"--{name}", value]
    return line


def main(argv: list[str] | None = None) -> None:
    install()
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", *(sys.argv[1:] if argv is None else argv)]
    cli.main()


if __name__ == "__main__":
    main()
