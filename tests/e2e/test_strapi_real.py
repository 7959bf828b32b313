"""The real thing: Strapi 5 from strapi-config/, its real webhook, the sidecar as a process.

An editor's script (REST calls with a full-access API token an admin created) publishes
a vehicle make, a model and an article; Strapi's own webhook reaches the sidecar, whose
in-process job re-reads each document from Strapi (with the read-only token Strapi's
bootstrap wrote for it) and mirrors it. A car listed as
"toyota"/"COROLLA" afterwards shows the catalogue's names and the article. A webhook
lost while the sidecar was down is repaired by the next reconciliation (`cms-sync`),
and a mirror row gone missing by the full one (`cms-sync --full`).

Needs Node 20-22 with npm (the test fails, it does not skip, without them) and the
PostgreSQL the rest of the suite uses. `scripts/strapi-deps` installs strapi-config's
node_modules: `npm ci` once per lockfile on a machine (about 70 s), then a cached copy
(tests/e2e/conftest.py). The processes and helpers are in tests/e2e/strapi.py.
Strapi gets a fresh database of its own (dropped at the end); the sidecar uses the
suite's database. Timings are written to the terminal at the end of the module.
"""

from __future__ import annotations

import json
import os
import secrets
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
from tests.e2e.strapi import (
    ROOT,
    Process,
    StrapiAdmin,
    clean_env,
    read_token,
    report,
    start_strapi,
    strapi_env,
    wait_for,
)
from tests.workers.smtp_sink import free_port

SECRET = "webhook-" + secrets.token_hex(16)
PASSWORD = "correct-horse-battery"
MIRROR_TIMEOUT = 30.0  # "within seconds": measured ~0.5 s
# Articles and pages need their search title and description to be published.
SEO = {"metaTitle": "Gurumisha Motors guide", "metaDescription": "Buying and importing cars."}


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
    env = strapi_env(
        database_url=_with_db(ADMIN_DSN, strapi_db),
        port=strapi_port,
        serve_admin=False,
        STRAPI_WEBHOOK_SECRET=SECRET,
        SIDECAR_WEBHOOK_URL=f"http://127.0.0.1:{sidecar_port}/v1/webhooks/strapi",
        STRAPI_BOOTSTRAP_API_TOKEN_FILE=str(token_file),
    )
    sidecar_env = clean_env() | {
        "DATABASE_URL": database_url,
        # "test": jobs run in the API process, but no in-process beat, whose outbox
        # sweep would act on rows other tests in this database leave behind.
        "ENVIRONMENT": "test",
        "COOKIE_SECURE": "false",
        "STRAPI_WEBHOOK_SECRET": SECRET,
        "GURUMISHA_DATA_DIR": str(logs / "gurumisha-data"),
    }
    stack: Stack | None = None
    try:
        began = time.monotonic()
        strapi_url = start_strapi(processes, name="strapi", env=env, logs=logs)
        timings["strapi boot to /_health"] = time.monotonic() - began
        # The sidecar reads with the read-only token the bootstrap wrote for it; the
        # editor's script writes with a full-access token the first admin creates.
        sidecar_env["STRAPI_URL"] = strapi_url
        sidecar_env["STRAPI_API_TOKEN"] = read_token(token_file, processes)
        admin = StrapiAdmin.register_first_admin(strapi_url, "admin@gurumisha.co.ke")
        stack = Stack(
            strapi_url=strapi_url,
            sidecar_url=f"http://127.0.0.1:{sidecar_port}",
            token=admin.create_api_token("editor-script"),
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
        report(request.config, "real-Strapi timings", timings, strapi_node_modules["output"])


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
            "tags": ["Buying guide", "nairobi"],  # a list, as REST scripts sent it before
            "vehicle_makes": [toyota["documentId"]],
            "vehicle_models": [corolla["documentId"]],
            "seo": SEO,
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
    # Strapi stores tags as text ("buying guide, nairobi"); the mirror serves a list.
    assert mirrored_article["tags"] == ["buying guide", "nairobi"]
    assert mirrored_article["slug"] == "buying-a-used-corolla-in-nairobi"
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
        {
            "title": "Import duty explained",
            "body": "KRA's CRSP value decides the duty.",
            "seo": SEO,
        },
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
        "articles",
        {"title": "Clearing at Mombasa port", "body": "Allow five working days.", "seo": SEO},
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
