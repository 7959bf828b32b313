from __future__ import annotations

from sqlalchemy import func, select

from sidecar.models import Part, Vendor
from sidecar.parts import demo
from tests.parts.factories import demo_users


def test_seed_lists_parts_for_the_approved_vendors_once(client, db, create_user):
    users = demo_users(create_user)
    with db.transaction() as session:
        created = demo.seed(session, users)
    with db.transaction() as session:
        again = demo.seed(session, users)
        vendors = session.scalars(
            select(Vendor.company_name).join(Part).group_by(Vendor.company_name)
        ).all()
        total = session.scalar(select(func.count(Part.id)))

    assert 25 <= created == total <= 40
    assert again == 0
    assert sorted(vendors) == ["Mombasa Auto Spares", "Nairobi Imports Ltd"]
    fielder_2016 = client.get("/v1/parts", params={"compatibility": "toyota:fielder:2016"})
    assert fielder_2016.json()["pagination"]["total"] >= 5
    assert client.get("/v1/parts", params={"name": "brake pads"}).json()["pagination"]["total"] >= 5
