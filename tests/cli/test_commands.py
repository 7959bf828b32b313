"""The `gurumisha` commands, against the test database and the embedded server."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import create_engine, func, select, text
from typer.testing import CliRunner

from sidecar import cli
from sidecar.core.settings import get_settings
from sidecar.models import CrspRelease, User
from tests.imports.crsp.files import csv_file, shipped_with

runner = CliRunner()


@pytest.fixture
def env():
    """Runs a command under exactly these variables; the CLI exports some, so restore all."""
    saved = dict(os.environ)

    def apply(**values):
        for name in ("DATABASE_URL", "GURUMISHA_DATA_DIR", "REDIS_URL", "COOKIE_SECURE"):
            os.environ.pop(name, None)
        os.environ.update(values)
        get_settings.cache_clear()

    yield apply
    os.environ.clear()
    os.environ.update(saved)
    get_settings.cache_clear()


class TestMigrate:
    def test_applies_migrations_to_database_url(self, env, database_url):
        env(DATABASE_URL=database_url)
        result = runner.invoke(cli.app, ["migrate"])
        assert result.exit_code == 0, result.output
        assert "migrations applied" in result.output


class TestCreateAdmin:
    def test_creates_then_promotes(self, env, database_url, db, create_user):
        env(DATABASE_URL=database_url)
        created = runner.invoke(
            cli.app,
            ["create-admin", "--email", "Boss@Gurumisha.co.ke", "--password", "admin-pass-1"],
        )
        customer = create_user(email="promote@example.co.ke")
        promoted = runner.invoke(
            cli.app,
            ["create-admin", "--email", "promote@example.co.ke", "--password", "newpass-12"],
        )

        assert created.exit_code == 0, created.output
        assert "admin created" in created.output
        assert "admin promoted" in promoted.output
        with db.transaction() as session:
            roles = dict(session.execute(select(User.email, User.role)).all())
            assert roles["boss@gurumisha.co.ke"] == "admin"
            assert session.get(User, customer.id).role == "admin"

    def test_short_password_is_refused(self, env, database_url):
        env(DATABASE_URL=database_url)
        result = runner.invoke(cli.app, ["create-admin", "--email", "a@b.co", "--password", "x"])
        assert result.exit_code != 0


class TestCrspImportAndPublish:
    def test_import_shows_the_check_and_the_diff_then_publish(
        self, env, database_url, db, tmp_path
    ):
        env(DATABASE_URL=database_url)
        harrier = "Toyota,HARRIER ,Automatic transmission,2WD,1998.0,SUV,5,PETROL,"
        listing = tmp_path / "crsp-2026-01.csv"
        listing.write_bytes(
            shipped_with(replace={harrier + "7084125.944999999": harrier + "7500000"})
        )

        imported = runner.invoke(
            cli.app,
            ["crsp-import", str(listing), "--label", "CRSP-2026-01",
             "--effective-from", "2026-01-01", "--show", "3"],
        )  # fmt: skip
        published = runner.invoke(cli.app, ["crsp-publish", "CRSP-2026-01"])

        assert imported.exit_code == 0, imported.output
        assert "draft CRSP-2026-01: 5277 rows, sha256:" in imported.output
        assert "duplicate rows (kept, as KRA lists them): 51" in imported.output
        assert (
            "against CRSP-2025-07: 0 added, 0 removed, 1 changed, 5276 unchanged" in imported.output
        )
        assert "changed  Toyota HARRIER 1998 7084125.94 -> 7500000.00" in imported.output
        assert published.exit_code == 0, published.output
        assert "CRSP-2026-01 is live (5277 rows)" in published.output
        with db.transaction() as session:
            statuses = dict(session.execute(select(CrspRelease.label, CrspRelease.status)).all())
        assert statuses == {"CRSP-2025-07": "archived", "CRSP-2026-01": "live"}

    def test_a_malformed_file_is_refused_and_the_live_release_stays(
        self, env, database_url, db, tmp_path
    ):
        env(DATABASE_URL=database_url)
        listing = tmp_path / "broken.csv"
        listing.write_bytes(csv_file("0,Toyota,VITZ,AT,2WD,996,HATCHBACK,5,PETROL,free"))

        result = runner.invoke(
            cli.app,
            ["crsp-import", str(listing), "--label", "BROKEN", "--effective-from", "2026-01-01"],
        )

        assert result.exit_code == 1
        assert "line 2: crsp_ksh 'free' is not a number" in result.output
        with db.transaction() as session:
            statuses = dict(session.execute(select(CrspRelease.label, CrspRelease.status)).all())
        assert statuses == {"CRSP-2025-07": "live"}

    def test_publishing_an_unknown_release_fails(self, env, database_url, db):
        env(DATABASE_URL=database_url)
        result = runner.invoke(cli.app, ["crsp-publish", "CRSP-1999-01"])
        assert result.exit_code == 1
        assert "No CRSP release is labelled 'CRSP-1999-01'" in result.output


class TestSeedDemo:
    def test_is_idempotent(self, env, database_url, db):
        env(DATABASE_URL=database_url)
        first = runner.invoke(cli.app, ["seed-demo"])
        second = runner.invoke(cli.app, ["seed-demo"])
        assert first.exit_code == 0, first.output
        assert second.exit_code == 0, second.output
        with db.transaction() as session:
            assert session.scalar(select(func.count()).select_from(User)) == 6


class TestServe:
    """The server itself runs in tests/health/test_metrics.py (two workers, one scrape)."""

    def test_several_workers_share_a_fresh_metrics_folder_removed_after(
        self, env, database_url, monkeypatch
    ):
        env(DATABASE_URL=database_url)
        os.environ.pop("PROMETHEUS_MULTIPROC_DIR", None)
        seen = {}

        def run(settings, **kwargs):
            folder = os.environ["PROMETHEUS_MULTIPROC_DIR"]
            seen.update(kwargs, folder=folder, existed=os.path.isdir(folder))

        monkeypatch.setattr("sidecar.cli._serve_granian", run)
        result = runner.invoke(cli.app, ["serve", "--workers", "2"])
        assert result.exit_code == 0, result.output
        assert seen["workers"] == 2
        assert seen["existed"] is True
        assert not os.path.exists(seen["folder"])

    def test_one_process_needs_no_folder(self, env, database_url, monkeypatch):
        env(DATABASE_URL=database_url)
        os.environ.pop("PROMETHEUS_MULTIPROC_DIR", None)
        seen = {}
        monkeypatch.setattr(
            "sidecar.cli._serve_granian",
            lambda settings, **kwargs: seen.update(
                folder=os.environ.get("PROMETHEUS_MULTIPROC_DIR")
            ),
        )
        assert runner.invoke(cli.app, ["serve"]).exit_code == 0
        assert seen == {"folder": None}


class TestEmbedded:
    def test_commands_share_the_embedded_server_when_database_url_is_unset(
        self, env, tmp_path, monkeypatch
    ):
        env(GURUMISHA_DATA_DIR=str(tmp_path / "data"))
        served = {}
        monkeypatch.setattr(
            "sidecar.cli._serve_granian",
            lambda settings, **kwargs: served.update(
                kwargs, idle_seconds=settings.header_read_timeout_seconds
            ),
        )

        dev = runner.invoke(cli.app, ["dev", "--port", "8123", "--no-strapi", "--no-storefront"])
        # Once `dev` returns (Ctrl-C ends the server), the embedded PostgreSQL is stopped.
        postmaster = tmp_path / "data" / "pgdata" / "postmaster.pid"
        assert not postmaster.exists(), "the embedded PostgreSQL outlived `gurumisha dev`"
        admin = runner.invoke(
            cli.app, ["create-admin", "--email", "ops@gurumisha.co.ke", "--password", "ops-pass-1"]
        )

        assert dev.exit_code == 0, dev.output
        assert "http://127.0.0.1:8123/docs" in dev.output
        assert "wanjiku@gurumisha.co.ke" in dev.output
        assert served["port"] == 8123
        # Granian closes a kept-alive connection after the header read timeout: it must
        # outlive a balancer's idle timeout (60 s), or reused connections fail.
        assert served["idle_seconds"] > 60
        assert admin.exit_code == 0, admin.output
        assert (tmp_path / "data" / "pgdata" / "PG_VERSION").exists()
        # the server the commands used is the embedded one, holding both commands' data
        from sidecar.core.embedded import start

        engine = create_engine(start(tmp_path / "data"))
        with engine.connect() as connection:
            emails = set(connection.execute(text("SELECT email FROM users")).scalars())
        engine.dispose()
        assert {"ops@gurumisha.co.ke", "wanjiku@gurumisha.co.ke"} <= emails
