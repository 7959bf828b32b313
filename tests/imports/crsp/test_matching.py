"""Matching what people type against KRA's spellings: makes, models, fuels."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sidecar.imports.crsp.matching import (
    effective_fuel,
    make_key,
    make_name,
    match_model,
    one_edit_apart,
    words,
)


class TestMakes:
    @pytest.mark.parametrize(
        ("typed", "key"),
        [
            ("Toyota", "toyota"),
            ("TOYOTA ", "toyota"),
            ("Mercedes-Benz", "mercedes"),
            ("mercedes benz", "mercedes"),
            ("Land Rover", "landrover"),
            ("Landrover", "landrover"),
            ("Range Rover", "landrover"),
            ("VW", "volkswagen"),
            ("Rolls-Royce", "rollsroyce"),
        ],
    )
    def test_key(self, typed: str, key: str) -> None:
        assert make_key(typed) == key

    @pytest.mark.parametrize(
        ("listed", "name"),
        [("Mercedes", "Mercedes-Benz"), ("Landrover", "Land Rover"), ("Bmw", "BMW"),
         ("Great wall", "Great Wall"), ("Toyota", "Toyota")],
    )  # fmt: skip
    def test_our_spelling(self, listed: str, name: str) -> None:
        assert make_name(listed) == name


class TestModels:
    @pytest.mark.parametrize(
        ("query", "model"),
        [
            ("fielder hybrid", "COROLLA FILEDER HYBRID EX"),  # KRA's typo
            ("hybrid fielder", "COROLLA FIELDER HYBRID EX"),  # any order
            ("corolla axio", "COROLLA  AXIO"),  # stray spaces
            ("harrier", "HARRIER "),
            ("cx5", "CX-5 20S"),
            ("cx-5", "CX-5 20S"),
            ("landcruiser prado", "LAND CRUISER PRADO TZ-G"),
            ("fiel", "COROLLA FIELDER EX"),  # the beginning of a word
            ("vitz hybrid u", "VITZ HYBRID U"),
        ],
    )
    def test_matches(self, query: str, model: str) -> None:
        assert match_model(query, model) is not None

    @pytest.mark.parametrize(
        ("query", "model"),
        [("fielder", "COROLLA AXIO"), ("vitz x", "VITZ HYBRID U"), ("cr", "HARRIER")],
    )
    def test_does_not_match(self, query: str, model: str) -> None:
        assert match_model(query, model) is None

    def test_exact_words_and_shorter_models_rank_first(self) -> None:
        exact = match_model("harrier", "HARRIER")
        longer = match_model("harrier", "HARRIER PHEV Z (PLUG-IN-HYBRID)")
        typo = match_model("fielder", "COROLLA FILEDER")
        assert exact is not None
        assert longer is not None
        assert typo is not None
        assert exact.sort_key < longer.sort_key
        assert exact.score > typo.score

    def test_words(self) -> None:
        assert words("C-CLASS  C200 (4MATIC)") == ["C", "CLASS", "C200", "4MATIC"]


class TestEffectiveFuel:
    @pytest.mark.parametrize(
        ("model", "fuel", "effective"),
        [
            ("COROLLA FIELDER HYBRID EX", "petrol", "hybrid"),  # KRA lists it as PETROL
            ("HARRIER PHEV Z (PLUG-IN-HYBRID)", "petrol", "hybrid"),
            ("AQUA HYBRID", None, "hybrid"),
            ("HARRIER", "petrol", "petrol"),
            ("HYBRID TRUCK", "diesel", "diesel"),
            ("LEAF", "electric", "electric"),
        ],
    )
    def test_hybrids_listed_as_petrol(self, model: str, fuel: str | None, effective: str) -> None:
        assert effective_fuel(model, fuel) == effective


letters = st.text(alphabet="ABCDEFGH", min_size=0, max_size=8)


class TestOneEditApart:
    @pytest.mark.parametrize(
        ("a", "b", "expected"),
        [
            ("FIELDER", "FILEDER", True),  # swapped neighbours
            ("FIELDER", "FIELDR", True),  # dropped
            ("FIELDER", "FIELDERS", True),  # added
            ("FIELDER", "FIELXER", True),  # changed
            ("FIELDER", "FIELDER", True),
            ("FIELDER", "FLIEDRE", False),
            ("AXIO", "AQUA", False),
        ],
    )
    def test_examples(self, a: str, b: str, expected: bool) -> None:
        assert one_edit_apart(a, b) is expected

    @given(a=letters, b=letters)
    def test_symmetric(self, a: str, b: str) -> None:
        assert one_edit_apart(a, b) == one_edit_apart(b, a)

    @given(word=letters.filter(bool), data=st.data())
    def test_any_single_edit_is_found(self, word: str, data: st.DataObject) -> None:
        at = data.draw(st.integers(min_value=0, max_value=len(word) - 1))
        letter = data.draw(st.sampled_from("ABCDEFGHZ"))
        edits = [
            word[:at] + word[at + 1 :],
            word[:at] + letter + word[at:],
            word[:at] + letter + word[at + 1 :],
        ]
        if at + 1 < len(word):
            edits.append(word[:at] + word[at + 1] + word[at] + word[at + 2 :])
        for edited in edits:
            assert one_edit_apart(word, edited)

    @given(a=letters, b=letters)
    def test_lengths_two_apart_never_match(self, a: str, b: str) -> None:
        if abs(len(a) - len(b)) >= 2:
            assert not one_edit_apart(a, b)
