"""``python -m monev bodies add|set-website|list`` run as users run it, on SQLite and
PostgreSQL: nothing changes silently. Registering a name already registered says so and
what was done; a registered body typed with another category is refused naming its
category, nothing changed; ``set-website`` refuses a body that does not take part in
``--cycle`` and an empty list without ``--clear``; every option has Indonesian help;
``list`` shows e-mail and websites in each format."""

from __future__ import annotations

import argparse
import csv
import io
import json
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import func, select

from monev.bodies import register_body
from monev.cli import build_parser, main
from monev.cycles import create_cycle
from monev.permissions import SYSTEM
from storage.db import Database
from storage.models import BadanPublik, BodyWebsite, Event, Participation


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), out=out, err=err)
    return status, out.getvalue(), err.getvalue()


@dataclass
class World:
    db: Database
    cycle: int  # 2026, where Dinas Kominfo (opd) takes part
    other: int  # 2025, where it does not (yet)
    body: int

    def cli(self, *argv: str) -> tuple[int, str, str]:
        return run("bodies", *argv, "--database", self.db.url)


@pytest.fixture
def world(db: Database) -> World:
    cycle = create_cycle(db, SYSTEM, methodology_id="nasional-2025", ki="KI Contoh",
                         year=2026).id
    other = create_cycle(db, SYSTEM, methodology_id="nasional-2025", ki="KI Contoh",
                         year=2025).id
    body = register_body(db, SYSTEM, cycle, name="Dinas Kominfo", category="opd",
                         region="Kab. Contoh", email="ppid@kominfo.go.id",
                         websites=["https://kominfo.go.id"], aliases=("Diskominfo",)).id
    return World(db, cycle, other, body)


def state(db: Database) -> dict[str, Any]:
    """Everything a bodies command could change, to compare before and after."""
    with db.read() as session:
        return {
            "bodies": [(b.id, b.name, b.category, b.region, b.email, b.ppid_name)
                       for b in session.scalars(select(BadanPublik).order_by(BadanPublik.id))],
            "websites": list(session.execute(select(BodyWebsite.badan_publik_id,
                                                    BodyWebsite.url).order_by(BodyWebsite.id))),
            "participation": list(session.execute(
                select(Participation.cycle_id, Participation.badan_publik_id,
                       Participation.status).order_by(Participation.id))),
            "events": session.scalar(select(func.count()).select_from(Event)),
        }


def test_an_existing_body_under_another_category_is_refused_naming_its_category(
        world: World) -> None:
    before = state(world.db)
    status, out, err = world.cli("add", "DISKOMINFO", "--cycle", str(world.other),
                                 "--category", "kecamatan", "--email", "baru@kominfo.go.id",
                                 "--website", "https://ppid.kominfo.go.id")
    assert status == 2
    assert out == ""
    assert "Badan publik 'DISKOMINFO' sudah terdaftar sebagai 'Dinas Kominfo'" in err
    assert "kategori 'opd' (Perangkat Daerah (OPD)), bukan 'kecamatan' (Kecamatan)" in err
    assert "tidak ada yang diubah" in err
    assert "daftarkan dengan kategori 'opd'" in err
    assert "Traceback" not in err
    assert state(world.db) == before  # not invited, no e-mail, no website, no event

    status, _, err = world.cli("add", "dinas  kominfo", "--cycle", str(world.cycle),
                               "--category", "desa")
    assert status == 2
    assert "Badan publik 'dinas kominfo' sudah terdaftar (id" in err
    assert state(world.db) == before
    status, _, err = world.cli("add", "Dinas Kominfo", "--cycle", str(world.cycle),
                               "--category", "partai")
    assert status == 2
    assert "Kategori 'partai' tidak ada dalam metodologi siklus ini" in err
    assert state(world.db) == before


def test_an_existing_body_is_invited_to_another_cycle_saying_what_was_done(
        world: World) -> None:
    status, out, err = world.cli("add", "Diskominfo", "--cycle", str(world.other),
                                 "--category", "opd", "--region", "Kota Contoh",
                                 "--website", "ppid.kominfo.go.id",
                                 "--website", "https://kominfo.go.id/", "--format", "json")
    assert status == 0, err
    assert err.splitlines() == [
        f"Badan publik 'Diskominfo' sudah terdaftar sebagai 'Dinas Kominfo' (id "
        f"{world.body}, kategori 'opd'); kini diundang ke siklus {world.other} (status: "
        f"Diundang).",
        "Wilayah diganti: 'Kab. Contoh' → 'Kota Contoh'.",
        "Situs ditambahkan: https://ppid.kominfo.go.id/.",
        "Situs sudah tercatat (tidak ditambahkan lagi): https://kominfo.go.id/.",
    ]
    [shown] = json.loads(out)
    assert shown["id"] == world.body
    assert shown["wilayah"] == "Kota Contoh"
    assert shown["situs"] == "https://kominfo.go.id/ https://ppid.kominfo.go.id/"
    assert shown["partisipasi"] == "Diundang"
    after = state(world.db)
    assert len(after["bodies"]) == 1
    assert (world.other, world.body, "invited") in after["participation"]

    before = state(world.db)  # once more: already registered and taking part
    status, _, err = world.cli("add", "Dinas Kominfo", "--cycle", str(world.other),
                               "--category", "opd", "--email", "ppid@KOMINFO.go.id")
    assert status == 0, err
    assert (f"sudah terdaftar (id {world.body}, kategori 'opd') dan sudah ikut siklus "
            f"{world.other} (status: Diundang, tidak diubah)") in err
    assert "Tidak ada yang diubah." in err
    assert state(world.db) == before

    status, _, err = world.cli("add", "Dinas Kominfo", "--cycle", str(world.other),
                               "--category", "opd", "--email", "humas@kominfo.go.id")
    assert status == 0, err
    assert "E-mail diganti: 'ppid@kominfo.go.id' → 'humas@kominfo.go.id'." in err
    assert "Tidak ada yang diubah" not in err


def test_a_new_body_is_registered_and_invited(world: World) -> None:
    status, out, err = world.cli("add", "Kecamatan Sukamaju", "--cycle", str(world.cycle),
                                 "--category", "kecamatan", "--format", "csv")
    assert status == 0, err
    [row] = list(csv.DictReader(io.StringIO(out)))
    assert err.splitlines() == [
        f"Badan publik 'Kecamatan Sukamaju' (id {row['id']}) terdaftar dengan kategori "
        f"'kecamatan' dan diundang ke siklus {world.cycle} (status: Diundang)."]
    assert [b[1] for b in state(world.db)["bodies"]] == ["Dinas Kominfo", "Kecamatan Sukamaju"]


def test_set_website_refuses_a_body_outside_the_cycle(world: World) -> None:
    before = state(world.db)
    status, out, err = world.cli("set-website", str(world.body), "https://lain.go.id",
                                 "--cycle", str(world.other))
    assert status == 2
    assert out == ""
    assert (f"Badan publik {world.body} ('Dinas Kominfo') tidak terdaftar di siklus "
            f"{world.other}") in err
    assert "tidak ada yang diubah" in err
    assert f"ikut siklus {world.cycle} (Monev KIP 2026" in err
    assert state(world.db) == before

    status, _, err = world.cli("set-website", "999", "https://lain.go.id",
                               "--cycle", str(world.cycle))
    assert status == 2
    assert "Badan publik dengan id 999 tidak ditemukan" in err
    assert state(world.db) == before


def test_set_website_says_what_changed_and_clears_only_when_asked(world: World) -> None:
    body, cycle = str(world.body), str(world.cycle)
    before = state(world.db)
    status, _, err = world.cli("set-website", body, "--cycle", cycle)
    assert status == 2
    assert "Tulis alamat situs baru" in err
    assert "--clear" in err
    status, _, err = world.cli("set-website", body, "https://a.go.id", "--clear",
                               "--cycle", cycle)
    assert status == 2
    assert "--clear menghapus semua alamat situs" in err
    assert state(world.db) == before

    status, _, err = world.cli("set-website", body, "kominfo.go.id", "--cycle", cycle)
    assert status == 0, err
    assert "tidak berubah: https://kominfo.go.id/; tidak ada yang diubah" in err
    assert state(world.db) == before

    status, out, err = world.cli("set-website", body, "https://ppid.kominfo.go.id",
                                 "--cycle", cycle, "--format", "json")
    assert status == 0, err
    assert (f"Alamat situs 'Dinas Kominfo' (id {world.body}) diganti: sebelumnya "
            f"https://kominfo.go.id/; kini https://ppid.kominfo.go.id/.") in err
    assert json.loads(out)[0]["situs"] == "https://ppid.kominfo.go.id/"

    status, _, err = world.cli("set-website", body, "--clear", "--cycle", cycle)
    assert status == 0, err
    assert "Semua alamat situs 'Dinas Kominfo'" in err
    assert "dihapus (sebelumnya: https://ppid.kominfo.go.id/)" in err
    assert state(world.db)["websites"] == []


def test_list_shows_e_mail_and_websites_in_every_format(world: World) -> None:
    world.cli("set-website", str(world.body), "https://kominfo.go.id",
              "https://ppid.kominfo.go.id", "--cycle", str(world.cycle))
    status, out, err = world.cli("list", "--cycle", str(world.cycle))
    assert status == 0, err
    header = out.splitlines()[0].split()
    assert header == ["Id", "Nama", "Kategori", "Wilayah", "E-mail", "Situs", "Partisipasi"]
    assert "ppid@kominfo.go.id" in out
    assert "https://kominfo.go.id/" in out
    assert "https://ppid.kominfo.go.id/" in out  # on its own line of the cell
    _, out, _ = world.cli("list", "--cycle", str(world.cycle), "--format", "csv")
    [row] = list(csv.DictReader(io.StringIO(out)))
    assert row["email"] == "ppid@kominfo.go.id"
    assert row["situs"] == "https://kominfo.go.id/ https://ppid.kominfo.go.id/"
    _, out, _ = world.cli("list", "--cycle", str(world.cycle), "--format", "json")
    [record] = json.loads(out)
    assert record == {"id": world.body, "nama": "Dinas Kominfo", "kategori": "opd",
                      "wilayah": "Kab. Contoh", "email": "ppid@kominfo.go.id",
                      "email_gagal": "", "situs": "https://kominfo.go.id/ https://ppid.kominfo.go.id/",
                      "partisipasi": "Diundang"}
    _, out, _ = world.cli("list", "--cycle", str(world.other))
    assert "Dinas Kominfo" not in out


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    [action] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(action.choices)


@pytest.mark.parametrize("action", ["list", "add", "set-website"])
def test_every_bodies_option_has_indonesian_help(
        action: str, capsys: pytest.CaptureFixture[str]) -> None:
    bodies = _subparsers(build_parser())["bodies"]
    parser = _subparsers(bodies)[action]
    silent = [a.dest for a in parser._actions if not a.help]
    assert silent == []
    with pytest.raises(SystemExit) as shown:
        main(["bodies", action, "--help"])
    assert shown.value.code == 0
    text = capsys.readouterr().out
    assert "--cycle ID" in text
    assert "id siklus" in text
    assert "bentuk keluaran" in text
