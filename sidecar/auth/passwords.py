"""Which passwords we refuse: common ones, and any a guesser would find quickly.

zxcvbn (Dropbox's estimator, ported to Python) scores a password 0-4 by how many
guesses a well-informed attacker needs, with dictionaries of common passwords,
names, words and keyboard patterns. We ask for 3 ("safely unguessable: moderate
protection from an offline slow-hash scenario") and add what a Kenyan attacker
would try first: places, networks, Swahili greetings and names, and the person's
own email, name and company.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from zxcvbn import zxcvbn

MIN_SCORE = 3
# zxcvbn only reads this far; longer passwords are rare and were never the weak ones.
_SCORED_CHARACTERS = 100

KENYAN_TERMS = (
    # places
    "kenya", "nairobi", "mombasa", "kisumu", "nakuru", "eldoret", "thika", "malindi",
    "kitale", "machakos", "nyeri", "kakamega", "kilimani", "westlands", "karen",
    # money, networks, banks
    "safaricom", "mpesa", "airtel", "telkom", "equity", "kcb", "shilling", "bob",
    # Swahili words people use
    "jambo", "habari", "mambo", "poa", "sawa", "asante", "karibu", "hakuna", "matata",
    "rafiki", "upendo", "amani", "imani", "baraka", "neema", "malaika", "nakupenda",
    "mungu", "yesu", "bwana", "mzee", "mama", "baba", "mtoto", "gari", "magari",
    "simba", "tembo", "twiga", "chui", "uhuru", "harambee", "jamhuri", "madaraka",
    "mashujaa", "kenyatta", "kibaki", "raila", "ruto",
    # common names
    "wanjiku", "kamau", "otieno", "ochieng", "njeri", "wambui", "mwangi", "kiprop",
    "chebet", "akinyi", "atieno", "juma", "hassan", "fatuma", "omondi", "mutua",
    # us
    "gurumisha", "motors",
)  # fmt: skip


def _words(values: Iterable[str | None]) -> list[str]:
    words: list[str] = []
    for value in values:
        words += [word for word in re.split(r"[\W_]+", (value or "").casefold()) if len(word) > 2]
    return words


def weakness(password: str, *, about: Iterable[str | None] = ()) -> str | None:
    """Why ``password`` is too easy to guess, or None when it is strong enough.

    ``about`` is what the attacker knows of the person (email, name, company).
    """
    result = zxcvbn(password[:_SCORED_CHARACTERS], user_inputs=[*KENYAN_TERMS, *_words(about)])
    if result["score"] >= MIN_SCORE:
        return None
    feedback = result["feedback"]
    reason = feedback.get("warning") or "This password would be guessed quickly."
    hint = " ".join(feedback.get("suggestions") or ()) or "Add more words or characters."
    return f"{reason.rstrip('.')}. {hint}"
