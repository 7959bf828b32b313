from __future__ import annotations

import pytest
from sqlalchemy import select

from sidecar.models import AuditLog, Part
from tests.assertions import assert_problem
from tests.parts.factories import create_part, vendor_id_of

FIELDER = {"make": "Toyota", "model": "Fielder", "year_from": 2015, "year_to": 2017}
NEW_PART = {
    "name": "Front brake pads (ceramic)",
    "sku": "mas-bp-1042",
    "compatibility": [FIELDER, {"make": "Toyota", "model": "Premio", "years": [2016, 2014]}],
    "price": 4500,
    "stock": 24,
}


def _headers(auth_headers, user):
    return auth_headers(user) if user is not None else {}


def _names(response):
    assert response.status_code == 200, response.text
    return sorted(part["name"] for part in response.json()["data"])


class TestListParts:
    @pytest.fixture
    def catalogue(self, db, cast):
        return {
            "listed": create_part(db, vendor=cast.vendor, name="Oil filter"),
            "other": create_part(db, vendor=cast.other_vendor, name="Air filter"),
            "unapproved": create_part(db, vendor=cast.unapproved_vendor, name="Fog lamp"),
        }

    def test_only_approved_vendors_parts_are_public(self, client, cast, catalogue, auth_headers):
        public = ["Air filter", "Oil filter"]
        everything = ["Air filter", "Fog lamp", "Oil filter"]
        for role, expected in [
            ("anonymous", public),
            ("customer", public),
            ("other_customer", public),
            ("unapproved_vendor", everything),  # their own part too
            ("vendor", public),
            ("other_vendor", public),
            ("admin", everything),
        ]:
            headers = _headers(auth_headers, cast.by_role(role))
            assert _names(client.get("/v1/parts", headers=headers)) == expected, role

    def test_part_shape(self, client, db, cast):
        create_part(
            db,
            vendor=cast.vendor,
            name="Front brake pads",
            sku="BP-1",
            compatibility=[FIELDER, {"make": "Toyota"}],
            price="4500",
            stock=7,
        )
        body = client.get("/v1/parts").json()
        assert body["pagination"] == {"page": 1, "limit": 20, "total": 1, "pages": 1}
        part = body["data"][0]
        assert part["vendor_id"] == vendor_id_of(db, cast.vendor)
        assert part["vendor_company_name"] == "Mombasa Auto Spares"
        assert part["price"] == "4500.00"
        assert part["stock"] == 7
        assert part["sku"] == "BP-1"
        assert part["compatibility"] == [
            {"make": "Toyota", "model": "Fielder", "years": [2015, 2016, 2017]},
            {"make": "Toyota", "model": None, "years": None},
        ]
        assert (part["images"], part["image_urls"]) == ([], [])

    def test_vendor_filter_in_both_spellings(self, client, db, cast, catalogue):
        vendor_id = vendor_id_of(db, cast.other_vendor)
        assert _names(client.get("/v1/parts", params={"vendorId": vendor_id})) == ["Air filter"]
        assert _names(client.get("/v1/parts", params={"vendor_id": vendor_id})) == ["Air filter"]

    def test_unapproved_vendor_filter_is_empty_for_the_public(self, client, db, cast, catalogue):
        vendor_id = vendor_id_of(db, cast.unapproved_vendor)
        assert _names(client.get("/v1/parts", params={"vendorId": vendor_id})) == []

    def test_pagination(self, client, db, cast):
        for index in range(5):
            create_part(db, vendor=cast.vendor, name=f"Spark plug {index}")
        response = client.get("/v1/parts", params={"limit": 2, "page": 3})
        assert response.json()["pagination"] == {"page": 3, "limit": 2, "total": 5, "pages": 3}
        assert [p["name"] for p in response.json()["data"]] == ["Spark plug 0"]  # newest first

    def test_limit_above_100_422(self, client):
        assert_problem(client.get("/v1/parts", params={"limit": 101}), 422)


class TestSortAndLowStock:
    def test_a_vendors_low_stock_by_stock_then_any_sort(self, client, db, cast, auth_headers):
        vendor = vendor_id_of(db, cast.vendor)
        for name, stock, price in [("Pads", 2, "4500"), ("Filter", 9, "850"), ("Belt", 0, "1200")]:
            create_part(db, vendor=cast.vendor, name=name, stock=stock, price=price)
        create_part(db, vendor=cast.other_vendor, name="Wiper", stock=1)
        params = {"vendorId": vendor, "maxStock": 5, "sort": "stock"}
        low = client.get("/v1/parts", params=params, headers=auth_headers(cast.vendor)).json()
        assert [(p["name"], p["stock"]) for p in low["data"]] == [("Belt", 0), ("Pads", 2)]
        for sort, expected in [
            ("name", ["Belt", "Filter", "Pads"]),
            ("-name", ["Pads", "Filter", "Belt"]),
            ("price", ["Filter", "Belt", "Pads"]),
            ("-price", ["Pads", "Belt", "Filter"]),
            ("-stock", ["Filter", "Pads", "Belt"]),
            ("newest", ["Belt", "Filter", "Pads"]),
        ]:
            response = client.get("/v1/parts", params={"vendorId": vendor, "sort": sort})
            assert [p["name"] for p in response.json()["data"]] == expected, sort
        assert_problem(client.get("/v1/parts", params={"sort": "stock;drop"}), 422)
        assert_problem(client.get("/v1/parts", params={"maxStock": -1}), 422)


class TestNameSearch:
    @pytest.fixture(autouse=True)
    def _catalogue(self, db, cast):
        for name in (
            "Front brake pads (ceramic)",
            "Brake disc rotor",
            "Shock absorber X-Trail T32",
            "Engine oil 5W-30 4L",
            "Padded seat cover",
        ):
            create_part(db, vendor=cast.vendor, name=name)

    def test_words_match_as_case_insensitive_prefixes(self, client):
        for query, expected in [
            ("brake", ["Brake disc rotor", "Front brake pads (ceramic)"]),
            ("BRAKE pa", ["Front brake pads (ceramic)"]),
            ("pad", ["Front brake pads (ceramic)", "Padded seat cover"]),
            ("x-trail", ["Shock absorber X-Trail T32"]),
            ("5w-30", ["Engine oil 5W-30 4L"]),
            ("ceramic brake", ["Front brake pads (ceramic)"]),
            ("headlamp", []),
        ]:
            assert _names(client.get("/v1/parts", params={"name": query})) == expected, query

    def test_tsquery_syntax_in_input_is_only_a_separator(self, client):
        for query in ["brake & | ! ( ) <-> :* ' \\", "!brake", "'brake':*", "brake|", "(brake"]:
            names = _names(client.get("/v1/parts", params={"name": query}))
            assert names == ["Brake disc rotor", "Front brake pads (ceramic)"], query

    def test_operators_are_words_and_every_word_must_match(self, client):
        for query, expected in [
            ("brake')) OR 1=1 --", []),
            ("brake:*|shock", []),
            ("pads & !brake", ["Front brake pads (ceramic)"]),  # no negation: both words
        ]:
            assert _names(client.get("/v1/parts", params={"name": query})) == expected, query

    def test_nothing_searchable_means_no_filter(self, client):
        for query in ["", "   ", "!!! &&", "*"]:
            assert len(_names(client.get("/v1/parts", params={"name": query}))) == 5, query

    def test_too_long_422(self, client):
        assert_problem(client.get("/v1/parts", params={"name": "a" * 101}), 422)


class TestCompatibilityFilter:
    @pytest.fixture(autouse=True)
    def _catalogue(self, db, cast):
        create_part(db, vendor=cast.vendor, name="Fielder pads", compatibility=[FIELDER])
        create_part(
            db,
            vendor=cast.vendor,
            name="Premio and Note plugs",
            compatibility=[
                {"make": "toyota", "model": "PREMIO", "years": [2014, 2016]},
                {"make": "Nissan", "model": "Note"},
            ],
        )
        create_part(
            db, vendor=cast.vendor, name="Any Toyota oil", compatibility=[{"make": "Toyota"}]
        )
        create_part(
            db,
            vendor=cast.vendor,
            name="X-Trail shocks",
            compatibility=[{"make": "Nissan", "model": "X-Trail", "years": [2017]}],
        )
        create_part(db, vendor=cast.vendor, name="Universal wipers")

    def test_filter(self, client):
        toyotas = ["Any Toyota oil", "Fielder pads", "Premio and Note plugs"]
        for wanted, expected in [
            ("toyota", toyotas),
            ("TOYOTA", toyotas),
            ("toyota:fielder", ["Any Toyota oil", "Fielder pads"]),
            ("Toyota:Fielder:2016", ["Any Toyota oil", "Fielder pads"]),
            ("toyota:fielder:2018", ["Any Toyota oil"]),
            ("toyota:premio:2016", ["Any Toyota oil", "Premio and Note plugs"]),
            ("toyota:premio:2015", ["Any Toyota oil"]),
            ("toyota::2016", toyotas),
            ("nissan:note:2009", ["Premio and Note plugs"]),  # an entry without years
            ("nissan: x-trail :2017", ["X-Trail shocks"]),
            ("nissan", ["Premio and Note plugs", "X-Trail shocks"]),
            ("mazda", []),
        ]:
            response = client.get("/v1/parts", params={"compatibility": wanted})
            assert _names(response) == expected, wanted

    def test_combined_with_name_and_vendor(self, client, db, cast):
        params = {
            "compatibility": "toyota:fielder",
            "name": "pads",
            "vendorId": vendor_id_of(db, cast.vendor),
        }
        assert _names(client.get("/v1/parts", params=params)) == ["Fielder pads"]

    def test_malformed_422(self, client):
        for wanted in [":fielder", "toyota:fielder:abc", "toyota:fielder:1800", "a:b:2016:x"]:
            response = client.get("/v1/parts", params={"compatibility": wanted})
            body = assert_problem(response, 422)
            assert body["errors"][0]["field"] == "query.compatibility", wanted


class TestGetPart:
    def test_anyone_reads_a_listed_part(self, client, db, cast):
        part_id = create_part(db, vendor=cast.vendor, name="Oil filter", price="850")
        body = client.get(f"/v1/parts/{part_id}").json()
        assert body["id"] == part_id
        assert body["price"] == "850.00"
        assert body["vendor_company_name"] == "Mombasa Auto Spares"

    def test_unapproved_vendors_part_is_hidden(self, client, db, cast, auth_headers):
        part_id = create_part(db, vendor=cast.unapproved_vendor)
        for role, status in [
            ("anonymous", 404),
            ("customer", 404),
            ("other_customer", 404),
            ("unapproved_vendor", 200),
            ("vendor", 404),
            ("other_vendor", 404),
            ("admin", 200),
        ]:
            headers = _headers(auth_headers, cast.by_role(role))
            assert client.get(f"/v1/parts/{part_id}", headers=headers).status_code == status, role

    def test_unknown_404(self, client):
        assert_problem(client.get("/v1/parts/999999"), 404)

    def test_bad_id_422(self, client):
        for bad in ["abc", "0", str(2**63)]:
            assert_problem(client.get(f"/v1/parts/{bad}"), 422)


class TestCreatePart:
    @pytest.mark.parametrize(
        ("role", "status"),
        [
            ("anonymous", 401),
            ("customer", 403),
            ("other_customer", 403),
            ("unapproved_vendor", 403),
            ("vendor", 201),
            ("other_vendor", 201),
            ("admin", 403),
        ],
    )
    def test_roles(self, client, cast, auth_headers, role, status):
        headers = _headers(auth_headers, cast.by_role(role))
        response = client.post("/v1/parts", json=NEW_PART, headers=headers)
        assert response.status_code == status, response.text

    def test_created_and_audited(self, client, db, cast, auth_headers):
        response = client.post("/v1/parts", json=NEW_PART, headers=auth_headers(cast.vendor))

        assert response.status_code == 201, response.text
        body = response.json()
        assert body["sku"] == "MAS-BP-1042"  # SKUs are stored upper-case
        assert body["price"] == "4500.00"
        assert body["stock"] == 24
        assert body["vendor_id"] == vendor_id_of(db, cast.vendor)
        assert body["compatibility"] == [
            {"make": "Toyota", "model": "Fielder", "years": [2015, 2016, 2017]},
            {"make": "Toyota", "model": "Premio", "years": [2014, 2016]},
        ]
        assert client.get(f"/v1/parts/{body['id']}").json() == body
        with db.transaction() as session:
            stored = session.get(Part, body["id"]).compatibility_json
            log = session.scalar(select(AuditLog).where(AuditLog.action == "part.create"))
        assert stored[0] == {
            "make": "Toyota",
            "model": "Fielder",
            "years": [2015, 2016, 2017],
            "make_key": "toyota",
            "model_key": "fielder",
        }
        assert log.user_id == cast.vendor.id
        assert log.resource_id == str(body["id"])
        assert log.changes["sku"] == "MAS-BP-1042"

    def test_camel_and_snake_year_range(self, client, cast, auth_headers):
        part = {**NEW_PART, "compatibility": [{"make": "Mazda", "yearFrom": 2014, "yearTo": 2015}]}
        response = client.post("/v1/parts", json=part, headers=auth_headers(cast.vendor))
        assert response.json()["compatibility"] == [
            {"make": "Mazda", "model": None, "years": [2014, 2015]}
        ]

    def test_duplicate_sku_for_the_same_vendor_409(self, client, cast, auth_headers):
        headers = auth_headers(cast.vendor)
        assert client.post("/v1/parts", json=NEW_PART, headers=headers).status_code == 201
        again = {**NEW_PART, "sku": "MAS-BP-1042", "name": "Another pad"}
        body = assert_problem(client.post("/v1/parts", json=again, headers=headers), 409)
        assert "MAS-BP-1042" in body["detail"]

    def test_same_sku_at_another_vendor_is_fine(self, client, cast, auth_headers):
        client.post("/v1/parts", json=NEW_PART, headers=auth_headers(cast.vendor))
        other = client.post("/v1/parts", json=NEW_PART, headers=auth_headers(cast.other_vendor))
        assert other.status_code == 201

    def test_mass_assignment_422(self, client, cast, auth_headers):
        headers = auth_headers(cast.vendor)
        for extra in [
            {"vendor_id": 1},
            {"vendorId": 1},
            {"id": 5},
            {"search": "x"},
            {"created_at": "x"},
        ]:
            body = assert_problem(
                client.post("/v1/parts", json={**NEW_PART, **extra}, headers=headers), 422
            )
            assert body["errors"][0]["field"] == next(iter(extra)), extra

    def test_invalid_input_422(self, client, db, cast, auth_headers):
        headers = auth_headers(cast.vendor)
        for change in [
            {"price": 0},
            {"price": -5},
            {"price": "12.345"},
            {"price": "abc"},
            {"price": "NaN"},
            {"price": 10**12},
            {"price": True},
            {"stock": -1},
            {"stock": 1.5},
            {"name": " "},
            {"name": "!!"},
            {"sku": "has space"},
            {"sku": "x" * 65},
            {"compatibility": [{"model": "Fielder"}]},
            {
                "compatibility": [
                    {"make": "Toyota", "years": [2016], "year_from": 2015, "year_to": 2016}
                ]
            },
            {"compatibility": [{"make": "Toyota", "year_from": 2018, "year_to": 2015}]},
            {"compatibility": [{"make": "Toyota", "year_from": 2018}]},
            {"compatibility": [{"make": "Toyota", "year_from": 1950, "year_to": 2100}]},
            {"compatibility": [{"make": "Toyota", "years": [1900]}]},
            {"compatibility": [{"make": "Toyota", "colour": "red"}]},
            {"compatibility": [{"make": "*"}]},
            {"compatibility": [{"make": "Toyota"}] * 51},
        ]:
            response = client.post("/v1/parts", json={**NEW_PART, **change}, headers=headers)
            assert_problem(response, 422)
        with db.transaction() as session:
            assert session.scalar(select(Part.id)) is None

    def test_price_as_a_string_with_cents(self, client, cast, auth_headers):
        part = {**NEW_PART, "price": "1250.5"}
        response = client.post("/v1/parts", json=part, headers=auth_headers(cast.vendor))
        assert response.json()["price"] == "1250.50"


class TestUpdatePart:
    @pytest.mark.parametrize(
        ("role", "status"),
        [
            ("anonymous", 401),
            ("customer", 403),
            ("other_customer", 403),
            ("unapproved_vendor", 403),
            ("vendor", 200),
            ("other_vendor", 403),
            ("admin", 200),
        ],
    )
    def test_roles(self, client, db, cast, auth_headers, role, status):
        part_id = create_part(db, vendor=cast.vendor)
        headers = _headers(auth_headers, cast.by_role(role))
        response = client.patch(f"/v1/parts/{part_id}", json={"stock": 3}, headers=headers)
        assert response.status_code == status, response.text

    def test_owner_changes_only_what_was_sent_and_it_is_audited(
        self, client, db, cast, auth_headers
    ):
        part_id = create_part(db, vendor=cast.vendor, name="Oil filter", sku="OF-1", stock=5)
        response = client.patch(
            f"/v1/parts/{part_id}",
            json={"price": "999.9", "compatibility": [{"make": "Nissan", "model": "Note"}]},
            headers=auth_headers(cast.vendor),
        )

        assert response.status_code == 200, response.text
        body = response.json()
        assert (body["name"], body["sku"], body["stock"], body["price"]) == (
            "Oil filter",
            "OF-1",
            5,
            "999.90",
        )
        assert (
            client.get("/v1/parts", params={"compatibility": "nissan:note:2020"}).json()[
                "pagination"
            ]["total"]
            == 1
        )
        with db.transaction() as session:
            log = session.scalar(select(AuditLog).where(AuditLog.action == "part.update"))
        assert log.user_id == cast.vendor.id
        assert log.changes == {
            "compatibility": [{"make": "Nissan", "model": "Note", "years": None}],
            "price": "999.90",
        }

    def test_unknown_404(self, client, cast, auth_headers):
        response = client.patch(
            "/v1/parts/999999", json={"stock": 1}, headers=auth_headers(cast.vendor)
        )
        assert_problem(response, 404)

    def test_sku_taken_by_own_other_part_409(self, client, db, cast, auth_headers):
        create_part(db, vendor=cast.vendor, sku="TAKEN-1")
        part_id = create_part(db, vendor=cast.vendor, sku="MINE-1")
        response = client.patch(
            f"/v1/parts/{part_id}", json={"sku": "taken-1"}, headers=auth_headers(cast.vendor)
        )
        assert_problem(response, 409)

    def test_invalid_or_mass_assignment_422(self, client, db, cast, auth_headers):
        part_id = create_part(db, vendor=cast.vendor, stock=4)
        headers = auth_headers(cast.vendor)
        for body in [{"vendor_id": 2}, {"price": None}, {"stock": -3}, {"name": None}, {"id": 1}]:
            response = client.patch(f"/v1/parts/{part_id}", json=body, headers=headers)
            assert_problem(response, 422)
        assert client.get(f"/v1/parts/{part_id}").json()["stock"] == 4


class TestDeletePart:
    @pytest.mark.parametrize(
        ("role", "status"),
        [
            ("anonymous", 401),
            ("customer", 403),
            ("other_customer", 403),
            ("unapproved_vendor", 403),
            ("vendor", 204),
            ("other_vendor", 403),
            ("admin", 204),
        ],
    )
    def test_roles(self, client, db, cast, auth_headers, role, status):
        part_id = create_part(db, vendor=cast.vendor)
        response = client.delete(
            f"/v1/parts/{part_id}", headers=_headers(auth_headers, cast.by_role(role))
        )
        assert response.status_code == status, response.text
        expected_after = 404 if status == 204 else 200
        assert client.get(f"/v1/parts/{part_id}").status_code == expected_after

    def test_delete_is_audited(self, client, db, cast, auth_headers):
        part_id = create_part(db, vendor=cast.vendor, sku="GONE-1")
        client.delete(f"/v1/parts/{part_id}", headers=auth_headers(cast.admin))
        with db.transaction() as session:
            log = session.scalar(select(AuditLog).where(AuditLog.action == "part.delete"))
        assert (log.user_id, log.resource_id, log.changes["sku"]) == (
            cast.admin.id,
            str(part_id),
            "GONE-1",
        )

    def test_unknown_404(self, client, cast, auth_headers):
        assert_problem(client.delete("/v1/parts/999999", headers=auth_headers(cast.admin)), 404)
