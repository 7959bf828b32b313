"""The notification templates: every event in English and Swahili, safely filled."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sidecar.notifications.templates import (
    IMPORT_STATUS_WORDS,
    SUBJECT_MAX_CHARS,
    TEMPLATE_KINDS,
    WHATSAPP_MAX_CHARS,
    Rendered,
    UnknownTemplateError,
    render,
)

CONTEXTS: dict[str, dict[str, object]] = {
    "import.status_changed": {
        "import_id": 7,
        "make": "Toyota",
        "model": "Harrier",
        "year": 2019,
        "to_status": "shipped",
        "note": "On MSC Anna, due in Mombasa on 3 December.",
    },
    "inquiry.created": {
        "inquiry_id": 12,
        "part_name": "Brake pads (front)",
        "quantity": 2,
        "customer_name": "Wanjiku Kamau",
        "message": "Do you have them for a 2015 Subaru Forester?",
    },
    "inquiry.responded": {
        "inquiry_id": 12,
        "part_name": "Brake pads (front)",
        "response_message": "Yes, KES 6,500 a set, fitted in Industrial Area.",
    },
    "car.approved": {"car_id": 31, "title": "2017 Mazda CX-5, Nairobi"},
    "car.rejected": {
        "car_id": 31,
        "title": "2017 Mazda CX-5, Nairobi",
        "reason": "The photos do not show the car.",
    },
    "vendor.approved": {"company_name": "Mombasa Autospares Ltd"},
}
LANGUAGES = ("en", "sw")
MALICIOUS = '<script>alert("x")</script> & <b>Bold</b>'


def rendered(kind: str, language: str = "en", **changes: object) -> Rendered:
    return render(kind, language=language, context={**CONTEXTS[kind], **changes})


def test_template_kinds_are_the_outbox_events() -> None:
    assert frozenset(CONTEXTS) == TEMPLATE_KINDS


class TestEveryTemplate:
    @pytest.mark.parametrize("language", LANGUAGES)
    @pytest.mark.parametrize("kind", sorted(TEMPLATE_KINDS))
    def test_renders_every_part(self, kind: str, language: str) -> None:
        message = rendered(kind, language)
        for part in (message.subject, message.text, message.html, message.whatsapp):
            assert part.strip()
            assert "{" not in part, "an unfilled placeholder"
        assert len(message.subject) <= SUBJECT_MAX_CHARS
        assert "\n" not in message.subject
        assert len(message.whatsapp) <= WHATSAPP_MAX_CHARS
        assert message.text.rstrip().endswith("Gurumisha Motors")
        assert message.html.startswith("<!DOCTYPE html>")
        assert f'<html lang="{language}">' in message.html

    @pytest.mark.parametrize("language", LANGUAGES)
    @pytest.mark.parametrize("kind", sorted(TEMPLATE_KINDS))
    def test_content_variables_are_numbered_single_line_values(
        self, kind: str, language: str
    ) -> None:
        variables = rendered(kind, language, note="line one\nline two").variables
        assert list(variables) == [str(n) for n in range(1, len(variables) + 1)]
        for value in variables.values():
            assert value
            assert not re.search(r"[\n\t]| {4}", value)

    @pytest.mark.parametrize("kind", sorted(TEMPLATE_KINDS))
    def test_swahili_differs_from_english(self, kind: str) -> None:
        english, swahili = rendered(kind, "en"), rendered(kind, "sw")
        assert english.subject != swahili.subject
        assert english.text != swahili.text
        assert english.whatsapp != swahili.whatsapp

    @pytest.mark.parametrize(
        ("kind", "key"),
        [
            ("import.status_changed", "model"),
            ("inquiry.created", "customer_name"),
            ("inquiry.responded", "response_message"),
            ("car.approved", "title"),
            ("car.rejected", "reason"),
            ("vendor.approved", "company_name"),
        ],
    )
    def test_context_values_appear_in_every_part(self, kind: str, key: str) -> None:
        message = rendered(kind, "sw")
        value = str(CONTEXTS[kind][key])
        assert value in message.text
        assert value in message.html
        assert value in message.whatsapp


class TestLanguage:
    def test_unknown_language_falls_back_to_english(self) -> None:
        assert rendered("car.approved", "fr") == rendered("car.approved", "en")

    def test_regional_tag_uses_its_language(self) -> None:
        assert rendered("car.approved", "sw-KE") == rendered("car.approved", "sw")

    def test_unknown_kind_is_refused(self) -> None:
        with pytest.raises(UnknownTemplateError, match=r"order\.paid"):
            render("order.paid", language="en", context={})
        assert issubclass(UnknownTemplateError, ValueError)


class TestImportStatus:
    @pytest.mark.parametrize(
        ("status", "english", "swahili"),
        [
            ("pending", "received", "imepokelewa"),
            ("sourcing", "being sourced", "inatafutwa"),
            ("shipped", "shipped", "imesafirishwa"),
            ("arrived", "arrived at Mombasa", "imefika Mombasa"),
            ("cleared", "cleared by customs", "imetolewa forodhani"),
            ("delivered", "delivered", "imekabidhiwa"),
            ("cancelled", "cancelled", "imeghairiwa"),
        ],
    )
    def test_status_in_words(self, status: str, english: str, swahili: str) -> None:
        en = rendered("import.status_changed", "en", to_status=status)
        sw = rendered("import.status_changed", "sw", to_status=status)
        assert f"*{english}*" in en.whatsapp
        assert f"*{swahili}*" in sw.whatsapp
        assert en.subject.endswith(english)
        assert sw.subject.endswith(swahili)
        assert en.variables["3"] == english
        assert sw.variables["3"] == swahili
        assert IMPORT_STATUS_WORDS["en"][status][1] in en.text
        assert IMPORT_STATUS_WORDS["sw"][status][1] in sw.text

    def test_every_import_status_has_words_in_every_language(self) -> None:
        from sidecar.models.imports import ImportStatus

        for words in IMPORT_STATUS_WORDS.values():
            assert set(words) == {status.value for status in ImportStatus}

    def test_unknown_status_reads_as_itself(self) -> None:
        message = rendered("import.status_changed", "sw", to_status="inspected")
        assert "*inspected*" in message.whatsapp

    def test_vehicle_and_id_in_the_message(self) -> None:
        message = rendered("import.status_changed", "en")
        assert message.subject == "Import #7, 2019 Toyota Harrier: shipped"
        assert message.variables["1"] == "7"
        assert message.variables["2"] == "2019 Toyota Harrier"

    def test_empty_note_leaves_no_note_line(self) -> None:
        message = rendered("import.status_changed", "en", note=None)
        assert "Note" not in message.text
        assert "Note" not in message.whatsapp
        assert message.variables["4"] == "-"

    def test_note_keeps_its_line_breaks_in_html(self) -> None:
        message = rendered("import.status_changed", "en", note="Line one\nLine two")
        assert "Line one<br>\nLine two" in message.html
        assert "Line one\nLine two" in message.text


class TestEscaping:
    def test_html_escapes_a_malicious_name(self) -> None:
        message = rendered("inquiry.created", "en", customer_name=MALICIOUS)
        assert "<script>" not in message.html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;" in message.html
        # Plain text and WhatsApp are not HTML: the name reads as written.
        assert MALICIOUS in message.text
        assert MALICIOUS in message.whatsapp

    @pytest.mark.parametrize("kind", sorted(TEMPLATE_KINDS))
    def test_every_field_is_escaped(self, kind: str) -> None:
        context = {key: f"{MALICIOUS} {key}" for key in CONTEXTS[kind]}
        message = render(kind, language="en", context=context)
        assert "<script>" not in message.html
        assert "<b>" not in message.html

    @given(st.text(max_size=200))
    def test_no_value_adds_markup(self, name: str) -> None:
        baseline = rendered("inquiry.created", "en", customer_name="x").html
        message = rendered("inquiry.created", "en", customer_name=name).html
        tags = re.compile(r"<(?!br>)")
        assert len(tags.findall(message)) == len(tags.findall(baseline))


class TestLengths:
    def test_long_free_text_is_cut_for_whatsapp(self) -> None:
        essay = "Habari yako? " * 500
        message = rendered("inquiry.created", "sw", message=essay)
        assert len(message.whatsapp) <= WHATSAPP_MAX_CHARS
        assert "…" in message.whatsapp
        assert "Mjibu kupitia akaunti yako ya muuzaji." in message.whatsapp
        assert essay.strip() in message.text, "email carries the whole message"

    def test_long_title_keeps_the_subject_within_its_column(self) -> None:
        message = rendered("car.approved", "en", title="Toyota " * 100)
        assert len(message.subject) <= SUBJECT_MAX_CHARS
        assert message.subject.endswith("…")

    def test_line_breaks_in_a_title_do_not_reach_the_subject(self) -> None:
        message = rendered("car.rejected", "en", title="Mazda\r\nBcc: someone@example.com")
        assert message.subject == "Your listing was not approved: Mazda Bcc: someone@example.com"
