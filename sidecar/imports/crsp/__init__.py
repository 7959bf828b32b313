"""KRA's CRSP lists: versioned releases, the search, and the row an estimate values."""
