"""CRSP files for tests: the shipped list, and small lists written as KRA writes them."""

from __future__ import annotations

from sidecar.imports.crsp import shipped

HEADER = (
    ",Make,Model,Transmission,Drive_configuration,Engine_capacity,Body_type,Seating,Fuel,crsp_ksh"
)


def csv_file(*rows: str, header: str = HEADER) -> bytes:
    """A CRSP file with these data rows (CRLF, as the shipped one)."""
    return ("\r\n".join([header, *rows]) + "\r\n").encode()


def shipped_file() -> bytes:
    return shipped.FILE.read_bytes()


def shipped_with(*, replace: dict[str, str] | None = None, extra: tuple[str, ...] = ()) -> bytes:
    """The shipped list with some rows' text replaced and rows added."""
    text = shipped_file().decode()
    for old, new in (replace or {}).items():
        assert old in text, old
        text = text.replace(old, new)
    return (text + "".join(row + "\r\n" for row in extra)).encode()
