"""Which address is the client: X-Forwarded-For only from trusted proxies."""

from __future__ import annotations

import ipaddress

import pytest

from sidecar.http.client_ip import resolve_client_ip

PROXIES = [ipaddress.ip_network("10.0.0.0/8")]


class TestResolveClientIp:
    @pytest.mark.parametrize(
        ("peer", "forwarded", "expected"),
        [
            ("203.0.113.9", None, "203.0.113.9"),
            ("203.0.113.9", "1.2.3.4", "203.0.113.9"),  # untrusted peer: header ignored
            ("10.0.0.2", "198.51.100.7", "198.51.100.7"),
            ("10.0.0.2", "6.6.6.6, 198.51.100.7, 10.0.0.3", "198.51.100.7"),  # spoofed left part
            ("10.0.0.2", "10.0.0.5, 10.0.0.3", "10.0.0.5"),  # all hops trusted
            ("10.0.0.2", "garbage", "10.0.0.2"),
            (None, None, "unknown"),
        ],
    )
    def test_walks_from_the_right(self, peer, forwarded, expected):
        assert resolve_client_ip(peer, forwarded, PROXIES) == expected
