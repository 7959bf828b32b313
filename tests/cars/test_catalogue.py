"""Cars meet the CMS: names normalised by the synced catalogue, articles on the detail."""

from __future__ import annotations

import pytest

from sidecar.content import repository as mirror
from sidecar.content.strapi_client import ARTICLE, VEHICLE_MAKE, VEHICLE_MODEL
from tests.content.factories import article, ref, vehicle_make, vehicle_model

CAR = {"title": "Clean 2019 Corolla", "year": 2019, "price": 1_850_000}


@pytest.fixture
def catalogue(db):
    """A synced catalogue (Toyota Corolla) and an article tagged with that model."""
    toyota = vehicle_make(document_id="mk-toyota", name="Toyota")
    corolla = vehicle_model(document_id="md-corolla", name="Corolla", make=toyota)
    guide = article(
        document_id="art-corolla",
        title="Corolla buying guide",
        makes=[ref(toyota)],
        models=[ref(corolla)],
    )
    with db.transaction() as session:
        mirror.upsert_document(session, content_type=VEHICLE_MAKE, document=toyota)
        mirror.upsert_document(session, content_type=VEHICLE_MODEL, document=corolla)
        mirror.upsert_document(session, content_type=ARTICLE, document=guide)


class TestCatalogueOnCars:
    def test_known_names_take_the_catalogue_spelling(
        self, client, create_user, auth_headers, catalogue
    ):
        seller = create_user()
        response = client.post(
            "/v1/cars",
            json=CAR | {"make": "  TOYOTA ", "model": "corolla"},
            headers=auth_headers(seller),
        )
        assert response.status_code == 201, response.text
        body = response.json()
        assert (body["make"], body["model"], body["catalogue_unknown"]) == (
            "Toyota",
            "Corolla",
            False,
        )

    def test_unknown_names_are_accepted_and_flagged(
        self, client, create_user, auth_headers, catalogue
    ):
        response = client.post(
            "/v1/cars",
            json=CAR | {"make": "Toyota", "model": "Flying Carpet"},
            headers=auth_headers(create_user()),
        )
        assert response.status_code == 201
        assert response.json()["catalogue_unknown"] is True
        assert response.json()["model"] == "Flying Carpet"

    def test_editing_the_model_renormalises(self, client, create_user, auth_headers, catalogue):
        seller = create_user()
        created = client.post(
            "/v1/cars",
            json=CAR | {"make": "Toyota", "model": "Unknown"},
            headers=auth_headers(seller),
        ).json()
        edited = client.patch(
            f"/v1/cars/{created['id']}", json={"model": "COROLLA"}, headers=auth_headers(seller)
        )
        assert (edited.json()["model"], edited.json()["catalogue_unknown"]) == ("Corolla", False)

    def test_detail_carries_related_articles(self, client, create_user, auth_headers, catalogue):
        seller, admin = create_user(), create_user(role="admin")
        car_id = client.post(
            "/v1/cars",
            json=CAR | {"make": "Toyota", "model": "Corolla"},
            headers=auth_headers(seller),
        ).json()["id"]
        client.put(f"/v1/cars/{car_id}/approve", headers=auth_headers(admin))

        detail = client.get(f"/v1/cars/{car_id}")

        assert detail.status_code == 200
        assert [a["title"] for a in detail.json()["related_articles"]] == ["Corolla buying guide"]


class TestCatalogueOnImports:
    def test_import_specs_are_normalised_and_flagged(
        self, client, create_user, auth_headers, catalogue
    ):
        specs = {"year": 2021, "budget": 1_500_000, "originCountry": "Japan"}
        known = client.post(
            "/v1/imports",
            json={"specs": specs | {"make": "toyota", "model": "COROLLA"}},
            headers=auth_headers(create_user()),
        )
        unknown = client.post(
            "/v1/imports",
            json={"specs": specs | {"make": "Toyota", "model": "Hovercraft"}},
            headers=auth_headers(create_user()),
        )
        assert known.status_code == 201, known.text
        assert known.json()["specs"]["make"] == "Toyota"
        assert known.json()["specs"]["model"] == "Corolla"
        assert known.json()["specs"]["catalogue_unknown"] is False
        assert unknown.json()["specs"]["catalogue_unknown"] is True
