from __future__ import annotations

from sqlalchemy import select

from sidecar.inquiries import demo
from sidecar.models import Inquiry
from sidecar.parts import demo as parts_demo
from tests.parts.factories import demo_users


def test_seed_adds_a_few_inquiries_one_answered_once(db, create_user):
    users = demo_users(create_user)
    with db.transaction() as session:
        parts_demo.seed(session, users)
        created = demo.seed(session, users)
    with db.transaction() as session:
        again = demo.seed(session, users)
        inquiries = session.scalars(select(Inquiry)).all()

    assert created == len(inquiries) == 3
    assert again == 0
    assert sorted(i.status for i in inquiries) == ["new", "new", "responded"]
    assert {i.user_id for i in inquiries} == {
        users["wanjiku@gurumisha.co.ke"].id,
        users["otieno@gurumisha.co.ke"].id,
    }


def test_seed_without_parts_adds_nothing(db, create_user):
    with db.transaction() as session:
        assert demo.seed(session, demo_users(create_user)) == 0
