"""The admin workspace in a real browser against the real sidecar: the demo admin lands
on the overview, approves one pending car and rejects another with a reason its
seller then reads on their account page; a customer is turned away from /admin and
the API refuses them regardless; every admin page passes axe with one h1.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from sidecar.imports.crsp import shipped
from tests.e2e.storefront.conftest import (
    ADMIN,
    PASSWORD,
    Storefront,
    new_context,
    sign_in,
    wait_until,
)
from tests.e2e.storefront.test_quality import axe_violations

ADMIN_PAGES = {
    "/admin": "Admin overview",
    "/admin/cars": "Listings awaiting review",
    "/admin/vendors": "Vendors",
    "/admin/imports": "Import requests",
    "/admin/orders": "Orders and refunds",
    "/admin/audit": "Audit log",
    "/admin/crsp": "CRSP releases",
    "/admin/notifications": "Failed notifications",
    "/sw/admin": "Muhtasari wa msimamizi",
    "/sw/admin/orders": "Oda na marejesho",
}


def list_car(storefront: Storefront, auth: dict[str, str], title: str) -> int:
    response = storefront.api.post(
        "/v1/cars",
        headers=auth,
        json={
            "title": title,
            "make": "Toyota",
            "model": "Fielder",
            "year": 2019,
            "price": 1_650_000,
            "mileageKm": 61_000,
        },
    )
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def settled(page: Page) -> None:
    """The page's data has arrived: nothing is marked busy any more (the access check,
    the Suspense fallback and each table's body say aria-busy while they wait)."""
    page.wait_for_load_state("load")
    expect(page.locator("[aria-busy=true]")).to_have_count(0)


@pytest.fixture(scope="module")
def admin_context(browser: Browser, storefront: Storefront) -> Iterator[BrowserContext]:
    """The demo admin, signed in once through the form (later pages refresh the session)."""
    context = new_context(browser, storefront, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, *ADMIN)
    page.close()
    yield context
    context.close()


class TestModeration:
    def test_an_admin_approves_one_car_and_rejects_another_with_a_reason_the_seller_sees(
        self, browser: Browser, storefront: Storefront
    ) -> None:
        email, auth = storefront.register(full_name="Wairimu Njeri")
        tag = secrets.token_hex(3)
        approved, rejected = f"Fielder {tag} approved", f"Fielder {tag} rejected"
        list_car(storefront, auth, approved)
        list_car(storefront, auth, rejected)
        reason = "The photos show a different car."

        context = new_context(browser, storefront, viewport={"width": 1280, "height": 900})
        try:
            admin = context.new_page()
            # Without ?next= the demo admin lands in the workspace's overview.
            sign_in(admin, *ADMIN)
            admin.wait_for_url(re.compile(r"/admin$"))
            expect(admin.get_by_role("heading", level=1)).to_have_text("Admin overview")
            workspace = admin.get_by_role("navigation", name="Workspace")
            workspace.get_by_role("link", name="Moderation").click()
            admin.wait_for_url(re.compile(r"/admin/cars$"))
            expect(admin.get_by_role("heading", level=1)).to_have_text("Listings awaiting review")
            # First come, first served: the car listed first is above the other.
            queue = admin.get_by_role("button", name=re.compile(rf"^Approve: Fielder {tag}"))
            expect(queue).to_have_count(2)
            assert [button.get_attribute("aria-label") for button in queue.all()] == [
                f"Approve: {approved}",
                f"Approve: {rejected}",
            ]

            admin.get_by_role("button", name=f"Approve: {approved}").click()
            expect(admin.get_by_text(f"“{approved}” is now live.")).to_be_visible()
            expect(admin.get_by_role("button", name=f"Approve: {approved}")).to_have_count(0)

            # Rejecting without a reason: the API's problem is shown, the row stays.
            admin.get_by_role("button", name=f"Reject: {rejected}").click()
            expect(admin.get_by_role("alert").first).to_be_visible()
            expect(admin.get_by_role("button", name=f"Reject: {rejected}")).to_be_visible()
            admin.get_by_label(f"Reason for rejecting {rejected}").fill(reason)
            admin.get_by_role("button", name=f"Reject: {rejected}").click()
            expect(admin.get_by_text(f"“{rejected}” was rejected.")).to_be_visible()
            expect(admin.get_by_role("button", name=f"Reject: {rejected}")).to_have_count(0)
        finally:
            context.close()

        seller_context = new_context(browser, storefront, viewport={"width": 1280, "height": 900})
        try:
            seller = seller_context.new_page()
            sign_in(seller, email, PASSWORD)
            seller.wait_for_url(re.compile(r"/account$"))
            listings = seller.get_by_role("region", name="My listings").get_by_role("listitem")
            expect(listings.filter(has_text=approved)).to_contain_text("Active")
            refused = listings.filter(has_text=rejected)
            expect(refused).to_contain_text("Rejected")
            expect(refused).to_contain_text(f"Reason: {reason}")
        finally:
            seller_context.close()

        statuses = {
            car["title"]: car["status"]
            for car in storefront.api.get("/v1/cars", params={"mine": "true"}, headers=auth).json()[
                "data"
            ]
        }
        assert statuses == {approved: "active", rejected: "rejected"}


class TestRunningTheMarketplace:
    def test_an_admin_approves_an_importer_assigns_an_import_and_refunds_a_paid_order(
        self, admin_context: BrowserContext, storefront: Storefront
    ) -> None:
        tag = secrets.token_hex(3)
        company = f"Lakeside Imports {tag}"
        registered = storefront.api.post(
            "/v1/auth/register",
            json={
                "email": storefront.new_email("vendor"),
                "password": PASSWORD,
                "role": "vendor",
                "companyName": company,
            },
        )
        assert registered.status_code == 201, registered.text
        vendor_id = registered.json()["user"]["vendor"]["id"]
        _, buyer = storefront.register(full_name="Kamau Njoroge")
        specs = {"make": "Toyota", "model": "Harrier", "year": 2021, "budget": 2_500_000}
        request = storefront.api.post(
            "/v1/imports", headers=buyer, json={"specs": specs | {"originCountry": "Japan"}}
        )
        assert request.status_code == 201, request.text
        import_id = request.json()["id"]
        part = storefront.api.get("/v1/parts", params={"limit": 1}).json()["data"][0]
        order = storefront.api.post(
            "/v1/orders",
            headers=buyer | {"Idempotency-Key": f"admin-refund-{tag}"},
            json={"items": [{"item_type": "part", "item_id": part["id"], "quantity": 1}]},
        ).json()
        paying = storefront.api.post(
            f"/v1/orders/{order['id']}/payments",
            headers=buyer,
            json={"method": "mpesa", "phone": "0712345678"},
        )
        assert paying.status_code == 202, paying.text
        wait_until(
            lambda: (
                storefront.api.get(f"/v1/orders/{order['id']}", headers=buyer).json()["status"]
                == "paid"
            ),
            "the simulated M-Pesa payment",
        )

        page = admin_context.new_page()
        try:
            page.goto("/admin/vendors?approved=false")
            kinds = page.get_by_role("group", name=f"Approve {company} as")
            kinds.get_by_label("Importer").check()
            page.get_by_role("button", name=f"Approve: {company}").click()
            expect(page.get_by_text(f"{company} is approved as")).to_contain_text("Importer")

            page.goto("/admin/imports?status=pending")
            page.get_by_label(f"Importer for request {import_id}").select_option(label=company)
            page.get_by_role("button", name=f"Assign request {import_id}").click()
            expect(page.get_by_text(f"{company} now handles request {import_id}.")).to_be_visible()

            page.goto("/admin/orders?status=paid")
            page.get_by_role("button", name=f"Refund {order['number']}").click()
            expect(page.get_by_text(f"Refund of {order['number']} requested")).to_be_visible()
        finally:
            page.close()

        admin = storefront.admin()
        assigned = storefront.api.get(f"/v1/imports/{import_id}", headers=admin).json()
        assert assigned["assigned_importer_id"] == vendor_id
        refunded = storefront.api.get(f"/v1/orders/{order['id']}", headers=admin).json()
        assert refunded["refund_requested_at"] is not None
        assert refunded["status"] in ("paid", "refunded")


class TestOnlyAdmins:
    def test_a_customer_is_sent_away_from_admin_and_the_api_refuses_them(
        self, context: BrowserContext, storefront: Storefront
    ) -> None:
        email, auth = storefront.register(full_name="Otieno Ouma")
        page = context.new_page()
        sign_in(page, email, PASSWORD)
        page.wait_for_url(re.compile(r"/account$"))

        page.goto("/admin")
        page.wait_for_url(lambda url: not re.search(r"/admin", url))
        expect(page.get_by_role("heading", name="Admin overview")).to_have_count(0)
        page.goto("/admin/cars")
        page.wait_for_url(lambda url: "/admin" not in url)

        # The hiding is a courtesy: the API itself refuses the customer's token,
        # through the storefront's proxy as directly.
        for path in ("/v1/stats/overview", "/v1/vendors", "/v1/audit-logs"):
            proxied = page.request.get(path, headers=auth)
            assert proxied.status == 403, (path, proxied.status, proxied.text())
            assert proxied.json()["status"] == 403
        car = list_car(storefront, storefront.register()[1], f"Fielder {secrets.token_hex(3)}")
        refused = storefront.api.put(f"/v1/cars/{car}/approve", headers=auth)
        assert refused.status_code == 403, refused.text
        assert (
            storefront.api.get(f"/v1/cars/{car}", headers=storefront.admin()).json()["status"]
            == "pending"
        )

    def test_signed_out_visitors_are_asked_to_sign_in(self, page: Page) -> None:
        page.goto("/admin/orders?status=paid")
        page.wait_for_url(re.compile(r"/login\?next="))
        assert "admin%2Forders" in page.url


@pytest.mark.parametrize("path", list(ADMIN_PAGES))
def test_every_admin_page_passes_axe_with_one_h1(admin_context: BrowserContext, path: str) -> None:
    page = admin_context.new_page()
    try:
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_text(ADMIN_PAGES[path])
        settled(page)
        assert page.locator("h1").count() == 1
        expect(page.locator("html")).to_have_attribute(
            "lang", "sw" if path.startswith("/sw/") else "en"
        )
        assert axe_violations(page) == [], path
    finally:
        page.close()


def test_the_overview_charts_carry_their_numbers_as_tables(
    admin_context: BrowserContext, storefront: Storefront
) -> None:
    overview = storefront.api.get("/v1/stats/overview", headers=storefront.admin()).json()
    page = admin_context.new_page()
    try:
        page.goto("/admin")
        settled(page)
        tile = page.get_by_role("link", name=re.compile(r"^Listings awaiting review"))
        expect(tile).to_contain_text(str(overview["pending_cars"]))
        for title in ("Listings per day", "Orders per day", "Review queue by waiting time"):
            expect(page.get_by_role("figure", name=title)).to_be_visible()
        figure = page.get_by_role("figure", name="Listings per day")
        figure.locator("summary").click()
        table = page.get_by_role("table", name="Listings per day (table)")
        expect(table.get_by_role("row")).to_have_count(len(overview["listings_per_day"]) + 1)
        assert axe_violations(page) == []
    finally:
        page.close()


class TestCrspReleases:
    def test_an_admin_uploads_a_list_sees_the_difference_and_publishes_it(
        self, admin_context: BrowserContext, storefront: Storefront, tmp_path: Path
    ) -> None:
        # The live list again with one price changed: publishing it changes nothing else
        # for the other journeys on this stack.
        lines = shipped.FILE.read_text(encoding="utf-8").splitlines()
        header, first = lines[0].split(","), lines[1].split(",")
        price_at = header.index("crsp_ksh")
        make, model = first[header.index("Make")], first[header.index("Model")]
        first[price_at] = str(round(float(first[price_at])) + 100_000)
        upload = tmp_path / "crsp-test.csv"
        upload.write_text("\n".join([lines[0], ",".join(first), *lines[2:]]) + "\n", "utf-8")
        label = f"CRSP-E2E-{secrets.token_hex(3).upper()}"

        page = admin_context.new_page()
        try:
            page.goto("/admin/crsp")
            settled(page)
            page.get_by_label("CSV file").set_input_files(str(upload))
            page.get_by_label("Label").fill(label)
            page.get_by_label("Effective from").fill("2026-01-01")
            page.get_by_role("button", name="Upload as draft").click()
            expect(
                page.get_by_text(re.compile(rf"Draft {label} uploaded: [\d,]+ rows"))
            ).to_be_visible()

            page.get_by_role("link", name=f"See the difference of {label}").first.click()
            expect(page.get_by_role("heading", level=1)).to_have_text(f"CRSP release {label}")
            settled(page)
            changed = page.get_by_role("table", name="Rows that differ").get_by_role("row")
            expect(changed.filter(has_text=model)).to_contain_text(make)
            expect(page.get_by_text(f"Difference of {label} from CRSP-2025-07")).to_be_visible()
            assert axe_violations(page) == []

            page.get_by_role("button", name=f"Publish {label}").click()
            expect(page.get_by_text(f"{label} is now live")).to_be_visible()
        finally:
            page.close()

        releases = storefront.api.get(
            "/v1/imports/crsp/releases", headers=storefront.admin(), params={"status": "live"}
        ).json()["data"]
        assert [release["label"] for release in releases] == [label]
