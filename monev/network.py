"""Why a network connection failed, as people say it in Bahasa Indonesia — the one place
for it: the link check (:mod:`evidence.links`), the mail sender and the bounce reader
(:mod:`notifications`) all report a server they could not reach. The operating system's
own text (``Connection refused``) is English and says little to a PPID or an admin.
"""

from __future__ import annotations

import errno
import socket
import ssl

__all__ = ["UNKNOWN_NAME", "causes", "why_unreachable"]

# A name that does not resolve: a typo in the address — or a server of the app that reaches
# no name server at all (no internet), which the operating system reports the same way.
UNKNOWN_NAME = ("nama servernya tidak ditemukan (periksa ejaan alamatnya; bila alamat lain "
                "yang benar juga begini, server aplikasi ini mungkin tidak terhubung ke "
                "internet: hubungi pengelola aplikasi)")
_NAME_WORDS = ("name or service not known", "nodename nor servname",
               "temporary failure in name resolution", "getaddrinfo failed",
               "no address associated")
_BY_ERRNO = {
    errno.ECONNREFUSED: "server menolak sambungan: tidak ada layanan di alamat dan port itu",
    errno.ETIMEDOUT: "server tidak menjawab dalam batas waktu",
    errno.EHOSTUNREACH: "server tidak terjangkau dari jaringan ini",
    errno.ENETUNREACH: "jaringan ke server tidak tersedia",
    errno.ECONNRESET: "server memutus sambungan",
    errno.ECONNABORTED: "sambungan terputus",
}


def causes(exc: BaseException) -> list[BaseException]:
    """`exc` and what caused it (``__cause__`` / ``__context__``), at most ten."""
    found: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in found and len(found) < 10:
        found.append(current)
        current = current.__cause__ or current.__context__
    return found


def why_unreachable(exc: BaseException) -> str:
    """Why no connection (or no answer) came, in Indonesian, e.g. ``server menolak
    sambungan (…)``; ``server tidak dapat dihubungi`` when nothing more is known."""
    chain = causes(exc)
    if any(isinstance(c, ssl.SSLCertVerificationError) for c in chain):
        return "sertifikat server tidak sah"
    if any(isinstance(c, ssl.SSLError) for c in chain):
        return "sambungan terenkripsi (TLS) ke server gagal"
    text = " ".join(str(c) for c in chain).casefold()
    if any(isinstance(c, socket.gaierror) for c in chain) or any(
            word in text for word in _NAME_WORDS):
        return UNKNOWN_NAME
    if any(isinstance(c, TimeoutError | socket.timeout) for c in chain) or "timed out" in text:
        return _BY_ERRNO[errno.ETIMEDOUT]
    for cause in chain:
        if isinstance(cause, OSError) and cause.errno in _BY_ERRNO:
            return _BY_ERRNO[cause.errno]
    if any(isinstance(c, ConnectionRefusedError) for c in chain) or "refused" in text:
        return _BY_ERRNO[errno.ECONNREFUSED]
    return "server tidak dapat dihubungi"
