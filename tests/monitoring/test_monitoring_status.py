"""The one status of a monitored item: what counts as a broken link follows the evidence
link verdicts (every verdict of a link that does not open, but a PDF over the size limit —
it is there), and the reason a user reads is short."""

from __future__ import annotations

from evidence.links import TOO_LARGE, VERDICTS
from monitoring.status import (
    BLOCKED,
    BROKEN,
    FOUND,
    NO_ADDRESS,
    NOT_FOUND,
    NOT_VISITED,
    ROBOTS_HIDDEN,
    broken_reason,
    item_status,
)


def test_broken_links_are_the_verdicts_of_links_that_do_not_open() -> None:
    bad = {code for code, (severity, _) in VERDICTS.items() if severity == "bad"}
    for code in VERDICTS:
        expected = BROKEN if code in bad - {TOO_LARGE} else FOUND
        assert item_status("ok", True, code) == expected, code


def test_each_item_has_one_status() -> None:
    assert item_status("ok", True, "") == FOUND  # a page the visit read
    assert item_status("ok", False, "") == NOT_FOUND
    assert item_status("ok", False, ROBOTS_HIDDEN) == BLOCKED
    assert item_status("robots", False, "") == BLOCKED  # the whole site forbidden
    assert item_status("unreachable", True, "ok") == NOT_VISITED
    assert item_status("no_website", False, "") == NO_ADDRESS


def test_the_reason_of_a_broken_link_is_short() -> None:
    assert broken_reason("not_found", "Tautan tidak dapat dibuka: halaman atau berkas tidak "
                                      "ditemukan (HTTP 404); mungkin sudah dipindah atau "
                                      "dihapus.") == "HTTP 404, berkas tidak ada"
    assert broken_reason("timeout", "Tautan tidak dapat dibuka: server tidak menjawab dalam "
                                    "5 detik. Periksa alamatnya di peramban.") == \
        "server tidak menjawab dalam 5 detik"
    assert broken_reason("broken_pdf", "PDF rusak, tidak dapat dibuka: xref.") == "PDF rusak"
