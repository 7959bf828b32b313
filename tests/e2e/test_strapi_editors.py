"""An editor's day in Strapi's admin panel, in a real browser (Playwright, Debian's Chromium).

Strapi starts on an empty database with STRAPI_SEED_DEMO=true while the sidecar is
still down, so the demo content's webhooks are lost; the sidecar, started next on its
own database, repairs that with its start-up reconciliation. The storefront (the
`next start` of the run's one build, tests/e2e/storefront_app.py) reads this Strapi
and this sidecar, with the preview secret and the read-only preview token Strapi's
bootstrap writes, and the sidecar asks it to revalidate after content changes. Then
an Editor signs in, writes an article in English and Swahili with tags, a cover with
alternative text and the SEO fields, opens the preview (the storefront's article page
in draft mode, framed by the panel, showing the Swahili draft while the site still
has no such article), schedules it, and sees it published in Strapi, in the sidecar's
mirror and on the storefront's public pages, with a clean slug and clean tags. An
Author doing the same stops at a draft. The screenshots of docs/CONTENT.md are taken
on the way (tests/e2e/strapi_panel.py says where they go).
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from sidecar.demo.cars import _CARS
from tests.conftest import ADMIN_DSN
from tests.e2e import storefront_app
from tests.e2e import strapi_panel as panel
from tests.e2e.strapi import (
    ROOT,
    Process,
    StrapiAdmin,
    clean_env,
    fresh_database,
    png_image,
    read_token,
    report,
    start_strapi,
    strapi_env,
    wait_for,
)
from tests.workers.smtp_sink import free_port

ARTICLE = "api::article.article"
MODEL = "api::vehicle-model.vehicle-model"
SECRET = "webhook-secret-for-the-editors-journey"
PREVIEW_SECRET = "preview-secret-for-the-editors-journey"
REVALIDATE_SECRET = "revalidate-secret-for-the-editors-journey"
ADMIN = "admin@gurumisha.co.ke"
EDITOR = "editor@gurumisha.co.ke"
AUTHOR = "author@gurumisha.co.ke"
TIMEOUT = 60.0


@dataclass
class Journey:
    strapi_url: str
    sidecar_url: str
    storefront_url: str
    browser: Browser
    shots: panel.Screenshots
    processes: dict[str, Process]
    cover: Path
    timings: dict[str, float] = field(default_factory=dict)

    def __repr__(self) -> str:
        return (
            f"Journey(strapi={self.strapi_url}, sidecar={self.sidecar_url}, "
            f"storefront={self.storefront_url})"
        )

    def wait_for(self, predicate: Any, what: str, timeout: float = TIMEOUT) -> Any:
        return wait_for(predicate, what, timeout, self.processes)

    def published(self, document_id: str, locale: str) -> dict[str, Any] | None:
        """The published version as the site reads it from Strapi (no token)."""
        response = httpx.get(
            f"{self.strapi_url}/api/articles/{document_id}", params={"locale": locale}, timeout=10
        )
        return response.json()["data"] if response.status_code == 200 else None

    def mirrored(self, plural: str, document_id: str, locale: str) -> dict[str, Any] | None:
        response = httpx.get(
            f"{self.sidecar_url}/v1/content/{plural}/{document_id}",
            params={"locale": locale},
            timeout=10,
        )
        return response.json()["data"] if response.status_code == 200 else None

    def on_the_site(self, path: str) -> str | None:
        """The storefront's public page at ``path`` (no draft mode), or None if not found."""
        response = httpx.get(f"{self.storefront_url}{path}", timeout=30)
        return response.text if response.status_code == 200 else None

    def page_for(self, email: str) -> Page:
        page = panel.new_context(self.browser).new_page()
        panel.sign_in(page, self.strapi_url, email)
        return page


def migrate(database_url: str, env: dict[str, str]) -> None:
    import subprocess

    result = subprocess.run(
        [sys.executable, "-m", "sidecar.cli", "migrate"],
        cwd=ROOT,
        env=env | {"DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def journey(
    request: pytest.FixtureRequest,
    processes: dict[str, Process],
    strapi_admin_panel: dict[str, Any],
    storefront_build: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Journey]:
    logs = tmp_path_factory.mktemp("strapi-editors")
    timings = {f"admin panel ({strapi_admin_panel['how']})": strapi_admin_panel["seconds"]}
    sidecar_port, storefront_port = free_port(), free_port()
    storefront_url = f"http://127.0.0.1:{storefront_port}"
    with (
        fresh_database(ADMIN_DSN, "strapi_editors") as strapi_db,
        fresh_database(ADMIN_DSN, "sidecar_editors") as sidecar_db,
        sync_playwright() as playwright,
    ):
        env = strapi_env(
            database_url=strapi_db,
            port=free_port(),
            serve_admin=True,
            STRAPI_SEED_DEMO="true",
            SIDECAR_WEBHOOK_URL=f"http://127.0.0.1:{sidecar_port}/v1/webhooks/strapi",
            STRAPI_WEBHOOK_SECRET=SECRET,
            STRAPI_BOOTSTRAP_API_TOKEN_FILE=str(logs / "sidecar-token"),
            STOREFRONT_URL=storefront_url,
            PREVIEW_SECRET=PREVIEW_SECRET,
            STRAPI_BOOTSTRAP_PREVIEW_TOKEN_FILE=str(logs / "storefront-preview-token"),
            CMS_SCHEDULE_CRON="*/2 * * * * *",
        )
        sidecar_url = f"http://127.0.0.1:{sidecar_port}"
        sidecar_db = sidecar_db.replace("postgresql://", "postgresql+psycopg://", 1)
        # Its own database, so the in-process beat of a development sidecar (the start-up
        # reconciliation, the sweeps) acts on nothing but this journey.
        sidecar_env = clean_env() | {
            "DATABASE_URL": sidecar_db,
            "ENVIRONMENT": "development",
            "COOKIE_SECURE": "false",
            "STRAPI_WEBHOOK_SECRET": SECRET,
            "GURUMISHA_DATA_DIR": str(logs / "gurumisha-data"),
            "FRONTEND_REVALIDATE_URL": f"{storefront_url}/api/revalidate",
            "FRONTEND_REVALIDATE_SECRET": REVALIDATE_SECRET,
        }
        panel.require_chromium()
        browser = playwright.chromium.launch(executable_path=panel.CHROMIUM)
        try:
            migrate(sidecar_db, sidecar_env)
            began = time.monotonic()
            strapi_url = start_strapi(processes, name="strapi", env=env, logs=logs)
            timings["strapi boot with demo seed"] = time.monotonic() - began
            sidecar_env |= {
                "STRAPI_URL": strapi_url,
                "STRAPI_API_TOKEN": read_token(logs / "sidecar-token", processes),
            }
            processes["sidecar"] = Process(
                "sidecar",
                [sys.executable, "-m", "sidecar.cli", "serve", "--port", str(sidecar_port)],
                cwd=ROOT,
                env=sidecar_env,
                logs=logs,
            )
            wait_for(
                lambda: httpx.get(f"{sidecar_url}/healthz", timeout=2).status_code == 200,
                "the sidecar to answer /healthz",
                60,
                processes,
            )
            began = time.monotonic()
            storefront_app.start(
                processes,
                port=storefront_port,
                env={
                    "GURUMISHA_API_URL": sidecar_url,
                    "STRAPI_URL": strapi_url,
                    # The panel's origin: it frames the preview (proxy.ts).
                    "STRAPI_ADMIN_URL": strapi_url,
                    "PREVIEW_SECRET": PREVIEW_SECRET,
                    "STRAPI_PREVIEW_TOKEN": read_token(
                        logs / "storefront-preview-token", processes
                    ),
                    "REVALIDATE_SECRET": REVALIDATE_SECRET,
                },
                logs=logs,
            )
            timings["storefront start"] = time.monotonic() - began
            admin = StrapiAdmin.register_first_admin(strapi_url, ADMIN)
            admin.invite(email=EDITOR, role="strapi-editor", firstname="Wanjiru")
            admin.invite(email=AUTHOR, role="strapi-author", firstname="Baraka")
            cover = logs / "mombasa-port.png"
            cover.write_bytes(png_image(rgb=(15, 76, 129)))
            yield Journey(
                strapi_url=strapi_url,
                sidecar_url=sidecar_url,
                storefront_url=storefront_url,
                browser=browser,
                shots=panel.Screenshots(logs / "screenshots"),
                processes=processes,
                cover=cover,
                timings=timings,
            )
        finally:
            browser.close()
            for process in reversed(processes.values()):
                process.stop()
            report(request.config, "Strapi editors' journey timings", timings)


def test_the_demo_content_reaches_the_mirror_through_the_start_up_reconciliation(
    journey: Journey,
) -> None:
    def count(plural: str, locale: str) -> int:
        response = httpx.get(
            f"{journey.strapi_url}/api/{plural}", params={"locale": locale}, timeout=10
        )
        return int(response.json()["meta"]["pagination"]["total"])

    for plural, expected in (("articles", 5), ("pages", 3), ("faqs", 8), ("banners", 2)):
        assert (count(plural, "en"), count(plural, "sw")) == (expected, expected), plural
    models = httpx.get(
        f"{journey.strapi_url}/api/vehicle-models",
        params={"populate[make][fields][0]": "name", "pagination[pageSize]": "100"},
        timeout=10,
    ).json()["data"]
    catalogue = {(m["make"]["name"], m["name"]) for m in models}
    demo_cars = {(car[2], car[3]) for car in _CARS}
    assert demo_cars <= catalogue, demo_cars - catalogue

    # Published while the sidecar was down: only its start-up reconciliation brings them.
    def mirrored(locale: str) -> int:
        response = httpx.get(
            f"{journey.sidecar_url}/v1/content/articles", params={"locale": locale}, timeout=10
        )
        return int(response.json()["pagination"]["total"])

    began = time.monotonic()
    journey.wait_for(lambda: mirrored("en") == 5 and mirrored("sw") == 5, "the demo articles")
    journey.timings["demo content in the mirror (from the sidecar's start)"] = (
        time.monotonic() - began
    )
    about = httpx.get(
        f"{journey.sidecar_url}/v1/content/pages", params={"locale": "sw", "slug": "kuhusu"}
    ).json()["data"]
    assert [p["data"]["title"] for p in about] == ["Kuhusu Gurumisha Motors"]


MARKETING = (
    "Discover your application!",  # the guided tour, shown to the first super admin
    "Follow the guided tour",
    "Deploy your application to Strapi Cloud",
    "Introducing the new Media Library",
    "Read blog post",
)


def test_the_panel_is_quiet_and_shows_words_and_years(journey: Journey) -> None:
    admin = journey.page_for(ADMIN)
    expect(admin.get_by_role("heading", name="Hello Amina")).to_be_visible()
    expect(admin.get_by_text("LAST EDITED ENTRIES", exact=False).first).to_be_visible()
    for marketing in MARKETING:
        expect(admin.get_by_text(marketing)).to_have_count(0)
    admin.context.close()

    page = journey.page_for(EDITOR)
    expect(page.get_by_role("heading", name="Hello Wanjiru")).to_be_visible()
    # The home page's "last edited" list: the demo banners, seeded last.
    expect(
        page.get_by_text(re.compile("Spare parts that fit|Vipuri vinavyotoshea")).first
    ).to_be_visible()
    for marketing in MARKETING:
        expect(page.get_by_text(marketing)).to_have_count(0)
    journey.shots.take(page, "home")

    panel.open_list(page, journey.strapi_url, ARTICLE)
    expect(
        page.get_by_role("link", name="Importing a car from Japan to Kenya").first
    ).to_be_visible()
    journey.shots.take(page, "article-list")

    panel.open_list(page, journey.strapi_url, MODEL)
    fielder = page.get_by_role("row").filter(has_text="Fielder")
    expect(fielder).to_contain_text("Station wagon")
    expect(fielder).to_contain_text("2000")
    expect(fielder).not_to_contain_text("2,000")
    expect(fielder).not_to_contain_text("station_wagon")
    journey.shots.take(page, "models-list")
    page.context.close()


def test_an_editor_writes_previews_and_schedules_an_article_in_two_languages(
    journey: Journey,
) -> None:
    page = journey.page_for(EDITOR)
    panel.open_new_entry(page, journey.strapi_url, ARTICLE)
    expect(panel.field(page, "URL slug")).to_have_value("article")  # Strapi's placeholder

    # English
    panel.field(page, "Title").fill("Clearing a car at Mombasa in 2026")
    panel.field(page, "Summary").fill("What the clearing agent does, and how long it takes.")
    panel.type_markdown(page, "Allow **five to seven working days** after the ship docks.")
    panel.field(page, "Tags").fill("Import Guide, Mombasa , import guide")
    journey.shots.take(page, "article-form", focus=panel.field(page, "Summary"))
    panel.upload_image(page, 0, journey.cover, "Car carrier unloading at the port of Mombasa")
    journey.shots.take(page, "alternative-text")
    panel.finish_upload(page)
    panel.add_relation(page, "About these makes", "Toyota")
    panel.field(page, "Search title").fill("Clearing a car at Mombasa: how long it takes")
    panel.field(page, "Search description").fill(
        "What your clearing agent does at Mombasa port, and why it takes five to seven days."
    )
    journey.shots.take(page, "article-seo", focus=panel.field(page, "Search title"))
    panel.save(page)
    expect(panel.field(page, "URL slug")).to_have_value("clearing-a-car-at-mombasa-in-2026")
    expect(panel.field(page, "Tags")).to_have_value("import guide, mombasa")
    document_id = page.url.split("/api::article.article/")[1].split("?")[0]

    # Swahili: the cover and the tags are shared; text, SEO and make links are per language.
    panel.switch_locale(page, "Swahili")
    panel.field(page, "Title").fill("Kusafisha gari bandarini Mombasa mwaka 2026")
    panel.field(page, "Summary").fill("Kazi ya wakala wa kusafisha, na muda inaochukua.")
    panel.type_markdown(page, "Tarajia **siku tano hadi saba za kazi** baada ya meli kutia nanga.")
    panel.add_relation(page, "About these makes", "Toyota")
    panel.field(page, "Search title").fill("Kusafisha gari Mombasa: muda unaohitajika")
    panel.field(page, "Search description").fill(
        "Kazi ya wakala wako bandarini Mombasa, na kwa nini huchukua siku tano hadi saba."
    )
    panel.save(page)
    journey.shots.take(page, "article-swahili")

    # Not on the site yet: a draft. (The storefront remembers this "not found" until
    # the sidecar asks it to revalidate, after the publish below.)
    swahili_path = "/sw/articles/kusafisha-gari-bandarini-mombasa-mwaka-2026"
    assert journey.on_the_site(swahili_path) is None
    assert journey.published(document_id, "sw") is None

    # Preview: the panel frames the storefront's /api/preview, which turns on draft mode
    # and opens the article's page, reading the draft with the preview token.
    page.get_by_role("link", name="Open preview").or_(
        page.get_by_role("button", name="Open preview")
    ).first.click()
    preview = page.frame_locator("iframe")
    expect(
        preview.get_by_role("heading", level=1, name="Kusafisha gari bandarini Mombasa mwaka 2026")
    ).to_be_visible()
    expect(preview.get_by_role("status")).to_contain_text("Onyesho — rasimu")
    expect(preview.get_by_text("Kazi ya wakala wa kusafisha, na muda inaochukua.")).to_be_visible()
    framed = [frame.url for frame in page.frames if frame.url.startswith(journey.storefront_url)]
    assert framed == [f"{journey.storefront_url}{swahili_path}"], framed
    expect(page.get_by_text("Saved document")).to_have_count(0)  # the toast, off the picture
    journey.shots.take(page, "preview")
    assert journey.published(document_id, "sw") is None
    assert journey.on_the_site(swahili_path) is None
    page.go_back()
    expect(panel.field(page, "URL slug")).to_have_value(
        "kusafisha-gari-bandarini-mombasa-mwaka-2026"
    )

    # Schedule both languages for this minute: due at once, published by Strapi's cron.
    now = datetime.now(UTC)
    panel.set_date_time(page, "Publish at", now)
    journey.shots.take(
        page, "schedule", focus=page.get_by_role("group", name="Publish at", exact=True)
    )
    panel.save(page)
    panel.switch_locale(page, "English")
    panel.set_date_time(page, "Publish at", now)
    panel.save(page)

    began = time.monotonic()
    for locale in ("en", "sw"):
        journey.wait_for(
            lambda loc=locale: journey.published(document_id, loc), f"{locale} published"
        )
    journey.timings["scheduled publish (cron every 2 s)"] = time.monotonic() - began
    english = journey.published(document_id, "en")
    swahili = journey.published(document_id, "sw")
    assert english is not None
    assert swahili is not None
    assert (english["slug"], swahili["slug"]) == (
        "clearing-a-car-at-mombasa-in-2026",
        "kusafisha-gari-bandarini-mombasa-mwaka-2026",
    )
    assert english["tags"] == swahili["tags"] == "import guide, mombasa"

    # The webhook of the scheduled publish reaches the sidecar's mirror.
    for locale, slug in (
        ("en", "clearing-a-car-at-mombasa-in-2026"),
        ("sw", "kusafisha-gari-bandarini-mombasa-mwaka-2026"),
    ):
        mirrored = journey.wait_for(
            lambda loc=locale: journey.mirrored("articles", document_id, loc), f"{locale} mirrored"
        )
        assert mirrored["slug"] == slug
        assert mirrored["tags"] == ["import guide", "mombasa"]
        assert mirrored["cover"]["alternativeText"] == (
            "Car carrier unloading at the port of Mombasa"
        )
        assert [m["name"] for m in mirrored["vehicle_makes"]] == ["Toyota"]

    # On the site, without draft mode: the sidecar's revalidation replaced the page the
    # storefront had remembered as not found.
    began = time.monotonic()
    journey.wait_for(lambda: journey.on_the_site(swahili_path), "the Swahili article on the site")
    journey.timings["on the storefront after the publish"] = time.monotonic() - began
    page.context.close()
    reader = panel.new_context(journey.browser).new_page()
    for path, title in (
        (swahili_path, "Kusafisha gari bandarini Mombasa mwaka 2026"),
        ("/articles/clearing-a-car-at-mombasa-in-2026", "Clearing a car at Mombasa in 2026"),
    ):
        reader.goto(f"{journey.storefront_url}{path}")
        expect(reader.get_by_role("heading", level=1)).to_have_text(title)
        expect(
            reader.get_by_role("img", name="Car carrier unloading at the port of Mombasa")
        ).to_be_visible()
        expect(reader.get_by_text(re.compile("Onyesho — rasimu|Preview — draft"))).to_have_count(0)
    reader.goto(f"{journey.storefront_url}/sw/articles")
    expect(
        reader.get_by_role("link", name="Kusafisha gari bandarini Mombasa mwaka 2026")
    ).to_be_visible()
    reader.context.close()


def test_an_author_stops_at_a_draft(journey: Journey) -> None:
    page = journey.page_for(AUTHOR)
    panel.open_list(page, journey.strapi_url, ARTICLE)  # no "Whoops! Something went wrong"
    panel.open_new_entry(page, journey.strapi_url, ARTICLE)
    panel.field(page, "Title").fill("Mazda Demio or Honda Fit for town driving?")
    panel.type_markdown(page, "Both sip fuel in Nairobi traffic; the Fit carries more.")
    panel.field(page, "Search title").fill("Mazda Demio or Honda Fit?")
    panel.field(page, "Search description").fill("Two small hatchbacks compared for Nairobi.")
    # Scheduling is for those who may publish: the Author's fields are read-only.
    publish_at = page.get_by_role("textbox", name="Publish at", exact=True)
    expect(publish_at).to_be_disabled()
    expect(publish_at).to_have_attribute("placeholder", "No permissions to see this field")
    panel.save(page)
    expect(page.get_by_role("button", name="Publish")).to_be_disabled()
    journey.shots.take(page, "author-draft")
    document_id = page.url.split("/api::article.article/")[1].split("?")[0]
    assert journey.published(document_id, "en") is None
    page.context.close()
