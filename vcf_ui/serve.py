"""Serve the app as `streamlit run` does, with TCP_NODELAY on every connection: `python -m vcf_ui.serve app.py ...`.

`make run` and the replicas (`vcf_ui/replicas.py`) start the app through this module; it takes the arguments of
`streamlit run`, and preloads what the first request needs while the server starts (`preload`). `command`,
`wait_until_healthy` and `stop` start, await and stop such a server for the replicas, the benchmarks and the tests.

Why TCP_NODELAY: Streamlit 1.67 listens through uvicorn on a socket it binds itself with `socket.socket(family)`,
so the listener's `proto` is 0 and so is every accepted socket's; asyncio sets TCP_NODELAY only on sockets whose
`proto` is IPPROTO_TCP. With Nagle's algorithm on, every message of a rerun after the first waits for the
browser's delayed ACK: about 40 ms more per click on Linux, longer elsewhere. The same root cause in uvicorn's own
pre-bound sockets: https://github.com/Kludex/uvicorn/issues/3149. Drop `install` (back to `streamlit run`) once
Streamlit's accepted sockets have TCP_NODELAY again: `tests/test_serve_nodelay.py` reads the option from a
served app's own socket, and tells when plain `streamlit run` no longer needs this.
"""

from __future__ import annotations

import asyncio.base_events
import logging
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path


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


def preload() -> None:
    """Import the app's modules, parse its data files and draw the explorer's first view, in this process.

    Run in a thread beside the starting server: the first student's page then finds it done (about 1 s of the
    first request on this machine: pandas, Plotly and Arrow imports, the data files, Plotly's first figures),
    and on a cold start it overlaps the browser loading Streamlit's JavaScript. A broken data file is left for
    the page to report, with its located problems.
    """
    import streamlit.emojis  # noqa: F401 - read by the first page's set_page_config (an emoji icon): 0.1 s

    from vcf_logic.case_library import default_case_library
    from vcf_logic.data_files import DataFileError
    from vcf_logic.evidence import default_evidence
    from vcf_logic.explorer import DEFAULT_VIEW, shared_explorer_data
    from vcf_logic.pathway import default_pathway
    from vcf_ui import explorer_view, layout, walker_view  # noqa: F401 - imported for their import time

    try:
        evidence = default_evidence()
        default_pathway()
        default_case_library()
        shared_explorer_data(evidence).prepare_first_request(DEFAULT_VIEW)
    except DataFileError:
        return
    finally:
        _warm_first_element()


def _warm_first_element() -> None:
    """Do now the one-off work of the first element a page draws in this process.

    Streamlit's first element calls `inspect.stack()` once, to warn a console user (`env_util.is_repl`), and its
    first call reads the path of every module imported: 0.2-0.3 s of the first request on this machine (py-spy,
    `python -m benchmarks.cold_start --profile`). `inspect` keeps what it read, so a call here leaves that
    request little to read.
    """
    import inspect

    inspect.stack()


def _preload_in_background() -> None:
    def run() -> None:
        try:
            preload()
        except Exception:  # noqa: BLE001 - a preload failure must not stop the server; the page shows the error
            logging.getLogger(__name__).exception("preload failed; the first request will load the app")

    threading.Thread(target=run, name="vcf-preload", daemon=True).start()


def command(script: str, port: int, address: str = "127.0.0.1", options: dict[str, str] | None = None,
            nodelay: bool = True) -> list[str]:
    """The command line that serves `script` as `make run` does (`nodelay=False`: plain `streamlit run`)."""
    launcher = ["vcf_ui.serve"] if nodelay else ["streamlit", "run"]
    line = [sys.executable, "-m", *launcher, script, "--server.headless", "true", "--server.port", str(port),
            "--server.address", address, "--browser.gatherUsageStats", "false"]
    for name, value in (options or {}).items():
        line += [f"--{name}", value]
    return line


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_healthy(base_url: str, server: subprocess.Popen, timeout: float = 60, poll: float = 0.02,
                       log: Path | None = None) -> float:
    """Seconds until /_stcore/health answers 200 (polled every `poll` s); a server that exits says why (its log)."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if server.poll() is not None:
            said = log.read_text(encoding="utf-8", errors="replace")[-2000:] if log and log.exists() else ""
            raise RuntimeError(f"{Path(server.args[0]).name} {' '.join(map(str, server.args[1:4]))} exited with code "
                               f"{server.returncode}" + (f": {said}" if said else ""))
        try:
            with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as reply:
                if reply.status == 200:
                    return time.perf_counter() - start
        except OSError:
            time.sleep(poll)
    raise RuntimeError(f"{base_url} did not become healthy within {timeout} s")


def stop(server: subprocess.Popen) -> None:
    """Terminate a server (or the proxy) and wait for it; kill it if it does not stop within 15 s."""
    if server.poll() is not None:
        return
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=5)


def main(argv: list[str] | None = None) -> None:
    install()
    from streamlit.web import cli  # Streamlit whole (and the Plotly it themes) before a second thread imports

    _preload_in_background()
    sys.argv = ["streamlit", "run", *(sys.argv[1:] if argv is None else argv)]
    cli.main()


if __name__ == "__main__":
    main()
