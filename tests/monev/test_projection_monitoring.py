"""The stored results of a cycle whose methodology scores a website-monitoring stage
(tests/fixtures/situs.yaml) stay equal to rebuilding them from the history after any
sequence of writes that includes monitoring runs (of every body or one; finished or
interrupted) of fictional sites that change between runs — on SQLite and PostgreSQL."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from monev.bodies import register_body
from monev.cycles import create_cycle
from monev.errors import ServiceError
from monev.panel import record_panel_score
from monev.permissions import SYSTEM
from monev.verification import verify_answer
from monitoring import runs
from questionnaires.loader import Registry, load_methodology
from storage.db import Database
from storage.models import PanelScore, Verification
from tests.monev.test_dashboard import DESA, FULL, GOOD, POOR, submit
from tests.monev.test_projection import (
    _seq,
    assert_projection_is_the_history,
    assert_read_again_is_read_afresh,
    maintained,
    rebuilt,
)
from tests.monitoring.fictional_sites import complete_site, loop_site
from tests.monitoring.site_server import Site, html, serving
from tests.monitoring.test_monitoring_runs import FAST

SITUS = Path(__file__).resolve().parents[1] / "fixtures" / "situs.yaml"


def _toggle(rng: random.Random, site: Site, name: str) -> str:
    """Publish or take down the site's informasi berkala or its DIP."""
    page = rng.choice(("/ppid/informasi-berkala", "/ppid/dip-2025.pdf"))
    if page in site.pages:
        del site.pages[page]
        site.pages["/ppid/"] = html(f"PPID - {name}",
                                    ("/ppid/maklumat", "Maklumat Pelayanan Informasi Publik"))
        return f"removed {page}"
    site.pages.update(complete_site(name).pages)
    return f"restored {page}"


@pytest.mark.parametrize("seed", [3, 4])
def test_random_writes_and_runs_keep_the_projection_equal_to_a_rebuild(
        db: Database, seed: int) -> None:
    registry = Registry([load_methodology(SITUS)])
    rng = random.Random(seed)
    sites = {"Dinas A": complete_site("Dinas A"),
             "Dinas B": complete_site("Dinas B", berkala=False),
             "Desa C": complete_site("Desa C"),
             "Dinas D": loop_site()}
    with serving(list(sites.values())):
        cycle = create_cycle(db, SYSTEM, methodology_id="situs", ki="KI Acak", year=2026,
                             registry=registry).id
        bodies = {name: register_body(db, SYSTEM, cycle, name=name,
                                      category="desa" if name.startswith("Desa") else "opd",
                                      websites=[site.url]).id
                  for name, site in sites.items()}
        for name, body in bodies.items():
            submit(db, cycle, body, DESA if name.startswith("Desa") else FULL)
        names = sorted(bodies)
        done: list[str] = []
        for _ in range(14):
            name = rng.choice(names)
            body = bodies[name]
            keys = {"cycle_id": cycle, "badan_publik_id": body}
            kind = rng.choice(("run", "run", "run-one", "interrupted", "site", "site",
                               "verify", "panel", "submit", "register"))
            try:
                if kind == "run":
                    runs.monitor(db, SYSTEM, cycle, settings=FAST)
                elif kind == "run-one":
                    runs.monitor(db, SYSTEM, cycle, body_id=body, settings=FAST)
                elif kind == "interrupted":
                    info = runs.begin_run(db, SYSTEM, cycle)

                    def stop(visited: int, _total: int) -> None:
                        if visited > 0:
                            raise KeyboardInterrupt

                    with pytest.raises(KeyboardInterrupt):
                        runs.execute_run(db, SYSTEM, info.id, settings=FAST.with_concurrency(1),
                                         progress=stop)
                elif kind == "site":
                    kind = _toggle(rng, sites[name], name) if name != "Dinas D" else kind
                elif kind == "verify":
                    seq = _seq(db, Verification, question_code="1.1", **keys)
                    verify_answer(db, SYSTEM, cycle, body, "1.1",
                                  rng.choice(("Ya", "Tidak")), "cek situs", expected_seq=seq)
                elif kind == "panel":
                    juror = rng.choice(("j1", "j2"))
                    seq = _seq(db, PanelScore, stage_code="panel", juror=juror, aspect="K",
                               **keys)
                    record_panel_score(db, SYSTEM, cycle, body, "panel", juror, "K",
                                       rng.randrange(0, 101), expected_seq=seq)
                elif kind == "submit":
                    submit(db, cycle, body, DESA if name.startswith("Desa")
                           else rng.choice((FULL, GOOD, POOR)))
                else:
                    new = f"Dinas Baru {len(names)}"
                    bodies[new] = register_body(db, SYSTEM, cycle, name=new, category="opd",
                                                websites=[sites["Dinas A"].url]).id
                    submit(db, cycle, bodies[new], GOOD)
                    names.append(new)
            except ServiceError as refused:
                done.append(f"refused: {refused}")
                continue
            done.append(f"{kind} {name}")
            assert maintained(db, cycle) == rebuilt(db, cycle), done
            assert_read_again_is_read_afresh(db, cycle)
        assert any(k.startswith("run") for k in done), done
        assert_projection_is_the_history(db, cycle)
        stored = maintained(db, cycle)
        assert any(row["detail"].get("w") for row in stored)  # the items are stored
