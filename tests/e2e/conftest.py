"""Fixtures of the real-Strapi tests: Strapi's packages and admin panel, the built
storefront, and the processes each module starts (their logs follow any failing test
of the module)."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e import storefront_app
from tests.e2e.strapi import ROOT, Process, ShowLogsOnFailure


def _run_script(name: str, timeout: float) -> dict[str, Any]:
    """Runs scripts/<name>; its cache decides how long that takes."""
    began = time.monotonic()
    try:
        result = subprocess.run(
            ["bash", str(ROOT / "scripts" / name)],
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"scripts/{name} took over {timeout:.0f} s:\n{exc.output}", pytrace=False)
    output = (result.stdout + result.stderr).strip()
    if result.returncode != 0:
        pytest.fail(
            f"scripts/{name} failed ({result.returncode}):\n{output[-4000:]}", pytrace=False
        )
    return {"seconds": time.monotonic() - began, "output": output}


@pytest.fixture(scope="session")
def strapi_node_modules() -> dict[str, Any]:
    """strapi-config/node_modules matching the lockfile, via scripts/strapi-deps."""
    missing = [tool for tool in ("node", "npm") if shutil.which(tool) is None]
    if missing:
        pytest.fail(
            f"{' and '.join(missing)} not found on PATH: the real-Strapi tests need Node 20 "
            "or 22 with npm (see docs/CONTENT.md). Install them; these tests are not optional.",
            pytrace=False,
        )
    result = _run_script("strapi-deps", timeout=900)
    output = result["output"]
    result["how"] = (
        "npm ci and cache fill"
        if "npm ci took" in output
        else "cache restore"
        if " from " in output
        else "up to date"
    )
    return result


@pytest.fixture(scope="session")
def strapi_admin_panel(strapi_node_modules: dict[str, Any]) -> dict[str, Any]:
    """strapi-config/build (the admin panel) matching its inputs, via scripts/strapi-admin-build."""
    result = _run_script("strapi-admin-build", timeout=900)
    output = result["output"]
    result["how"] = (
        "built and cached"
        if "npm run build took" in output
        else "cache restore"
        if "copied from" in output
        else "up to date"
    )
    return result


@pytest.fixture(scope="session")
def storefront_build() -> Path:
    """frontend/.next from the current sources: one build per run, for the storefront
    journeys (tests/e2e/storefront/) and the editors' preview (test_strapi_editors.py)."""
    return storefront_app.build()


@pytest.fixture(scope="module")
def processes(request: pytest.FixtureRequest) -> Iterator[dict[str, Process]]:
    """The module's processes by name; a failing test (or start) shows their logs.
    Outlives the module's stack fixture, whose clean-up runs before a failed start is
    reported."""
    processes: dict[str, Process] = {}
    show_logs = ShowLogsOnFailure(processes, request.module.__name__)
    request.config.pluginmanager.register(show_logs, f"strapi-logs-{id(show_logs)}")
    yield processes
    request.config.pluginmanager.unregister(show_logs)
