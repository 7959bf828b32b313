"""The real thing: Strapi 5 from strapi-config/, its real webhook, the sidecar as a process.

An editor's REST calls (with the API token Strapi's bootstrap writes) publish a
vehicle make, a model and an article; Strapi's own webhook reaches the sidecar, whose
in-process job re-reads each document from Strapi and mirrors it. A car listed as
"toyota"/"COROLLA" afterwards shows the catalogue's names and the article. A webhook
lost while the sidecar was down is repaired by the next reconciliation (`cms-sync`),
and a mirror row gone missing by the full one (`cms-sync --full`).

Needs Node 20-22 with npm (the test fails, it does not skip, without them) and the
PostgreSQL the rest of the suite uses. `scripts/strapi-deps` installs strapi-config's
node_modules: `npm ci` once per lockfile on a machine (about 70 s), then a cached copy.
Strapi gets a fresh database of its own (dropped at the end); the sidecar uses the
suite's database. Timings are written to the terminal at the end of the module.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
from sqlalchemy import create_engine, delete, select, text

from sidecar.core.database import Database
from sidecar.models import Base, CmsEntry, WebhookEvent
from tests.conftest import ADMIN_DSN, _with_db
from tests.workers.smtp_sink import free_port

ROOT = Path(__file__).resolve().parents[2]
STRAPI_DIR = ROOT / "strapi-config"
SECRET = "webhook-" + secrets.token_hex(16)
PASSWORD = "correct-horse-battery"
BOOT_TIMEOUT = 180.0  # a cold Strapi start is ~5 s; CI machines can be far slower
MIRROR_TIMEOUT = 30.0  # "within seconds": measured ~0.5 s

log = logging.getLogger(__name__)

# What reaches the processes from the caller's environment: nothing that configures
# Strapi or the sidecar (a developer's CELERY_BROKER_URL or S3_BUCKET would change
# what is tested), only what Node, npm and Python need to run.
_PASS_THROUGH = (
    "PATH",
    "HOME",
    "USER",
    "LANG",
    "LC_ALL",
    "LC_CTYPE",
    "TZ",
    "TMPDIR",
    "NODE_OPTIONS",
    "NODE_EXTRA_CA_CERTS",
    "SSL_CERT_FILE",
    "SSL_CERT_DIR",
    "VIRTUAL_ENV",
    "PYTHONPATH",
)


def _clean_env() -> dict[str, str]:
    return {name: os.environ[name] for name in _PASS_THROUGH if name in os.environ}


class Process:
    """A child in its own process group (so a kill takes its children), logging to a file."""

    def __init__(
        self, name: str, command: list[str], *, cwd: Path, env: dict[str, str], logs: Path
    ):
        self.name = name
        self.log = logs / f"{name}.log"
        with self.log.open("a") as handle:
            self.popen = subprocess.Popen(
                command,
                cwd=cwd,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=handle,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def running(self) -> bool:
        return self.popen.poll() is None

    def stop(self) -> None:
        if self.popen.poll() is None:
            try:
                os.killpg(self.popen.pid, signal.SIGTERM)
                self.popen.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait(10)
            except ProcessLookupError:
                pass
        # The leader may be gone while a child lingers in the group.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signal.SIGKILL)

    def tail(self, chars: int = 4000) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        state = "running" if self.running() else f"exited with {self.popen.returncode}"
        return f"--- {self.name} ({state}), end of {self.log}:\n{text[-chars:]}"


@dataclass
class Stack:
    strapi_url: str
    sidecar_url: str
    token: str
    sidecar_env: dict[str, str]
    logs: Path
    processes: dict[str, Process] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)

    def __repr__(self) -> str:  # short in tracebacks, and without the token
        return f"Stack(strapi={self.strapi_url}, sidecar={self.sidecar_url})"

    def __post_init__(self) -> None:
        self.strapi = httpx.Client(
            base_url=self.strapi_url, headers={"Authorization": f"Bearer {self.token}"}, timeout=30
        )
        self.api = httpx.Client(base_url=self.sidecar_url, timeout=30)

    def fail(self, message: str) -> None:
        pytest.fail(message, pytrace=False)  # the logs follow (ShowLogsOnFailure)

    def wait_for(self, predicate: Callable[[], Any], what: str, timeout: float) -> Any:
        return wait_for(predicate, what, timeout, self.processes)

    def start_sidecar(self) -> None:
        port = self.sidecar_url.rsplit(":", 1)[1]
        self.processes["sidecar"] = Process(
            "sidecar",
            [sys.executable, "-m", "sidecar.cli", "serve", "--port", port],
            cwd=ROOT,
            env=self.sidecar_env,
            logs=self.logs,
        )
        self.wait_for(
            lambda: httpx.get(f"{self.sidecar_url}/healthz", timeout=2).status_code == 200,
            "the sidecar to answer /healthz",
            60,
        )

    def stop_sidecar(self) -> None:
        self.processes["sidecar"].stop()

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        """`gurumisha <args>` as operators run it, with the sidecar's environment."""
        result = subprocess.run(
            [sys.executable, "-m", "sidecar.cli", *args],
            cwd=ROOT,
            env=self.sidecar_env,
            capture_output=True,
            text=True,
            timeout=180,
        )
        if result.returncode != 0:
            self.fail(
                f"`gurumisha {' '.join(args)}` exited with {result.returncode}:\n"
                f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
            )
        return result

    def publish(self, plural: str, data: dict[str, Any]) -> dict[str, Any]:
        """Creates and publishes a document as an editor's script would (API token)."""
        response = self.strapi.post(
            f"/api/{plural}", params={"status": "published"}, json={"data": data}
        )
        if response.status_code not in (200, 201):
            self.fail(f"Strapi refused POST /api/{plural}: {response.status_code} {response.text}")
        document: dict[str, Any] = response.json()["data"]
        assert document["publishedAt"], document
        return document

    def mirrored(self, content_type: str, document_id: str) -> dict[str, Any] | None:
        """The sidecar's published copy of a document, as the site reads it (or None)."""
        response = self.api.get(f"/v1/content/{content_type}/{document_id}")
        if response.status_code == 404:
            return None
        assert response.status_code == 200, response.text
        data: dict[str, Any] = response.json()["data"]
        return data


def wait_for(
    predicate: Callable[[], Any],
    what: str,
    timeout: float,
    processes: dict[str, Process],
) -> Any:
    """Polls until ``predicate`` is truthy; fails (naming a dead process) otherwise."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            value = predicate()
        except httpx.HTTPError:
            value = None
        if value:
            return value
        dead = [name for name, process in processes.items() if not process.running()]
        if dead or time.monotonic() > deadline:
            why = f"{', '.join(dead)} exited" if dead else f"not within {timeout:.0f} s"
            pytest.fail(f"waiting for {what}: {why}", pytrace=False)  # logs: ShowLogsOnFailure
        time.sleep(0.05)


class ShowLogsOnFailure:
    """A plugin, registered while the stack runs: every failing test of this module
    reports the end of Strapi's and the sidecar's logs under its traceback."""

    def __init__(self, processes: dict[str, Process]):
        self.processes = processes

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> Iterator[pytest.TestReport]:
        report: pytest.TestReport = yield
        if report.failed and item.module is not None and item.module.__name__ == __name__:
            for process in self.processes.values():
                report.sections.append((f"{process.name} log (end)", process.tail()))
        return report


def report(config: pytest.Config, timings: dict[str, float], notes: str = "") -> None:
    """Writes the timings to the terminal (also without -s) and the log."""
    line = "real-Strapi timings: " + ", ".join(f"{k} {v:.2f} s" for k, v in timings.items())
    if notes:
        line += f"\n{notes}"
    log.info(line)
    terminal = config.pluginmanager.get_plugin("terminalreporter")
    capture = config.pluginmanager.get_plugin("capturemanager")
    if terminal is None or capture is None:  # pragma: no cover - pytest without them
        print(line)  # noqa: T201
        return
    with capture.global_and_fixture_disabled():  # past pytest's output capture
        terminal.ensure_newline()
        terminal.write_line(line)


@pytest.fixture(scope="session")
def strapi_node_modules() -> dict[str, Any]:
    """strapi-config/node_modules matching the lockfile, via scripts/strapi-deps."""
    missing = [tool for tool in ("node", "npm") if shutil.which(tool) is None]
    if missing:
        pytest.fail(
            f"{' and '.join(missing)} not found on PATH: the real-Strapi test needs Node 20 "
            "or 22 with npm (see docs/CONTENT.md). Install them; this test is not optional.",
            pytrace=False,
        )
    began = time.monotonic()
    try:
        result = subprocess.run(
            ["bash", str(ROOT / "scripts" / "strapi-deps")],
            capture_output=True,
            text=True,
            timeout=900,
        )
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"scripts/strapi-deps took over 15 minutes:\n{exc.output}", pytrace=False)
    elapsed = time.monotonic() - began
    output = (result.stdout + result.stderr).strip()
    if result.returncode != 0:
        pytest.fail(
            f"scripts/strapi-deps failed ({result.returncode}):\n{output[-4000:]}", pytrace=False
        )
    how = (
        "npm ci and cache fill"
        if "npm ci took" in output
        else "cache restore"
        if " from " in output
        else "up to date"
    )
    return {"how": how, "seconds": elapsed, "output": output}


@pytest.fixture(scope="module")
def processes(request: pytest.FixtureRequest) -> Iterator[dict[str, Process]]:
    """The module's processes by name; a failing test (or start) shows their logs.
    Outlives `stack`, whose clean-up runs before a failed start is reported."""
    processes: dict[str, Process] = {}
    show_logs = ShowLogsOnFailure(processes)
    request.config.pluginmanager.register(show_logs, f"strapi-real-logs-{id(show_logs)}")
    yield processes
    request.config.pluginmanager.unregister(show_logs)


@pytest.fixture(scope="module")
def stack(
    request: pytest.FixtureRequest,
    processes: dict[str, Process],
    strapi_node_modules: dict[str, Any],
    database_url: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Stack]:
    """Strapi on a fresh database, then the sidecar (with Strapi's token), as processes."""
    logs = tmp_path_factory.mktemp("strapi-real")
    timings = {f"strapi deps ({strapi_node_modules['how']})": strapi_node_modules["seconds"]}
    strapi_db = f"strapi_test_{os.getpid()}_{secrets.token_hex(4)}"
    with psycopg.connect(ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{strapi_db}"')
    strapi_port, sidecar_port = free_port(), free_port()
    token_file = logs / "strapi-api-token"
    strapi_env = _clean_env() | {
        "NODE_ENV": "production",  # as deployed: the secrets below are checked
        "DATABASE_URL": _with_db(ADMIN_DSN, strapi_db),
        "DATABASE_SSL": "false",
        "DATABASE_SCHEMA": "public",
        "HOST": "127.0.0.1",
        "PORT": str(strapi_port),
        "PUBLIC_URL": "",
        "STRAPI_SERVE_ADMIN": "false",
        "STRAPI_TELEMETRY_DISABLED": "true",
        "APP_KEYS": f"{secrets.token_hex(16)},{secrets.token_hex(16)}",
        "API_TOKEN_SALT": secrets.token_hex(16),
        "ADMIN_JWT_SECRET": secrets.token_hex(16),
        "TRANSFER_TOKEN_SALT": secrets.token_hex(16),
        "JWT_SECRET": secrets.token_hex(16),
        "STRAPI_WEBHOOK_SECRET": SECRET,
        "SIDECAR_WEBHOOK_URL": f"http://127.0.0.1:{sidecar_port}/v1/webhooks/strapi",
        "STRAPI_BOOTSTRAP_API_TOKEN_FILE": str(token_file),
        "S3_BUCKET": "",  # local uploads, whatever a strapi-config/.env says
        "CMS_LOCALES": "en,sw",
        "CMS_DEFAULT_LOCALE": "en",
    }
    strapi_url = f"http://127.0.0.1:{strapi_port}"
    sidecar_env = _clean_env() | {
        "DATABASE_URL": database_url,
        # "test": jobs run in the API process, but no in-process beat, whose outbox
        # sweep would act on rows other tests in this database leave behind.
        "ENVIRONMENT": "test",
        "COOKIE_SECURE": "false",
        "STRAPI_URL": strapi_url,
        "STRAPI_WEBHOOK_SECRET": SECRET,
        "GURUMISHA_DATA_DIR": str(logs / "gurumisha-data"),
    }
    stack: Stack | None = None
    try:
        began = time.monotonic()
        processes["strapi"] = Process(
            "strapi", ["npm", "run", "start"], cwd=STRAPI_DIR, env=strapi_env, logs=logs
        )
        wait_for(
            lambda: httpx.get(f"{strapi_url}/_health", timeout=2).status_code == 204,
            "Strapi to answer /_health",
            BOOT_TIMEOUT,
            processes,
        )
        timings["strapi boot to /_health"] = time.monotonic() - began
        # The bootstrap writes the token before the server listens.
        token = wait_for(
            lambda: token_file.exists() and token_file.read_text().strip(),
            f"the API token in {token_file}",
            30,
            processes,
        )
        sidecar_env["STRAPI_API_TOKEN"] = token
        stack = Stack(
            strapi_url=strapi_url,
            sidecar_url=f"http://127.0.0.1:{sidecar_port}",
            token=token,
            sidecar_env=sidecar_env,
            logs=logs,
            processes=processes,
            timings=timings,
        )
        began = time.monotonic()
        stack.start_sidecar()
        timings["sidecar boot"] = time.monotonic() - began
        yield stack
    finally:
        for process in reversed(processes.values()):
            process.stop()
        if stack is not None:
            stack.strapi.close()
            stack.api.close()
        with psycopg.connect(ADMIN_DSN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{strapi_db}" WITH (FORCE)')
        _empty_sidecar_tables(database_url)
        report(request.config, timings, strapi_node_modules["output"])


def _empty_sidecar_tables(database_url: str) -> None:
    """Nothing of ours for later tests: a late webhook may have written after the last
    test's own clean-up (the sidecar was still running then)."""
    engine = create_engine(database_url)
    try:
        with engine.begin() as connection:
            tables = ", ".join(table.name for table in Base.metadata.sorted_tables)
            connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    finally:
        engine.dispose()


def settle(stack: Stack, db: Database) -> None:
    """Waits until every webhook delivery the sidecar received has been processed."""

    def settled() -> bool:
        with db.transaction() as session:
            pending = session.scalar(
                select(WebhookEvent.id).where(WebhookEvent.processed_at.is_(None)).limit(1)
            )
        return pending is None

    time.sleep(0.3)  # deliveries Strapi is still sending
    stack.wait_for(settled, "the sidecar to process every webhook delivery", MIRROR_TIMEOUT)


def publish_latencies(db: Database, document_ids: set[str]) -> list[tuple[float, float]]:
    """Per entry.publish delivery: (Strapi's publishedAt -> inbox, inbox -> processed)."""
    with db.transaction() as session:
        events = session.scalars(
            select(WebhookEvent).where(WebhookEvent.event == "entry.publish")
        ).all()
        latencies = []
        for event in events:
            entry = event.payload.get("entry") or {}
            if entry.get("documentId") not in document_ids or event.processed_at is None:
                continue
            published = datetime.fromisoformat(entry["publishedAt"].replace("Z", "+00:00"))
            latencies.append(
                (
                    (event.received_at - published).total_seconds(),
                    (event.processed_at - event.received_at).total_seconds(),
                )
            )
    return latencies


def sign_in_admin(stack: Stack) -> dict[str, str]:
    email = f"admin-{secrets.token_hex(4)}@gurumisha.co.ke"
    stack.cli("create-admin", "--email", email, "--password", PASSWORD)
    response = stack.api.post("/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def test_publishing_in_strapi_reaches_a_car_listing_through_the_real_webhook(
    stack: Stack, db: Database
):
    began = time.monotonic()
    toyota = stack.publish("vehicle-makes", {"name": "Toyota", "country": "Japan"})
    corolla = stack.publish(
        "vehicle-models",
        {
            "name": "Corolla",
            "make": toyota["documentId"],
            "body_type": "sedan",
            "year_from": 1966,
        },
    )
    article = stack.publish(
        "articles",
        {
            "title": "Buying a used Corolla in Nairobi",
            "excerpt": "What to check before paying a deposit.",
            "body": "Check the logbook at NTSA before paying any deposit.",
            "tags": ["Buying guide", "nairobi"],
            "vehicle_makes": [toyota["documentId"]],
            "vehicle_models": [corolla["documentId"]],
        },
    )
    published = time.monotonic()
    stack.timings["3 REST publishes"] = published - began

    # Nobody calls the sidecar: only Strapi's webhook can bring these.
    model = stack.wait_for(
        lambda: stack.mirrored("vehicle-models", corolla["documentId"]),
        "the model in the sidecar's mirror",
        MIRROR_TIMEOUT,
    )
    mirrored_article = stack.wait_for(
        lambda: stack.mirrored("articles", article["documentId"]),
        "the article in the sidecar's mirror",
        MIRROR_TIMEOUT,
    )
    stack.timings["last publish to mirror (via sidecar API)"] = time.monotonic() - published
    settle(stack, db)
    ids = {toyota["documentId"], corolla["documentId"], article["documentId"]}
    latencies = publish_latencies(db, ids)
    assert len(latencies) == 3, latencies  # the mirror came from the webhook deliveries
    stack.timings["max Strapi publish to sidecar inbox"] = max(a for a, _ in latencies)
    stack.timings["max inbox to mirror (job re-reads Strapi)"] = max(b for _, b in latencies)

    assert model["name"] == "Corolla"
    assert model["make"]["slug"] == "toyota"
    assert mirrored_article["title"] == "Buying a used Corolla in Nairobi"
    assert [m["slug"] for m in mirrored_article["vehicle_models"]] == ["corolla"]
    listed = stack.api.get("/v1/content/vehicle-models", params={"limit": 100}).json()["data"]
    assert [row["document_id"] for row in listed] == [corolla["documentId"]]

    # A seller lists a car with their own spelling; an admin approves it.
    seller = stack.api.post(
        "/v1/auth/register",
        json={"email": f"seller-{secrets.token_hex(4)}@example.co.ke", "password": PASSWORD},
    )
    assert seller.status_code == 201, seller.text
    created = stack.api.post(
        "/v1/cars",
        headers={"Authorization": f"Bearer {seller.json()['token']}"},
        json={
            "title": "Corolla 2018, one owner",
            "make": "toyota",
            "model": "COROLLA",
            "year": 2018,
            "price": 1_750_000,
        },
    )
    assert created.status_code == 201, created.text
    car_id = created.json()["id"]
    approved = stack.api.put(f"/v1/cars/{car_id}/approve", headers=sign_in_admin(stack))
    assert approved.status_code == 200, approved.text

    detail = stack.api.get(f"/v1/cars/{car_id}")  # anonymous, as a visitor
    assert detail.status_code == 200, detail.text
    car = detail.json()
    assert (car["make"], car["model"], car["catalogue_unknown"]) == ("Toyota", "Corolla", False)
    assert [(a["document_id"], a["title"]) for a in car["related_articles"]] == [
        (article["documentId"], "Buying a used Corolla in Nairobi")
    ]
    listing = stack.api.get("/v1/cars", params={"model": "corolla"}).json()["data"]
    assert [(c["id"], c["make"], c["model"]) for c in listing] == [(car_id, "Toyota", "Corolla")]


def test_a_lost_webhook_is_repaired_by_the_next_reconciliation(stack: Stack, db: Database):
    article = stack.publish(
        "articles",
        {"title": "Import duty explained", "body": "KRA's CRSP value decides the duty."},
    )
    stack.wait_for(
        lambda: stack.mirrored("articles", article["documentId"]),
        "the article in the mirror",
        MIRROR_TIMEOUT,
    )
    settle(stack, db)
    stack.cli("cms-sync")  # the scheduled reconciliation has run once: a watermark exists

    # The sidecar is down while an editor publishes a change: Strapi's webhook fails
    # (it never retries), so the delivery is lost for good.
    stack.stop_sidecar()
    updated = stack.strapi.put(
        f"/api/articles/{article['documentId']}",
        params={"status": "published"},
        json={"data": {"title": "Import duty explained (2026 rates)"}},
    )
    assert updated.status_code == 200, updated.text
    stack.start_sidecar()
    time.sleep(1.0)  # nothing is on its way: the old title stays
    stale = stack.mirrored("articles", article["documentId"])
    assert (stale or {}).get("title") == "Import duty explained", stale

    began = time.monotonic()
    result = stack.cli("cms-sync")
    stack.timings["cms-sync (incremental, CLI process)"] = time.monotonic() - began

    assert json.loads(result.stdout.strip().splitlines()[-1])["upserted"] >= 1, result.stdout
    repaired = stack.mirrored("articles", article["documentId"])
    assert (repaired or {}).get("title") == "Import duty explained (2026 rates)", repaired


def test_a_mirror_row_gone_missing_is_restored_by_the_full_reconciliation(
    stack: Stack, db: Database
):
    article = stack.publish(
        "articles", {"title": "Clearing at Mombasa port", "body": "Allow five working days."}
    )
    stack.wait_for(
        lambda: stack.mirrored("articles", article["documentId"]),
        "the article in the mirror",
        MIRROR_TIMEOUT,
    )
    settle(stack, db)
    with db.transaction() as session:  # as if the delivery had never arrived
        session.execute(delete(CmsEntry).where(CmsEntry.document_id == article["documentId"]))
    assert stack.mirrored("articles", article["documentId"]) is None

    began = time.monotonic()
    result = stack.cli("cms-sync", "--full")
    stack.timings["cms-sync --full (CLI process)"] = time.monotonic() - began

    report_ = json.loads(result.stdout.strip().splitlines()[-1])
    assert report_["full"] is True, result.stdout
    assert report_["upserted"] >= 1, result.stdout
    restored = stack.mirrored("articles", article["documentId"])
    assert (restored or {}).get("title") == "Clearing at Mombasa port", restored
