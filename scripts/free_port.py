#!/usr/bin/env python3
"""Print a free TCP port on 127.0.0.1 for a test server to listen on.

The port is taken *below* the kernel's ephemeral range. A port found by binding to port 0 comes
from that range, and once released the kernel may hand it straight to the next program that binds
to port 0 — in CI that was the OpenID Connect provider or the fake Stripe, started after the port
was chosen and before Petrel, so Petrel found its port taken and the browser suite talked to the
fake Stripe. Helpers that bind to port 0 never get a port outside that range.
"""
import random
import socket


def ephemeral_low():
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
            return int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def free_port():
    low = max(ephemeral_low(), 12000)
    for _ in range(200):
        port = random.randrange(10000, low)
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
        return port
    raise SystemExit("free_port: no free port below the ephemeral range")


if __name__ == "__main__":
    print(free_port())
