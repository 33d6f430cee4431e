"""Evidence files made in the test, no binary fixtures: PDFs written with reportlab (a
scanned-looking one from random pixels), an encrypted one with pypdf, images with Pillow."""

from __future__ import annotations

import io
import os

from PIL import Image
from pypdf import PdfReader, PdfWriter
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas


def pdf_bytes(pages: int = 1, title: str = "SK PPID") -> bytes:
    """A small text PDF of `pages` pages."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.setTitle(title)
    for number in range(1, pages + 1):
        page.drawString(72, 720, f"{title} — halaman {number}")
        page.showPage()
    page.save()
    return buffer.getvalue()


def noise_image(width: int, height: int) -> Image.Image:
    """An RGB image of random pixels (does not compress: a big 'scan')."""
    return Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))


def scanned_pdf(min_bytes: int) -> bytes:
    """A one-page PDF holding an incompressible image, at least `min_bytes` long."""
    side = int((min_bytes / 3) ** 0.5) + 16
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawImage(ImageReader(noise_image(side, side)), 0, 0, width=595, height=842)
    page.showPage()
    page.save()
    data = buffer.getvalue()
    assert len(data) >= min_bytes
    return data


def encrypted_pdf(password: str = "rahasia", *, owner_only: bool = False) -> bytes:
    """A PDF that needs `password` to open (or, `owner_only`, opens without one but has
    an owner password restricting printing)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes(2))))
    writer.encrypt(user_password="" if owner_only else password,
                   owner_password="pemilik-" + password, algorithm="AES-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def image_bytes(kind: str = "PNG", size: tuple[int, int] = (40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, kind)
    return buffer.getvalue()
