"""A verifikator who lowers an answer across a gate reads why the final fell so far: the
stage the gate keeps shut, what it scores, the gate's rule and the SAQ it read."""

from __future__ import annotations

from monev.review import body_outcome
from tests.monev.test_dashboard import make_world


def test_a_stage_below_its_gate_is_explained_with_the_outcome(db, mini_registry):
    w = make_world(db, mini_registry)
    outcomes = {name: body_outcome(db, w.verifier, w.cycle_id, body)
                for name, body in w.bodies.items()}
    scored = {n: o for n, o in outcomes.items() if o.final is not None}
    below = {n: o for n, o in scored.items() if o.saq_verified is not None
             and o.saq_verified < 60}
    above = {n: o for n, o in scored.items() if o.saq_verified is not None
             and o.saq_verified >= 60}
    assert below, "the world has a body below the SAQ gate"
    assert above, "and one above it"
    for outcome in below.values():
        saq = f"{outcome.saq_verified:.2f}".replace(".", ",")
        assert outcome.closed_stages == (
            "Presentasi tidak dihitung (dinilai 0,00): syarat SAQ ≥ 60 tidak terpenuhi — "
            f"SAQ kini {saq}.",)
    for outcome in above.values():
        assert outcome.closed_stages == ()
