"""Password rules for real accounts (auth.passwords.check) and hashing: what a user choosing
a password is told, in Bahasa Indonesia."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from auth import passwords
from auth.passwords import DEMO_PASSWORDS, MAX_LENGTH, MIN_LENGTH, PasswordRejected, check
from tests.conftest import cheap_hashing

RINA = ("rina", "Rina Marlina")  # username and display name of the account


@pytest.fixture(autouse=True)
def _fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    cheap_hashing(monkeypatch)


def refusal(password: str, personal: tuple[str, ...] = RINA) -> str:
    with pytest.raises(PasswordRejected) as refused:
        check(password, personal=personal)
    message = refused.value.message
    assert message.startswith("Kata sandi "), message  # Bahasa Indonesia, a full sentence
    assert message.endswith("."), message
    return message


@pytest.mark.parametrize("password", [
    "Kopi-Senja-di-Bukit-27",
    "kuda laut makan roti bakar",
    "Layang-layang Biru 1987 terbang",
    "sepeda ontel nenek di Magelang",
    "Xq7#pL2!mZ",  # exactly MIN_LENGTH characters, random
])
def test_good_passphrases_are_accepted(password: str):
    check(password, personal=RINA)


LONG = "Kopi Senja di Bukit Menoreh, 27 Agustus, bersama nenek yang membawa pisang goreng " * 2


def test_too_short_and_too_long():
    assert refusal("Xq7#pL2!m") == (
        f"Kata sandi terlalu pendek: minimal {MIN_LENGTH} karakter.")
    assert refusal("") == f"Kata sandi terlalu pendek: minimal {MIN_LENGTH} karakter."
    assert refusal(LONG[:MAX_LENGTH] + "x") == (
        f"Kata sandi terlalu panjang: maksimal {MAX_LENGTH} karakter.")
    check(LONG[:72])


@pytest.mark.parametrize("length", [73, 100, MAX_LENGTH])
def test_long_passphrases_up_to_the_maximum_are_accepted(length: int):
    """Up to MAX_LENGTH characters are allowed; zxcvbn refuses input over 72 characters
    with a ValueError unless told its max_length."""
    password = LONG[:length - 1].rstrip() + "!"
    assert len(password) <= MAX_LENGTH
    check(password)


@pytest.mark.parametrize("password", [" Kopi-Senja-di-Bukit-27", "Kopi-Senja-di-Bukit-27 ",
                                      "\tKopi-Senja-di-Bukit-27", "Kopi-Senja-di-Bukit-27\n"])
def test_leading_or_trailing_spaces_are_refused(password: str):
    assert refusal(password) == "Kata sandi tidak boleh diawali atau diakhiri spasi."


@pytest.mark.parametrize("password", [*sorted(DEMO_PASSWORDS), "Admin-Demo", "PEJABAT-DEMO"])
def test_demo_passwords_are_refused(password: str):
    message = refusal(password)
    assert "akun demo" in message
    assert "akun sungguhan" in message


@pytest.mark.parametrize("password", [
    "password123", "bismillah123", "rahasia123", "sukamaju2025", "Bismillah2025!",
    "merdeka1945", "qwertyuiop", "1234567890", "admin12345678", "Jakarta2025!",
])
def test_common_passwords_are_refused(password: str):
    message = refusal(password)
    assert "terlalu mudah ditebak" in message
    assert "tiga atau empat kata" in message  # what would do, with no password to copy
    assert "'" not in message


@pytest.mark.parametrize(("password", "personal"), [
    ("rina12345678", RINA),
    ("rina20252025", RINA),
    ("budi.santoso2025", ("budi.santoso", "Budi Santoso")),
    ("budi.santoso123", ("budi.santoso", "Budi Santoso")),
    ("andi_wijaya1990", ("andi_wijaya", "Andi Wijaya")),
])
def test_the_username_with_digits_is_refused(password: str, personal: tuple[str, ...]):
    assert "terlalu mudah ditebak" in refusal(password, personal)


@pytest.mark.parametrize("password", [
    "rinamarlina2025", "RinaMarlina2025", "Rina Marlina 2025", "rina.marlina2025",
    "Rina-Marlina-2025",
])
def test_the_account_holders_name_with_a_year_is_refused(password: str):
    """The module promises that a password built from the account's names is easy to
    guess; the display name and a year is the first thing anybody tries."""
    assert "terlalu mudah ditebak" in refusal(password, RINA)


def test_hash_and_verify():
    hashed = passwords.hash_password("Kopi-Senja-di-Bukit-27")
    assert hashed.startswith("$argon2id$")
    assert "Kopi" not in hashed
    assert hashed != passwords.hash_password("Kopi-Senja-di-Bukit-27")  # salted
    assert passwords.verify(hashed, "Kopi-Senja-di-Bukit-27")
    assert not passwords.verify(hashed, "Kopi-Senja-di-Bukit-28")
    assert not passwords.verify(hashed, "")
    assert not passwords.verify("bukan-hash", "Kopi-Senja-di-Bukit-27")
    assert not passwords.needs_rehash(hashed)
    stronger = PasswordHasher(time_cost=2, memory_cost=16, parallelism=1)
    assert passwords.needs_rehash(stronger.hash("Kopi-Senja-di-Bukit-27"))
