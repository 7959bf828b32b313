"""Every notification's words, in English and Swahili: pure data in, text out.

``render(kind, language=..., context=...)`` gives one event's email subject, plain
text and HTML, the WhatsApp text and the numbered variables of its Twilio Content
template. Each template is a few lines of ``str.format`` text; a line that names an
optional field (a note, a reason) is left out when that field is empty.

Context keys per kind (values of any type; None and missing keys read as ""):
``import.status_changed`` import_id, make, model, year, to_status, note;
``inquiry.created`` (to the vendor) inquiry_id, part_name, quantity, customer_name,
message; ``inquiry.responded`` (to the customer) inquiry_id, part_name,
response_message; ``car.approved`` car_id, title; ``car.rejected`` car_id, title,
reason; ``vendor.approved`` company_name.
"""

from __future__ import annotations

import html
import re
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass

DEFAULT_LANGUAGE = "en"
# Twilio refuses a WhatsApp body over 1600 characters (error 21617).
WHATSAPP_MAX_CHARS = 1600
# notifications.subject is VARCHAR(200).
SUBJECT_MAX_CHARS = 200
# Free text a user wrote (a note, a message) is cut to this in WhatsApp and variables.
FREE_TEXT_MAX_CHARS = 500
# Meta refuses template parameters with newlines, tabs or 4+ spaces in a row
# (WhatsApp Cloud API error 132018), and empty ones; long ones crowd the 1024 body.
VARIABLE_MAX_CHARS = 200
OPTIONAL_FIELDS = frozenset({"note", "reason", "message", "response_message"})

SIGNATURE = "Gurumisha Motors"


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str
    whatsapp: str
    variables: dict[str, str]


@dataclass(frozen=True)
class _Template:
    subject: str
    paragraphs: tuple[str, ...]  # email body, one paragraph each
    whatsapp: tuple[str, ...]  # WhatsApp lines (*bold* is WhatsApp markup)
    variables: tuple[str, ...]  # fields for Content variables "1", "2", ...


# How an import's status reads to its customer: (label, what it means for them).
IMPORT_STATUS_WORDS: dict[str, dict[str, tuple[str, str]]] = {
    "en": {
        "pending": (
            "received",
            "We have your request and will start looking for your car shortly.",
        ),
        "sourcing": (
            "being sourced",
            "We are finding the right car for you with our partners abroad.",
        ),
        "shipped": ("shipped", "Your car is on the ship to Mombasa."),
        "arrived": (
            "arrived at Mombasa",
            "Your car has reached the port of Mombasa and awaits customs clearance.",
        ),
        "cleared": (
            "cleared by customs",
            "Customs clearance is complete; we are arranging the delivery to you.",
        ),
        "delivered": ("delivered", "Your car has been handed over to you. Enjoy the drive!"),
        "cancelled": (
            "cancelled",
            "Your import request has been cancelled. Contact us if you have any questions.",
        ),
    },
    "sw": {
        "pending": (
            "imepokelewa",
            "Tumepokea ombi lako na tutaanza kutafuta gari lako hivi karibuni.",
        ),
        "sourcing": (
            "inatafutwa",
            "Tunatafuta gari linalokufaa kupitia washirika wetu walio nje ya nchi.",
        ),
        "shipped": ("imesafirishwa", "Gari lako liko melini likielekea Mombasa."),
        "arrived": (
            "imefika Mombasa",
            "Gari lako limefika bandari ya Mombasa na linasubiri kutolewa forodhani.",
        ),
        "cleared": (
            "imetolewa forodhani",
            "Taratibu za forodha zimekamilika; tunapanga kukuletea gari lako.",
        ),
        "delivered": ("imekabidhiwa", "Gari lako limekabidhiwa kwako. Safari njema!"),
        "cancelled": (
            "imeghairiwa",
            "Ombi lako la kuagiza gari limeghairiwa. Wasiliana nasi ukiwa na swali lolote.",
        ),
    },
}

_TEMPLATES: dict[str, dict[str, _Template]] = {
    "import.status_changed": {
        "en": _Template(
            subject="Import #{import_id}, {vehicle}: {status}",
            paragraphs=(
                "Hello,",
                "Your import #{import_id} ({vehicle}) is now {status}.",
                "{status_detail}",
                "Note from our team: {note}",
            ),
            whatsapp=(
                "Gurumisha Motors: your import #{import_id} ({vehicle}) is now *{status}*.",
                "{status_detail}",
                "Note: {note}",
            ),
            variables=("import_id", "vehicle", "status", "note"),
        ),
        "sw": _Template(
            subject="Agizo #{import_id}, {vehicle}: {status}",
            paragraphs=(
                "Habari,",
                "Hali ya agizo lako #{import_id} ({vehicle}) sasa ni: {status}.",
                "{status_detail}",
                "Ujumbe kutoka kwa timu yetu: {note}",
            ),
            whatsapp=(
                "Gurumisha Motors: hali ya agizo lako #{import_id} ({vehicle}) sasa ni *{status}*.",
                "{status_detail}",
                "Ujumbe: {note}",
            ),
            variables=("import_id", "vehicle", "status", "note"),
        ),
    },
    "inquiry.created": {
        "en": _Template(
            subject="New inquiry #{inquiry_id}: {part_name}",
            paragraphs=(
                "Hello,",
                "{customer_name} asked about {part_name} (quantity: {quantity}).",
                "Their message: “{message}”",
                "Reply from your vendor account on Gurumisha Motors.",
            ),
            whatsapp=(
                "Gurumisha Motors: new inquiry #{inquiry_id} from {customer_name} about"
                " *{part_name}* (quantity: {quantity}).",
                "“{message}”",
                "Reply from your vendor account.",
            ),
            variables=("inquiry_id", "customer_name", "part_name", "quantity", "message"),
        ),
        "sw": _Template(
            subject="Swali jipya #{inquiry_id}: {part_name}",
            paragraphs=(
                "Habari,",
                "{customer_name} ameuliza kuhusu {part_name} (idadi: {quantity}).",
                "Ujumbe wake: “{message}”",
                "Mjibu kupitia akaunti yako ya muuzaji kwenye Gurumisha Motors.",
            ),
            whatsapp=(
                "Gurumisha Motors: swali jipya #{inquiry_id} kutoka kwa {customer_name}"
                " kuhusu *{part_name}* (idadi: {quantity}).",
                "“{message}”",
                "Mjibu kupitia akaunti yako ya muuzaji.",
            ),
            variables=("inquiry_id", "customer_name", "part_name", "quantity", "message"),
        ),
    },
    "inquiry.responded": {
        "en": _Template(
            subject="Reply to your inquiry #{inquiry_id}: {part_name}",
            paragraphs=(
                "Hello,",
                "The vendor has replied to your inquiry about {part_name}:",
                "“{response_message}”",
                "You can see the whole conversation in your Gurumisha Motors account.",
            ),
            whatsapp=(
                "Gurumisha Motors: the vendor replied to your inquiry #{inquiry_id} about"
                " *{part_name}*:",
                "“{response_message}”",
            ),
            variables=("inquiry_id", "part_name", "response_message"),
        ),
        "sw": _Template(
            subject="Jibu la swali lako #{inquiry_id}: {part_name}",
            paragraphs=(
                "Habari,",
                "Muuzaji amejibu swali lako kuhusu {part_name}:",
                "“{response_message}”",
                "Unaweza kuona mazungumzo yote kwenye akaunti yako ya Gurumisha Motors.",
            ),
            whatsapp=(
                "Gurumisha Motors: muuzaji amejibu swali lako #{inquiry_id} kuhusu *{part_name}*:",
                "“{response_message}”",
            ),
            variables=("inquiry_id", "part_name", "response_message"),
        ),
    },
    "car.approved": {
        "en": _Template(
            subject="Your listing is live: {title}",
            paragraphs=(
                "Good news!",
                "Your listing “{title}” (#{car_id}) has been approved and buyers can now"
                " see it on Gurumisha Motors.",
            ),
            whatsapp=(
                "Gurumisha Motors: good news! Your listing *{title}* (#{car_id}) is approved"
                " and now visible to buyers.",
            ),
            variables=("title", "car_id"),
        ),
        "sw": _Template(
            subject="Tangazo lako limeidhinishwa: {title}",
            paragraphs=(
                "Habari njema!",
                "Tangazo lako “{title}” (#{car_id}) limeidhinishwa na sasa wanunuzi"
                " wanaweza kuliona kwenye Gurumisha Motors.",
            ),
            whatsapp=(
                "Gurumisha Motors: habari njema! Tangazo lako *{title}* (#{car_id})"
                " limeidhinishwa na sasa linaonekana kwa wanunuzi.",
            ),
            variables=("title", "car_id"),
        ),
    },
    "car.rejected": {
        "en": _Template(
            subject="Your listing was not approved: {title}",
            paragraphs=(
                "Hello,",
                "Your listing “{title}” (#{car_id}) was not approved.",
                "Reason: {reason}",
                "Contact our team if you have any questions.",
            ),
            whatsapp=(
                "Gurumisha Motors: your listing *{title}* (#{car_id}) was not approved.",
                "Reason: {reason}",
            ),
            variables=("title", "car_id", "reason"),
        ),
        "sw": _Template(
            subject="Tangazo lako halikuidhinishwa: {title}",
            paragraphs=(
                "Habari,",
                "Tangazo lako “{title}” (#{car_id}) halikuidhinishwa.",
                "Sababu: {reason}",
                "Wasiliana na timu yetu ukiwa na swali lolote.",
            ),
            whatsapp=(
                "Gurumisha Motors: tangazo lako *{title}* (#{car_id}) halikuidhinishwa.",
                "Sababu: {reason}",
            ),
            variables=("title", "car_id", "reason"),
        ),
    },
    "vendor.approved": {
        "en": _Template(
            subject="Your vendor account is approved",
            paragraphs=(
                "Karibu!",
                "{company_name} is now an approved vendor on Gurumisha Motors. You can list"
                " spare parts and answer customers' inquiries.",
            ),
            whatsapp=(
                "Gurumisha Motors: karibu! {company_name} is now an approved vendor. You can"
                " list spare parts and answer customers' inquiries.",
            ),
            variables=("company_name",),
        ),
        "sw": _Template(
            subject="Akaunti yako ya muuzaji imeidhinishwa",
            paragraphs=(
                "Karibu!",
                "{company_name} sasa ni muuzaji aliyeidhinishwa kwenye Gurumisha Motors."
                " Unaweza kuorodhesha vipuri na kujibu maswali ya wateja.",
            ),
            whatsapp=(
                "Gurumisha Motors: karibu! {company_name} sasa ni muuzaji aliyeidhinishwa."
                " Unaweza kuorodhesha vipuri na kujibu maswali ya wateja.",
            ),
            variables=("company_name",),
        ),
    },
}

TEMPLATE_KINDS: frozenset[str] = frozenset(_TEMPLATES)
LANGUAGES: frozenset[str] = frozenset(IMPORT_STATUS_WORDS)

_FORMATTER = string.Formatter()
_WHITESPACE = re.compile(r"\s+")


class UnknownTemplateError(ValueError):
    """No template exists for this event kind."""


def render(kind: str, *, language: str, context: Mapping[str, object]) -> Rendered:
    """Renders one event for one reader; unknown languages fall back to English."""
    try:
        by_language = _TEMPLATES[kind]
    except KeyError:
        raise UnknownTemplateError(f"no notification template for {kind!r}") from None
    language = _language(language)
    template = by_language[language]
    fields = {key: _text(value) for key, value in context.items()}
    extra = _EXTRA_FIELDS.get(kind)
    if extra is not None:
        fields.update(extra(fields, language))

    paragraphs = _lines(template.paragraphs, fields)
    escaped = {key: html.escape(value).replace("\n", "<br>\n") for key, value in fields.items()}
    html_paragraphs = _lines(template.paragraphs, escaped)
    clipped = {key: _clip(value, FREE_TEXT_MAX_CHARS) for key, value in fields.items()}
    one_line = {key: _one_line(value) for key, value in fields.items()}

    return Rendered(
        subject=_clip(_one_line(_fill(template.subject, one_line)), SUBJECT_MAX_CHARS),
        text="\n\n".join([*paragraphs, SIGNATURE]) + "\n",
        html=_html_document(html_paragraphs, language),
        whatsapp=_clip("\n".join(_lines(template.whatsapp, clipped)), WHATSAPP_MAX_CHARS),
        variables={
            str(number): _clip(one_line.get(name, ""), VARIABLE_MAX_CHARS) or "-"
            for number, name in enumerate(template.variables, start=1)
        },
    )


def _import_fields(fields: Mapping[str, str], language: str) -> dict[str, str]:
    status = fields.get("to_status", "")
    label, detail = IMPORT_STATUS_WORDS[language].get(status, (status, ""))
    vehicle = " ".join(
        part for part in (fields.get(k, "") for k in ("year", "make", "model")) if part
    )
    return {"status": label, "status_detail": detail, "vehicle": vehicle or "—"}


# Fields derived from the context, per kind.
_EXTRA_FIELDS: dict[str, Callable[[Mapping[str, str], str], dict[str, str]]] = {
    "import.status_changed": _import_fields,
}


def _language(language: str | None) -> str:
    code = re.split(r"[-_]", (language or "").strip().lower(), maxsplit=1)[0]
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _fields_of(line: str) -> set[str]:
    return {name for _, name, _, _ in _FORMATTER.parse(line) if name}


def _fill(line: str, fields: Mapping[str, str]) -> str:
    return line.format_map({name: fields.get(name, "") for name in _fields_of(line)})


def _lines(lines: tuple[str, ...], fields: Mapping[str, str]) -> list[str]:
    """Fills each line, leaving out those whose optional or derived field is empty."""
    kept = []
    for line in lines:
        names = _fields_of(line)
        if any(not fields.get(name) for name in names & (OPTIONAL_FIELDS | {"status_detail"})):
            continue
        kept.append(_fill(line, fields))
    return kept


def _one_line(value: str) -> str:
    return _WHITESPACE.sub(" ", value).strip()


def _clip(value: str, limit: int) -> str:
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def _html_document(paragraphs: list[str], language: str) -> str:
    body = "\n".join(f"<p>{paragraph}</p>" for paragraph in [*paragraphs, SIGNATURE])
    return (
        f'<!DOCTYPE html>\n<html lang="{language}">\n<head><meta charset="utf-8"></head>\n'
        f"<body>\n{body}\n</body>\n</html>\n"
    )
