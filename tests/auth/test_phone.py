"""Phone numbers to E.164, Kenyan local forms included."""

from __future__ import annotations

import pytest

from sidecar.auth.phone import normalize_phone


class TestNormalizePhone:
    @pytest.mark.parametrize(
        "raw",
        ["0712 345 678", "712345678", "254712345678", "+254 712-345-678", "00254712345678"],
    )
    def test_kenyan_forms(self, raw):
        assert normalize_phone(raw) == "+254712345678"

    def test_safaricom_01_prefix(self):
        assert normalize_phone("0110 123 456") == "+254110123456"

    def test_other_countries_stay_e164(self):
        assert normalize_phone("+44 20 7946 0958") == "+442079460958"

    @pytest.mark.parametrize("raw", ["12", "+2547123456", "+254812345678", "phone", "+0123456789"])
    def test_invalid(self, raw):
        with pytest.raises(ValueError, match=r"phone|Kenyan"):
            normalize_phone(raw)
