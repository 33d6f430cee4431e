"""The fictional websites of the monitoring tests, with what each should yield per item of
the nasional-2025 preset (category kecamatan):

- Kecamatan Sukamaju: the four menus (Profil, Basis Data, Informasi Publik, Layanan), a
  PPID page with the Daftar Informasi Publik as a 12-page PDF, informasi berkala, serta
  merta, setiap saat, the maklumat, permohonan informasi and the laporan layanan;
- Kecamatan Lupa: the same menus, but no informasi berkala (and no laporan layanan);
- Kecamatan Tertutup: robots.txt forbids /ppid/, where everything is;
- Kecamatan Putar: its home page redirects in a loop;
- Kecamatan Lambat: its informasi berkala page answers after the client gave up.
"""

from __future__ import annotations

import io

from reportlab.pdfgen import canvas

from tests.monitoring.site_server import Page, Site, html, redirect


def pdf(pages: int, title: str) -> bytes:
    buffer = io.BytesIO()
    doc = canvas.Canvas(buffer)
    doc.setTitle(title)
    for number in range(1, pages + 1):
        doc.drawString(72, 720, f"{title} - halaman {number}")
        doc.showPage()
    doc.save()
    return buffer.getvalue()


def pdf_page(pages: int, title: str) -> Page:
    return Page(pdf(pages, title), "application/pdf")


MENUS = [("/profil", "Profil"), ("/basis-data", "Basis Data"),
         ("/ppid/", "Informasi Publik"), ("/layanan", "Layanan")]


def complete_site(name: str, *, berkala: bool = True, laporan: bool = True) -> Site:
    ppid_links = [("/ppid/dip-2025.pdf", "Daftar Informasi Publik 2025"),
                  ("/ppid/serta-merta", "Informasi Serta Merta"),
                  ("/ppid/setiap-saat", "Informasi Setiap Saat"),
                  ("/ppid/maklumat", "Maklumat Pelayanan Informasi Publik")]
    if berkala:
        ppid_links.insert(1, ("/ppid/informasi-berkala", "Informasi Berkala"))
    if laporan:
        ppid_links.append(("/ppid/laporan-layanan-2024.pdf",
                           "Laporan Layanan Informasi Publik 2024"))
    pages = {
        "/": html(f"Beranda - {name}", *MENUS, text="Selamat datang."),
        "/profil": html(f"Profil - {name}", *MENUS, ("/profil/struktur", "Struktur")),
        "/profil/struktur": html(f"Struktur Organisasi - {name}", *MENUS),
        "/basis-data": html(f"Basis Data - {name}", *MENUS),
        "/layanan": html(f"Layanan - {name}", *MENUS,
                         ("/layanan/permohonan", "Permohonan Informasi"),
                         ("/layanan/keberatan", "Pengajuan Keberatan")),
        "/layanan/permohonan": html(f"Permohonan Informasi - {name}", *MENUS),
        "/layanan/keberatan": html(f"Pengajuan Keberatan - {name}", *MENUS),
        "/ppid/": html(f"PPID - {name}", *MENUS, *ppid_links),
        "/ppid/dip-2025.pdf": pdf_page(12, "Daftar Informasi Publik 2025"),
        "/ppid/serta-merta": html(f"Informasi Serta Merta - {name}", *MENUS),
        "/ppid/setiap-saat": html(f"Informasi Setiap Saat - {name}", *MENUS),
        "/ppid/maklumat": html(f"Maklumat Pelayanan - {name}", *MENUS),
    }
    if berkala:
        pages["/ppid/informasi-berkala"] = html(f"Informasi Berkala - {name}", *MENUS)
    if laporan:
        pages["/ppid/laporan-layanan-2024.pdf"] = pdf_page(4, "Laporan Layanan 2024")
    return Site(pages)


def robots_site() -> Site:
    site = complete_site("Kecamatan Tertutup")
    site.pages["/robots.txt"] = Page(b"User-agent: *\nDisallow: /ppid/\n", "text/plain")
    return site


def loop_site() -> Site:
    return Site({"/": redirect("/beranda"), "/beranda": redirect("/")})


def slow_site(delay: float) -> Site:
    site = complete_site("Kecamatan Lambat")
    site.pages["/ppid/informasi-berkala"] = Page(
        html("Informasi Berkala - Kecamatan Lambat").body, delay=delay)
    return site


def all_sites(slow_delay: float = 3.0) -> dict[str, Site]:
    """Name of the badan publik → its site."""
    return {
        "Kecamatan Sukamaju": complete_site("Kecamatan Sukamaju"),
        "Kecamatan Lupa": complete_site("Kecamatan Lupa", berkala=False, laporan=False),
        "Kecamatan Tertutup": robots_site(),
        "Kecamatan Putar": loop_site(),
        "Kecamatan Lambat": slow_site(slow_delay),
    }
