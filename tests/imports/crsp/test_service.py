"""CRSP releases in the database: the search, the row an estimate uses, new releases."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select

from sidecar.content import repository as mirror
from sidecar.content.strapi_client import VEHICLE_MAKE
from sidecar.core.database import Database
from sidecar.core.errors import Conflict, NotFound, Unprocessable
from sidecar.core.pagination import PageParams
from sidecar.imports import service as imports
from sidecar.imports.crsp import service, shipped
from sidecar.imports.crsp.listing import DiffKind
from sidecar.imports.schemas import ImportSpecsIn
from sidecar.models import AuditLog, CrspRelease, CrspReleaseStatus, CrspRow, ImportRequest
from tests.conftest import principal_of
from tests.content.factories import vehicle_make
from tests.imports.crsp.files import csv_file, shipped_with
from tests.imports.factories import ON, specs_body

PAGE = PageParams(page=1, limit=100)
HARRIER = "Toyota,HARRIER ,Automatic transmission,2WD,1998.0,SUV,5,PETROL,7084125.944999999"
NEW_CAR = "9999,Toyota,LANDHOPPER GX,Automatic transmission,4WD,2400.0,SUV,7,HYBRID,9000000"


def search(db: Database, **filters: Any) -> tuple[list[service.CrspCar], int]:
    values: dict[str, Any] = {"make": None, "q": None, "engine_cc": None, "fuel": None}
    values.update(filters)
    params = values.pop("params", PAGE)
    with db.transaction() as session:
        return service.search(session, params=params, **values)


def import_release(db: Database, content: bytes, label: str = "CRSP-2026-01") -> Any:
    with db.transaction() as session:
        return service.import_release(
            session,
            content=content,
            source_file="crsp.csv",
            label=label,
            effective_from=date(2026, 1, 1),
            actor_id=None,
        )


def publish(db: Database, label: str = "CRSP-2026-01") -> CrspRelease:
    with db.transaction() as session:
        return service.publish_release(session, label=label, actor_id=None)


def releases(db: Database) -> dict[str, tuple[str, int]]:
    """Every release: label -> (status, rows stored)."""
    with db.transaction() as session:
        rows = session.execute(
            select(CrspRelease.label, CrspRelease.status, func.count(CrspRow.id))
            .outerjoin(CrspRow, CrspRow.release_id == CrspRelease.id)
            .group_by(CrspRelease.label, CrspRelease.status)
        ).all()
    return {label: (status, count) for label, status, count in rows}


class TestShippedRelease:
    def test_every_fresh_database_holds_july_2025_live(self, db) -> None:
        assert releases(db) == {shipped.LABEL: ("live", 5277)}
        with db.transaction() as session:
            release = session.scalar(select(CrspRelease))
            assert release is not None
            assert release.checksum == shipped.CHECKSUM
            assert release.effective_from == date(2025, 7, 1)
            assert release.source_file == "New_CRSP_July_2025_Clean.csv"
            row = session.scalar(select(CrspRow).where(CrspRow.model == "HARRIER"))
            assert row is not None
            assert row.source_row["Model"] == "HARRIER "  # as KRA wrote it
            assert row.crsp == Decimal("7084125.94")


class TestSearch:
    def test_make_is_case_insensitive_and_words_in_any_order(self, db) -> None:
        cars, total = search(db, make="TOYOTA", q="hybrid fielder")

        assert total == 5
        assert {car.model for car in cars} >= {
            "COROLLA FIELDER HYBRID EX",
            "COROLLA FILEDER HYBRID EX",  # KRA's typo, found all the same
        }
        assert {car.fuel for car in cars} == {"hybrid"}  # KRA lists them as PETROL

    def test_makes_are_spelled_as_our_catalogue_does(self, db) -> None:
        cars, _ = search(db, make="Mercedes-Benz", q="c200")
        assert cars
        assert {car.make for car in cars} == {"Mercedes-Benz"}

        with db.transaction() as session:
            document = vehicle_make(document_id="mk-lr", name="Land-Rover")
            mirror.upsert_document(session, content_type=VEHICLE_MAKE, document=document)
        cars, _ = search(db, make="land rover", q="defender 110")
        assert cars
        assert {car.make for car in cars} == {"Land-Rover"}  # the catalogue's own spelling

    def test_engine_size_within_100cc_closest_first(self, db) -> None:
        cars, _ = search(db, make="toyota", q="axio", engine_cc=1500)

        assert cars
        assert {car.engine_cc for car in cars} == {1496}

    def test_fuel_and_pages(self, db) -> None:
        everything, total = search(db, make="toyota", fuel="electric")
        second, same_total = search(
            db, make="toyota", fuel="electric", params=PageParams(page=2, limit=2)
        )

        assert total == same_total
        assert {car.fuel for car in everything} == {"electric"}
        assert [car.id for car in second] == [car.id for car in everything[2:4]]

    def test_exact_duplicates_are_shown_once(self, db) -> None:
        cars, _ = search(db, make="daihatsu", q="move l")
        shown = [(car.model, car.transmission, car.drive, car.engine_cc, car.crsp) for car in cars]
        assert len(shown) == len(set(shown))

    def test_nothing_found(self, db) -> None:
        assert search(db, make="Toyota", q="zzzzzz") == ([], 0)


class TestChoose:
    def choose(self, db: Database, **names: Any) -> service.Choice:
        values: dict[str, Any] = {"crsp_id": None, "make": None, "model": None}
        values |= {"engine_cc": None, "fuel": None} | names
        with db.transaction() as session:
            return service.choose(session, **values)

    def test_by_id(self, db) -> None:
        (vitz,), _ = search(db, make="toyota", q="vitz hybrid u")

        choice = self.choose(db, crsp_id=vitz.id)

        assert (choice.car, choice.matched_by, choice.warning) == (vitz, "crsp_id", None)

    def test_unknown_id_is_422_on_crsp_id(self, db) -> None:
        with pytest.raises(Unprocessable) as caught:
            self.choose(db, crsp_id=10**12)
        assert caught.value.errors == [
            {
                "field": "specs.crspId",
                "message": "No car 1000000000000 in the live CRSP list: pick one from the search.",
            }
        ]

    def test_best_match_reports_the_alternatives(self, db) -> None:
        choice = self.choose(db, make="Toyota", model="Land Cruiser Prado", engine_cc=2755)

        assert choice.car is not None
        assert choice.matched_by == "best_match"
        assert choice.car.model == "LAND CRUISER PRADO TX"  # fewest extra words
        assert abs((choice.car.engine_cc or 0) - 2755) < 100
        assert choice.alternatives
        assert all(alt.crsp != choice.car.crsp for alt in choice.alternatives)
        assert choice.warning is not None
        assert "Pick yours from the search" in choice.warning

    def test_a_single_match_has_no_warning(self, db) -> None:
        choice = self.choose(db, make="toyota", model="vitz hybrid u")
        assert choice.car is not None
        assert choice.alternatives == ()
        assert choice.warning is None

    def test_no_match(self, db) -> None:
        choice = self.choose(db, make="Tesla", model="Model 3")
        assert (choice.car, choice.matched_by, choice.release) == (None, None, shipped.LABEL)


class TestImportRelease:
    def test_loads_a_draft_with_its_report_and_diff(self, db) -> None:
        content = shipped_with(
            replace={HARRIER: HARRIER.replace("7084125.944999999", "7500000")}, extra=(NEW_CAR,)
        )

        imported = import_release(db, content)

        assert imported.release.status is CrspReleaseStatus.DRAFT
        assert imported.release.row_count == 5278
        assert len(imported.listing.duplicates) == 51
        assert (imported.diff.against, imported.diff.added, imported.diff.changed) == (
            shipped.LABEL,
            1,
            1,
        )
        assert imported.diff.removed == 0
        assert releases(db) == {
            shipped.LABEL: ("live", 5277),
            "CRSP-2026-01": ("draft", 5278),
        }
        with db.transaction() as session:
            log = session.scalar(select(AuditLog).where(AuditLog.action == "crsp.import"))
            assert log is not None
            assert log.changes["rows"] == 5278

    def test_a_malformed_file_leaves_everything_untouched(self, db) -> None:
        broken = shipped_with(replace={HARRIER: HARRIER.replace("7084125.944999999", "n/a")})

        with pytest.raises(Unprocessable) as caught:
            import_release(db, broken)

        assert caught.value.errors is not None
        assert caught.value.errors[0]["field"] == "file"
        assert "crsp_ksh 'n/a' is not a number" in caught.value.errors[0]["message"]
        assert releases(db) == {shipped.LABEL: ("live", 5277)}
        cars, _ = search(db, make="toyota", q="harrier")
        assert any(car.crsp == Decimal("7084125.94") for car in cars)

    def test_a_file_without_the_columns_is_refused(self, db) -> None:
        with pytest.raises(Unprocessable, match="missing column"):
            import_release(db, b"Make,Model\r\nToyota,Vitz\r\n")
        assert releases(db) == {shipped.LABEL: ("live", 5277)}

    def test_a_taken_label_is_409(self, db) -> None:
        with pytest.raises(Conflict):
            import_release(db, csv_file("0," + HARRIER), label=shipped.LABEL)

    def test_a_bad_label_is_422(self, db) -> None:
        with pytest.raises(Unprocessable) as caught:
            import_release(db, csv_file("0," + HARRIER), label="no spaces allowed")
        assert caught.value.errors is not None
        assert caught.value.errors[0]["field"] == "label"


class TestPublishRelease:
    def test_the_draft_goes_live_and_the_old_one_is_archived_not_deleted(self, db) -> None:
        import_release(db, csv_file("0," + HARRIER.replace("7084125.944999999", "8000000")))

        published = publish(db)

        assert published.status is CrspReleaseStatus.LIVE
        assert published.published_at is not None
        assert releases(db) == {shipped.LABEL: ("archived", 5277), "CRSP-2026-01": ("live", 1)}
        cars, total = search(db, q="harrier")
        assert (total, cars[0].crsp, cars[0].release) == (1, Decimal(8000000), "CRSP-2026-01")
        with db.transaction() as session:
            log = session.scalar(select(AuditLog).where(AuditLog.action == "crsp.publish"))
            assert log is not None
            assert log.changes == {"label": "CRSP-2026-01", "archived": shipped.LABEL}

    def test_estimates_keep_the_release_they_used(self, db, create_user) -> None:
        owner = create_user()
        with db.transaction() as session:
            before = imports.create_import(
                session,
                principal=principal_of(session, owner),
                specs=ImportSpecsIn.model_validate(specs_body()),
                on=ON,
            )
            old_row = before.crsp_row_id
        import_release(db, csv_file("0," + HARRIER))
        publish(db)

        with db.transaction() as session:
            kept = session.get(ImportRequest, before.id)
            assert kept is not None
            assert kept.crsp_row_id == old_row
            assert kept.cost_breakdown["valuation"]["crsp"]["release"] == shipped.LABEL
            # A row of the archived release is no longer offered to new estimates.
            with pytest.raises(Unprocessable):
                service.choose(
                    session, crsp_id=old_row, make=None, model=None, engine_cc=None, fuel=None
                )

    @pytest.mark.parametrize("label", [shipped.LABEL, "CRSP-2026-01"])
    def test_only_a_draft_is_published(self, db, label: str) -> None:
        import_release(db, csv_file("0," + HARRIER))
        publish(db)

        with pytest.raises(Conflict):
            publish(db, label)  # archived, then live

    def test_unknown_label_is_404(self, db) -> None:
        with pytest.raises(NotFound):
            publish(db, "CRSP-1999-01")


class TestReleaseDiff:
    def diff(self, db: Database, label: str, kind: DiffKind | None = None) -> service.ReleaseDiff:
        with db.transaction() as session:
            return service.release_diff(
                session, label=label, kind=kind, params=PageParams(page=1, limit=10)
            )

    def test_a_draft_against_the_live_release(self, db) -> None:
        import_release(db, shipped_with(extra=(NEW_CAR,)))

        diff = self.diff(db, "CRSP-2026-01")

        assert (diff.summary.added, diff.summary.removed, diff.summary.changed) == (1, 0, 0)
        assert diff.summary.unchanged == 5277
        assert [(e.kind, e.car.model) for e in diff.entries] == [(DiffKind.ADDED, "LANDHOPPER GX")]

    def test_the_live_release_against_the_one_it_replaced(self, db) -> None:
        import_release(db, csv_file("0," + HARRIER))
        publish(db)

        diff = self.diff(db, "CRSP-2026-01", DiffKind.REMOVED)

        assert diff.summary.against == shipped.LABEL
        assert diff.summary.removed == diff.total == 5276
        assert len(diff.entries) == 10

    def test_the_shipped_release_has_nothing_before_it(self, db) -> None:
        diff = self.diff(db, shipped.LABEL)
        assert diff.summary.against is None
        assert diff.summary.added == 5277
