"""Browser journeys: the built storefront (`next start`) in front of the real sidecar.

One stack per test run: a fresh PostgreSQL database of its own (migrated and seeded
with `gurumisha migrate` / `gurumisha seed-demo`, dropped at the end), the sidecar
as a `gurumisha serve` process and the storefront as a `next start` process, both on
free ports, the storefront's origin in the sidecar's CORS_ORIGINS and payments
simulated. Debian's Chromium is driven by the Python `playwright` package
(executable_path, never `playwright install`); every test gets a fresh browser
context (its own cookies and storage).

Needs frontend/node_modules and a build (`scripts/frontend-deps`, then
`npm run build`; scripts/test does both before pytest, and the `storefront_build`
fixture of tests/e2e/conftest.py builds when the build is missing or older than the
sources) and /usr/bin/chromium
(scripts/test installs Debian's package when it is missing). Without them the tests
fail, they do not skip.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Playwright,
    expect,
    sync_playwright,
)

from tests.conftest import ADMIN_DSN, _with_db
from tests.e2e import storefront_app
from tests.e2e.strapi import Process, ShowLogsOnFailure, clean_env, wait_for
from tests.workers.smtp_sink import free_port

ROOT = Path(__file__).resolve().parents[3]
FRONTEND = storefront_app.FRONTEND
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
REVALIDATE_SECRET = "revalidate-" + secrets.token_hex(12)
PREVIEW_SECRET = "preview-" + secrets.token_hex(12)
STRAPI_ADMIN_URL = "https://cms.gurumisha.example"
ADMIN = ("admin@gurumisha.co.ke", "Admin#Demo2026")
PASSWORD = "a-long-password-2026"
# Playwright's default is 30 s per action; the slowest wait here is a simulated
# payment (about 3 s) on a loaded CI machine.
TIMEOUT_MS = 20_000
expect.set_options(timeout=TIMEOUT_MS)


@dataclass
class Storefront:
    url: str
    api_url: str
    database_url: str
    logs: Path
    processes: dict[str, Process] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.api = httpx.Client(base_url=self.api_url, timeout=30)

    def __repr__(self) -> str:
        return f"Storefront({self.url}, sidecar={self.api_url})"

    def login(self, email: str, password: str) -> dict[str, str]:
        """An Authorization header for a direct API call (setting up, never the journey)."""
        response = self.api.post("/v1/auth/login", json={"email": email, "password": password})
        assert response.status_code == 200, response.text
        return {"Authorization": f"Bearer {response.json()['token']}"}

    def admin(self) -> dict[str, str]:
        return self.login(*ADMIN)

    def new_email(self, who: str = "buyer") -> str:
        return f"{who}-{secrets.token_hex(4)}@example.co.ke"

    def register(self, *, full_name: str = "Amani Mwangi") -> tuple[str, dict[str, str]]:
        """A fresh customer created through the API: (email, auth header)."""
        email = self.new_email()
        response = self.api.post(
            "/v1/auth/register",
            json={"email": email, "password": PASSWORD, "fullName": full_name},
        )
        assert response.status_code == 201, response.text
        return email, {"Authorization": f"Bearer {response.json()['token']}"}


def _cli(env: dict[str, str], *args: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sidecar.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0:
        pytest.fail(f"gurumisha {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}", False)


@pytest.fixture(scope="package")
def storefront(
    request: pytest.FixtureRequest,
    storefront_build: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Storefront]:
    logs = tmp_path_factory.mktemp("storefront")
    name = f"gm_e2e_{os.getpid()}_{secrets.token_hex(4)}"
    with psycopg.connect(ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    database_url = _with_db(ADMIN_DSN, name)
    api_port, web_port = free_port(), free_port()
    web_url = f"http://127.0.0.1:{web_port}"
    api_url = f"http://127.0.0.1:{api_port}"
    sidecar_env = clean_env() | {
        "ENVIRONMENT": "development",
        "DATABASE_URL": database_url,
        "JWT_SECRET": secrets.token_urlsafe(48),
        "COOKIE_SECURE": "false",
        "CORS_ORIGINS": web_url,
        # Image URLs and local upload forms on the storefront's origin (proxied).
        "PUBLIC_BASE_URL": web_url,
        "GURUMISHA_DATA_DIR": str(logs / "data"),
        # Every request reaches the sidecar from the storefront's address.
        "RATE_LIMIT_PER_MINUTE": "100000",
        "AUTH_RATE_LIMIT_PER_MINUTE": "100000",
        "PAYMENTS_SIMULATED": "true",
        "FRONTEND_REVALIDATE_URL": f"{web_url}/api/revalidate",
        "FRONTEND_REVALIDATE_SECRET": REVALIDATE_SECRET,
    }
    processes: dict[str, Process] = {}
    show_logs = ShowLogsOnFailure(processes, __package__ or "tests.e2e.storefront")
    request.config.pluginmanager.register(show_logs, f"storefront-logs-{id(show_logs)}")
    stack = Storefront(web_url, api_url, database_url, logs, processes)
    try:
        _cli(sidecar_env, "migrate")
        _cli(sidecar_env, "seed-demo")
        processes["sidecar"] = Process(
            "sidecar",
            [sys.executable, "-m", "sidecar.cli", "serve", "--port", str(api_port)],
            cwd=ROOT,
            env=sidecar_env,
            logs=logs,
        )
        storefront_app.start(
            processes,
            port=web_port,
            env={
                "GURUMISHA_API_URL": api_url,
                "REVALIDATE_SECRET": REVALIDATE_SECRET,
                "PREVIEW_SECRET": PREVIEW_SECRET,
                # Its preview panel may frame /api/preview and draft pages (proxy.ts).
                "STRAPI_ADMIN_URL": STRAPI_ADMIN_URL,
                "PAYMENTS_SIMULATED": "true",
            },
            logs=logs,
        )
        wait_for(
            lambda: httpx.get(f"{api_url}/healthz", timeout=2).status_code == 200,
            "the sidecar to answer /healthz",
            60,
            processes,
        )
        yield stack
    finally:
        for process in reversed(processes.values()):
            process.stop()
        stack.api.close()
        request.config.pluginmanager.unregister(show_logs)
        with psycopg.connect(ADMIN_DSN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# Package scope: Playwright's sync API keeps an asyncio loop running in this thread
# until it stops, so it must stop before later tests (asyncio.run, anyio) run here.
@pytest.fixture(scope="package")
def playwright_driver() -> Iterator[Playwright]:
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} not found: install Debian's chromium (scripts/test does it)", False
        )
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="package")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    browser = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


def new_context(browser: Browser, storefront: Storefront, **options: Any) -> BrowserContext:
    context = browser.new_context(base_url=storefront.url, **options)
    context.set_default_timeout(TIMEOUT_MS)
    return context


@pytest.fixture
def context(browser: Browser, storefront: Storefront) -> Iterator[BrowserContext]:
    context = new_context(browser, storefront, viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


def sign_in(page: Page, email: str, password: str, *, next_path: str = "") -> None:
    """Signs in through the storefront's form, as a person does."""
    page.goto("/login" + (f"?next={next_path}" if next_path else ""))
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/login" not in url)


def wait_until(predicate: Any, what: str, timeout: float = 20.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"waiting for {what}: not within {timeout:.0f} s", pytrace=False)
