"""Several replicas of the app behind Debian's HAProxy on one machine: `python -m vcf_ui.replicas` (`make replicas`).

Starts N servers as `make run` does (vcf_ui/serve.py), each on its own loopback port and all with one cookie
secret (Streamlit signs its cookies and XSRF tokens with it, so every replica accepts what another signed), then
HAProxy in front, which pins each browser to one replica with a cookie it inserts (uploads and media are
separate HTTP requests that must reach the replica holding the session's websocket). Ctrl-C stops them all.
The configuration is README's ("Several replicas behind a load balancer"); `haproxy_config` writes it.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from vcf_ui.page_registry import APP_ROOT
from vcf_ui.serve import command, free_port, stop, wait_until_healthy

COOKIE = "VCF_REPLICA"  # the proxy's cookie naming the replica a browser is pinned to
SECRET_VARIABLE = "STREAMLIT_SERVER_COOKIE_SECRET"


@dataclass(frozen=True)
class Replicas:
    url: str  # the proxy: what students open
    replica_urls: tuple[str, ...]
    replica_pids: tuple[int, ...]
    proxy_pid: int


def haproxy_config(proxy_port: int, replica_ports: list[int], bind: str = "127.0.0.1") -> str:
    """README's HAProxy configuration: cookie stickiness, websockets passed through, health-checked replicas."""
    servers = "\n".join(f"    server app{i} 127.0.0.1:{port} check cookie app{i}"
                        for i, port in enumerate(replica_ports, start=1))
    return f"""global
    maxconn 4096

defaults
    mode http
    timeout connect 5s
    timeout client 60s
    timeout server 60s
    timeout tunnel 2h          # open websockets

frontend vcf
    bind {bind}:{proxy_port}
    default_backend streamlit

backend streamlit
    balance leastconn
    cookie {COOKIE} insert indirect nocache
    option httpchk GET /_stcore/health
{servers}
"""


@contextmanager
def running_replicas(count: int = 2, port: int | None = None, bind: str = "127.0.0.1",
                     env: dict[str, str] | None = None, haproxy: str = "haproxy") -> Iterator[Replicas]:
    """`count` replicas and HAProxy in front on `port` (a free one if None), healthy; all stopped afterwards."""
    if shutil.which(haproxy) is None:
        raise FileNotFoundError(f"no {haproxy} on PATH: apt-get install haproxy")
    environment = {**os.environ, SECRET_VARIABLE: secrets.token_hex(32), **(env or {})}
    # The launcher is a module of this app: reachable from any working directory.
    environment["PYTHONPATH"] = os.pathsep.join(filter(None, [str(APP_ROOT), environment.get("PYTHONPATH")]))
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="vcf-replicas-")))
        ports = [free_port() for _ in range(count)]
        servers = []
        for index, replica_port in enumerate(ports, start=1):
            log = stack.enter_context(open(folder / f"app{index}.log", "wb"))  # noqa: SIM115 - closed by the stack
            server = subprocess.Popen(command("app.py", replica_port), cwd=APP_ROOT, env=environment,
                                      stdout=subprocess.DEVNULL, stderr=log)
            stack.callback(stop, server)
            servers.append(server)
        urls = tuple(f"http://127.0.0.1:{p}" for p in ports)
        for index, (url, server) in enumerate(zip(urls, servers, strict=True), start=1):
            wait_until_healthy(url, server, log=folder / f"app{index}.log")
        proxy_port = port or free_port()
        config = folder / "haproxy.cfg"
        config.write_text(haproxy_config(proxy_port, ports, bind), encoding="utf-8")
        subprocess.run([haproxy, "-c", "-q", "-f", str(config)], check=True)
        proxy_log = stack.enter_context(open(folder / "haproxy.log", "wb"))  # noqa: SIM115 - closed by the stack
        proxy = subprocess.Popen([haproxy, "-db", "-f", str(config)], stdout=proxy_log, stderr=subprocess.STDOUT)
        stack.callback(stop, proxy)
        proxy_url = f"http://127.0.0.1:{proxy_port}"
        wait_until_healthy(proxy_url, proxy, log=folder / "haproxy.log")
        yield Replicas(proxy_url, urls, tuple(s.pid for s in servers), proxy.pid)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m vcf_ui.replicas", description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, default=2, help="one per core: the interpreter lock (default 2)")
    parser.add_argument("--port", type=int, default=8501, help="the proxy's port, what students open")
    parser.add_argument("--bind", default="127.0.0.1", help="the proxy's address; 0.0.0.0 for a classroom network")
    args = parser.parse_args(argv)
    with running_replicas(args.replicas, args.port, args.bind) as replicas:
        print(f"{args.replicas} replicas ({', '.join(replicas.replica_urls)}) behind HAProxy: "
              f"http://{args.bind}:{args.port}  (Ctrl-C stops them all)", flush=True)
        stopping = []
        signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
        try:
            while not stopping:
                time.sleep(1)
        except KeyboardInterrupt:
            pass
    print("stopped", flush=True)


if __name__ == "__main__":
    main()
