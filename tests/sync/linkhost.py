"""A degraded network link of our own: a laptop in this namespace, a server in a new one.

What is real and what is emulated (this kernel has no netem):
- the namespace, the two tun devices, the routes and the sockets are the kernel's;
- the rate (1 Mbit/s each way) is the kernel's token bucket (`tc qdisc ... tbf`) on each side's
  egress device;
- the loss is the kernel's: an nftables table in the server's namespace drops each packet in and
  out with probability `loss` (`numgen random mod 1000 < N drop`), so TCP retransmits for real;
- a drop of the link is `ip link set ... down` on the laptop's device (its route goes away: the
  laptop's sockets see "network unreachable" and stalled connections, as when a modem loses its
  carrier), then up again;
- only the delay is emulated, and at the packet level: a small process (`python -m
  tests.sync.linkhost wire A B DELAY`) reads every IP packet from one tun device and writes it
  into the other `delay` seconds later (half the round trip each way, in order), so TCP sees a
  real 300 ms round trip (its RTO, slow start and retransmissions are the kernel's own).

Every name carries a random tag; everything made is removed in `finally`, whatever failed.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
import random
import shutil
import ssl
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TUNSETIFF = 0x400454CA
IFF_TUN, IFF_NO_PI = 0x0001, 0x1000


def link_problem() -> str | None:
    """Why a degraded link cannot be built here, or None."""
    if os.geteuid() != 0:
        return "needs root (ip netns, tun devices, tc, nft)"
    for tool in ("ip", "tc", "nft"):
        if shutil.which(tool) is None:
            return f"needs the `{tool}` command (iproute2 / nftables)"
    if not os.path.exists("/dev/net/tun"):
        return "needs /dev/net/tun"
    return None


def _run(*cmd: str, ns: str | None = None, check: bool = True) -> str:
    full = (["ip", "netns", "exec", ns] if ns else []) + list(cmd)
    done = subprocess.run(full, capture_output=True, text=True, check=False)
    if check and done.returncode != 0:
        raise RuntimeError(f"{' '.join(full)}: {done.stderr.strip()}")
    return done.stdout


@dataclass
class Link:
    """A built link: the laptop reaches `server_ip` through it; run the server with `ns_cmd`."""

    tag: str
    ns: str
    laptop_dev: str
    server_dev: str
    laptop_ip: str
    server_ip: str
    drops: list[float] = field(default_factory=list)

    def ns_cmd(self, *cmd: str) -> list[str]:
        return ["ip", "netns", "exec", self.ns, *cmd]

    def down(self) -> None:
        _run("ip", "link", "set", self.laptop_dev, "down")

    def up(self) -> None:
        _run("ip", "link", "set", self.laptop_dev, "up")

    def drop_for(self, seconds: float) -> threading.Timer:
        """Take the link down now and bring it up after `seconds` (the scenario's own clock)."""
        self.down()
        self.drops.append(seconds)
        timer = threading.Timer(seconds, self.up)
        timer.daemon = True
        timer.start()
        return timer

    def silence_for(self, seconds: float) -> threading.Timer:
        """Every packet lost both ways for `seconds` (the kernel drops them: nft), the devices
        staying up: coverage lost with the modem still attached, so TCP only sees silence."""
        dev = self.server_dev
        rules = (
            "table inet silent {\n"
            f' chain inward {{ type filter hook input priority -10; iifname "{dev}" drop\n }}\n'
            f' chain outward {{ type filter hook output priority -10; oifname "{dev}" drop\n }}\n'
            "}\n"
        )
        subprocess.run(self.ns_cmd("nft", "-f", "-"), input=rules, text=True, check=True)
        self.drops.append(seconds)
        timer = threading.Timer(
            seconds, lambda: _run("nft", "delete", "table", "inet", "silent", ns=self.ns)
        )
        timer.daemon = True
        timer.start()
        return timer

    def counters(self) -> dict[str, int]:
        """IP bytes and packets through the laptop's device: sent (to the server) and received,
        retransmissions and headers included (the kernel's counters)."""
        stats = Path(f"/sys/class/net/{self.laptop_dev}/statistics")
        read = lambda name: int((stats / name).read_text())  # noqa: E731
        return {
            "sent_bytes": read("tx_bytes"),
            "received_bytes": read("rx_bytes"),
            "sent_packets": read("tx_packets"),
            "received_packets": read("rx_packets"),
        }

    def lost_packets(self) -> int:
        """Packets the kernel's loss rule dropped (both ways)."""
        out = _run("nft", "list", "table", "inet", "lossy", ns=self.ns)
        return sum(int(part.split()[0]) for part in out.split("packets")[1:])


@contextlib.contextmanager
def degraded_link(
    rtt: float = 0.3, loss: float = 0.03, rate: str = "1mbit", seed: int | None = None
) -> Iterator[Link]:
    """Build the link, yield it, and remove the namespace, devices, qdiscs and rules after."""
    rng = random.Random(seed)
    tag = f"{os.getpid() % 10000:04d}{rng.randrange(16**4):04x}"
    octet2, octet3 = 64 + rng.randrange(64), rng.randrange(256)
    link = Link(
        tag=tag,
        ns=f"crmlink-{tag}",
        laptop_dev=f"crmL{tag}",
        server_dev=f"crmS{tag}",
        laptop_ip=f"10.{octet2}.{octet3}.1",
        server_ip=f"10.{octet2}.{octet3}.2",
    )
    wire: subprocess.Popen[bytes] | None = None
    try:
        _run("ip", "netns", "add", link.ns)
        for dev in (link.laptop_dev, link.server_dev):
            _run("ip", "tuntap", "add", "dev", dev, "mode", "tun")
        wire = subprocess.Popen(
            [sys.executable, "-m", "tests.sync.linkhost", "wire", link.laptop_dev,
             link.server_dev, str(rtt / 2)],
            stdout=subprocess.PIPE, cwd=Path(__file__).resolve().parents[2],
        )  # fmt: skip
        assert wire.stdout is not None
        if wire.stdout.readline().strip() != b"ready":
            raise RuntimeError("the delay wire did not start")
        # The wire holds both devices open; the server's side moves into its namespace.
        _run("ip", "link", "set", link.server_dev, "netns", link.ns)
        _run("ip", "addr", "add", link.laptop_ip, "peer", link.server_ip, "dev", link.laptop_dev)
        _run("ip", "link", "set", link.laptop_dev, "up")
        _run("ip", "link", "set", "lo", "up", ns=link.ns)
        _run("ip", "addr", "add", link.server_ip, "peer", link.laptop_ip, "dev", link.server_dev,
             ns=link.ns)  # fmt: skip
        _run("ip", "link", "set", link.server_dev, "up", ns=link.ns)
        # Rate: the kernel's token bucket on each side's way out (a modem's buffer of ~1 s).
        tbf = ("tbf", "rate", rate, "burst", "4kb", "latency", "1s")
        _run("tc", "qdisc", "add", "dev", link.laptop_dev, "root", *tbf)
        _run("tc", "qdisc", "add", "dev", link.server_dev, "root", *tbf, ns=link.ns)
        drop = f"numgen random mod 1000 < {round(loss * 1000)} counter drop"
        rules = (
            "table inet lossy {\n"
            " chain inward { type filter hook input priority 0; policy accept;\n"
            f'  iifname "{link.server_dev}" {drop}\n }}\n'
            " chain outward { type filter hook output priority 0; policy accept;\n"
            f'  oifname "{link.server_dev}" {drop}\n }}\n'
            "}\n"
        )
        subprocess.run(
            ["ip", "netns", "exec", link.ns, "nft", "-f", "-"], input=rules, text=True,
            check=True, capture_output=True,
        )  # fmt: skip
        yield link
    finally:
        if wire is not None:
            wire.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                wire.wait(timeout=5)
            if wire.poll() is None:
                wire.kill()
                wire.wait(timeout=5)
        # The namespace takes its device, qdisc and rules with it; ours are removed by name.
        _run("ip", "netns", "del", link.ns, check=False)
        for dev in (link.laptop_dev, link.server_dev):
            _run("ip", "link", "del", dev, check=False)


@dataclass
class LinkServer:
    """`crm-server run` inside the link's namespace, speaking HTTPS with a certificate for its
    address (the laptop refuses plain http:// to anything but loopback)."""

    base: str
    proc: subprocess.Popen[bytes]
    verify: ssl.SSLContext


@contextlib.contextmanager
def server_behind(link: Link, db_url: str, folder: Path) -> Iterator[LinkServer]:
    import httpx
    import trustme

    ca = trustme.CA(organization_name="Oficina rural de prueba")
    cert = ca.issue_cert(link.server_ip)
    certfile, keyfile = folder / f"{link.tag}.pem", folder / f"{link.tag}.key"
    cert.private_key_and_cert_chain_pem.write_to_path(str(certfile))
    cert.private_key_pem.write_to_path(str(keyfile))
    verify = ssl.create_default_context()
    ca.configure_trust(verify)
    env = dict(os.environ, CRM_SERVER_CONTENT_DIR=str(folder / "content"))
    log = folder / f"server-{link.tag}.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            link.ns_cmd(sys.executable, "-m", "crm_server", "--database-url", db_url, "run",
                        "--host", link.server_ip, "--port", "8443",
                        "--certfile", str(certfile), "--keyfile", str(keyfile)),
            env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    base = f"https://{link.server_ip}:8443"
    try:
        deadline = time.monotonic() + 60
        while True:  # its start, seen through the link (each try a TLS handshake at 300 ms)
            if proc.poll() is not None:
                raise RuntimeError(f"the server exited: {log.read_text()}")
            try:
                if httpx.get(f"{base}/v1/health", verify=verify, timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield LinkServer(base, proc, verify)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)


def end_of_day(laptop: Any, owner_id: str, changes: int) -> list[str]:
    """A rep's day as `changes` ops: half new accounts, half an edit of each (its notes). Each
    account has its own NIT: the server looks for accounts sharing one (possible duplicates),
    and a day of one shared NIT would measure that search instead of the sync."""
    from stdnum.co import nit

    from crm_desktop.models import Account
    from crm_desktop.services.core import crud
    from tests.factories import account_values

    made: list[str] = []
    first = 700_000_000 + int(owner_id.replace("-", "")[-6:], 16) % 2000 * 100_000
    with laptop.tx() as session:
        for n in range(changes // 2):
            number = str(first + n)
            values = account_values(
                owner_id=owner_id,
                legal_name=f"Finca La Esperanza {n}",
                tax_id=f"{number}-{nit.calc_check_digit(number)}",
            )
            made.append(crud.create(session, Account, values).id)
    with laptop.tx() as session:
        for n, row_id in enumerate(made):
            crud.update(session, Account, row_id, {"notes": f"Visita {n}: pide cotización."})
    return made


def leftovers(tag: str) -> list[str]:
    """Anything of this tag's link still on the machine (a test checks there is none)."""
    found = [n for n in _run("ip", "netns", "list").split() if tag in n]
    found += [d for d in os.listdir("/sys/class/net") if tag in d]
    return found


# -- the delay wire (its own process) ---------------------------------------------------------
def _open_tun(name: str) -> int:
    fd = os.open("/dev/net/tun", os.O_RDWR | os.O_NONBLOCK)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TUN | IFF_NO_PI))
    return fd


async def _wire(a: str, b: str, delay: float) -> None:
    loop = asyncio.get_running_loop()
    fds = {a: _open_tun(a), b: _open_tun(b)}

    def deliver(fd: int, packet: bytes) -> None:
        with contextlib.suppress(OSError):  # the device is down: the packet is lost
            os.write(fd, packet)

    def forward(src: int, dst: int) -> None:
        while True:
            try:
                packet = os.read(src, 65536)
            except (BlockingIOError, OSError):
                return
            loop.call_later(delay, deliver, dst, packet)

    loop.add_reader(fds[a], forward, fds[a], fds[b])
    loop.add_reader(fds[b], forward, fds[b], fds[a])
    print("ready", flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    if sys.argv[1:2] == ["wire"]:
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(_wire(sys.argv[2], sys.argv[3], float(sys.argv[4])))
