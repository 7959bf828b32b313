"""What people do on the storefront, in a real browser against the real sidecar.

Found by role and accessible name (the names are fixed by the storefront's issue:
Email, Password, Full name, Sign in, Create account; Make, Min price, Max price,
Search; the sell form's fields and Submit listing; the import form's fields, Estimate
and Request this import; Buy; M-Pesa phone number, Pay and the word Paid).
"""

from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from tests.e2e.storefront.conftest import (
    PASSWORD,
    Storefront,
    new_context,
    sign_in,
)


def png_photo(width: int = 48, height: int = 36) -> bytes:
    """A real PNG (the sidecar checks the file's signature), a green rectangle."""
    row = b"\x00" + b"\x0e\x5c\x3b" * width
    raw = row * height

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def kes(text: str) -> list[int]:
    """Every "KES 1,650,000" in a text, as numbers."""
    return [int(value.replace(",", "")) for value in re.findall(r"KES ([\d,]+)", text)]


def register_in_browser(page: Page, storefront: Storefront, full_name: str) -> str:
    email = storefront.new_email("seller")
    page.goto("/register")
    page.get_by_label("Full name").fill(full_name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url(re.compile(r"/account$"))
    return email


def pay_by_mpesa(page: Page) -> None:
    page.get_by_label("M-Pesa phone number").fill("0712 345 678")
    page.get_by_role("button", name="Pay", exact=True).click()
    # Simulated payments settle by themselves a few seconds later; the page polls.
    expect(page.get_by_text("Paid", exact=True)).to_be_visible()


class TestSellACar:
    def test_a_listing_with_a_photo_is_pending_until_an_admin_approves_it(
        self, page: Page, browser: Browser, storefront: Storefront, tmp_path: Path
    ) -> None:
        register_in_browser(page, storefront, "Amani Mwangi")
        page.get_by_role("link", name="Sell", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Sell your car")
        title = "Mazda Demio 2018, low mileage"
        page.get_by_label("Title").fill(title)
        page.get_by_label("Make").fill("Mazda")
        page.get_by_label("Model").fill("Demio")
        page.get_by_label("Year").fill("2018")
        page.get_by_label("Price").fill("980,000")
        page.get_by_label("Mileage (km)").fill("54000")
        photo = tmp_path / "demio.png"
        photo.write_bytes(png_photo())
        page.get_by_label("Photos").set_input_files(str(photo))
        expect(page.get_by_role("status").filter(has_text="demio.png uploaded")).to_be_attached()
        page.get_by_role("button", name="Submit listing").click()
        expect(page.get_by_text("Your listing is pending review")).to_be_visible()

        page.get_by_role("link", name="Go to my listings").click()
        listing = page.get_by_role("region", name="My listings").get_by_role("listitem")
        expect(listing.filter(has_text=title)).to_contain_text("Pending review")

        # The demo admin approves it in the moderation page.
        admin_context = new_context(browser, storefront)
        try:
            admin = admin_context.new_page()
            sign_in(admin, "admin@gurumisha.co.ke", "Admin#Demo2026", next_path="/admin/cars")
            admin.wait_for_url(re.compile(r"/admin/cars$"))
            admin.get_by_role("button", name=f"Approve: {title}").click()
            expect(admin.get_by_text(f"“{title}” is now live.")).to_be_visible()
        finally:
            admin_context.close()

        page.reload()
        expect(listing.filter(has_text=title)).to_contain_text("Active")
        page.get_by_role("link", name=title, exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        expect(page.get_by_text("KES 980,000").first).to_be_visible()
        image = page.get_by_role("img", name=f"Photo 1 of 1 of {title}")
        expect(image).to_be_visible()
        # The photo came through the storefront's /media proxy from the sidecar's store.
        # decode() waits for the image and fails if it does not load.
        assert image.evaluate("img => img.decode().then(() => img.naturalWidth)") == 48

    def test_the_api_messages_land_on_their_fields(
        self, page: Page, storefront: Storefront
    ) -> None:
        register_in_browser(page, storefront, "Baraka Otieno")
        page.goto("/sell")
        page.get_by_label("Title").fill("No")  # too short for the API (3 characters)
        page.get_by_label("Make").fill("Nissan")
        page.get_by_label("Model").fill("Note")
        page.get_by_label("Year").fill("2017")
        page.get_by_label("Price").fill("750000")
        page.get_by_role("button", name="Submit listing").click()
        title = page.get_by_label("Title")
        expect(title).to_have_attribute("aria-invalid", "true")
        expect(page.locator("#title-error")).not_to_be_empty()
        # Nothing typed is lost.
        expect(page.get_by_label("Make")).to_have_value("Nissan")


class TestSearchByPrice:
    def test_the_price_range_filters_the_results_and_stays_in_the_url(
        self, page: Page, storefront: Storefront
    ) -> None:
        page.goto("/cars")
        expect(page.get_by_role("heading", level=1)).to_have_text("Cars for sale")
        page.get_by_label("Min price").fill("1000000")
        page.get_by_label("Max price").fill("2000000")
        page.get_by_role("button", name="Search").click()
        page.wait_for_url(re.compile(r"minPrice=1000000.*maxPrice=2000000"))

        results = page.get_by_role("list", name="Cars for sale").get_by_role("link")
        expect(results.first).to_be_visible()
        prices = [kes(text)[0] for text in results.all_inner_texts()]
        assert prices, "no results"
        assert all(1_000_000 <= price <= 2_000_000 for price in prices), prices
        # Demo listings on both sides of the range.
        expect(
            page.get_by_role("link", name=re.compile("Toyota Fielder Hybrid 2017"))
        ).to_be_visible()
        expect(page.get_by_role("link", name=re.compile("Toyota Harrier 2019"))).to_have_count(0)

        # The filters survive a reload (they are the URL), and Back undoes the search.
        page.reload()
        expect(page.get_by_label("Min price")).to_have_value("1000000")
        page.go_back()
        page.wait_for_url(re.compile(r"/cars$"))
        expect(page.get_by_role("link", name=re.compile("Toyota Harrier 2019"))).to_be_visible()


class TestReserveACar:
    def test_a_buyer_reserves_a_car_with_the_deposit_and_pays_by_mpesa(
        self, page: Page, storefront: Storefront
    ) -> None:
        email, _ = storefront.register(full_name="Njeri Wambui")
        sign_in(page, email, PASSWORD)
        page.goto("/cars?make=Toyota&model=Premio&sort=price")
        car = page.get_by_role("link", name=re.compile("Toyota Premio 2016")).first
        car.click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Toyota Premio 2016")
        car_id = int(page.url.rstrip("/").rsplit("/", 1)[1])
        page.get_by_role("button", name="Reserve with a deposit").click()
        page.wait_for_url(re.compile(r"/checkout/\d+$"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Checkout")
        expect(page.get_by_text("Refundable reservation deposit")).to_be_visible()
        expect(page.get_by_text("KES 50,000").first).to_be_visible()
        pay_by_mpesa(page)

        # The car is held for this buyer: nobody else can reserve it.
        other_email, other = storefront.register(full_name="Kamau Kariuki")
        held = storefront.api.get(f"/v1/cars/{car_id}").json()
        assert held["status"] == "reserved", held
        again = storefront.api.post(
            "/v1/orders",
            headers=other | {"Idempotency-Key": other_email},
            json={"items": [{"item_type": "car", "item_id": car_id, "quantity": 1}]},
        )
        assert again.status_code == 409, again.text


class TestBuyAPart:
    def test_a_buyer_finds_a_part_for_their_car_buys_it_and_pays(
        self, page: Page, storefront: Storefront
    ) -> None:
        email, _ = storefront.register(full_name="Wairimu Ndungu")
        sign_in(page, email, PASSWORD)
        page.goto("/parts")
        page.get_by_label("Make").fill("Toyota")
        page.get_by_label("Model").fill("Fielder")
        page.get_by_label("Year").fill("2016")
        page.get_by_role("button", name="Find parts").click()
        page.wait_for_url(re.compile(r"make=Toyota.*model=Fielder.*year=2016"))
        page.get_by_role("button", name="Remember this car").click()
        first = page.get_by_role("main").get_by_role("list").get_by_role("link").first
        name = first.get_by_role("heading").inner_text()
        first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text(name)
        price = kes(page.get_by_role("main").inner_text())[0]
        page.get_by_label("Quantity").fill("2")
        page.get_by_role("button", name="Buy", exact=True).click()
        page.wait_for_url(re.compile(r"/checkout/\d+$"))
        expect(page.get_by_text(f"KES {2 * price:,}").first).to_be_visible()
        pay_by_mpesa(page)

        # "My car" is remembered for the next visit.
        page.goto("/parts")
        expect(page.get_by_role("link", name="Parts for my Toyota Fielder 2016")).to_be_visible()


class TestImportACar:
    def test_estimate_then_request_then_follow_the_timeline(
        self, page: Page, storefront: Storefront
    ) -> None:
        email, _ = storefront.register(full_name="Otieno Ouma")
        sign_in(page, email, PASSWORD)
        page.get_by_role("link", name="Import", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Import a car")
        page.get_by_label("Make").fill("Toyota")
        page.get_by_label("Model").fill("Harrier")
        page.get_by_label("Year").fill("2021")
        page.get_by_label("Origin country").select_option("Japan")
        page.get_by_label("Budget (KES)").fill("2500000")
        page.get_by_role("button", name="Estimate").click()

        breakdown = page.get_by_role("table", name="Landed-cost breakdown")
        expect(breakdown).to_be_visible()
        for line in ("Import duty", "Excise duty", "VAT"):
            expect(breakdown.get_by_role("rowheader", name=re.compile(line))).to_be_visible()
        expect(page.get_by_text("Where the money goes")).to_be_visible()
        expect(page.get_by_text("Taxes (KRA)")).to_be_visible()
        total = kes(breakdown.locator("tfoot").inner_text())[0]
        assert total > 2_500_000  # duties, port and registration on top of the car

        page.get_by_role("button", name="Request this import").click()
        page.wait_for_url(re.compile(r"/imports/\d+$"))
        import_id = int(page.url.rsplit("/", 1)[1])
        expect(page.get_by_role("heading", name="Timeline")).to_be_visible()
        expect(page.get_by_text(f"KES {total:,}").first).to_be_visible()

        # The importer's move shows on the customer's timeline with its note.
        moved = storefront.api.put(
            f"/v1/imports/{import_id}/status",
            headers=storefront.admin(),
            json={"status": "shipped", "note": "On MV Ocean Star, ETA Mombasa 12 Dec"},
        )
        assert moved.status_code == 200, moved.text
        page.reload()
        timeline = page.get_by_role("region", name="Timeline")
        expect(timeline.get_by_text("On MV Ocean Star, ETA Mombasa 12 Dec")).to_be_visible()
        expect(timeline.locator("[aria-current=step]")).to_have_text("Shipped")


class TestSwahili:
    def test_the_language_switch_keeps_the_page_and_the_filters(
        self, page: Page, storefront: Storefront
    ) -> None:
        page.goto("/cars?maxPrice=2000000")
        expect(page.locator("html")).to_have_attribute("lang", "en")
        page.get_by_role("link", name="Soma kwa Kiswahili").click()
        page.wait_for_url(re.compile(r"/sw/cars\?maxPrice=2000000$"))
        expect(page.locator("html")).to_have_attribute("lang", "sw")
        expect(page.get_by_role("heading", level=1)).to_have_text("Magari yanayouzwa")
        expect(page.get_by_label("Bei ya juu")).to_have_value("2000000")
        expect(page.get_by_role("button", name="Tafuta")).to_be_visible()
        # Prices and links stay in Swahili pages.
        first = page.get_by_role("list", name="Magari yanayouzwa").get_by_role("link").first
        assert kes(first.inner_text())[0] <= 2_000_000
        first.click()
        page.wait_for_url(re.compile(r"/sw/cars/\d+$"))
        expect(page.get_by_role("heading", name="Maelezo ya kiufundi")).to_be_visible()

        page.get_by_role("link", name="Read in English").click()
        page.wait_for_url(re.compile(r"/cars/\d+$"))
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.get_by_role("heading", name="Specifications")).to_be_visible()
