"""Strapi's admin panel driven by Playwright (Debian's Chromium), as an editor uses it.

Everything is found by role and accessible name (the labels of src/editing-guide.js),
never by CSS class. Screenshots for the editor's guide (docs/CONTENT.md) are taken on
the way: into docs/images/editor-guide/ when UPDATE_SCREENSHOTS=1 or the file is
missing there, otherwise into the test's temporary folder (so a run does not rewrite
the committed pictures, whose dates and "seconds ago" change every time).
"""

from __future__ import annotations

import os
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from tests.e2e.strapi import PASSWORD, ROOT

CHROMIUM = "/usr/bin/chromium"  # Debian's package; `playwright install` is never run
GUIDE_IMAGES = ROOT / "docs" / "images" / "editor-guide"
NAIROBI = timezone(timedelta(hours=3))
VIEWPORT = {"width": 1440, "height": 900}
# The panel loads its pages lazily; on a busy 2-core machine a first visit takes seconds.
expect.set_options(timeout=30_000)


class Screenshots:
    def __init__(self, scratch: Path) -> None:
        self.scratch = scratch
        self.update = os.environ.get("UPDATE_SCREENSHOTS") == "1"
        self.taken: list[Path] = []

    def take(self, page: Page, name: str, *, focus: Locator | None = None) -> Path:
        """A screenshot of the window; ``focus`` is scrolled to the middle first."""
        if focus is not None:
            focus.evaluate("element => element.scrollIntoView({block: 'center'})")
        committed = GUIDE_IMAGES / f"{name}.png"
        target = (
            committed if self.update or not committed.exists() else self.scratch / f"{name}.png"
        )
        target.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(target))
        self.taken.append(target)
        return target


def require_chromium() -> None:
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} not found: the browser tests need Debian's Chromium "
            "(apt-get install -y chromium; scripts/test installs it)",
            pytrace=False,
        )


def new_context(browser: Browser) -> BrowserContext:
    context = browser.new_context(viewport=VIEWPORT, timezone_id="Africa/Nairobi", locale="en-GB")
    context.set_default_timeout(30_000)
    return context


def sign_in(page: Page, base_url: str, email: str) -> None:
    page.goto(f"{base_url}/admin/auth/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Login").click()
    expect(page.get_by_role("heading", name=re.compile(r"^Hello"))).to_be_visible()


def open_list(page: Page, base_url: str, uid: str, locale: str = "en") -> None:
    page.goto(
        f"{base_url}/admin/content-manager/collection-types/{uid}?plugins[i18n][locale]={locale}"
    )
    # "5 entries found" (also when there are none: the list's own empty state)
    expect(page.get_by_text(re.compile(r"\d+ entr(y|ies) found"))).to_be_visible()


def open_new_entry(page: Page, base_url: str, uid: str) -> None:
    page.goto(f"{base_url}/admin/content-manager/collection-types/{uid}/create")
    expect(page.get_by_role("button", name="Save")).to_be_visible()


def field(page: Page, label: str) -> Locator:
    return page.get_by_role("textbox", name=label, exact=True)


def type_markdown(page: Page, text: str) -> None:
    """The rich text field is a CodeMirror editor: click into it and type."""
    editor = page.locator(".CodeMirror").first
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def upload_image(page: Page, area_index: int, path: Path, alternative_text: str) -> None:
    """Adds a new image to a media field, with its alternative text, from the computer."""
    page.get_by_role("button", name=re.compile("Click to add an asset", re.I)).nth(
        area_index
    ).click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("button", name="Add more assets").click()
    page.get_by_role("dialog").locator("input[type=file]").set_input_files(str(path))
    page.get_by_role("dialog").get_by_role("button", name="Edit").first.click()
    details = page.get_by_role("dialog").last
    details.get_by_label("Alternative text").fill(alternative_text)


def finish_upload(page: Page) -> None:
    page.get_by_role("dialog").last.get_by_role("button", name="Finish").click()
    page.get_by_role("dialog").last.get_by_role(
        "button", name=re.compile(r"Upload \d+ asset")
    ).click()
    page.get_by_role("dialog").last.get_by_role("button", name="Finish").click()
    expect(page.get_by_role("dialog")).to_have_count(0)


def add_relation(page: Page, label: str, name: str) -> None:
    combo = page.get_by_role("combobox", name=label)
    combo.click()
    combo.fill(name[:4])
    page.get_by_role("option", name=re.compile(re.escape(name))).first.click()


def set_date_time(page: Page, label: str, when: datetime) -> None:
    """Strapi's date-time field: a date picker and a time combobox."""
    group = page.get_by_role("group", name=label, exact=True)
    local = when.astimezone(NAIROBI)
    date = group.get_by_role("combobox", name="Choose date")
    date.fill(local.strftime("%d/%m/%Y"))  # the browser's en-GB format
    date.press("Tab")
    expect(date).to_have_value(local.strftime("%d/%m/%Y"))
    time_ = group.get_by_role("combobox", name="Choose time")
    time_.click()
    time_.fill(local.strftime("%H:%M"))  # any minute, not only the listed quarters
    time_.press("Enter")
    expect(time_).to_have_value(local.strftime("%H:%M"))


def save(page: Page) -> None:
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved document")).to_be_visible()


def switch_locale(page: Page, language: str) -> None:
    """The language menu at the top of the edit view ("Swahili (sw)")."""
    page.get_by_role("combobox", name="Locales").click()
    page.get_by_role("option", name=re.compile(language)).click()
