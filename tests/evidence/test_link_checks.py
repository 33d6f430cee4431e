"""Checking one evidence link, against a local HTTP server started by the test (no
internet): each kind of page a badan publik links to gets the verdict and the sentence a
verifikator reads, and the checker reads no more than it needs."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from link_server import HostMap, LinkServer, running

from evidence import links
from evidence.links import CheckSettings, LinkResult, check_link, new_client
from questionnaires.text import links_in

SETTINGS = CheckSettings(allow_private=True, read_timeout=0.5, connect_timeout=2,
                         total_timeout=10)


@pytest.fixture(scope="module")
def server() -> Iterator[LinkServer]:
    with running() as started:
        yield started


def check(url: str, settings: CheckSettings = SETTINGS, *,
          server: LinkServer | None = None) -> LinkResult:
    """Check `url` as a run does; with `server`, every host name reaches that server."""
    async def one() -> LinkResult:
        transport = HostMap(server) if server is not None else None
        async with new_client(settings, transport=transport) as client:
            return await check_link(client, url, settings)

    return asyncio.run(one())


# path → verdict, and words of the sentence users read
CASES = {
    "/dip.pdf": (links.OK, "PDF dapat dibuka (3 halaman"),
    "/missing": (links.NOT_FOUND, "Tautan tidak dapat dibuka: halaman atau berkas tidak "
                                  "ditemukan (HTTP 404)"),
    "/r/3": (links.OK, "PDF dapat dibuka"),
    "/loop": (links.TOO_MANY_REDIRECTS, "terlalu banyak pengalihan (lebih dari 10)"),
    "/slow": (links.TIMEOUT, "server tidak menjawab dalam 0,5 detik"),
    "/private-drive": (links.SIGN_IN, "Perlu izin akses: halaman meminta masuk"),
    "/forbidden": (links.SIGN_IN, "Perlu izin akses: server menolak membuka tanpa izin "
                                  "(HTTP 403)"),
    "/error": (links.SERVER_ERROR, "server sedang galat (HTTP 500)"),
    "/big.pdf": (links.TOO_LARGE, "Lebih dari 2 MB: berkas 2,6 MB"),
    "/big-stream.pdf": (links.TOO_LARGE, "Lebih dari 2 MB"),
    "/notes.txt": (links.NOT_PDF, "Bukan PDF: isinya teks biasa"),
    "/laporan.pdf": (links.BROKEN_PDF, "server menyebutnya PDF, tetapi isinya teks biasa"),
    "/broken.pdf": (links.BROKEN_PDF, "PDF rusak, tidak dapat dibuka: berkas terpotong"),
    "/locked.pdf": (links.ENCRYPTED_PDF, "PDF dikunci kata sandi"),
    "/page.html": (links.WEB_PAGE, "Halaman web dapat dibuka (bukan PDF): \"Daftar "
                                   "Informasi Publik - PPID Kominfo\""),
    "/no-head.pdf": (links.OK, "PDF dapat dibuka (3 halaman"),
}


@pytest.mark.parametrize("path", list(CASES))
def test_each_page_gets_its_verdict(server: LinkServer, path: str) -> None:
    verdict, sentence = CASES[path]
    result = check(server.url(path))
    assert result.verdict == verdict, result
    assert sentence in result.detail
    assert result.url == server.url(path)
    assert result.elapsed_ms is not None
    assert result.checked_at.tzinfo is not None


def test_pdf_reports_status_type_size_and_pages(server: LinkServer) -> None:
    result = check(server.url("/dip.pdf"))
    assert (result.status_code, result.content_type, result.pdf_pages) == (
        200, "application/pdf", 3)
    assert result.size_bytes == len(server.samples["pdf"])
    assert result.severity == "ok"


def test_redirect_chain_records_the_final_address(server: LinkServer) -> None:
    result = check(server.url("/r/3"))
    assert result.final_url == server.url("/dip.pdf")
    assert result.status_code == 200


def test_redirects_are_capped(server: LinkServer) -> None:
    result = check(server.url("/r/4"), CheckSettings(allow_private=True, max_redirects=3))
    assert result.verdict == links.TOO_MANY_REDIRECTS
    assert "lebih dari 3" in result.detail
    assert check(server.url("/r/3"), CheckSettings(allow_private=True,
                                                   max_redirects=3)).verdict == links.OK


def test_time_out_does_not_wait_for_the_server(server: LinkServer) -> None:
    result = check(server.url("/slow"))
    assert result.status_code is None
    assert result.elapsed_ms is not None
    assert result.elapsed_ms < 2500


def test_whole_link_time_limit(server: LinkServer) -> None:
    result = check(server.url("/slow"), CheckSettings(allow_private=True, read_timeout=10,
                                                      total_timeout=0.4))
    assert result.verdict == links.TIMEOUT
    assert "0,4 detik" in result.detail


def test_announced_oversized_pdf_is_settled_by_head(server: LinkServer) -> None:
    before = server.traffic.count("GET", "/big.pdf")
    result = check(server.url("/big.pdf"))
    assert result.verdict == links.TOO_LARGE
    assert result.size_bytes == 2_600_000
    assert server.traffic.count("GET", "/big.pdf") == before  # no GET at all


def test_unannounced_oversized_pdf_stops_reading_past_the_limit(server: LinkServer) -> None:
    result = check(server.url("/big-stream.pdf"))
    assert result.verdict == links.TOO_LARGE
    assert result.size_bytes is None  # unknown: the checker did not read it all
    # The server had 40 MiB to send; the client hung up soon after 2 MB (socket buffers
    # take a few MB more).
    assert server.traffic.streamed_bytes < 16 * 2**20


def test_size_limit_is_the_methodologys(server: LinkServer) -> None:
    small = CheckSettings(allow_private=True).with_limit(1_000)
    result = check(server.url("/dip.pdf"), small)
    assert result.verdict == links.TOO_LARGE
    assert "Lebih dari 1 kB" in result.detail
    assert check(server.url("/big.pdf"), CheckSettings(allow_private=True).with_limit(
        3_000_000)).verdict == links.OK


def test_private_google_drive_link_redirecting_to_sign_in(server: LinkServer) -> None:
    result = check("https://drive.google.com/file/d/pribadi/view", server=server)
    assert result.verdict == links.SIGN_IN
    assert result.final_url.startswith("https://accounts.google.com/")
    assert "Perlu izin akses: Google Drive meminta masuk" in result.detail
    assert "Siapa saja yang memiliki link" in result.detail


def test_google_drive_asking_for_access(server: LinkServer) -> None:
    result = check("https://drive.google.com/file/d/tanpa-akses/view", server=server)
    assert result.verdict == links.SIGN_IN
    assert "meminta izin pemilik" in result.detail


def test_public_google_drive_file_page_is_good_evidence(server: LinkServer) -> None:
    result = check("https://drive.google.com/file/d/publik/view", server=server)
    assert result.verdict == links.SHARED_FILE
    assert result.severity == "ok"
    assert "\"DIP 2025.pdf\" di Google Drive dapat dibuka tanpa masuk" in result.detail


def test_public_google_drive_file_that_is_not_a_pdf(server: LinkServer) -> None:
    result = check("https://drive.google.com/file/d/docx/view", server=server)
    assert result.verdict == links.NOT_PDF
    assert "SOP PPID.docx" in result.detail


def test_polite_user_agent(server: LinkServer) -> None:
    seen: list[str] = []

    async def one() -> None:
        async with new_client(SETTINGS) as client:
            client.event_hooks["request"].append(
                lambda request: _note(seen, request.headers["User-Agent"]))
            await check_link(client, server.url("/page.html"), SETTINGS)

    asyncio.run(one())
    assert seen
    assert all("monev-kip" in agent for agent in seen)


async def _note(seen: list[str], value: str) -> None:
    seen.append(value)


@pytest.mark.parametrize(("url", "words"), [
    ("ftp://ppid.example.go.id/dip.pdf", "harus diawali http:// atau https://"),
    ("https://", "tidak memuat nama server"),
    ("http://127.0.0.1:9/dip.pdf", "alamat jaringan internal"),
    ("http://localhost/admin", "alamat jaringan internal"),
    ("http://169.254.169.254/latest/meta-data/", "alamat jaringan internal"),
    ("http://[::1]/x", "alamat jaringan internal"),
])
def test_addresses_that_are_not_fetched(url: str, words: str) -> None:
    result = check(url, CheckSettings(total_timeout=5))  # internal addresses refused
    assert result.verdict == links.BAD_ADDRESS
    assert words in result.detail


def test_a_public_link_redirecting_inside_is_refused(server: LinkServer) -> None:
    """Every redirect is checked like the first address: a public page cannot send the
    checker into the KI's network."""
    result = check("https://publik.example/ke-dalam", CheckSettings(total_timeout=5),
                   server=server)
    assert result.verdict == links.BAD_ADDRESS
    assert "127.0.0.1 adalah alamat jaringan internal" in result.detail


def test_unknown_host_is_unreachable() -> None:
    result = check("http://tidak-ada.invalid/dip.pdf")
    assert result.verdict == links.UNREACHABLE
    assert result.detail.startswith("Tautan tidak dapat dibuka: ")


def test_refused_connection_is_unreachable() -> None:
    result = check("http://127.0.0.1:9/dip.pdf")  # discard port: nothing listens
    assert result.verdict == links.UNREACHABLE
    assert "menolak sambungan" in result.detail


def test_several_links_in_one_cell() -> None:
    assert links_in("https://a.go.id/dip.pdf https://b.go.id/sop.pdf") == [
        "https://a.go.id/dip.pdf", "https://b.go.id/sop.pdf"]
    assert links_in("DIP: https://a.go.id/dip.pdf;\nSOP: https://b.go.id/sop.pdf.") == [
        "https://a.go.id/dip.pdf", "https://b.go.id/sop.pdf"]
    assert links_in("https://a.go.id/x,https://b.go.id/y, https://a.go.id/x") == [
        "https://a.go.id/x", "https://b.go.id/y"]
    assert links_in("(lihat https://id.wikipedia.org/wiki/PPID_(Indonesia))") == [
        "https://id.wikipedia.org/wiki/PPID_(Indonesia)"]
    assert links_in("https://drive.google.com/file/d/abc/view?usp=sharing") == [
        "https://drive.google.com/file/d/abc/view?usp=sharing"]
    assert links_in("ada, lihat lampiran") == []
    assert links_in("") == []
    assert links_in("https://") == []


def test_sign_in_pages_by_content() -> None:
    form = links.scan_page(b"<html><title>Masuk</title><form><input name=username>"
                           b"<input type=password name=pw></form></html>")
    assert links.page_wall(form, None) == "sign_in"
    # A page that only links to a sign-in (a public Drive page's header) is no wall.
    public = links.scan_page(b"<html><title>DIP.pdf - Google Drive</title>"
                             b"<a href='/login'>Login</a></html>")
    assert links.page_wall(public, "Google Drive") is None
    # A search box on a PPID page is no sign-in form.
    search = links.scan_page(b"<html><title>PPID</title><form><input type=search "
                             b"name=q></form><p>Masuk ke menu DIP</p></html>")
    assert links.page_wall(search, None) is None
    # A password field written inside a script is not a field.
    scripted = links.scan_page(b"<html><script>'<input type=password>'</script></html>")
    assert links.page_wall(scripted, None) is None
