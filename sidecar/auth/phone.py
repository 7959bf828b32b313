"""Phone numbers to E.164, with Kenyan local forms normalised.

Kenyan mobiles are written 0712 345 678, 712345678, 254712345678 or +254 712 345 678;
all become +254712345678 (ITU-T E.164; Kenya's country code is 254 and national
significant numbers have 9 digits).
"""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[\s\-().]")
_E164 = re.compile(r"^\+[1-9]\d{7,14}$")


def normalize_phone(raw: str) -> str:
    """Returns the E.164 form of ``raw`` or raises ValueError."""
    digits = _SEPARATORS.sub("", raw.strip())
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if re.fullmatch(r"0[17]\d{8}", digits):
        digits = "+254" + digits[1:]
    elif re.fullmatch(r"[17]\d{8}", digits):
        digits = "+254" + digits
    elif re.fullmatch(r"254[17]\d{8}", digits):
        digits = "+" + digits
    if not _E164.match(digits):
        raise ValueError("phone must be an international number like +254712345678")
    if digits.startswith("+254") and not re.fullmatch(r"\+254[17]\d{8}", digits):
        raise ValueError("a Kenyan number has 9 digits after +254, like +254712345678")
    return digits
