"""The CRSP API: the public search, the estimate it feeds, and releases for admins."""

from __future__ import annotations

import secrets
from decimal import Decimal
from typing import Any

import pytest

from sidecar.core.clock import nairobi_today
from sidecar.imports.crsp import repository, search, shipped
from tests.assertions import assert_problem
from tests.imports.crsp.files import csv_file, shipped_with
from tests.imports.crsp.test_service import HARRIER, NEW_CAR, releases

RELEASES = "/v1/imports/crsp/releases"


def upload(
    client: Any,
    headers: dict[str, str],
    content: bytes,
    *,
    label: str = "CRSP-2026-01",
    effective_from: str = "2026-01-01",
) -> Any:
    return client.post(
        RELEASES,
        headers=headers,
        files={"file": ("crsp-2026-01.csv", content, "text/csv")},
        data={"label": label, "effectiveFrom": effective_from},
    )


class TestSearch:
    def test_a_query_asked_again_is_answered_from_the_index_without_scoring(
        self, db, monkeypatch
    ) -> None:
        def ask(session: Any, q: str) -> list[Any]:
            live = repository.live(session)
            assert live is not None
            ranked = search.ranked(session, live, make="toyota", q=q, engine_cc=None, fuel=None)
            return [car.id for car in ranked.cars()]

        with db.transaction() as session:
            first = ask(session, "vitz hybrid u")
        assert first

        def no_scoring(*args: Any, **kwargs: Any) -> Any:
            raise AssertionError("scored")

        monkeypatch.setattr(search, "_rank", no_scoring)
        with db.transaction() as session:
            assert ask(session, "vitz hybrid u") == first
            with pytest.raises(AssertionError, match="scored"):
                # A query not asked before (by any test in this process) is scored.
                ask(session, f"vitz {secrets.token_hex(4)}")

    def test_anyone_finds_a_car_with_the_fields_the_estimate_needs(self, client, db) -> None:
        response = client.get("/v1/imports/crsp", params={"make": "toyota", "q": "vitz hybrid u"})

        assert response.status_code == 200, response.text
        body = response.json()
        assert body["pagination"] == {"page": 1, "limit": 20, "total": 1, "pages": 1}
        (car,) = body["data"]
        assert car == {
            "id": car["id"],
            "make": "Toyota",
            "model": "VITZ HYBRID U",
            "transmission": "Continuously variable transmission",
            "drive": "2WD",
            "engine_cc": 1496,
            "body_type": "SUV",
            "seating": "5",
            "fuel": "hybrid",
            "crsp": "3251359.36",
            "release": shipped.LABEL,
        }

    def test_filters_and_pages(self, client, db) -> None:
        response = client.get(
            "/v1/imports/crsp",
            params={"make": "Toyota", "engineCc": 1500, "fuel": "petrol", "limit": 5, "page": 2},
        )

        assert response.status_code == 200, response.text
        body = response.json()
        assert len(body["data"]) == 5
        assert body["pagination"]["total"] > 10
        assert {(car["fuel"], car["make"]) for car in body["data"]} == {("petrol", "Toyota")}

    @pytest.mark.parametrize(
        "params",
        [{"engineCc": 0}, {"engineCc": "big"}, {"fuel": "steam"}, {"limit": 101}, {"q": ""},
         {"make": "x" * 61}],
    )  # fmt: skip
    def test_bad_query_is_422(self, client, params: dict[str, Any]) -> None:
        assert_problem(client.get("/v1/imports/crsp", params=params), 422)


class TestDoneMeans:
    def test_vitz_hybrid_of_this_year_found_then_estimated(self, client, db) -> None:
        """Found through the search; the five taxes are 39.3444% of its CRSP (within KES 5)
        and the customs value is 42.5713% of it."""
        found = client.get("/v1/imports/crsp", params={"make": "Toyota", "q": "Vitz Hybrid U"})
        car = found.json()["data"][0]
        year = nairobi_today().year

        response = client.post(
            "/v1/imports/estimate",
            json={"specs": {"crspId": car["id"], "year": year, "budget": 900_000,
                            "originCountry": "Japan"}},
        )  # fmt: skip

        assert response.status_code == 200, response.text
        breakdown = response.json()["cost_breakdown"]
        crsp = Decimal(car["crsp"])
        taxes = [Decimal(line["amount"]) for line in breakdown["lines"] if line["group"] == "tax"]
        assert len(taxes) == 5
        assert abs(sum(taxes) - crsp * Decimal("0.393444")) <= 5
        customs_value = Decimal(breakdown["valuation"]["customs_value"])
        assert abs(customs_value - crsp * Decimal("0.425713")) <= 1
        assert breakdown["valuation"]["crsp"]["row_id"] == car["id"]
        assert breakdown["valuation"]["matched_by"] == "crsp_id"
        assert response.json()["specs"]["model"] == "VITZ HYBRID U"

    def test_an_unknown_car_gets_a_warning_not_an_error(self, client, db) -> None:
        response = client.post(
            "/v1/imports/estimate",
            json={"specs": {"make": "Zotye", "model": "T600", "year": 2022, "budget": 900_000,
                            "originCountry": "Japan"}},
        )  # fmt: skip

        assert response.status_code == 200, response.text
        assert "not in KRA's CRSP list" in response.json()["cost_breakdown"]["warnings"][0]

    @pytest.mark.parametrize(
        ("specs", "field"),
        [
            ({"year": 2022, "budget": 1, "originCountry": "Japan"}, "specs"),
            ({"crspId": 2**40, "year": 2022, "budget": 1, "originCountry": "Japan"},
             "specs.crspId"),
            ({"crspId": 0, "year": 2022, "budget": 1, "originCountry": "Japan"}, "specs.crspId"),
            ({"crspId": 1, "year": 2022, "month": 13, "budget": 1, "originCountry": "Japan"},
             "specs.month"),
            ({"crspId": 1, "year": 2022, "route": "smuggled", "budget": 1,
              "originCountry": "Japan"}, "specs.route"),
            ({"crspId": 1, "year": 2022, "priceBasis": "exw", "budget": 1,
              "originCountry": "Japan"}, "specs.priceBasis"),
        ],
    )  # fmt: skip
    def test_invalid_specs_are_422(self, client, db, specs: dict[str, Any], field: str) -> None:
        body = assert_problem(client.post("/v1/imports/estimate", json={"specs": specs}), 422)
        assert any(error["field"].startswith(field) for error in body["errors"]), body

    def test_a_transfer_by_route(self, client, db) -> None:
        car = client.get("/v1/imports/crsp", params={"q": "harrier"}).json()["data"][0]

        response = client.post(
            "/v1/imports/estimate",
            json={"specs": {"crspId": car["id"], "year": 2012, "budget": 1_500_000,
                            "originCountry": "Japan", "route": "registered"}},
        )  # fmt: skip

        assert response.status_code == 200, response.text
        codes = {line["code"] for line in response.json()["cost_breakdown"]["lines"]}
        assert {"idf", "rdl", "freight"}.isdisjoint(codes)


class TestListReleases:
    @pytest.mark.parametrize(("role", "status"), [("anonymous", 401), ("customer", 403),
                                                  ("vendor", 403), ("admin", 200)])  # fmt: skip
    def test_admins_only(self, client, cast, role: str, status: int) -> None:
        user = cast.by_role(role)
        headers = cast.auth(user) if user else {}
        response = client.get(RELEASES, headers=headers)
        assert response.status_code == status, response.text

    def test_newest_first_with_status_filter(self, client, cast) -> None:
        upload(client, cast.auth(cast.admin), csv_file("0," + HARRIER))

        body = client.get(RELEASES, headers=cast.auth(cast.admin)).json()
        live = client.get(RELEASES, headers=cast.auth(cast.admin), params={"status": "live"})

        assert [r["label"] for r in body["data"]] == ["CRSP-2026-01", shipped.LABEL]
        assert body["pagination"]["total"] == 2
        assert [r["label"] for r in live.json()["data"]] == [shipped.LABEL]
        assert body["data"][1] | {"created_at": None, "published_at": None} == {
            "label": shipped.LABEL,
            "effective_from": "2025-07-01",
            "status": "live",
            "source_file": "New_CRSP_July_2025_Clean.csv",
            "checksum": shipped.CHECKSUM,
            "row_count": 5277,
            "created_at": None,
            "published_at": None,
            "archived_at": None,
        }


class TestUploadRelease:
    @pytest.mark.parametrize(("role", "status"), [("anonymous", 401), ("customer", 403),
                                                  ("vendor", 403)])  # fmt: skip
    def test_admins_only(self, client, cast, db, role: str, status: int) -> None:
        user = cast.by_role(role)
        response = upload(client, cast.auth(user) if user else {}, csv_file("0," + HARRIER))
        assert response.status_code == status, response.text
        assert releases(db) == {shipped.LABEL: ("live", 5277)}

    def test_draft_with_report_and_diff(self, client, cast, db) -> None:
        content = shipped_with(extra=(NEW_CAR,))

        response = upload(client, cast.auth(cast.admin), content)

        assert response.status_code == 201, response.text
        body = response.json()
        assert body["release"]["status"] == "draft"
        assert body["release"]["source_file"] == "crsp-2026-01.csv"
        assert body["report"]["rows"] == 5278
        assert body["report"]["duplicates"] == 51
        assert body["report"]["duplicate_examples"][0].keys() == {
            "line",
            "same_as_line",
            "make",
            "model",
        }
        assert body["diff"] == {
            "against": shipped.LABEL,
            "added": 1,
            "removed": 0,
            "changed": 0,
            "unchanged": 5277,
        }

    def test_malformed_file_is_422_and_the_live_release_untouched(self, client, cast, db) -> None:
        broken = shipped_with(replace={HARRIER: HARRIER.replace("7084125.944999999", "-1")})

        response = upload(client, cast.auth(cast.admin), broken)

        body = assert_problem(response, 422)
        assert body["errors"][0]["field"] == "file"
        assert "is not a positive number" in body["errors"][0]["message"]
        assert releases(db) == {shipped.LABEL: ("live", 5277)}
        harrier = client.get("/v1/imports/crsp", params={"q": "harrier"}).json()["data"][0]
        assert harrier["crsp"] == "7084125.94"

    @pytest.mark.parametrize(
        ("fields", "field"),
        [
            ({"label": "has space"}, "label"),
            ({"effective_from": "someday"}, "effectiveFrom"),
        ],
    )
    def test_bad_fields_are_422(self, client, cast, db, fields: dict[str, str], field: str) -> None:
        response = upload(client, cast.auth(cast.admin), csv_file("0," + HARRIER), **fields)
        body = assert_problem(response, 422)
        assert any(error["field"].endswith(field) for error in body["errors"]), body

    def test_a_taken_label_is_409(self, client, cast, db) -> None:
        response = upload(
            client, cast.auth(cast.admin), csv_file("0," + HARRIER), label=shipped.LABEL
        )
        assert_problem(response, 409)


class TestDiffAndPublish:
    def test_diff_pages_and_kinds(self, client, cast, db) -> None:
        admin = cast.auth(cast.admin)
        changed = HARRIER.replace("7084125.944999999", "7500000")
        upload(client, admin, shipped_with(replace={HARRIER: changed}, extra=(NEW_CAR,)))

        everything = client.get(f"{RELEASES}/CRSP-2026-01/diff", headers=admin)
        changes = client.get(
            f"{RELEASES}/CRSP-2026-01/diff", headers=admin, params={"kind": "changed"}
        )

        assert everything.status_code == 200, everything.text
        body = everything.json()
        assert body["against"] == shipped.LABEL
        assert body["summary"] == {
            "against": shipped.LABEL,
            "added": 1,
            "removed": 0,
            "changed": 1,
            "unchanged": 5276,
        }
        assert body["pagination"]["total"] == 2
        assert changes.json()["data"] == [
            {
                "kind": "changed",
                "make": "Toyota",
                "model": "HARRIER",
                "transmission": "Automatic transmission",
                "drive": "2WD",
                "engine_cc": 1998,
                "body_type": "SUV",
                "seating": "5",
                "fuel": "petrol",
                "old_crsp": "7084125.94",
                "new_crsp": "7500000.00",
            }
        ]

    def test_publish_makes_it_live_and_archives_the_old(self, client, cast, db) -> None:
        admin = cast.auth(cast.admin)
        upload(client, admin, csv_file("0," + HARRIER.replace("7084125.944999999", "7500000")))

        response = client.post(f"{RELEASES}/CRSP-2026-01/publish", headers=admin)

        assert response.status_code == 200, response.text
        assert response.json()["status"] == "live"
        assert releases(db) == {shipped.LABEL: ("archived", 5277), "CRSP-2026-01": ("live", 1)}
        harrier = client.get("/v1/imports/crsp", params={"q": "harrier"}).json()["data"]
        assert [(car["crsp"], car["release"]) for car in harrier] == [
            ("7500000.00", "CRSP-2026-01")
        ]
        assert_problem(client.post(f"{RELEASES}/CRSP-2026-01/publish", headers=admin), 409)

    @pytest.mark.parametrize("method", ["get", "post"])
    def test_unknown_release_404_and_non_admins_refused(self, client, cast, db, method) -> None:
        path = f"{RELEASES}/CRSP-1999-01/" + ("diff" if method == "get" else "publish")
        call = getattr(client, method)

        assert_problem(call(path, headers=cast.auth(cast.admin)), 404)
        assert_problem(call(path, headers=cast.auth(cast.customer)), 403)
        assert_problem(call(path), 401)

    def test_bad_label_in_the_path_is_422(self, client, cast) -> None:
        response = client.get(f"{RELEASES}/-bad-/diff", headers=cast.auth(cast.admin))
        assert_problem(response, 422)
