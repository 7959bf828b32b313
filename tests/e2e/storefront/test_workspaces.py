"""The vendor and importer workspaces, in a real browser against the real sidecar.

A parts vendor answers an inquiry and fulfils a paid order; an admin approves a vendor
as importer and assigns an import (through the API: the admin's own pages are tested
with them), the importer moves it to shipped and the customer's timeline shows it.
Demo logins land in their workspace; people without the role are sent away (and the
API refuses regardless); every vendor and importer page passes axe.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.e2e.storefront.conftest import (
    PASSWORD,
    Storefront,
    new_context,
    sign_in,
    wait_until,
)
from tests.e2e.storefront.test_journeys import png_photo
from tests.e2e.storefront.test_quality import axe_violations

MOMBASA = ("parts@mombasa-autospares.co.ke", "Vendor#Demo2026")  # approved parts vendor
NAIROBI = ("sales@nairobi-imports.co.ke", "Vendor#Demo2026")  # parts and importer
SPECS = {"make": "Toyota", "model": "Fielder", "year": 2021, "budget": 1_400_000}


def _json(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def _me(storefront: Storefront, headers: dict[str, str]) -> dict[str, Any]:
    return _json(storefront.api.get("/v1/auth/me", headers=headers))["user"]


def _customer(
    storefront: Storefront, *, full_name: str, phone: str | None = None
) -> tuple[str, dict[str, str]]:
    """A customer registered through the API (setting up): (email, auth header)."""
    email = storefront.new_email("customer")
    body = {"email": email, "password": PASSWORD, "fullName": full_name}
    if phone:
        body["phone"] = phone
    token = _json(storefront.api.post("/v1/auth/register", json=body), 201)["token"]
    return email, {"Authorization": f"Bearer {token}"}


def _request_import(storefront: Storefront, headers: dict[str, str]) -> int:
    body = {"specs": SPECS | {"originCountry": "Japan"}}
    return int(_json(storefront.api.post("/v1/imports", headers=headers, json=body), 201)["id"])


def _in_stock_part(storefront: Storefront, vendor_id: int) -> dict[str, Any]:
    parts = _json(storefront.api.get("/v1/parts", params={"vendorId": vendor_id, "limit": 100}))
    return next(part for part in parts["data"] if part["stock"] >= 2)


class TestVendorJourney:
    def test_a_vendor_answers_an_inquiry_and_fulfils_a_paid_order(
        self, page: Page, storefront: Storefront
    ) -> None:
        vendor = _me(storefront, storefront.login(*MOMBASA))
        part = _in_stock_part(storefront, vendor["vendor"]["id"])
        _, buyer = _customer(storefront, full_name="Baraka Otieno", phone="+254711222333")
        question = "Do you have two of these for a 2016 Fielder?"
        inquiry = _json(
            storefront.api.post(
                "/v1/inquiries",
                headers=buyer,
                json={"partId": part["id"], "quantity": 2, "message": question},
            ),
            201,
        )
        order = _json(
            storefront.api.post(
                "/v1/orders",
                headers=buyer | {"Idempotency-Key": f"workspace-{inquiry['id']}-order"},
                json={"items": [{"item_type": "part", "item_id": part["id"], "quantity": 1}]},
            ),
            201,
        )
        _json(
            storefront.api.post(
                f"/v1/orders/{order['id']}/payments",
                headers=buyer,
                json={"method": "mpesa", "phone": "0711222333"},
            ),
            202,
        )
        wait_until(
            lambda: (
                storefront.api.get(f"/v1/orders/{order['id']}", headers=buyer).json()["status"]
                == "paid"
            ),
            "the simulated payment to settle",
        )

        # The demo vendor signs in without a destination and lands in the workspace.
        sign_in(page, *MOMBASA)
        page.wait_for_url(re.compile(r"/vendor$"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Sales summary")

        page.get_by_role("navigation", name="Workspace").get_by_role(
            "link", name="Inquiries"
        ).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Inquiries")
        expect(page.get_by_text(question)).to_be_visible()
        answer = "Yes, two sets in stock: KES 4,500 each, collect in Mombasa."
        page.get_by_label(f"Your answer to inquiry {inquiry['id']}", exact=True).fill(answer)
        page.get_by_role(
            "button", name=f"Send answer: Your answer to inquiry {inquiry['id']}"
        ).click()
        expect(page.get_by_text(f"Your answer: {answer}")).to_be_visible()
        answered = _json(storefront.api.get(f"/v1/inquiries/{inquiry['id']}", headers=buyer))
        assert (answered["status"], answered["response_message"]) == ("responded", answer)

        page.get_by_role("navigation", name="Workspace").get_by_role("link", name="Orders").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Orders")
        row = page.get_by_role("row").filter(has_text=order["number"])
        # Paid: the buyer's contact is shown for the handover.
        expect(row.get_by_text("Baraka Otieno")).to_be_visible()
        expect(row.get_by_role("link", name="+254711222333")).to_be_visible()
        row.get_by_role("button", name=f"Mark {order['number']} {part['name']} fulfilled").click()
        expect(row.get_by_text(re.compile(r"^Fulfilled "))).to_be_visible()
        assert (
            _json(storefront.api.get(f"/v1/orders/{order['id']}", headers=buyer))["status"]
            == "fulfilled"
        )


class TestVendorCatalogue:
    def test_a_vendor_lists_a_part_for_the_cars_it_fits_and_restocks_it(
        self, page: Page, storefront: Storefront, tmp_path: Path
    ) -> None:
        sign_in(page, *MOMBASA, next_path="/vendor/parts/new")
        expect(page.get_by_role("heading", level=1)).to_have_text("Add a part")

        def fill_part(sku: str) -> None:
            page.get_by_label("Name", exact=True).fill("Rear shock absorber")
            page.get_by_label("SKU", exact=True).fill(sku)
            page.get_by_label("Price (KES)", exact=True).fill("6500")
            page.get_by_label("Stock", exact=True).fill("3")

        fill_part("MAS-RS-77")
        page.get_by_label("Make", exact=True).fill("Toyota")
        page.get_by_label("Model", exact=True).fill("Fielder")
        page.get_by_label("From year", exact=True).select_option("2015")
        page.get_by_label("To year", exact=True).select_option("2017")
        page.get_by_role("button", name="Add this car").click()
        fit = re.compile(r"^Remove Toyota Fielder 2015.2017$")
        expect(page.get_by_role("button", name=fit)).to_be_visible()
        photo = tmp_path / "shock-absorber.png"
        photo.write_bytes(png_photo())
        page.get_by_label("Photos", exact=True).set_input_files(str(photo))
        uploaded = page.get_by_role("status").filter(has_text="shock-absorber.png uploaded")
        expect(uploaded).to_be_attached()
        page.get_by_role("button", name="Add part").click()
        page.wait_for_url(re.compile(r"/vendor/parts/\d+$"))
        part_id = int(page.url.rsplit("/", 1)[1])
        expect(page.get_by_label("SKU", exact=True)).to_have_value("MAS-RS-77")
        expect(page.get_by_role("button", name="Remove photo 1")).to_be_visible()
        part = _json(storefront.api.get(f"/v1/parts/{part_id}"))
        assert part["compatibility"] == [
            {"make": "Toyota", "model": "Fielder", "years": [2015, 2016, 2017]}
        ]
        assert len(part["images"]) == 1

        # Buyers see the photo on the part's page, and it is the one uploaded.
        shop = page.context.new_page()
        shop.goto(f"/parts/{part_id}")
        gallery = shop.get_by_role("region", name="Photos")
        image = gallery.get_by_role("img", name="Photo 1 of 1 of Rear shock absorber")
        expect(image).to_be_visible()
        source = image.get_attribute("src")
        assert source is not None
        assert source.endswith(part["images"][0])
        assert shop.evaluate("(img) => img.naturalWidth", image.element_handle()) == 48
        shop.close()

        # The same SKU again: the API's reason is shown and nothing typed is lost.
        page.goto("/vendor/parts/new")
        fill_part("mas-rs-77")
        page.get_by_role("button", name="Add part").click()
        problem = page.locator("form").get_by_role("alert")
        expect(problem).to_have_text("You already list a part with SKU MAS-RS-77.")
        expect(page.get_by_label("Name", exact=True)).to_have_value("Rear shock absorber")
        expect(page.get_by_label("SKU", exact=True)).to_have_value("mas-rs-77")

        page.get_by_role("navigation", name="Workspace").get_by_role(
            "link", name="Low stock"
        ).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Low stock")
        page.get_by_label("Stock: Rear shock absorber", exact=True).fill("12")
        page.get_by_role("button", name="Update stock: Rear shock absorber").click()
        expect(page.get_by_text("Stock of Rear shock absorber is now 12.")).to_be_visible()
        assert _json(storefront.api.get(f"/v1/parts/{part_id}"))["stock"] == 12


class TestImporterJourney:
    def test_an_assigned_import_moves_to_shipped_and_the_customer_sees_it(
        self, browser: Browser, storefront: Storefront
    ) -> None:
        admin = storefront.admin()
        # A new vendor, approved by an admin as an importer (the admin UI has its own tests).
        email = storefront.new_email("importer")
        registered = _json(
            storefront.api.post(
                "/v1/auth/register",
                json={
                    "email": email,
                    "password": PASSWORD,
                    "fullName": "Juma Mwinyi",
                    "role": "vendor",
                    "companyName": "Juma Car Imports",
                },
            ),
            201,
        )
        vendor_id = registered["user"]["vendor"]["id"]
        approved = storefront.api.put(
            f"/v1/vendors/{vendor_id}/approve", headers=admin, json={"kinds": ["importer"]}
        )
        assert _json(approved)["kinds"] == ["importer"]
        customer_email, customer = _customer(storefront, full_name="Zawadi Njoroge")
        import_id = _request_import(storefront, customer)
        assigned = storefront.api.put(
            f"/v1/imports/{import_id}/assign", headers=admin, json={"vendorId": vendor_id}
        )
        assert _json(assigned)["assigned_importer_id"] == vendor_id

        importer = new_context(browser, storefront)
        try:
            page = importer.new_page()
            sign_in(page, email, PASSWORD)
            page.wait_for_url(re.compile(r"/importer$"))
            expect(page.get_by_role("heading", level=1)).to_have_text("Imports assigned to you")
            page.get_by_role("link", name=f"#{import_id}", exact=True).click()
            expect(
                page.get_by_role("heading", name=re.compile(r"^Customer.s specifications$"))
            ).to_be_visible()
            status = page.get_by_label("Next status", exact=True)
            # Only legal moves are offered: forward, or cancelled before shipping.
            assert status.locator("option").all_inner_texts() == [
                "Sourcing",
                "Shipped",
                "Arrived",
                "Cleared",
                "Delivered",
                "Cancelled",
            ]
            status.select_option(label="Shipped")
            note = "On the MV Kota Ratu from Yokohama, due in Mombasa in three weeks."
            page.get_by_label("Note for the customer", exact=True).fill(note)
            page.get_by_role("button", name="Update status").click()
            expect(page.get_by_text("Now Shipped. The customer is notified.")).to_be_visible()
            # From shipped the car cannot be cancelled any more.
            expect(page.get_by_label("Next status", exact=True).locator("option")).to_have_text(
                ["Arrived", "Cleared", "Delivered"]
            )
            page.get_by_role("navigation", name="Workspace").get_by_role(
                "link", name="Pipeline board"
            ).click()
            shipped = page.get_by_role("region", name=re.compile(r"^Shipped"))
            expect(shipped.get_by_role("link", name=re.compile(rf"^#{import_id} "))).to_be_visible()
        finally:
            importer.close()

        buyer = new_context(browser, storefront)
        try:
            page = buyer.new_page()
            sign_in(page, customer_email, PASSWORD, next_path=f"/imports/{import_id}")
            timeline = page.get_by_role("region", name="Timeline")
            expect(timeline.get_by_text(note)).to_be_visible()
            expect(timeline.locator("li[aria-current=step]")).to_have_text("Shipped")
        finally:
            buyer.close()
        moved = _json(storefront.api.get(f"/v1/imports/{import_id}", headers=customer))
        assert (moved["status"], moved["timeline"][-1]["note"]) == ("shipped", note)


class TestWhoGetsIn:
    def test_demo_logins_land_in_their_workspace(
        self, browser: Browser, storefront: Storefront
    ) -> None:
        for (email, password), landing in [(MOMBASA, "/vendor"), (NAIROBI, "/importer")]:
            context = new_context(browser, storefront)
            try:
                page = context.new_page()
                sign_in(page, email, password)
                page.wait_for_url(re.compile(rf"{landing}$"))
                expect(page.get_by_role("navigation", name="Workspace")).to_be_visible()
            finally:
                context.close()

    def test_a_customer_is_sent_away_and_the_api_refuses_regardless(
        self, page: Page, storefront: Storefront
    ) -> None:
        email, headers = _customer(storefront, full_name="Achieng Auma")
        sign_in(page, email, PASSWORD)
        for path in ("/vendor/orders", "/importer"):
            page.goto(path)
            page.wait_for_url(lambda url: url.rstrip("/") == storefront.url)
            expect(page.get_by_role("navigation", name="Workspace")).to_have_count(0)
        refused = storefront.api.post(
            "/v1/parts",
            headers=headers,
            json={"name": "Brake pads", "sku": "X-1", "price": 100, "stock": 1},
        )
        assert refused.status_code == 403
        assigned = _json(
            storefront.api.get("/v1/imports", params={"assigned": "true"}, headers=headers)
        )
        assert assigned["data"] == []

    def test_signed_out_goes_to_sign_in_and_comes_back(self, page: Page) -> None:
        page.goto("/vendor/inquiries?status=new")
        page.wait_for_url(re.compile(r"/login\?next="))
        page.get_by_label("Email").fill(MOMBASA[0])
        page.get_by_label("Password").fill(MOMBASA[1])
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(re.compile(r"/vendor/inquiries\?status=new$"))
        expect(page.get_by_label("Status", exact=True)).to_have_value("new")


@pytest.fixture(scope="module")
def workspace_user(
    browser: Browser, storefront: Storefront
) -> Iterator[tuple[BrowserContext, dict[str, int]]]:
    """The demo vendor who sells parts and handles imports, signed in, with a part and an
    import assigned to it."""
    headers = storefront.login(*NAIROBI)
    vendor_id = _me(storefront, headers)["vendor"]["id"]
    part = _json(
        storefront.api.post(
            "/v1/parts",
            headers=headers,
            json={
                "name": "Air filter (axe)",
                "sku": "AXE-AF-1",
                "price": 1200,
                "stock": 2,
                "compatibility": [
                    {"make": "Toyota", "model": "Fielder", "yearFrom": 2015, "yearTo": 2019}
                ],
            },
        ),
        201,
    )
    _, customer = _customer(storefront, full_name="Neema Wanjiru")
    import_id = _request_import(storefront, customer)
    _json(
        storefront.api.put(
            f"/v1/imports/{import_id}/assign",
            headers=storefront.admin(),
            json={"vendorId": vendor_id},
        )
    )
    context = new_context(browser, storefront, viewport={"width": 390, "height": 844})
    page = context.new_page()
    sign_in(page, *NAIROBI)
    page.close()
    yield context, {"part": part["id"], "import": import_id}
    context.close()


WORKSPACE_PAGES = {
    "/vendor": "Sales summary",
    "/vendor/parts": "Parts catalogue",
    "/vendor/parts/new": "Add a part",
    "/vendor/parts/{part}": "Edit #{part}",
    "/vendor/low-stock": "Low stock",
    "/vendor/inquiries": "Inquiries",
    "/vendor/orders": "Orders",
    "/importer": "Imports assigned to you",
    "/importer/board": "Import pipeline",
    "/importer/imports/{import}": "Import request {import}",
}


@pytest.mark.parametrize("path", list(WORKSPACE_PAGES))
def test_every_workspace_page_passes_axe(
    workspace_user: tuple[BrowserContext, dict[str, int]], path: str
) -> None:
    context, ids = workspace_user
    page = context.new_page()
    try:
        page.goto(path.format(**ids))
        expect(page.get_by_role("heading", level=1)).to_have_text(
            WORKSPACE_PAGES[path].format(**ids)
        )
        expect(page.get_by_role("navigation", name="Workspace")).to_be_visible()
        page.wait_for_load_state("networkidle")
        expect(page.locator("[aria-busy=true]")).to_have_count(0)
        assert page.locator("h1").count() == 1
        assert axe_violations(page) == [], path
    finally:
        page.close()
