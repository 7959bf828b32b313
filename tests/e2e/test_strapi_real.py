"""The real thing: Strapi 5 from strapi-config/, its real webhook, the sidecar as a process.

An editor's REST calls (with the API token the bootstrap writes) publish a vehicle
make, a model and an article; Strapi's webhook reaches the sidecar, whose job re-reads
the documents and mirrors them. A car listed as "toyota"/"COROLLA" then shows the
catalogue's names and the article. A lost webhook is repaired by `cms-sync --full`.

Installs strapi-config's node_modules once per lockfile (scripts/strapi-deps).
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
from sqlalchemy import delete, select

from sidecar.models import CmsEntry
from tests.conftest import ADMIN_DSN, _with_db
from tests.workers.smtp_sink import free_port

ROOT = Path(__file__).resolve().parents[2]
SECRET = "webhook-" + secrets.token_hex(8)


def wait_for(predicate: Callable[[], Any], timeout: float, what: str, logs: Path) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = predicate()
        except httpx.HTTPError:
            value = None
        if value:
            return value
        time.sleep(0.25)
    tails = "\n".join(f"--- {p.name}\n{p.read_text()[-3000:]}" for p in sorted(logs.glob("*.log")))
    raise AssertionError(f"timed out waiting for {what}\n{tails}")


def start(command: list[str], *, cwd: Path, env: dict[str, str], log: Path) -> subprocess.Popen:
    handle = log.open("w")
    return subprocess.Popen(
        command, cwd=cwd, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
    )


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def stack(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    logs = tmp_path_factory.mktemp("stack-logs")
    timings: dict[str, float] = {}
    began = time.monotonic()
    subprocess.run(["bash", str(ROOT / "scripts" / "strapi-deps")], check=True, timeout=900)
    timings["strapi dependencies"] = time.monotonic() - began

    strapi_db = f"strapi_test_{os.getpid()}_{secrets.token_hex(3)}"
    with psycopg.connect(ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{strapi_db}"')
    strapi_port, sidecar_port = free_port(), free_port()
    token_file = logs / "strapi-token"
    base_env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE", "STRAPI"))}
    strapi_env = base_env | {
        "DATABASE_URL": _with_db(ADMIN_DSN, strapi_db),
        "HOST": "127.0.0.1",
        "PORT": str(strapi_port),
        "STRAPI_SERVE_ADMIN": "false",
        "STRAPI_TELEMETRY_DISABLED": "true",
        "APP_KEYS": "k1-" + secrets.token_hex(8) + ",k2-" + secrets.token_hex(8),
        "API_TOKEN_SALT": secrets.token_hex(16),
        "ADMIN_JWT_SECRET": secrets.token_hex(16),
        "TRANSFER_TOKEN_SALT": secrets.token_hex(16),
        "JWT_SECRET": secrets.token_hex(16),
        "STRAPI_WEBHOOK_SECRET": SECRET,
        "SIDECAR_WEBHOOK_URL": f"http://127.0.0.1:{sidecar_port}/v1/webhooks/strapi",
        "STRAPI_BOOTSTRAP_API_TOKEN_FILE": str(token_file),
        "NODE_ENV": "development",
    }
    strapi_url = f"http://127.0.0.1:{strapi_port}"
    began = time.monotonic()
    strapi = start(
        ["npm", "run", "start"], cwd=ROOT / "strapi-config", env=strapi_env, log=logs / "strapi.log"
    )
    sidecar = None
    try:
        wait_for(
            lambda: httpx.get(f"{strapi_url}/_health", timeout=2).status_code == 204,
            180,
            "Strapi to start",
            logs,
        )
        timings["strapi boot"] = time.monotonic() - began
        token = wait_for(
            lambda: token_file.exists() and token_file.read_text().strip(), 30, "token", logs
        )
        sidecar_env = base_env | {
            "DATABASE_URL": database_url,
            "ENVIRONMENT": "development",
            "COOKIE_SECURE": "false",
            "STRAPI_URL": strapi_url,
            "STRAPI_API_TOKEN": token,
            "STRAPI_WEBHOOK_SECRET": SECRET,
        }
        sidecar = start(
            [sys.executable, "-m", "sidecar.cli", "serve", "--port", str(sidecar_port)],
            cwd=ROOT,
            env=sidecar_env,
            log=logs / "sidecar.log",
        )
        api = f"http://127.0.0.1:{sidecar_port}"
        wait_for(lambda: httpx.get(f"{api}/healthz").status_code == 200, 60, "sidecar", logs)
        yield {
            "strapi": httpx.Client(
                base_url=strapi_url, headers={"Authorization": f"Bearer {token}"}, timeout=30
            ),
            "api": httpx.Client(base_url=api, timeout=30),
            "env": sidecar_env,
            "logs": logs,
            "timings": timings,
        }
    finally:
        if sidecar is not None:
            stop(sidecar)
        stop(strapi)
        with psycopg.connect(ADMIN_DSN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{strapi_db}" WITH (FORCE)')
        print("\nreal-Strapi timings (s):", {k: round(v, 1) for k, v in timings.items()})  # noqa: T201


def publish(strapi: httpx.Client, plural: str, data: dict[str, Any]) -> dict[str, Any]:
    response = strapi.post(f"/api/{plural}", params={"status": "published"}, json={"data": data})
    assert response.status_code in (200, 201), response.text
    document: dict[str, Any] = response.json()["data"]
    return document


def mirrored(api: httpx.Client, content_type: str, name_field: str, value: str) -> bool:
    response = api.get(f"/v1/content/{content_type}", params={"limit": 100})
    return any(row["data"].get(name_field) == value for row in response.json()["data"])


def test_published_catalogue_and_article_reach_a_car_listing(stack, db):
    strapi, api, logs = stack["strapi"], stack["api"], stack["logs"]
    started = time.monotonic()
    toyota = publish(strapi, "vehicle-makes", {"name": "Toyota", "country": "Japan"})
    corolla = publish(
        strapi,
        "vehicle-models",
        {"name": "Corolla", "make": {"connect": [toyota["documentId"]]}, "body_type": "sedan"},
    )
    publish(
        strapi,
        "articles",
        {
            "title": "Buying a used Corolla in Nairobi",
            "body": "Check the logbook at NTSA before paying any deposit.",
            "vehicle_makes": {"connect": [toyota["documentId"]]},
            "vehicle_models": {"connect": [corolla["documentId"]]},
        },
    )
    wait_for(lambda: mirrored(api, "vehicle-models", "name", "Corolla"), 30, "model", logs)
    wait_for(
        lambda: mirrored(api, "articles", "title", "Buying a used Corolla in Nairobi"),
        30,
        "article",
        logs,
    )
    stack["timings"]["publish to mirror"] = time.monotonic() - started

    seller = api.post(
        "/v1/auth/register",
        json={"email": f"seller-{secrets.token_hex(4)}@example.co.ke", "password": "long-enough"},
    ).json()["token"]
    car = api.post(
        "/v1/cars",
        headers={"Authorization": f"Bearer {seller}"},
        json={
            "title": "Corolla 2018",
            "make": "toyota",
            "model": "COROLLA",
            "year": 2018,
            "price": 1_750_000,
        },
    )
    assert car.status_code == 201, car.text
    admin_email, admin_password = f"admin-{secrets.token_hex(4)}@gurumisha.co.ke", "admin-pass-1"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "sidecar.cli",
            "create-admin",
            "--email",
            admin_email,
            "--password",
            admin_password,
        ],
        env=stack["env"],
        check=True,
        capture_output=True,
        timeout=60,
    )
    admin = api.post("/v1/auth/login", json={"email": admin_email, "password": admin_password})
    headers = {"Authorization": f"Bearer {admin.json()['token']}"}
    assert api.put(f"/v1/cars/{car.json()['id']}/approve", headers=headers).status_code == 200

    detail = api.get(f"/v1/cars/{car.json()['id']}").json()

    assert (detail["make"], detail["model"], detail["catalogue_unknown"]) == (
        "Toyota",
        "Corolla",
        False,
    )
    assert [a["title"] for a in detail["related_articles"]] == ["Buying a used Corolla in Nairobi"]


def test_a_lost_webhook_is_repaired_by_reconciliation(stack, db):
    strapi, api, logs = stack["strapi"], stack["api"], stack["logs"]
    faq = publish(strapi, "faqs", {"question": "Do you deliver to Kisumu?", "answer": "Yes."})
    wait_for(
        lambda: mirrored(api, "faqs", "question", "Do you deliver to Kisumu?"), 30, "faq", logs
    )
    with db.transaction() as session:  # as if the webhook had never arrived
        session.execute(delete(CmsEntry).where(CmsEntry.document_id == faq["documentId"]))

    result = subprocess.run(
        [sys.executable, "-m", "sidecar.cli", "cms-sync", "--full"],
        env=stack["env"],
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    with db.transaction() as session:
        ids = session.scalars(select(CmsEntry.document_id)).all()
        assert faq["documentId"] in ids
