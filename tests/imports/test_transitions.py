"""The import status rule, over every (current, target) pair."""

from __future__ import annotations

import itertools

import pytest

from sidecar.core.errors import Conflict
from sidecar.imports.transitions import (
    IllegalImportTransition,
    allowed_targets,
    check_transition,
)
from sidecar.models import ImportStatus as S

# Written out by hand from the issue, not derived from the code under test.
LEGAL: dict[S, set[S]] = {
    S.PENDING: {S.SOURCING, S.SHIPPED, S.ARRIVED, S.CLEARED, S.DELIVERED, S.CANCELLED},
    S.SOURCING: {S.SHIPPED, S.ARRIVED, S.CLEARED, S.DELIVERED, S.CANCELLED},
    S.SHIPPED: {S.ARRIVED, S.CLEARED, S.DELIVERED},
    S.ARRIVED: {S.CLEARED, S.DELIVERED},
    S.CLEARED: {S.DELIVERED},
    S.DELIVERED: set(),
    S.CANCELLED: set(),
}
ALL_PAIRS = list(itertools.product(S, S))
LEGAL_PAIRS = [(a, b) for a, b in ALL_PAIRS if b in LEGAL[a]]
ILLEGAL_PAIRS = [(a, b) for a, b in ALL_PAIRS if b not in LEGAL[a]]


def test_the_table_covers_every_pair() -> None:
    assert len(ALL_PAIRS) == 49
    assert len(LEGAL_PAIRS) == 17
    assert len(ILLEGAL_PAIRS) == 32


class TestCheckTransition:
    @pytest.mark.parametrize(("current", "target"), LEGAL_PAIRS)
    def test_legal_move_passes(self, current: S, target: S) -> None:
        assert check_transition(current, target) is None

    @pytest.mark.parametrize(("current", "target"), ILLEGAL_PAIRS)
    def test_illegal_move_is_a_409_naming_the_move(self, current: S, target: S) -> None:
        with pytest.raises(IllegalImportTransition) as caught:
            check_transition(current, target)

        error = caught.value
        assert isinstance(error, Conflict)
        assert error.status == 409
        assert f"from '{current}' to '{target}'" in error.detail
        assert (error.current, error.target) == (current, target)
        assert error.errors is not None
        assert error.errors[0]["field"] == "status"

    @pytest.mark.parametrize("status", list(S))
    def test_same_status_says_it_is_already_there(self, status: S) -> None:
        with pytest.raises(IllegalImportTransition, match=f"it is already '{status}'"):
            check_transition(status, status)

    @pytest.mark.parametrize(
        ("current", "target"),
        [
            (S.SOURCING, S.PENDING),
            (S.SHIPPED, S.PENDING),
            (S.SHIPPED, S.SOURCING),
            (S.ARRIVED, S.SHIPPED),
            (S.CLEARED, S.ARRIVED),
        ],
    )
    def test_backward_move_says_statuses_only_move_forward(self, current: S, target: S) -> None:
        with pytest.raises(IllegalImportTransition, match="statuses only move forward"):
            check_transition(current, target)

    @pytest.mark.parametrize("current", [S.SHIPPED, S.ARRIVED, S.CLEARED])
    def test_cancel_after_shipping_says_why(self, current: S) -> None:
        with pytest.raises(IllegalImportTransition, match="only be cancelled before it is shipped"):
            check_transition(current, S.CANCELLED)

    @pytest.mark.parametrize("final", [S.DELIVERED, S.CANCELLED])
    @pytest.mark.parametrize("target", [S.PENDING, S.SHIPPED, S.DELIVERED, S.CANCELLED])
    def test_final_statuses_never_move(self, final: S, target: S) -> None:
        expected = "already" if final == target else f"'{final}' is final"
        with pytest.raises(IllegalImportTransition, match=expected):
            check_transition(final, target)

    def test_the_original_platforms_skips_are_legal(self) -> None:
        check_transition(S.PENDING, S.SHIPPED)
        check_transition(S.SHIPPED, S.DELIVERED)

    def test_plain_strings_are_accepted(self) -> None:
        check_transition("pending", "sourcing")
        with pytest.raises(IllegalImportTransition):
            check_transition("delivered", "pending")

    def test_an_unknown_status_is_a_programming_error(self) -> None:
        with pytest.raises(ValueError, match="teleported"):
            check_transition("pending", "teleported")


class TestAllowedTargets:
    @pytest.mark.parametrize("current", list(S))
    def test_matches_the_table(self, current: S) -> None:
        assert allowed_targets(current) == LEGAL[current]
