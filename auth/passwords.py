"""Password rules and hashing.

Hashes are argon2id (argon2-cffi). A real account's password must be at least
:data:`MIN_LENGTH` characters, must not be a demo password and must not be easy to guess:
zxcvbn (Dropbox's estimator, with its lists of common passwords, names and words) must rate
it at least :data:`MIN_SCORE` of 4 once the account's own names and words everybody in a
monev would try (Indonesian words, the KI's terms) are added to its lists.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn

MIN_LENGTH = 10
MAX_LENGTH = 128  # zxcvbn is slow on very long input; argon2 does not need more
MIN_SCORE = 3  # zxcvbn 0..4; 3 = "safely unguessable" (~10^8 guesses) behind throttling

# The demo's well-known passwords (monev.demo.ACCOUNTS): refused for real accounts.
DEMO_PASSWORDS = frozenset({"admin-demo", "koordinator-demo", "evaluator-demo",
                            "pejabat-demo", "badanpublik-demo"})

# Words people in an Indonesian monev try first, which zxcvbn's English lists lack.
LOCAL_WORDS = (
    "rahasia", "katasandi", "sandi", "sayang", "cinta", "indonesia", "merdeka", "bismillah",
    "alhamdulillah", "jakarta", "bandung", "surabaya", "semarang", "yogyakarta", "garuda",
    "pancasila", "monev", "kip", "ppid", "komisi", "informasi", "publik", "keterbukaan",
    "diskominfo", "kominfo", "pemda", "pemkab", "pemprov", "kabupaten", "provinsi", "dinas",
    "badan", "admin", "koordinator", "evaluator", "verifikator", "pejabat", "sukamaju",
    "selamat", "masuk", "rahasiaku", "qwerty", "asdfgh", "demo", "tamu", "pengguna",
)

_hasher = PasswordHasher()


class PasswordRejected(ValueError):
    """The password breaks a rule; ``message`` says which, in Bahasa Indonesia."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def check(password: str, *, personal: Iterable[str] = ()) -> None:
    """Raise :class:`PasswordRejected` unless `password` is fit for a real account.

    `personal`: the account's username, display name and the like (a password built from
    them is easy to guess).
    """
    if len(password) < MIN_LENGTH:
        raise PasswordRejected(f"Kata sandi terlalu pendek: minimal {MIN_LENGTH} karakter.")
    if len(password) > MAX_LENGTH:
        raise PasswordRejected(f"Kata sandi terlalu panjang: maksimal {MAX_LENGTH} karakter.")
    if password.strip() != password:
        raise PasswordRejected("Kata sandi tidak boleh diawali atau diakhiri spasi.")
    if password.lower() in DEMO_PASSWORDS:
        raise PasswordRejected("Kata sandi akun demo tidak boleh dipakai untuk akun sungguhan. "
                               "Pilih kata sandi lain.")
    words = [w for text in personal for w in re.split(r"[^a-z0-9]+", str(text).lower())
             if len(w) >= 3]
    result = zxcvbn(password, user_inputs=[*LOCAL_WORDS, *words], max_length=MAX_LENGTH)
    if result["score"] < MIN_SCORE or _only_known_words(password, words):
        raise PasswordRejected(
            "Kata sandi terlalu mudah ditebak (kata umum, nama, urutan angka atau huruf, atau "
            "nama akun). Pakai gabungan tiga atau empat kata yang tidak berhubungan dan hanya "
            "Anda yang tahu, ditambah angka dan tanda baca.")


def _only_known_words(password: str, personal: list[str]) -> bool:
    """Whether the letters of `password` are nothing but the account's own names and the
    local words, in any order, with any digits and separators (``rinamarlina2025``,
    ``Indonesia-Merdeka-1945``): easy to guess however zxcvbn scores them."""
    letters = re.sub(r"[^a-z]", "", password.lower())
    known = {w for w in (*LOCAL_WORDS, *personal) if len(w) >= 3 and w.isalpha()}
    if not letters:
        return True
    reachable = [True] + [False] * len(letters)  # reachable[i]: letters[:i] is made of words
    for end in range(1, len(letters) + 1):
        reachable[end] = any(reachable[end - len(w)] and letters.endswith(w, 0, end)
                             for w in known if len(w) <= end)
    return reachable[-1]


def hash_password(password: str) -> str:
    """The argon2id hash of `password` (no rule checked: see :func:`check`)."""
    return _hasher.hash(password)


def unusable_hash(why: str) -> str:
    """A stored hash no password matches (not an argon2 hash at all; `why`, one word, says
    why in the database: e.g. ``invited`` for an account whose owner sets the first
    password by a link, ``restored-no-login`` for an account restored from a backup)."""
    return f"!{why}${secrets.token_hex(32)}"


def is_unusable(password_hash: str) -> bool:
    """Whether `password_hash` is one :func:`unusable_hash` made (no password opens it)."""
    return password_hash.startswith("!")


def verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def equalise_timing() -> None:
    """Spend what a verification costs (a login for an unknown account takes as long)."""
    _hasher.hash("timing-equaliser")
