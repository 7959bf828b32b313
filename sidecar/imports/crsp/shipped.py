"""The CRSP list shipped with the package: KRA's July 2025 list, live on a fresh database.

Migration 0010 loads it; the file is the cleaned CSV of KRA's "CRSP July 2025"
workbook (docs/LANDED_COST.md tells what was cleaned and its known quirks).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

FILE = Path(__file__).parent / "data" / "crsp_2025_07.csv"
SOURCE_FILE = "New_CRSP_July_2025_Clean.csv"
LABEL = "CRSP-2025-07"
EFFECTIVE_FROM = date(2025, 7, 1)
CHECKSUM = "sha256:5cd0e48f22202adcefd823b670c173eb717f982498d862c4389c5168b6b5c95a"
