"""Strapi's rules for editors' content, against the real Strapi (no admin panel build).

Through the admin API the panel uses (as an Editor and as an Author) and the REST API:
tags and slugs come out clean whatever the panel sends, the Editor and Author roles
work in both locales, tokens are read-only, every field is labelled, publishing needs
SEO fields and alternative text, the preview URL follows the storefront's contract,
scheduled publishing works, a failed start exits non-zero, and old JSON tags are
migrated. The browser journey is tests/e2e/test_strapi_editors.py.
"""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import psycopg
import pytest
from psycopg import sql

from tests.conftest import ADMIN_DSN
from tests.e2e.strapi import (
    STRAPI_DIR,
    Process,
    StrapiAdmin,
    fresh_database,
    png_image,
    read_token,
    report,
    start_strapi,
    strapi_env,
    wait_for,
    wait_for_health,
)
from tests.workers.smtp_sink import free_port

ARTICLE = "api::article.article"
PAGE = "api::page.page"
FAQ = "api::faq.faq"
BANNER = "api::banner.banner"
MAKE = "api::vehicle-make.vehicle-make"
MODEL = "api::vehicle-model.vehicle-model"
OURS = (ARTICLE, PAGE, FAQ, BANNER, MAKE, MODEL)
PREVIEW_SECRET = "preview-secret-for-tests"
SEO = {"metaTitle": "Gurumisha Motors", "metaDescription": "Cars, imports and parts in Kenya."}
SCHEDULE_TIMEOUT = 30.0  # the tests' cron runs every second


@dataclass
class Cms:
    url: str
    database_url: str
    storefront_url: str
    admin: StrapiAdmin
    editor: StrapiAdmin
    author: StrapiAdmin
    rest: httpx.Client  # a full-access token: what an editor's script uses
    sidecar_token: str
    preview_token: str
    process: Process
    processes: dict[str, Process]

    def __repr__(self) -> str:
        return f"Cms({self.url})"

    def public(self, path: str, **params: str) -> httpx.Response:
        return httpx.get(f"{self.url}{path}", params=params, timeout=30)

    def wait_for(self, predicate: Any, what: str, timeout: float = SCHEDULE_TIMEOUT) -> Any:
        return wait_for(predicate, what, timeout, self.processes)


@pytest.fixture(scope="module")
def cms(
    request: pytest.FixtureRequest,
    processes: dict[str, Process],
    strapi_node_modules: dict[str, Any],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Cms]:
    logs = tmp_path_factory.mktemp("strapi-rules")
    timings: dict[str, float] = {}
    with fresh_database(ADMIN_DSN, "strapi_rules") as database_url:
        storefront_url = f"http://127.0.0.1:{free_port()}"
        env = strapi_env(
            database_url=database_url,
            port=free_port(),
            serve_admin=False,
            STOREFRONT_URL=storefront_url,
            PREVIEW_SECRET=PREVIEW_SECRET,
            STRAPI_BOOTSTRAP_API_TOKEN_FILE=str(logs / "sidecar-token"),
            STRAPI_BOOTSTRAP_PREVIEW_TOKEN_FILE=str(logs / "preview-token"),
            CMS_SCHEDULE_CRON="* * * * * *",
        )
        began = time.monotonic()
        try:
            url = start_strapi(processes, name="strapi", env=env, logs=logs)
            timings["strapi boot to /_health"] = time.monotonic() - began
            admin = StrapiAdmin.register_first_admin(url, "admin@gurumisha.co.ke")
            admin.invite(email="editor@gurumisha.co.ke", role="strapi-editor", firstname="Wanjiru")
            admin.invite(email="author@gurumisha.co.ke", role="strapi-author", firstname="Baraka")
            script_token = admin.create_api_token("editor-script")
            with httpx.Client(
                base_url=url, headers={"Authorization": f"Bearer {script_token}"}, timeout=30
            ) as rest:
                yield Cms(
                    url=url,
                    database_url=database_url,
                    storefront_url=storefront_url,
                    admin=admin,
                    editor=StrapiAdmin.sign_in(url, "editor@gurumisha.co.ke"),
                    author=StrapiAdmin.sign_in(url, "author@gurumisha.co.ke"),
                    rest=rest,
                    sidecar_token=read_token(logs / "sidecar-token", processes),
                    preview_token=read_token(logs / "preview-token", processes),
                    process=processes["strapi"],
                    processes=processes,
                )
        finally:
            for process in processes.values():
                process.stop()
            report(request.config, "Strapi rules timings", timings)


def created(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code in (200, 201), response.text
    data: dict[str, Any] = response.json()["data"]
    return data


def refused(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    error: dict[str, Any] = response.json()["error"]
    return error


def an_article(title: str, **fields: Any) -> dict[str, Any]:
    return {"title": title, "body": f"{title}: the details.", **fields}


class TestTags:
    @pytest.mark.parametrize(
        ("typed", "stored"),
        [
            # What the admin sent for a JSON field, and what normaliseTags split it into.
            ('["Import Guide", "japan"]', "import guide, japan"),
            ("Import Guide, japan , import guide,,", "import guide, japan"),
            ("  Buying   TIPS ", "buying tips"),
            ("", None),
        ],
    )
    def test_what_the_admin_sends_is_stored_as_clean_tags(
        self, cms: Cms, typed: str, stored: str | None
    ) -> None:
        article = created(cms.editor.create(ARTICLE, an_article("Tagged", tags=typed)))
        assert article["tags"] == stored

    def test_rest_scripts_may_still_send_a_list(self, cms: Cms) -> None:
        response = cms.rest.post(
            "/api/articles",
            params={"status": "draft"},
            json={"data": an_article("Listed", tags=["Buying guide", "nairobi", "Nairobi"])},
        )
        assert created(response)["tags"] == "buying guide, nairobi"

    def test_an_over_long_tag_is_refused_under_the_field(self, cms: Cms) -> None:
        error = refused(cms.editor.create(ARTICLE, an_article("Long", tags="x" * 41)), 400)
        assert error["details"]["errors"][0]["path"] == ["tags"]


class TestSlugs:
    def test_the_admins_placeholder_is_replaced_by_a_slug_from_the_title(self, cms: Cms) -> None:
        first = created(
            cms.editor.create(ARTICLE, an_article("Clearing at Mombasa", slug="article"))
        )
        second = created(
            cms.editor.create(ARTICLE, an_article("Duty on hybrids", slug="article-3"))
        )
        assert (first["slug"], second["slug"]) == ("clearing-at-mombasa", "duty-on-hybrids")

    def test_an_update_keeps_a_real_slug_and_replaces_a_resent_placeholder(self, cms: Cms) -> None:
        doc = created(cms.editor.create(ARTICLE, an_article("KRA valuation")))
        renamed = created(cms.editor.update(ARTICLE, doc["documentId"], {"title": "CRSP values"}))
        assert renamed["slug"] == "kra-valuation"  # a published URL does not move by itself
        placeholder = created(
            cms.editor.update(ARTICLE, doc["documentId"], {"title": "CRSP 2026", "slug": "article"})
        )
        assert placeholder["slug"] == "crsp-2026"

    def test_slugs_are_unique_per_locale(self, cms: Cms) -> None:
        first = created(cms.editor.create(ARTICLE, an_article("Port charges", seo=SEO)))
        second = created(cms.editor.create(ARTICLE, an_article("Port charges", seo=SEO)))
        assert (first["slug"], second["slug"]) == ("port-charges", "port-charges-1")
        swahili = created(
            cms.editor.update(
                ARTICLE, second["documentId"], an_article("Port charges", seo=SEO), locale="sw"
            )
        )
        assert swahili["slug"] == "port-charges"  # free in Swahili
        # A slug typed twice in one language can be saved as a draft, not published.
        assert created(cms.editor.publish(ARTICLE, first["documentId"]))["publishedAt"]
        created(cms.editor.update(ARTICLE, second["documentId"], {"slug": "port-charges"}))
        error = refused(cms.editor.publish(ARTICLE, second["documentId"]), 400)
        assert error["details"]["errors"][0]["path"] == ["slug"]

    def test_makes_and_models_take_their_slug_from_the_name(self, cms: Cms) -> None:
        make = created(cms.editor.create(MAKE, {"name": "Land Rover", "slug": "vehicle-make"}))
        model = created(
            cms.editor.create(
                MODEL,
                {
                    "name": "Range Rover Sport",
                    "slug": "vehicle-model-2",
                    "make": make["documentId"],
                },
            )
        )
        assert (make["slug"], model["slug"]) == ("land-rover", "range-rover-sport")


class TestRoles:
    @pytest.mark.parametrize("uid", [ARTICLE, PAGE, FAQ, BANNER])
    @pytest.mark.parametrize("locale", ["en", "sw"])
    def test_editor_and_author_can_open_every_list_in_both_locales(
        self, cms: Cms, uid: str, locale: str
    ) -> None:
        for user in (cms.editor, cms.author):
            assert user.find(uid, locale=locale).status_code == 200

    def test_editor_writes_publishes_and_deletes_in_both_locales(self, cms: Cms) -> None:
        doc = created(cms.editor.create(ARTICLE, an_article("Harrier review", seo=SEO)))
        created(
            cms.editor.update(
                ARTICLE, doc["documentId"], an_article("Ukaguzi wa Harrier", seo=SEO), locale="sw"
            )
        )
        for locale in ("en", "sw"):
            assert created(cms.editor.publish(ARTICLE, doc["documentId"], locale=locale))[
                "publishedAt"
            ]
            assert (
                cms.public(f"/api/articles/{doc['documentId']}", locale=locale).status_code == 200
            )
        assert cms.editor.delete(ARTICLE, doc["documentId"], locale="sw").status_code == 200
        assert cms.public(f"/api/articles/{doc['documentId']}", locale="sw").status_code == 404

    def test_author_writes_own_drafts_but_cannot_publish_delete_or_schedule(self, cms: Cms) -> None:
        theirs = created(cms.editor.create(ARTICLE, an_article("Editor's piece")))
        own = created(cms.author.create(ARTICLE, an_article("Author's draft", seo=SEO)))
        soon = (datetime.now(UTC) + timedelta(days=1)).isoformat()
        edited = created(
            cms.author.update(
                ARTICLE, own["documentId"], {"title": "Author's draft, v2", "publish_at": soon}
            )
        )
        assert edited["title"] == "Author's draft, v2"
        assert edited.get("publish_at") is None  # not theirs to set: the scheduler would publish
        assert cms.author.publish(ARTICLE, own["documentId"]).status_code == 403
        assert cms.author.delete(ARTICLE, own["documentId"]).status_code == 403
        listed = {d["documentId"] for d in cms.author.find(ARTICLE).json()["results"]}
        assert own["documentId"] in listed
        assert theirs["documentId"] not in listed
        assert cms.author.update(ARTICLE, theirs["documentId"], {"title": "x"}).status_code == 403
        assert cms.author.find(MAKE).status_code == 200  # to tag articles with makes
        assert cms.author.create(MAKE, {"name": "Isuzu"}).status_code == 403


class TestTokens:
    def test_the_sidecar_and_preview_tokens_read_but_never_write(self, cms: Cms) -> None:
        draft = created(cms.editor.create(ARTICLE, an_article("Unpublished draft")))
        for token in (cms.sidecar_token, cms.preview_token):
            headers = {"Authorization": f"Bearer {token}"}
            drafts = httpx.get(
                f"{cms.url}/api/articles",
                params={"status": "draft", "filters[documentId][$eq]": draft["documentId"]},
                headers=headers,
            )
            assert [d["title"] for d in drafts.json()["data"]] == ["Unpublished draft"]
            write = httpx.post(
                f"{cms.url}/api/articles", json={"data": an_article("Nope")}, headers=headers
            )
            assert write.status_code == 403, write.text

    def test_strapis_default_tokens_do_not_exist(self, cms: Cms) -> None:
        tokens = cms.admin.http.get("/admin/api-tokens").json()["data"]
        assert sorted((t["name"], t["type"]) for t in tokens) == [
            ("editor-script", "full-access"),
            ("sidecar", "read-only"),
            ("storefront-preview", "read-only"),
        ]


class TestContentManager:
    def test_the_unused_user_type_is_hidden(self, cms: Cms) -> None:
        init = cms.editor.http.get("/content-manager/init").json()["data"]
        displayed = {ct["uid"] for ct in init["contentTypes"] if ct["isDisplayed"]}
        assert displayed == set(OURS)

    @pytest.mark.parametrize("uid", OURS)
    def test_every_field_has_a_label_and_a_hint(self, cms: Cms, uid: str) -> None:
        init = cms.editor.http.get("/content-manager/init").json()["data"]
        (schema,) = [ct for ct in init["contentTypes"] if ct["uid"] == uid]
        configuration = cms.editor.http.get(
            f"/content-manager/content-types/{uid}/configuration"
        ).json()["data"]
        metadatas = configuration["contentType"]["metadatas"]
        fields = [
            name
            for name in schema["attributes"]
            if name not in {"id", "documentId", "createdAt", "updatedAt", "publishedAt"}
            and name not in {"createdBy", "updatedBy", "locale", "localizations"}
        ]
        unlabelled = [
            name
            for name in fields
            if metadatas[name]["edit"]["label"] in ("", name)
            or not metadatas[name]["edit"].get("description")
        ]
        assert unlabelled == []
        placed = {f["name"] for row in configuration["contentType"]["layouts"]["edit"] for f in row}
        assert placed == set(fields)
        components = configuration["components"]
        if "shared.seo" in components:
            seo = components["shared.seo"]["metadatas"]
            assert seo["metaTitle"]["edit"]["label"] == "Search title"
            assert seo["shareImage"]["edit"]["label"] == "Open Graph image"


def upload(cms: Cms, *, alternative_text: str | None) -> int:
    """An image in the Media Library, uploaded as the editor does."""
    png = png_image()
    info = {"name": "cover.png", "alternativeText": alternative_text}
    response = cms.editor.http.post(
        "/upload",
        files={"files": ("cover.png", png, "image/png")},
        data={"fileInfo": json.dumps(info)},
    )
    assert response.status_code in (200, 201), response.text
    return int(response.json()[0]["id"])


class TestPublishChecks:
    def test_an_article_without_its_search_title_and_description_stays_a_draft(
        self, cms: Cms
    ) -> None:
        doc = created(cms.editor.create(ARTICLE, an_article("No SEO yet")))
        error = refused(cms.editor.publish(ARTICLE, doc["documentId"]), 400)
        paths = [e["path"] for e in error["details"]["errors"]]
        assert paths == [["seo", "metaTitle"], ["seo", "metaDescription"]]
        assert "Search title" in error["message"]

    def test_images_need_alternative_text_before_publishing(self, cms: Cms) -> None:
        image = upload(cms, alternative_text=None)
        doc = created(cms.editor.create(ARTICLE, an_article("With a cover", cover=image, seo=SEO)))
        error = refused(cms.editor.publish(ARTICLE, doc["documentId"]), 400)
        assert [e["path"] for e in error["details"]["errors"]] == [["cover"]]
        # REST scripts publishing at once meet the same check (and keep their draft).
        script = cms.rest.post(
            "/api/articles",
            params={"status": "published"},
            json={"data": an_article("Scripted cover", cover=image, seo=SEO)},
        )
        assert script.status_code == 400, script.text

        fixed = cms.editor.http.post(
            "/upload",
            params={"id": image},
            data={"fileInfo": json.dumps({"alternativeText": "A Toyota Fielder at the port"})},
        )
        assert fixed.status_code == 200, fixed.text
        assert created(cms.editor.publish(ARTICLE, doc["documentId"]))["publishedAt"]

    def test_makes_and_models_may_have_seo(self, cms: Cms) -> None:
        make = created(cms.editor.create(MAKE, {"name": "Suzuki", "seo": SEO}))
        assert created(cms.editor.publish(MAKE, make["documentId"]))["publishedAt"]
        bare = created(cms.editor.create(MAKE, {"name": "Daihatsu"}))
        assert created(cms.editor.publish(MAKE, bare["documentId"]))["publishedAt"]


class TestPreview:
    def preview_url(self, cms: Cms, uid: str, document_id: str, locale: str) -> httpx.Response:
        return cms.editor.http.get(
            f"/content-manager/preview/url/{uid}",
            params={"documentId": document_id, "locale": locale, "status": "draft"},
        )

    def test_the_preview_opens_the_draft_in_the_storefront_in_both_locales(self, cms: Cms) -> None:
        doc = created(cms.editor.create(ARTICLE, an_article("Preview me")))
        created(
            cms.editor.update(ARTICLE, doc["documentId"], an_article("Nione kwanza"), locale="sw")
        )
        for locale, slug in (("en", "preview-me"), ("sw", "nione-kwanza")):
            response = self.preview_url(cms, ARTICLE, doc["documentId"], locale)
            url = urlsplit(response.json()["data"]["url"])
            assert f"{url.scheme}://{url.netloc}{url.path}" == f"{cms.storefront_url}/api/preview"
            assert parse_qs(url.query) == {
                "secret": [PREVIEW_SECRET],
                "uid": [ARTICLE],
                "documentId": [doc["documentId"]],
                "locale": [locale],
                "slug": [slug],
            }

    def test_pages_and_banners_preview_faqs_do_not(self, cms: Cms) -> None:
        page = created(cms.editor.create(PAGE, {"title": "Delivery areas", "body": "Countrywide."}))
        banner = created(cms.editor.create(BANNER, {"title": "Free estimate", "active": True}))
        faq = created(cms.editor.create(FAQ, {"question": "Is it free?", "answer": "Yes."}))
        page_url = parse_qs(
            urlsplit(
                self.preview_url(cms, PAGE, page["documentId"], "en").json()["data"]["url"]
            ).query
        )
        assert (page_url["uid"], page_url["slug"]) == ([PAGE], ["delivery-areas"])
        banner_url = parse_qs(
            urlsplit(
                self.preview_url(cms, BANNER, banner["documentId"], "en").json()["data"]["url"]
            ).query
        )
        assert banner_url["uid"] == [BANNER]
        assert "slug" not in banner_url
        assert self.preview_url(cms, FAQ, faq["documentId"], "en").status_code == 204

    def test_the_admin_may_frame_the_storefront(self, cms: Cms) -> None:
        policy = cms.public("/_health").headers["content-security-policy"]
        frame_src = next(d for d in policy.split(";") if d.startswith("frame-src"))
        assert cms.storefront_url in frame_src.split()


class TestScheduling:
    def test_a_scheduled_article_is_published_then_taken_down(self, cms: Cms) -> None:
        now = datetime.now(UTC)
        doc = created(
            cms.editor.create(
                ARTICLE,
                an_article(
                    "Scheduled guide",
                    seo=SEO,
                    publish_at=(now - timedelta(seconds=1)).isoformat(),
                    unpublish_at=(now + timedelta(seconds=6)).isoformat(),
                ),
            )
        )
        path = f"/api/articles/{doc['documentId']}"
        cms.wait_for(lambda: cms.public(path).status_code == 200, "the scheduled publish")
        cms.wait_for(lambda: cms.public(path).status_code == 404, "the scheduled unpublish")
        draft = cms.editor.http.get(
            f"/content-manager/collection-types/{ARTICLE}/{doc['documentId']}"
        ).json()["data"]
        assert (draft["publish_at"], draft["unpublish_at"]) == (None, None)  # done: cleared

    def test_a_scheduled_publish_that_cannot_happen_waits_for_the_fix(self, cms: Cms) -> None:
        past = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
        doc = created(cms.editor.create(ARTICLE, an_article("Missing SEO", publish_at=past)))
        path = f"/api/articles/{doc['documentId']}"
        cms.wait_for(
            lambda: (
                "scheduled publish of api::article.article " + doc["documentId"]
                in cms.process.output()
            ),
            "the scheduler to try",
        )
        assert cms.public(path).status_code == 404
        created(cms.editor.update(ARTICLE, doc["documentId"], {"seo": SEO}))
        cms.wait_for(lambda: cms.public(path).status_code == 200, "the retried publish")

    def test_unpublish_before_publish_is_refused(self, cms: Cms) -> None:
        now = datetime.now(UTC)
        error = refused(
            cms.editor.create(
                ARTICLE,
                an_article(
                    "Backwards",
                    publish_at=(now + timedelta(days=2)).isoformat(),
                    unpublish_at=(now + timedelta(days=1)).isoformat(),
                ),
            ),
            400,
        )
        assert error["details"]["errors"][0]["path"] == ["unpublish_at"]


class TestStart:
    def test_the_start_banner_names_the_real_database(self, cms: Cms) -> None:
        name = cms.database_url.rsplit("/", 1)[1]
        banner = [line for line in cms.process.output().splitlines() if "Database name" in line]
        assert banner, "no start banner"
        assert name in banner[0]

    @pytest.mark.parametrize(
        # develop without watching the admin: it would clear build/, which the browser tests serve
        "command",
        [
            ["npm", "run", "start"],
            ["npm", "run", "develop", "--", "--no-watch-admin", "--no-build-admin"],
        ],
    )
    def test_a_fatal_start_error_exits_non_zero(self, cms: Cms, command: list[str]) -> None:
        env = strapi_env(
            database_url=f"{ADMIN_DSN.rpartition('/')[0]}/strapi_missing_{free_port()}",
            port=free_port(),
            serve_admin=False,
            NODE_ENV="development",
        )
        result = subprocess.run(
            command, cwd=STRAPI_DIR, env=env, capture_output=True, text=True, timeout=180
        )
        assert result.returncode != 0, result.stdout[-2000:]
        assert "does not exist" in result.stdout + result.stderr


class TestTagsMigration:
    """Last in the module: it restarts Strapi."""

    def test_old_json_tags_become_clean_text_at_the_next_start(self, cms: Cms) -> None:
        doc = created(cms.editor.create(ARTICLE, an_article("Tagged before the fix")))
        cms.process.stop()
        # What the admin left behind before: the JSON list split on its commas.
        corrupted = ['["Import Guide"', '"japan"]', "Japan", "x" * 60]
        with psycopg.connect(cms.database_url, autocommit=True) as conn:
            conn.execute(
                sql.SQL("ALTER TABLE articles ALTER COLUMN tags TYPE jsonb USING {}::jsonb").format(
                    sql.Literal(json.dumps(corrupted))
                )
            )
            conn.execute(
                "DELETE FROM strapi_migrations WHERE name LIKE %s", ("%article-tags-as-text%",)
            )
        cms.process.restart()
        wait_for_health(cms.url, cms.processes)

        editor = StrapiAdmin.sign_in(cms.url, "editor@gurumisha.co.ke")
        draft = editor.http.get(
            f"/content-manager/collection-types/{ARTICLE}/{doc['documentId']}"
        ).json()["data"]
        assert draft["tags"] == "import guide, japan"  # the over-long one is dropped
        with psycopg.connect(cms.database_url) as conn:
            kind = conn.execute(
                "SELECT data_type FROM information_schema.columns "
                "WHERE table_name = 'articles' AND column_name = 'tags'"
            ).fetchone()
        assert kind == ("character varying",)
