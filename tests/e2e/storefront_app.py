"""The built storefront (frontend/.next) as a `next start` process, for the browser tests.

`build()` makes frontend/.next match the sources (the session fixture
`storefront_build` of tests/e2e/conftest.py calls it once per run, for the storefront
journeys and the editors' journey alike); `start()` serves that build on a free port
with the settings given, and waits until it answers.
"""

from __future__ import annotations

import fcntl
import shutil
import subprocess
from pathlib import Path

import httpx
import pytest

from sidecar.devstack.platform import frontend_build_is_stale
from tests.e2e.strapi import ROOT, Process, clean_env, wait_for

FRONTEND = ROOT / "frontend"
NEXT = FRONTEND / "node_modules" / "next" / "dist" / "bin" / "next"


def build() -> Path:
    """frontend/.next from the current sources (built here when missing or stale)."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.fail("node and npm are needed for the storefront journeys", pytrace=False)
    if not (FRONTEND / "node_modules" / ".bin" / "next").exists():
        deps = subprocess.run(
            ["bash", str(ROOT / "scripts" / "frontend-deps")], capture_output=True, text=True
        )
        if deps.returncode != 0:
            pytest.fail(f"scripts/frontend-deps failed:\n{deps.stdout}\n{deps.stderr}", False)
    # Several xdist workers may get here at once: one builds, the others wait for it.
    with (FRONTEND / ".next-build.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if frontend_build_is_stale(FRONTEND):
            _build()
        # Pages cached by another run (other ports, another database) must not be served:
        # every run keeps its ISR cache in memory (ISR_DISK_CACHE=false in start()).
        for cache in ("server/route-cache", "cache/fetch-cache"):
            shutil.rmtree(FRONTEND / ".next" / cache, ignore_errors=True)
    return FRONTEND / ".next"


def _build() -> None:
    built = subprocess.run(
        ["npm", "run", "build"],
        cwd=FRONTEND,
        env=clean_env() | {"NEXT_TELEMETRY_DISABLED": "1"},
        capture_output=True,
        text=True,
        timeout=900,
    )
    if built.returncode != 0:
        pytest.fail(f"npm run build failed:\n{built.stdout[-4000:]}\n{built.stderr}", False)


def start(
    processes: dict[str, Process],
    *,
    port: int,
    env: dict[str, str],
    logs: Path,
    name: str = "storefront",
) -> str:
    """`next start` of the build on 127.0.0.1:``port`` with ``env`` (GURUMISHA_API_URL,
    STRAPI_URL, the secrets...); its URL once it answers."""
    url = f"http://127.0.0.1:{port}"
    processes[name] = Process(
        name,
        ["node", str(NEXT), "start", "--port", str(port), "--hostname", "127.0.0.1"],
        cwd=FRONTEND,
        env=clean_env()
        | {
            "NODE_ENV": "production",
            "NEXT_TELEMETRY_DISABLED": "1",
            "ISR_DISK_CACHE": "false",
            "SITE_URL": url,
        }
        | env,
        logs=logs,
    )
    wait_for(
        lambda: httpx.get(f"{url}/robots.txt", timeout=5).status_code == 200,
        f"the {name} to answer",
        60,
        processes,
    )
    return url
