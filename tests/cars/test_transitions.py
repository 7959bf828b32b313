from __future__ import annotations

import pytest

from sidecar.cars import transitions as status
from sidecar.models import CarStatus

ALL = list(CarStatus)


class TestAfterEdit:
    @pytest.mark.parametrize("current", ["pending", "active", "rejected"])
    def test_edits_go_to_review(self, current):
        assert status.after_edit(current) == CarStatus.PENDING

    def test_sold_is_final(self):
        with pytest.raises(status.IllegalCarTransition) as caught:
            status.after_edit("sold")
        assert caught.value.status == 409


class TestAfterApproval:
    @pytest.mark.parametrize("current", ["pending", "rejected"])
    def test_approvable(self, current):
        assert status.after_approval(current) == CarStatus.ACTIVE

    @pytest.mark.parametrize("current", ["active", "sold"])
    def test_not_approvable(self, current):
        with pytest.raises(status.IllegalCarTransition, match=current):
            status.after_approval(current)


class TestAfterRejection:
    @pytest.mark.parametrize("current", ["pending", "active"])
    def test_rejectable(self, current):
        assert status.after_rejection(current) == CarStatus.REJECTED

    @pytest.mark.parametrize("current", ["rejected", "sold"])
    def test_not_rejectable(self, current):
        with pytest.raises(status.IllegalCarTransition, match=current):
            status.after_rejection(current)


def test_only_moderation_makes_a_car_public():
    """No owner edit ever yields an active car (DESIGN.md section 6)."""
    results = set()
    for current in ALL:
        try:
            results.add(status.after_edit(current))
        except status.IllegalCarTransition:
            continue
    assert CarStatus.ACTIVE not in results
