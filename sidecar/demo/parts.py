"""Demo parts: what two Kenyan spares dealers stock for the country's common cars.

Listed by each vendor through the parts service.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.orm import Session

from sidecar.demo import backdate
from sidecar.demo.accounts import MOMBASA, NAIROBI, People
from sidecar.parts import service as parts
from sidecar.parts.compatibility import Fitment
from sidecar.parts.schemas import PartCreate


def _years(first: int, last: int) -> tuple[int, ...]:
    return tuple(range(first, last + 1))


FIELDER = Fitment("Toyota", "Fielder", _years(2012, 2020))
PREMIO = Fitment("Toyota", "Premio", _years(2007, 2020))
HARRIER = Fitment("Toyota", "Harrier", _years(2013, 2020))
NOTE = Fitment("Nissan", "Note", _years(2012, 2020))
XTRAIL = Fitment("Nissan", "X-Trail", _years(2014, 2021))
DEMIO = Fitment("Mazda", "Demio", _years(2014, 2019))
FORESTER = Fitment("Subaru", "Forester", _years(2013, 2018))
FORESTER_SH = Fitment("Subaru", "Forester", _years(2008, 2012))

# (vendor email, SKU, name, KES price, stock, fits)
_PARTS: tuple[tuple[str, str, str, str, int, tuple[Fitment, ...]], ...] = (
    (MOMBASA, "MAS-BP-1042", "Front brake pads (ceramic)", "4500", 24, (FIELDER, PREMIO)),
    (MOMBASA, "MAS-BP-1043", "Rear brake shoes", "3800", 15, (FIELDER, PREMIO)),
    (MOMBASA, "MAS-BP-2210", "Front brake pads Harrier", "6900", 10, (HARRIER,)),
    (MOMBASA, "MAS-OF-0090", "Oil filter (spin-on)", "850", 120, (FIELDER, PREMIO, HARRIER)),
    (MOMBASA, "MAS-AF-1780", "Air filter element", "1600", 60, (FIELDER, PREMIO)),
    (MOMBASA, "MAS-SP-4704", "Iridium spark plug (set of 4)", "5200", 40, (FIELDER, PREMIO)),
    (MOMBASA, "MAS-SA-3301", "Front shock absorber pair", "14500", 8, (FIELDER,)),
    (MOMBASA, "MAS-SA-3302", "Rear shock absorber pair", "12800", 6, (FIELDER,)),
    (MOMBASA, "MAS-HL-5510", "Headlamp assembly, left (LED)", "38500", 3, (HARRIER,)),
    (MOMBASA, "MAS-HL-5511", "Headlamp assembly, right (LED)", "38500", 2, (HARRIER,)),
    (MOMBASA, "MAS-TB-0711", "Drive belt (serpentine)", "2900", 30, (FIELDER, PREMIO)),
    (MOMBASA, "MAS-RD-6100", "Radiator, aluminium core", "17500", 5, (PREMIO,)),
    (MOMBASA, "MAS-WB-0024", "Wiper blades 24/14 inch pair", "1800", 50, (PREMIO, HARRIER)),
    (MOMBASA, "MAS-CV-2201", "CV joint outer, front", "6500", 9, (FIELDER, PREMIO)),
    (MOMBASA, "MAS-EO-5W30", "Engine oil 5W-30 fully synthetic 4L", "5400", 70, ()),
    (NAIROBI, "NBI-BP-7001", "Front brake pads Note E12", "3900", 18, (NOTE,)),
    (NAIROBI, "NBI-BP-7002", "Front brake pads X-Trail T32", "5600", 14, (XTRAIL,)),
    (NAIROBI, "NBI-OF-1520", "Oil filter Nissan HR15/MR20", "780", 90, (NOTE, XTRAIL)),
    (NAIROBI, "NBI-AF-1654", "Air filter X-Trail", "2100", 25, (XTRAIL,)),
    (NAIROBI, "NBI-SP-2240", "Spark plug NGK (set of 4)", "3600", 30, (NOTE, XTRAIL)),
    (NAIROBI, "NBI-SA-5430", "Front shock absorber X-Trail", "9800", 7, (XTRAIL,)),
    (NAIROBI, "NBI-TC-1302", "Timing chain kit MR20DE", "16500", 4, (XTRAIL,)),
    (NAIROBI, "NBI-CVT-NS3", "CVT fluid NS-3 4L", "6200", 35, (NOTE, XTRAIL)),
    (NAIROBI, "NBI-BP-8110", "Front brake pads Demio", "3700", 16, (DEMIO,)),
    (NAIROBI, "NBI-OF-PE01", "Oil filter Demio SkyActiv", "900", 80, (DEMIO,)),
    (NAIROBI, "NBI-SA-8802", "Rear shock absorber pair Demio", "10500", 6, (DEMIO,)),
    (NAIROBI, "NBI-TB-1307", "Timing belt kit EJ20", "14200", 5, (FORESTER_SH,)),
    (NAIROBI, "NBI-BP-2605", "Front brake pads Forester", "5900", 12, (FORESTER,)),
    (NAIROBI, "NBI-AF-1604", "Air filter Forester", "2300", 20, (FORESTER,)),
    (NAIROBI, "NBI-HL-8406", "Fog lamp pair", "7800", 10, (FORESTER, Fitment("Subaru"))),
)


def _compatibility(fits: tuple[Fitment, ...]) -> list[dict[str, object]]:
    """The fitments as a vendor sends them to the API."""
    entries: list[dict[str, object]] = []
    for fit in fits:
        entry: dict[str, object] = {"make": fit.make}
        if fit.model is not None:
            entry["model"] = fit.model
        if fit.years is not None:
            entry["years"] = list(fit.years)
        entries.append(entry)
    return entries


def seed(session: Session, people: People) -> int:
    """Lists ~30 parts for the two approved demo vendors; does nothing if parts exist."""
    if backdate.any_parts(session):
        return 0
    created = 0
    for email, sku, name, price, stock, fits in _PARTS:
        seller = people.get(email)
        if seller is None or not seller.is_approved_vendor:
            continue
        data = PartCreate.model_validate(
            {
                "name": name,
                "sku": sku,
                "price": Decimal(price),
                "stock": stock,
                "compatibility": _compatibility(fits),
            }
        )
        parts.create_part(session, seller=seller, data=data)
        created += 1
    return created
