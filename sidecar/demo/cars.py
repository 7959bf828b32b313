"""Demo listings for `gurumisha dev`: the cars a Nairobi buyer scrolls through.

Prices are asking prices in KES for Kenyan-used and fresh-import cars, in line
with what the big classifieds showed for these models and years. Each car is listed
by its seller and moderated by the admin through the cars service (a sold one is
bought through the orders service), then backdated to look a few weeks old.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from sidecar.cars import service as cars
from sidecar.cars.schemas import CarCreate
from sidecar.core import clock
from sidecar.demo import backdate
from sidecar.demo.accounts import ADMIN, MOMBASA, NAIROBI, OTIENO, WANJIKU, People
from sidecar.models import CarStatus, Fuel, ItemType, PaymentMethod, Transmission
from sidecar.orders import service as orders
from sidecar.orders.schemas import OrderCreate, OrderItemIn

# owner, title, make, model, year, price (KES), mileage (km), status, description
_CARS: tuple[tuple[str, str, str, str, int, str, int, str, str], ...] = (
    (
        NAIROBI,
        "Toyota Fielder Hybrid 2017, fresh import",
        "Toyota",
        "Fielder",
        2017,
        "1650000",
        78000,
        "active",
        "Fresh import from Japan, auction grade 4.5, 1500cc hybrid. Cleared at Mombasa, "
        "viewing at our yard on Mombasa Road, Nairobi.",
    ),
    (
        WANJIKU,
        "Toyota Fielder 2015, one owner",
        "Toyota",
        "Fielder",
        2015,
        "1150000",
        112000,
        "active",
        "Locally used in Nairobi by one careful owner, full service history at Toyota "
        "Kenya. New tyres, genuine mileage.",
    ),
    (
        NAIROBI,
        "Toyota Premio 2018 G Superior",
        "Toyota",
        "Premio",
        2018,
        "2450000",
        64000,
        "active",
        "1800cc, leather seats, reverse camera. Duty paid, logbook ready. Westlands, Nairobi.",
    ),
    (
        OTIENO,
        "Toyota Premio 2016 F EX package",
        "Toyota",
        "Premio",
        2016,
        "1780000",
        98000,
        "active",
        "Kenyan-used, accident free, recently serviced in Kisumu. Negotiable for cash.",
    ),
    (
        NAIROBI,
        "Toyota Harrier 2019 Premium",
        "Toyota",
        "Harrier",
        2019,
        "4850000",
        52000,
        "active",
        "2000cc turbo, panoramic roof, JBL sound. Fresh import, auction sheet available.",
    ),
    (
        MOMBASA,
        "Toyota Land Cruiser Prado TX-L 2018",
        "Toyota",
        "Land Cruiser Prado",
        2018,
        "7900000",
        86000,
        "active",
        "2800cc diesel, 7 seater, sunroof. Kenyan-used, serviced at CMC. "
        "Viewing in Nyali, Mombasa.",
    ),
    (
        NAIROBI,
        "Toyota Land Cruiser Prado 2021 VX",
        "Toyota",
        "Land Cruiser Prado",
        2021,
        "9500000",
        31000,
        "active",
        "Top of the range VX, diesel, leather, cool box. Fresh import, KRA duty paid.",
    ),
    (
        WANJIKU,
        "Nissan Note e-Power 2018",
        "Nissan",
        "Note",
        2018,
        "1050000",
        71000,
        "active",
        "Very economical in Nairobi traffic. Silver, keyless entry, two keys.",
    ),
    (
        OTIENO,
        "Nissan Note 2016 Medalist",
        "Nissan",
        "Note",
        2016,
        "720000",
        104000,
        "active",
        "1200cc, ideal first car or Uber. Kenyan-used, logbook in my name.",
    ),
    (
        NAIROBI,
        "Nissan X-Trail 2017 4WD, 7 seater",
        "Nissan",
        "X-Trail",
        2017,
        "2350000",
        89000,
        "active",
        "2000cc petrol, 4WD, third row seats. Fresh import, available at our Kiambu Road yard.",
    ),
    (
        MOMBASA,
        "Nissan X-Trail Hybrid 2019",
        "Nissan",
        "X-Trail",
        2019,
        "3150000",
        58000,
        "pending",
        "Hybrid, 360 camera, roof rails. Just landed at Mombasa port, clearing this week.",
    ),
    (
        WANJIKU,
        "Mazda Demio 2017 Skyactiv",
        "Mazda",
        "Demio",
        2017,
        "850000",
        69000,
        "active",
        "1300cc Skyactiv petrol, very low fuel consumption. Red, clean interior. Kilimani.",
    ),
    (
        NAIROBI,
        "Mazda Demio 2015, fresh import",
        "Mazda",
        "Demio",
        2015,
        "650000",
        95000,
        "active",
        "Budget friendly hatchback, new KDx number plates, fully cleared.",
    ),
    (
        OTIENO,
        "Mazda CX-5 2018 diesel",
        "Mazda",
        "CX-5",
        2018,
        "3100000",
        76000,
        "active",
        "2200cc Skyactiv-D, leather, Bose audio. Kenyan-used, serviced at Mazda Kenya.",
    ),
    (
        NAIROBI,
        "Mazda CX-5 2020 25S L Package",
        "Mazda",
        "CX-5",
        2020,
        "3950000",
        41000,
        "pending",
        "Petrol 2500cc, heads-up display, power tailgate. Fresh import.",
    ),
    (
        MOMBASA,
        "Subaru Forester 2017 XT turbo",
        "Subaru",
        "Forester",
        2017,
        "2650000",
        83000,
        "active",
        "2000cc turbo, symmetrical AWD, eyesight. Viewing in Mombasa, Tudor.",
    ),
    (
        WANJIKU,
        "Subaru Forester 2016 2.0i-L",
        "Subaru",
        "Forester",
        2016,
        "1950000",
        101000,
        "sold",
        "Kenyan-used, timing belt and CVT fluid done. Sold through Gurumisha.",
    ),
    (
        NAIROBI,
        "Subaru Outback 2018 Limited",
        "Subaru",
        "Outback",
        2018,
        "3350000",
        67000,
        "active",
        "2500cc, full leather, sunroof, AWD. Fresh import, auction grade 4.",
    ),
    (
        NAIROBI,
        "Mercedes-Benz C200 2017 AMG line",
        "Mercedes-Benz",
        "C200",
        2017,
        "3850000",
        72000,
        "active",
        "AMG kit, panoramic roof, Burmester sound. Fresh import from the UK, duty paid.",
    ),
    (
        OTIENO,
        "Mercedes-Benz C200 2015 Avantgarde",
        "Mercedes-Benz",
        "C200",
        2015,
        "2650000",
        118000,
        "pending",
        "Kenyan-used, serviced at DT Dobie, no accidents. Lavington, Nairobi.",
    ),
    (
        MOMBASA,
        "Volkswagen Golf 2016 TSI",
        "Volkswagen",
        "Golf",
        2016,
        "1450000",
        91000,
        "active",
        "1400cc TSI, DSG gearbox, very sporty. Viewing at Mombasa, Bamburi.",
    ),
    (
        NAIROBI,
        "Volkswagen Golf GTI 2019",
        "Volkswagen",
        "Golf",
        2019,
        "3450000",
        48000,
        "active",
        "2000cc turbo GTI, tartan seats, adaptive cruise. Fresh import from the UK.",
    ),
    (
        WANJIKU,
        "Honda Fit Hybrid 2018",
        "Honda",
        "Fit",
        2018,
        "1100000",
        66000,
        "active",
        "1500cc hybrid, paddle shifts, Honda sensing. Kenyan-used, Karen, Nairobi.",
    ),
    (
        NAIROBI,
        "Honda Fit 2024 e:HEV Home",
        "Honda",
        "Fit",
        2024,
        "2650000",
        9000,
        "active",
        "Nearly new fourth generation hybrid, under 10,000 km. Fresh import, full warranty "
        "from our yard.",
    ),
)


# Where each seller's cars are viewed.
_TOWNS = {NAIROBI: "Nairobi", WANJIKU: "Nairobi", OTIENO: "Kisumu", MOMBASA: "Mombasa"}
_BODIES = {
    "Fielder": "Station wagon",
    "Premio": "Saloon",
    "Harrier": "SUV",
    "Land Cruiser Prado": "SUV",
    "Note": "Hatchback",
    "X-Trail": "SUV",
    "Demio": "Hatchback",
    "CX-5": "SUV",
    "Forester": "SUV",
    "Outback": "Station wagon",
    "Golf": "Hatchback",
    "Fit": "Hatchback",
}


def _fuel(title: str, description: str) -> Fuel:
    """What the listing says it runs on (the demo's words, read once)."""
    words = f"{title} {description}".casefold()
    if "hybrid" in words or "e-power" in words or "e:hev" in words:
        return Fuel.HYBRID
    return Fuel.DIESEL if "diesel" in words else Fuel.PETROL


def seed(session: Session, people: People) -> int:
    """Lists the demo cars unless there are cars already; returns how many were added."""
    if backdate.any_cars(session):
        return 0
    admin = people[ADMIN]
    now = clock.utcnow()
    for age_days, row in enumerate(_CARS):
        email, title, make, model, year, price, mileage, state, description = row
        seller = people[email]
        car = cars.create_car(
            session,
            seller=seller,
            data=CarCreate(
                title=title,
                make=make,
                model=model,
                year=year,
                price=Decimal(price),
                mileage_km=mileage,
                description=description,
                fuel=_fuel(title, description),
                # Kenya's used imports are overwhelmingly automatic; the GTI is the exception.
                transmission=Transmission.MANUAL if "GTI" in title else Transmission.AUTOMATIC,
                body_type=_BODIES.get(model),
                location="Nyali, Mombasa" if "Nyali" in description else _TOWNS[email],
            ),
        )
        if state != CarStatus.PENDING:
            cars.approve_car(session, car_id=car.id, admin=admin)
        if state == CarStatus.SOLD:
            buyer = people[WANJIKU if email != WANJIKU else OTIENO]
            orders.place_order(
                session,
                buyer=buyer,
                data=OrderCreate(
                    items=[OrderItemIn(item_type=ItemType.CAR, item_id=car.id)],
                    payment_method=PaymentMethod.CASH,
                ),
            )
        backdate.car(
            session,
            car.id,
            created_at=now - timedelta(days=age_days, hours=3 * age_days),
            updated_at=now - timedelta(days=age_days),
        )
    return len(_CARS)
