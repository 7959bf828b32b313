from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from sidecar.models import AuditLog, Car, OutboxMessage
from tests.assertions import assert_problem
from tests.cars.factories import create_car, issue_key
from tests.conftest import ROLES


def _statuses(responses):
    """{label: status} of ``responses``; every error among them must be problem+json."""
    for response in responses.values():
        if response.status_code >= 400:
            assert_problem(response, response.status_code)
    return {label: response.status_code for label, response in responses.items()}


def _car_body(**overrides):
    body = {
        "title": "Mazda Demio 2017 Skyactiv",
        "make": "Mazda",
        "model": "Demio",
        "year": 2017,
        "price": "850000",
        "mileageKm": 69000,
        "description": "Kenyan-used, Kilimani.",
    }
    body.update(overrides)
    return body


def _audit_actions(db, car_id):
    with db.transaction() as session:
        return list(
            session.scalars(
                select(AuditLog.action)
                .where(AuditLog.resource_type == "car", AuditLog.resource_id == str(car_id))
                .order_by(AuditLog.id)
            )
        )


def _car(db, car_id):
    with db.transaction() as session:
        return session.get(Car, car_id)


class TestListCars:
    def _stock(self, db, cast):
        now = datetime.now(UTC)
        ids = {}
        for offset, (name, status, owner) in enumerate(
            [
                ("active_owner", "active", cast.customer),
                ("pending_owner", "pending", cast.customer),
                ("rejected_owner", "rejected", cast.customer),
                ("sold_owner", "sold", cast.customer),
                ("active_other", "active", cast.other_customer),
                ("pending_other", "pending", cast.other_customer),
            ]
        ):
            ids[name] = create_car(
                db, owner=owner, status=status, created_at=now - timedelta(hours=offset)
            )
        return ids

    def test_a_listed_car_reads_as_its_detail_does(self, client, db, cast):
        # The list serialises plain rows, the detail an ORM object: same fields.
        car_id = create_car(db, owner=cast.customer, images=[], mileage_km=None)
        listed = client.get("/v1/cars").json()["data"]
        detail = client.get(f"/v1/cars/{car_id}").json()
        detail.pop("related_articles")
        assert listed == [detail]

    def test_non_admins_see_active_cars_only(self, client, db, cast):
        ids = self._stock(db, cast)
        listed = {
            role: [
                car["id"]
                for car in client.get("/v1/cars", headers=cast.headers(role)).json()["data"]
            ]
            for role in ROLES
            if role != "admin"
        }
        active = [ids["active_owner"], ids["active_other"]]
        assert listed == {role: active for role in ROLES if role != "admin"}

    def test_admin_sees_every_status(self, client, db, cast):
        ids = self._stock(db, cast)
        response = client.get("/v1/cars", headers=cast.headers("admin"))
        assert response.status_code == 200
        assert [car["id"] for car in response.json()["data"]] == list(ids.values())

    def test_admin_filters_by_status(self, client, db, cast):
        ids = self._stock(db, cast)
        response = client.get(
            "/v1/cars", headers=cast.headers("admin"), params={"status": "pending"}
        )
        assert [car["id"] for car in response.json()["data"]] == [
            ids["pending_owner"],
            ids["pending_other"],
        ]

    def test_explicit_active_status_is_fine_for_the_public(self, client, db, cast):
        ids = self._stock(db, cast)
        response = client.get("/v1/cars", params={"status": "active"})
        assert response.status_code == 200
        assert len(response.json()["data"]) == 2
        assert {car["id"] for car in response.json()["data"]} == {
            ids["active_owner"],
            ids["active_other"],
        }

    def test_anonymous_asking_for_pending_is_401(self, client, db, cast):
        assert_problem(client.get("/v1/cars", params={"status": "pending"}), 401)

    def test_non_admin_asking_for_other_statuses_is_403(self, client, cast):
        responses = {
            (role, state): client.get(
                "/v1/cars", headers=cast.headers(role), params={"status": state}
            )
            for role in ("customer", "unapproved_vendor", "vendor")
            for state in ("pending", "sold", "rejected")
        }
        assert set(_statuses(responses).values()) == {403}

    def test_unknown_status_is_422(self, client, cast):
        response = client.get("/v1/cars", headers=cast.headers("admin"), params={"status": "x"})
        assert_problem(response, 422)

    def test_mine_requires_sign_in(self, client):
        assert_problem(client.get("/v1/cars", params={"mine": "true"}), 401)

    def test_mine_lists_own_cars_in_every_status(self, client, db, cast):
        ids = self._stock(db, cast)
        response = client.get("/v1/cars", headers=cast.headers("customer"), params={"mine": "true"})
        assert response.status_code == 200
        assert [car["id"] for car in response.json()["data"]] == [
            ids["active_owner"],
            ids["pending_owner"],
            ids["rejected_owner"],
            ids["sold_owner"],
        ]

    def test_mine_with_status(self, client, db, cast):
        ids = self._stock(db, cast)
        response = client.get(
            "/v1/cars",
            headers=cast.headers("other_customer"),
            params={"mine": "true", "status": "pending"},
        )
        assert [car["id"] for car in response.json()["data"]] == [ids["pending_other"]]

    def test_mine_for_a_vendor_without_cars_is_empty(self, client, db, cast):
        self._stock(db, cast)
        response = client.get("/v1/cars", headers=cast.headers("vendor"), params={"mine": "1"})
        assert response.json() == {
            "data": [],
            "pagination": {"page": 1, "limit": 20, "total": 0, "pages": 0},
        }

    def test_filters_make_and_model_case_insensitively(self, client, db, cast):
        fielder = create_car(db, owner=cast.customer, make="Toyota", model="Fielder")
        create_car(db, owner=cast.customer, make="Toyota", model="Premio")
        create_car(db, owner=cast.customer, make="Nissan", model="Note")
        by_make = client.get("/v1/cars", params={"make": "TOYOTA"}).json()["data"]
        by_model = client.get("/v1/cars", params={"make": "toyota", "model": "fielder"}).json()
        assert {car["make"] for car in by_make} == {"Toyota"}
        assert len(by_make) == 2
        assert [car["id"] for car in by_model["data"]] == [fielder]

    def test_filters_year_and_price_range(self, client, db, cast):
        cheap = create_car(db, owner=cast.customer, year=2015, price="650000")
        middle = create_car(db, owner=cast.customer, year=2018, price="1500000")
        create_car(db, owner=cast.customer, year=2018, price="4850000")
        in_range = client.get("/v1/cars", params={"minPrice": "600000", "max_price": 1500000})
        by_year = client.get("/v1/cars", params={"year": 2015})
        assert {car["id"] for car in in_range.json()["data"]} == {cheap, middle}
        assert [car["id"] for car in by_year.json()["data"]] == [cheap]

    def test_min_price_above_max_price_is_422(self, client):
        response = client.get("/v1/cars", params={"minPrice": 5, "maxPrice": 4})
        assert_problem(response, 422)

    def test_invalid_query_parameters_are_422(self, client):
        cases = {
            "negative price": {"minPrice": "-1"},
            "price not a number": {"maxPrice": "abc"},
            "year too old": {"year": 1900},
            "make too long": {"make": "x" * 81},
            "q too long": {"q": "x" * 101},
            "unknown sort": {"sort": "cheapest"},
            "limit over 100": {"limit": 101},
            "page 0": {"page": 0},
        }
        responses = {name: client.get("/v1/cars", params=params) for name, params in cases.items()}
        assert _statuses(responses) == dict.fromkeys(cases, 422)

    def test_q_matches_word_prefixes_over_title_make_and_model(self, client, db, cast):
        harrier = create_car(
            db, owner=cast.customer, title="Premium SUV, one owner", make="Toyota", model="Harrier"
        )
        create_car(db, owner=cast.customer, title="Family car", make="Nissan", model="X-Trail")
        benz = create_car(
            db, owner=cast.customer, title="AMG line", make="Mercedes-Benz", model="C200"
        )
        assert [c["id"] for c in client.get("/v1/cars", params={"q": "harr"}).json()["data"]] == [
            harrier
        ]
        assert [
            c["id"] for c in client.get("/v1/cars", params={"q": "toyota prem"}).json()["data"]
        ] == [harrier]
        assert [
            c["id"] for c in client.get("/v1/cars", params={"q": "benz c200"}).json()["data"]
        ] == [benz]

    def test_q_with_tsquery_syntax_is_safe(self, client, db, cast):
        create_car(db, owner=cast.customer, title="Toyota Fielder", make="Toyota")
        totals = {
            q: client.get("/v1/cars", params={"q": q}).json()["pagination"]["total"]
            for q in ["toyota' & !:*(", "toyota | fielder", "):*", "'; DROP TABLE cars; --"]
        }
        assert totals == {
            "toyota' & !:*(": 1,
            "toyota | fielder": 1,
            "):*": 1,  # no word at all: no filter
            "'; DROP TABLE cars; --": 0,
        }

    def test_q_without_words_does_not_filter(self, client, db, cast):
        create_car(db, owner=cast.customer)
        response = client.get("/v1/cars", params={"q": "!!! ***"})
        assert response.json()["pagination"]["total"] == 1

    def test_sorts(self, client, db, cast):
        now = datetime.now(UTC)
        specs = {
            "old": ("2000000", 2015, now - timedelta(days=2)),
            "mid": ("900000", 2022, now - timedelta(days=1)),
            "new": ("5000000", 2019, now),
        }
        ids = {
            name: create_car(db, owner=cast.customer, price=price, year=year, created_at=created)
            for name, (price, year, created) in specs.items()
        }
        names = {car_id: name for name, car_id in ids.items()}
        expected = {
            None: ["new", "mid", "old"],
            "newest": ["new", "mid", "old"],
            "oldest": ["old", "mid", "new"],
            "price": ["mid", "old", "new"],
            "price_asc": ["mid", "old", "new"],
            "-price": ["new", "old", "mid"],
            "price_desc": ["new", "old", "mid"],
            "year": ["old", "new", "mid"],
            "-year": ["mid", "new", "old"],
        }
        orders = {
            sort: [
                names[car["id"]]
                for car in client.get("/v1/cars", params={"sort": sort} if sort else {}).json()[
                    "data"
                ]
            ]
            for sort in expected
        }
        assert orders == expected

    def test_paginates(self, client, db, cast):
        now = datetime.now(UTC)
        ids = [
            create_car(db, owner=cast.customer, created_at=now - timedelta(minutes=index))
            for index in range(5)
        ]
        page_two = client.get("/v1/cars", params={"page": 2, "limit": 2}).json()
        past_end = client.get("/v1/cars", params={"page": 4, "limit": 2}).json()
        assert [car["id"] for car in page_two["data"]] == ids[2:4]
        assert page_two["pagination"] == {"page": 2, "limit": 2, "total": 5, "pages": 3}
        assert past_end["data"] == []
        assert past_end["pagination"]["total"] == 5

    def test_response_shape(self, client, db, cast):
        key = issue_key(db, user=cast.customer)
        car_id = create_car(db, owner=cast.customer, price="1650000", images=[key])
        car = client.get("/v1/cars").json()["data"][0]
        assert car["id"] == car_id
        assert car["price"] == "1650000.00"
        assert car["images"] == [key]
        assert car["image_urls"] == [f"http://127.0.0.1:8000/media/{key}"]
        assert car["owner_id"] == cast.customer.id
        assert car["status"] == "active"
        assert car["rejection_reason"] is None
        assert "search" not in car
        assert {"created_at", "updated_at", "mileage_km", "description"} <= car.keys()


class TestGetCar:
    def test_sold_car_is_not_public(self, client, db, cast):
        car_id = create_car(db, owner=cast.customer, status="sold")
        assert_problem(client.get(f"/v1/cars/{car_id}"), 404)
        mine = client.get(f"/v1/cars/{car_id}", headers=cast.headers("customer"))
        assert mine.json()["status"] == "sold"

    def test_owner_sees_the_rejection_reason(self, client, db, cast):
        car_id = create_car(
            db, owner=cast.customer, status="rejected", rejection_reason="Photos are blurred"
        )
        response = client.get(f"/v1/cars/{car_id}", headers=cast.headers("customer"))
        assert response.json()["rejection_reason"] == "Photos are blurred"

    def test_unknown_car_404(self, client):
        assert_problem(client.get("/v1/cars/999999"), 404)

    def test_invalid_id_422(self, client):
        ids = ["abc", "0", "-1", str(2**63)]
        responses = {car_id: client.get(f"/v1/cars/{car_id}") for car_id in ids}
        assert _statuses(responses) == dict.fromkeys(ids, 422)

    def test_invalid_token_401(self, client, db, cast):
        car_id = create_car(db, owner=cast.customer)
        response = client.get(f"/v1/cars/{car_id}", headers={"Authorization": "Bearer nope"})
        assert_problem(response, 401)


class TestCreateCar:
    def test_sellers_get_a_pending_listing_of_their_own(self, client, cast):
        # Who may sell at all is the authorization matrix's (tests/e2e).
        for role in ("customer", "vendor"):
            response = client.post("/v1/cars", json=_car_body(), headers=cast.headers(role))
            assert response.status_code == 201, response.text
            body = response.json()
            assert body["status"] == "pending"
            assert body["owner_id"] == getattr(cast, role).id
            assert body["price"] == "850000.00"
            assert body["mileage_km"] == 69000

    def test_created_car_is_stored_pending_and_audited(self, client, db, cast):
        key = issue_key(db, user=cast.customer, content_type="image/webp")
        response = client.post(
            "/v1/cars",
            json=_car_body(images=[key], price=850000.5),
            headers=cast.headers("customer"),
        )
        car_id = response.json()["id"]
        car = _car(db, car_id)
        assert car.status == "pending"
        assert car.owner_id == cast.customer.id
        assert str(car.price) == "850000.50"
        assert car.images == [key]
        assert response.json()["image_urls"] == [f"http://127.0.0.1:8000/media/{key}"]
        assert _audit_actions(db, car_id) == ["car.create"]
        assert_problem(client.get(f"/v1/cars/{car_id}"), 404)  # not public until approved

    def test_admin_is_refused_before_the_body_is_read(self, client, cast):
        response = client.post("/v1/cars", json={"junk": 1}, headers=cast.headers("admin"))
        assert_problem(response, 403)

    def test_mass_assignment_is_422(self, client, db, cast):
        extras = {
            "status": "active",
            "owner_id": 1,
            "ownerId": 1,
            "id": 5,
            "rejection_reason": "x",
            "created_at": "2020-01-01T00:00:00Z",
        }
        responses = {
            name: client.post(
                "/v1/cars", json=_car_body(**{name: value}), headers=cast.headers("customer")
            )
            for name, value in extras.items()
        }
        assert _statuses(responses) == dict.fromkeys(extras, 422)
        assert {name: r.json()["errors"][0]["field"] for name, r in responses.items()} == {
            name: name for name in extras
        }
        with db.transaction() as session:
            assert session.scalar(select(Car.id)) is None

    def test_year_bounds_follow_the_calendar(self, client, cast):
        next_year = datetime.now(UTC).year + 1
        headers = cast.headers("customer")
        assert (
            client.post("/v1/cars", json=_car_body(year=1950), headers=headers).status_code == 201
        )
        assert (
            client.post("/v1/cars", json=_car_body(year=next_year), headers=headers).status_code
            == 201
        )
        assert_problem(client.post("/v1/cars", json=_car_body(year=1949), headers=headers), 422)
        too_new = client.post("/v1/cars", json=_car_body(year=next_year + 1), headers=headers)
        assert str(next_year) in assert_problem(too_new, 422)["errors"][0]["message"]

    def test_invalid_fields_are_422(self, client, db, cast):
        cases = {
            "price 0": {"price": 0},
            "price negative": {"price": -1},
            "price 3 decimals": {"price": "1.005"},
            "price 10^12": {"price": 10**12},
            "price not a number": {"price": "abc"},
            "price boolean": {"price": True},
            "price NaN": {"price": "NaN"},
            "mileage negative": {"mileageKm": -1},
            "mileage absurd": {"mileage_km": 3_000_001},
            "title too short": {"title": "ab"},
            "title too long": {"title": "x" * 201},
            "make empty": {"make": ""},
            "make blank": {"make": "   "},
            "model too long": {"model": "m" * 81},
            "description too long": {"description": "d" * 5001},
            "year words": {"year": "two thousand"},
            "images not a list": {"images": "cars/1/x.jpg"},
            "image traversal": {"images": ["../../etc/passwd"]},
            "image absolute": {"images": ["/etc/passwd"]},
            "image wrong type": {"images": ["cars/1/0123456789abcdef0123456789abcdef.gif"]},
            "image traversal in key": {
                "images": ["cars/1/../0123456789abcdef0123456789abcdef.jpg"]
            },
        }
        responses = {
            name: client.post(
                "/v1/cars", json=_car_body(**overrides), headers=cast.headers("customer")
            )
            for name, overrides in cases.items()
        }
        assert _statuses(responses) == dict.fromkeys(cases, 422)
        with db.transaction() as session:
            assert session.scalar(select(Car.id)) is None

    def test_required_fields(self, client, cast):
        fields = ["title", "make", "model", "year", "price"]
        reported = {}
        for missing in fields:
            body = _car_body()
            del body[missing]
            response = client.post("/v1/cars", json=body, headers=cast.headers("customer"))
            reported[missing] = assert_problem(response, 422)["errors"][0]["field"]
        assert reported == {name: name for name in fields}

    def test_optional_fields_may_be_left_out(self, client, cast):
        body = {"title": "Honda Fit 2018", "make": "Honda", "model": "Fit", "year": 2018}
        response = client.post(
            "/v1/cars", json={**body, "price": 1100000}, headers=cast.headers("customer")
        )
        assert response.status_code == 201
        assert response.json()["images"] == []
        assert response.json()["mileage_km"] is None

    def test_at_most_20_images(self, client, db, cast):
        keys = [issue_key(db, user=cast.customer) for _ in range(21)]
        headers = cast.headers("customer")
        ok = client.post("/v1/cars", json=_car_body(images=keys[:20]), headers=headers)
        too_many = client.post("/v1/cars", json=_car_body(images=keys), headers=headers)
        assert ok.status_code == 201
        assert len(ok.json()["image_urls"]) == 20
        assert_problem(too_many, 422)

    def test_repeated_image_is_422(self, client, db, cast):
        key = issue_key(db, user=cast.customer)
        response = client.post(
            "/v1/cars", json=_car_body(images=[key, key]), headers=cast.headers("customer")
        )
        assert_problem(response, 422)

    def test_images_must_have_been_issued_to_the_seller(self, client, db, cast):
        mine = issue_key(db, user=cast.customer)
        theirs = issue_key(db, user=cast.other_customer)
        never_issued = f"cars/{cast.customer.id}/{'a' * 32}.png"
        response = client.post(
            "/v1/cars",
            json=_car_body(images=[mine, theirs, never_issued]),
            headers=cast.headers("customer"),
        )
        body = assert_problem(response, 422)
        assert body["errors"] == [
            {"field": "images.1", "message": f"{theirs} was not issued to you"},
            {"field": "images.2", "message": f"{never_issued} was not issued to you"},
        ]
        assert theirs in body["detail"]

    def test_malformed_json_400(self, client, cast):
        response = client.post(
            "/v1/cars",
            content=b"{not json",
            headers={**cast.headers("customer"), "Content-Type": "application/json"},
        )
        assert_problem(response, 400)


class TestUpdateCar:
    # Who may edit which car is the authorization matrix's (tests/e2e); these check
    # that only the owner's edit lands.
    def _patch_by_role(self, client, db, cast, *, status, body):
        cars = {role: create_car(db, owner=cast.customer, status=status) for role in ROLES}
        responses = {
            role: client.patch(f"/v1/cars/{cars[role]}", json=body, headers=cast.headers(role))
            for role in ROLES
        }
        return cars, responses

    def test_only_the_owners_edit_of_a_pending_car_lands(self, client, db, cast):
        cars, responses = self._patch_by_role(
            client, db, cast, status="pending", body={"price": "1600000"}
        )
        assert responses["customer"].json()["price"] == "1600000.00"
        assert {role: str(_car(db, car_id).price) for role, car_id in cars.items()} == {
            role: "1600000.00" if role == "customer" else "1650000.00" for role in ROLES
        }

    def test_only_the_owners_edit_of_an_active_car_lands(self, client, db, cast):
        cars, _responses = self._patch_by_role(
            client, db, cast, status="active", body={"title": "Price drop!"}
        )
        assert {role: _car(db, car_id).status for role, car_id in cars.items()} == {
            role: "pending" if role == "customer" else "active" for role in ROLES
        }

    def test_edited_active_car_goes_back_to_pending(self, client, db, cast):
        car_id = create_car(db, owner=cast.customer, status="active")
        response = client.patch(
            f"/v1/cars/{car_id}",
            json={"price": 1500000, "mileageKm": 80000, "description": None},
            headers=cast.headers("customer"),
        )
        assert response.json()["status"] == "pending"
        car = _car(db, car_id)
        assert (car.status, str(car.price), car.mileage_km) == ("pending", "1500000.00", 80000)
        assert car.description is None
        assert_problem(client.get(f"/v1/cars/{car_id}"), 404)
        with db.transaction() as session:
            log = session.scalar(select(AuditLog).where(AuditLog.action == "car.update"))
            assert log.user_id == cast.customer.id
            assert log.changes == {
                "price": "1500000",
                "mileage_km": 80000,
                "description": None,
                "status": "pending",
            }

    def test_edited_rejected_car_is_resubmitted(self, client, db, cast):
        car_id = create_car(db, owner=cast.customer, status="rejected", rejection_reason="Blurry")
        response = client.patch(
            f"/v1/cars/{car_id}",
            json={"title": "Sharp photos now"},
            headers=cast.headers("customer"),
        )
        assert response.json()["status"] == "pending"
        assert response.json()["rejection_reason"] is None

    def test_edit_of_a_pending_car_stays_pending(self, client, db, cast):
        car_id = create_car(db, owner=cast.customer, status="pending")
        response = client.patch(
            f"/v1/cars/{car_id}", json={"year": 2018}, headers=cast.headers("customer")
        )
        assert (response.json()["status"], response.json()["year"]) == ("pending", 2018)

    def test_unchanged_values_change_nothing(self, client, db, cast):
        car_id = create_car(db, owner=cast.customer, status="active", price="1650000")
        response = client.patch(
            f"/v1/cars/{car_id}",
            json={"price": "1650000.00", "make": "Toyota"},
            headers=cast.headers("customer"),
        )
        assert response.json()["status"] == "active"
        assert _audit_actions(db, car_id) == []

    @pytest.mark.parametrize("body", [{"title": "New"}, {}])
    def test_sold_car_cannot_be_edited(self, client, db, cast, body):
        car_id = create_car(db, owner=cast.customer, status="sold")
        response = client.patch(f"/v1/cars/{car_id}", json=body, headers=cast.headers("customer"))
        assert_problem(response, 409)

    def test_invalid_or_forbidden_fields_are_422(self, client, db, cast):
        car_id = create_car(db, owner=cast.customer, status="pending")
        cases = {
            "status": {"status": "active"},
            "owner_id": {"owner_id": 2},
            "rejection_reason": {"rejection_reason": None},
            "null title": {"title": None},
            "null price": {"price": None},
            "null images": {"images": None},
            "price 0": {"price": 0},
            "year 1800": {"year": 1800},
            "21 images": {"images": [f"cars/1/{index:032x}.jpg" for index in range(21)]},
        }
        responses = {
            name: client.patch(f"/v1/cars/{car_id}", json=body, headers=cast.headers("customer"))
            for name, body in cases.items()
        }
        assert _statuses(responses) == dict.fromkeys(cases, 422)
        assert _audit_actions(db, car_id) == []

    def test_images_replaced_with_own_keys_only(self, client, db, cast):
        old = issue_key(db, user=cast.customer)
        car_id = create_car(db, owner=cast.customer, status="pending", images=[old])
        new = issue_key(db, user=cast.customer, content_type="image/png")
        foreign = issue_key(db, user=cast.vendor)
        ok = client.patch(
            f"/v1/cars/{car_id}", json={"images": [new, old]}, headers=cast.headers("customer")
        )
        refused = client.patch(
            f"/v1/cars/{car_id}", json={"images": [foreign]}, headers=cast.headers("customer")
        )
        assert ok.json()["images"] == [new, old]
        assert assert_problem(refused, 422)["errors"][0]["field"] == "images.0"
        assert _car(db, car_id).images == [new, old]

    def test_unknown_car_404(self, client, cast):
        response = client.patch("/v1/cars/424242", json={}, headers=cast.headers("customer"))
        assert_problem(response, 404)


def _outbox(db):
    with db.transaction() as session:
        return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


class TestApproveCar:
    def test_only_the_admins_approval_lands(self, client, db, cast):
        cars = {role: create_car(db, owner=cast.customer, status="pending") for role in ROLES}
        responses = {
            role: client.put(f"/v1/cars/{cars[role]}/approve", headers=cast.headers(role))
            for role in ROLES
        }
        body = responses["admin"].json()
        assert (body["id"], body["status"]) == (cars["admin"], "active")
        assert {role: _car(db, car_id).status for role, car_id in cars.items()} == {
            role: "active" if role == "admin" else "pending" for role in ROLES
        }

    def test_approval_is_public_audited_and_notified(self, client, db, cast):
        car_id = create_car(db, owner=cast.customer, status="pending")
        client.put(f"/v1/cars/{car_id}/approve", headers=cast.headers("admin"))
        assert client.get(f"/v1/cars/{car_id}").status_code == 200
        assert _audit_actions(db, car_id) == ["car.approve"]
        [event] = _outbox(db)
        assert event.kind == "car.approved"
        assert event.payload == {"car_id": car_id, "owner_id": cast.customer.id, "reason": None}

    def test_rejected_car_can_be_approved_and_loses_its_reason(self, client, db, cast):
        car_id = create_car(db, owner=cast.customer, status="rejected", rejection_reason="Blurry")
        response = client.put(f"/v1/cars/{car_id}/approve", headers=cast.headers("admin"))
        assert response.json()["status"] == "active"
        assert response.json()["rejection_reason"] is None

    @pytest.mark.parametrize("current", ["active", "sold"])
    def test_illegal_moves_are_409(self, client, db, cast, current):
        car_id = create_car(db, owner=cast.customer, status=current)
        response = client.put(f"/v1/cars/{car_id}/approve", headers=cast.headers("admin"))
        assert_problem(response, 409)
        assert _outbox(db) == []

    def test_each_transition_is_its_own_event(self, client, db, cast):
        car_id = create_car(db, owner=cast.customer, status="pending")
        admin = cast.headers("admin")
        client.put(f"/v1/cars/{car_id}/approve", headers=admin)
        client.put(f"/v1/cars/{car_id}/reject", json={"reason": "Sold elsewhere"}, headers=admin)
        client.put(f"/v1/cars/{car_id}/approve", headers=admin)
        events = _outbox(db)
        assert [event.kind for event in events] == ["car.approved", "car.rejected", "car.approved"]
        assert len({event.dedupe_key for event in events}) == 3

    def test_unknown_car_404(self, client, cast):
        assert_problem(client.put("/v1/cars/999999/approve", headers=cast.headers("admin")), 404)


class TestRejectCar:
    def test_only_the_admins_rejection_lands(self, client, db, cast):
        cars = {role: create_car(db, owner=cast.customer, status="pending") for role in ROLES}
        responses = {
            role: client.put(
                f"/v1/cars/{cars[role]}/reject",
                json={"reason": "The photos show a different car."},
                headers=cast.headers(role),
            )
            for role in ROLES
        }
        body = responses["admin"].json()
        assert (body["id"], body["status"]) == (cars["admin"], "rejected")
        assert body["rejection_reason"] == "The photos show a different car."
        assert [event.kind for event in _outbox(db)] == ["car.rejected"]

    def test_rejection_is_audited_and_notified(self, client, db, cast):
        car_id = create_car(db, owner=cast.customer, status="active")
        client.put(
            f"/v1/cars/{car_id}/reject", json={"reason": "Duplicate"}, headers=cast.headers("admin")
        )
        assert _car(db, car_id).rejection_reason == "Duplicate"
        assert_problem(client.get(f"/v1/cars/{car_id}"), 404)  # taken down
        assert _audit_actions(db, car_id) == ["car.reject"]
        [event] = _outbox(db)
        assert event.kind == "car.rejected"
        assert event.payload == {
            "car_id": car_id,
            "owner_id": cast.customer.id,
            "reason": "Duplicate",
        }
        assert event.dedupe_key.startswith(f"car.rejected:{car_id}:")

    def test_reason_is_required_and_bounded(self, client, db, cast):
        car_id = create_car(db, owner=cast.customer, status="pending")
        cases = {
            "missing": {},
            "empty": {"reason": ""},
            "blank": {"reason": "   "},
            "too long": {"reason": "r" * 501},
            "other field": {"why": "x"},
            "not a string": {"reason": ["no"]},
        }
        responses = {
            name: client.put(f"/v1/cars/{car_id}/reject", json=body, headers=cast.headers("admin"))
            for name, body in cases.items()
        }
        assert _statuses(responses) == dict.fromkeys(cases, 422)
        assert _car(db, car_id).status == "pending"

    def test_500_character_reason_is_fine(self, client, db, cast):
        car_id = create_car(db, owner=cast.customer, status="pending")
        response = client.put(
            f"/v1/cars/{car_id}/reject", json={"reason": "r" * 500}, headers=cast.headers("admin")
        )
        assert response.status_code == 200

    @pytest.mark.parametrize("current", ["rejected", "sold"])
    def test_illegal_moves_are_409(self, client, db, cast, current):
        car_id = create_car(db, owner=cast.customer, status=current)
        response = client.put(
            f"/v1/cars/{car_id}/reject", json={"reason": "No"}, headers=cast.headers("admin")
        )
        assert_problem(response, 409)

    def test_unknown_car_404(self, client, cast):
        response = client.put(
            "/v1/cars/999999/reject", json={"reason": "No"}, headers=cast.headers("admin")
        )
        assert_problem(response, 404)


class TestDeleteCar:
    def _delete_by_role(self, client, db, cast, *, status):
        cars = {role: create_car(db, owner=cast.customer, status=status) for role in ROLES}
        responses = {
            role: client.delete(f"/v1/cars/{cars[role]}", headers=cast.headers(role))
            for role in ROLES
        }
        remaining = {role for role, car_id in cars.items() if _car(db, car_id) is not None}
        return responses, remaining

    def test_only_the_owner_and_admins_remove_a_pending_car(self, client, db, cast):
        responses, remaining = self._delete_by_role(client, db, cast, status="pending")
        assert responses["customer"].content == b""
        assert remaining == set(ROLES) - {"customer", "admin"}

    def test_only_the_owner_and_admins_remove_an_active_car(self, client, db, cast):
        _responses, remaining = self._delete_by_role(client, db, cast, status="active")
        assert remaining == set(ROLES) - {"customer", "admin"}

    def test_deletion_is_audited(self, client, db, cast):
        car_id = create_car(db, owner=cast.customer, status="sold")
        client.delete(f"/v1/cars/{car_id}", headers=cast.headers("admin"))
        with db.transaction() as session:
            log = session.scalar(select(AuditLog).where(AuditLog.action == "car.delete"))
            assert log.user_id == cast.admin.id
            assert log.resource_id == str(car_id)
            assert log.changes["owner_id"] == cast.customer.id

    def test_deleting_twice_404(self, client, db, cast):
        car_id = create_car(db, owner=cast.customer)
        client.delete(f"/v1/cars/{car_id}", headers=cast.headers("customer"))
        assert_problem(client.delete(f"/v1/cars/{car_id}", headers=cast.headers("customer")), 404)
