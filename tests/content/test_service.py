from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select

from sidecar.content import repository, service
from sidecar.content.strapi_client import ARTICLE, VEHICLE_MAKE, VEHICLE_MODEL
from sidecar.core.database import Database
from sidecar.models import CmsEntry
from tests.content.factories import article, ref, vehicle_make, vehicle_model


def _mirror(db: Database, content_type: Any, *documents: dict[str, Any]) -> None:
    with db.transaction() as session:
        for document in documents:
            repository.upsert_document(session, content_type=content_type, document=document)


@pytest.fixture
def catalogue(db: Database) -> dict[str, dict[str, Any]]:
    """Toyota (Corolla, Land Cruiser), Mercedes-Benz (C-Class), Nissan (Note)."""
    toyota = vehicle_make(document_id="mk-toyota", name="Toyota")
    benz = vehicle_make(document_id="mk-benz", name="Mercedes-Benz")
    nissan = vehicle_make(document_id="mk-nissan", name="Nissan")
    corolla = vehicle_model(document_id="md-corolla", name="Corolla", make=toyota)
    cruiser = vehicle_model(document_id="md-lc", name="Land Cruiser", make=toyota)
    c_class = vehicle_model(document_id="md-c", name="C-Class", slug="c-class", make=benz)
    note = vehicle_model(document_id="md-note", name="Note", make=nissan)
    # A model whose own make link is empty (make published after it) but which the
    # make lists among its models.
    prado = vehicle_model(document_id="md-prado", name="Prado", make=None)
    toyota["models"] = [ref(corolla), ref(cruiser), ref(prado)]
    _mirror(db, VEHICLE_MAKE, toyota, benz, nissan)
    _mirror(db, VEHICLE_MODEL, corolla, cruiser, c_class, note, prado)
    return {"toyota": toyota, "corolla": corolla, "cruiser": cruiser, "note": note}


class TestUpsertDocument:
    def test_newer_replaces_older_and_older_is_stale(self, db: Database) -> None:
        first = article(updated_at="2026-11-25T06:00:00.000Z", title="First")
        second = {**first, "updatedAt": "2026-11-25T07:00:00.000Z", "title": "Second"}
        with db.transaction() as session:
            created = repository.upsert_document(session, content_type=ARTICLE, document=first)
            updated = repository.upsert_document(session, content_type=ARTICLE, document=second)
            again = repository.upsert_document(session, content_type=ARTICLE, document=second)
            older = repository.upsert_document(session, content_type=ARTICLE, document=first)
        assert (created.outcome, created.before) == ("upserted", None)
        assert updated.outcome == "upserted"
        assert updated.before is not None
        assert updated.before["title"] == "First"
        assert (again.outcome, older.outcome) == ("stale", "stale")

    def test_bad_updated_at_is_ignored(self, db: Database) -> None:
        broken = {**article(), "updatedAt": "yesterday"}
        with db.transaction() as session:
            change = repository.upsert_document(session, content_type=ARTICLE, document=broken)
            assert change.outcome == "ignored"
            assert session.scalars(select(CmsEntry)).all() == []


class TestNormaliseVehicle:
    def test_empty_catalogue_accepts_input_unchanged(self, db: Database) -> None:
        with db.transaction() as session:
            match = service.normalise_vehicle(session, " toyota ", "corolla")
        assert match == service.VehicleMatch(make=" toyota ", model="corolla", known=True)

    @pytest.mark.parametrize(
        ("make", "model", "expected"),
        [
            ("Toyota", "Corolla", ("Toyota", "Corolla")),
            ("  TOYOTA ", "corolla", ("Toyota", "Corolla")),
            ("toyota", "landcruiser", ("Toyota", "Land Cruiser")),
            ("Toyota", "land-cruiser", ("Toyota", "Land Cruiser")),
            ("mercedes benz", "c class", ("Mercedes-Benz", "C-Class")),
            ("mercedes-benz", "C-CLASS", ("Mercedes-Benz", "C-Class")),
            ("Toyota", "prado", ("Toyota", "Prado")),
        ],
    )
    def test_known_names_take_the_catalogue_spelling(
        self, db: Database, catalogue: Any, make: str, model: str, expected: tuple[str, str]
    ) -> None:
        with db.transaction() as session:
            match = service.normalise_vehicle(session, make, model)
        assert (match.make, match.model, match.known) == (*expected, True)

    def test_unknown_make_is_kept_and_flagged(self, db: Database, catalogue: Any) -> None:
        with db.transaction() as session:
            match = service.normalise_vehicle(session, "  Tata  ", " Nano  Twist ")
        assert match == service.VehicleMatch(make="Tata", model="Nano Twist", known=False)

    def test_unknown_model_of_a_known_make_is_flagged(self, db: Database, catalogue: Any) -> None:
        with db.transaction() as session:
            match = service.normalise_vehicle(session, "toyota", "Vitz RS")
        assert match == service.VehicleMatch(make="Toyota", model="Vitz RS", known=False)

    def test_a_model_of_another_make_does_not_match(self, db: Database, catalogue: Any) -> None:
        with db.transaction() as session:
            match = service.normalise_vehicle(session, "Toyota", "Note")
        assert match == service.VehicleMatch(make="Toyota", model="Note", known=False)


class TestRelatedArticles:
    def test_model_articles_first_then_make_articles(
        self, db: Database, catalogue: dict[str, Any]
    ) -> None:
        toyota, corolla, note = catalogue["toyota"], catalogue["corolla"], catalogue["note"]
        _mirror(
            db,
            ARTICLE,
            article(
                document_id="a-make-new",
                title="Toyota resale values 2026",
                makes=[ref(toyota)],
                updated_at="2026-11-20T00:00:00.000Z",
            ),
            article(
                document_id="a-model-old",
                title="Corolla 2015 review",
                models=[ref(corolla)],
                updated_at="2026-10-01T00:00:00.000Z",
            ),
            article(document_id="a-nissan", title="Nissan Note guide", models=[ref(note)]),
            article(document_id="a-none", title="How duty is computed"),
            article(
                document_id="a-make-new",
                locale="sw",
                title="Bei za Toyota",
                makes=[ref(toyota)],
            ),
        )
        with db.transaction() as session:
            related = service.related_articles(session, " TOYOTA", "corolla")
        assert [(a.document_id, a.locale) for a in related] == [
            ("a-model-old", "en"),
            ("a-make-new", "en"),
        ]
        first = related[0]
        assert (first.title, first.slug, first.cover_url) == (
            "Corolla 2015 review",
            "corolla-2015-review",
            "/uploads/cover.jpg",
        )
        assert first.published_at == datetime(2026, 10, 1, tzinfo=UTC)

    def test_swahili_and_limit(self, db: Database, catalogue: dict[str, Any]) -> None:
        toyota = catalogue["toyota"]
        _mirror(
            db,
            ARTICLE,
            *(
                article(
                    document_id=f"sw-{n}", locale="sw", title=f"Toyota {n}", makes=[ref(toyota)]
                )
                for n in range(4)
            ),
        )
        with db.transaction() as session:
            related = service.related_articles(session, "Toyota", "Hilux", limit=3, locale="sw")
        assert len(related) == 3
        assert {a.locale for a in related} == {"sw"}

    def test_tags_by_slug_work_before_the_catalogue_is_synced(self, db: Database) -> None:
        _mirror(
            db,
            ARTICLE,
            article(
                document_id="a-subaru",
                title="Forester buying guide",
                makes=[{"id": 9, "documentId": "x", "name": "Subaru", "slug": "subaru"}],
            ),
        )
        with db.transaction() as session:
            assert [a.document_id for a in service.related_articles(session, "Subaru", "")] == [
                "a-subaru"
            ]
            assert service.related_articles(session, "Mazda", "Demio") == []
