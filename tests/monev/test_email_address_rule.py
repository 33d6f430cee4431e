"""One rule for a typed e-mail address (monev.contacts.email_address): a badan publik's
address, an account's address set by the admin and the account's own address are accepted
and refused alike, with the same message."""

from __future__ import annotations

import subprocess
import sys

import pytest

from monev import accounts, bodies, cycles
from monev.contacts import email_address
from monev.errors import UsageError
from monev.permissions import SYSTEM
from notifications import inbox
from questionnaires.loader import Registry, load_methodology
from storage.db import Database
from tests.conftest import FIXTURES, cheap_hashing

PASSWORD = "Alamat-Surel-Kuat-2026"


@pytest.mark.parametrize(("typed", "kept"), [
    ("  ppid@Dinas.Example.GO.ID ", "ppid@dinas.example.go.id"),
    ("Rina.Putri@ki.example.go.id", "Rina.Putri@ki.example.go.id"),
    ("", ""),
    ("   ", ""),
])
def test_an_address_is_trimmed_and_its_domain_lower_case(typed: str, kept: str):
    assert email_address(typed) == kept


@pytest.mark.parametrize("typed", [
    "rina@", "rina", "rina@kantor", "rina di kantor@ki.example.go.id",
    "Rina <rina@ki.example.go.id>", "a@ki.example.go.id, b@ki.example.go.id",
    "a@b@ki.example.go.id", "x" * 320 + "@ki.example.go.id",
])
def test_what_is_not_one_address_is_refused_saying_how_to_write_one(typed: str):
    with pytest.raises(UsageError) as refused:
        email_address(typed)
    assert str(refused.value).startswith("Alamat e-mail '")
    assert "tidak sah: tulis satu alamat seperti ppid@dinas.example.go.id." in str(
        refused.value)


def test_bodies_accounts_and_the_own_form_share_the_rule(db: Database,
                                                        monkeypatch: pytest.MonkeyPatch):
    cheap_hashing(monkeypatch)
    methodology = load_methodology(FIXTURES / "mini.yaml")
    cycle = cycles.create_cycle(db, SYSTEM, methodology_id=methodology.id, ki="KI Surel",
                                year=2026, registry=Registry([methodology])).id
    accounts.add_user(db, SYSTEM, username="rina", password=PASSWORD, role="koordinator")
    rina = accounts.actor_for(db, "rina")
    typed = "Rina <rina@ki.example.go.id>"
    refusals = []
    for attempt in (
            lambda: bodies.register_body(db, SYSTEM, cycle, name="Dinas Surel",
                                         category="opd", email=typed),
            lambda: accounts.add_user(db, SYSTEM, username="dwi", password=PASSWORD,
                                      role="evaluator", email=typed),
            lambda: accounts.set_email(db, SYSTEM, "rina", typed),
            lambda: inbox.set_own_email(db, rina, typed)):
        with pytest.raises(UsageError) as refused:
            attempt()
        refusals.append(str(refused.value))
    assert len(set(refusals)) == 1
    assert refusals[0] == ("Alamat e-mail 'Rina <rina@ki.example.go.id>' tidak sah: tulis "
                           "satu alamat seperti ppid@dinas.example.go.id.")
    assert inbox.own_email(db, rina) == ""
    # Accepted alike: stored trimmed, the domain in lower case.
    assert accounts.set_email(db, SYSTEM, "rina", " rina@KI.example.go.id ").email == \
        "rina@ki.example.go.id"
    assert inbox.set_own_email(db, rina, "Rina@KI.Example.go.id") == "Rina@ki.example.go.id"
    assert inbox.own_email(db, rina) == "Rina@ki.example.go.id"


def test_accounts_check_addresses_without_the_notification_inbox():
    """The account use cases do not reach into the bell's module for the address rule (the
    events they raise are notifications' business; the rule is not)."""
    code = "import sys, monev.accounts, monev.bodies; print('notifications.inbox' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "False"
