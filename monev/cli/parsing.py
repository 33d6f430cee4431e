"""argparse in Indonesian, and the options several commands share.

argparse makes every text it shows — "usage:", section titles, the -h help, each error —
through gettext: its module-level functions ``argparse._`` and ``argparse.ngettext``,
looked up each time a text is made (Python documents these strings as translatable with
gettext). :data:`ARGPARSE_ID` is the Indonesian catalog of those msgids, every one of Python
3.11–3.13's argparse (tests/monev/test_cli_errors.py keeps it complete for the running
Python). While a parser of this program is built, parses or formats its help,
:func:`argparse_in_indonesian` binds argparse's two functions to a gettext translation over
that catalog, then restores them: other parsers in the process (pytest's, Streamlit's) keep
their own language.
"""

from __future__ import annotations

import argparse
import gettext
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from monev.cli.base import EXIT_USAGE

ARGPARSE_ID: dict[str, str] = {
    # help and usage
    "usage: ": "penggunaan: ",
    "positional arguments": "argumen posisi",
    "options": "opsi",
    "subcommands": "subperintah",
    "show this help message and exit": "tampilkan bantuan ini lalu keluar",
    "show program's version number and exit": "tampilkan versi program lalu keluar",
    " (default: %(default)s)": " (bawaan: %(default)s)",
    "%(heading)s:": "%(heading)s:",
    # errors in what the user typed
    "%(prog)s: error: %(message)s\n": "%(prog)s: galat: %(message)s\n",
    "%(prog)s: warning: %(message)s\n": "%(prog)s: peringatan: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "argumen %(argument_name)s: %(message)s",
    "the following arguments are required: %s": "argumen berikut wajib diisi: %s",
    "one of the arguments %s is required": "salah satu argumen ini wajib diisi: %s",
    "unrecognized arguments: %s": "argumen tidak dikenal: %s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "pilihan tidak sah: %(value)r (pilih salah satu dari %(choices)s)",
    "invalid %(type)s value: %(value)r": "%(value)r bukan %(type)s yang sah",
    "expected one argument": "harus diikuti satu nilai",
    "expected at most one argument": "hanya boleh diikuti paling banyak satu nilai",
    "expected at least one argument": "harus diikuti paling sedikit satu nilai",
    "expected %s argument": "harus diikuti %s nilai",
    "expected %s arguments": "harus diikuti %s nilai",
    "ambiguous option: %(option)s could match %(matches)s":
        "opsi ambigu: %(option)s dapat berarti %(matches)s",
    "not allowed with argument %s": "tidak boleh dipakai bersama argumen %s",
    "ignored explicit argument %r": "tidak menerima nilai, tetapi diberi %r",
    "unexpected option string: %s": "opsi tidak terduga: %s",
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        "perintah tidak dikenal: %(parser_name)r (pilihan: %(choices)s)",
    "argument \"-\" with mode %r": "argumen \"-\" dengan mode %r",
    "can't open '%(filename)s': %(error)s": "tidak dapat membuka '%(filename)s': %(error)s",
    "argument '%(argument_name)s' is deprecated": "argumen '%(argument_name)s' sudah usang",
    "option '%(option)s' is deprecated": "opsi '%(option)s' sudah usang",
    "command '%(parser_name)s' is deprecated": "perintah '%(parser_name)s' sudah usang",
    # mistakes in a parser's definition (programmers', never a user's)
    "%r is not callable": "%r tidak dapat dipanggil",
    "'required' is an invalid argument for positionals":
        "'required' tidak berlaku untuk argumen posisi",
    ".__call__() not defined": ".__call__() belum didefinisikan",
    "cannot have multiple subparser arguments": "hanya boleh ada satu kelompok subperintah",
    "cannot merge actions - two groups are named %r":
        "aksi tidak dapat digabung: dua kelompok bernama %r",
    "conflicting option string: %s": "opsi bentrok: %s",
    "conflicting option strings: %s": "opsi bentrok: %s",
    "conflicting subparser: %s": "subperintah bentrok: %s",
    "conflicting subparser alias: %s": "alias subperintah bentrok: %s",
    "dest= is required for options like %r": "dest= wajib untuk opsi seperti %r",
    "invalid conflict_resolution value: %r": "nilai conflict_resolution tidak sah: %r",
    "invalid option string %(option)r: must start with a character %(prefix_chars)r":
        "opsi %(option)r tidak sah: harus diawali karakter %(prefix_chars)r",
    "mutually exclusive arguments must be optional":
        "argumen yang saling meniadakan harus berupa opsi",
}


class _ArgparseIndonesian(gettext.NullTranslations):
    """A gettext translation of argparse's msgids through :data:`ARGPARSE_ID`."""

    def gettext(self, message: str) -> str:
        if isinstance(message, str) and message in ARGPARSE_ID:
            return ARGPARSE_ID[message]
        return super().gettext(message)  # untranslated (argparse also asks for None)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return self.gettext(msgid1 if n == 1 else msgid2)


_INDONESIAN = _ArgparseIndonesian()


@contextmanager
def argparse_in_indonesian() -> Iterator[None]:
    """argparse's texts in Indonesian inside the block (nested blocks are fine)."""
    module: Any = argparse
    saved = module._, module.ngettext
    module._, module.ngettext = _INDONESIAN.gettext, _INDONESIAN.ngettext
    try:
        yield
    finally:
        module._, module.ngettext = saved


class Parser(argparse.ArgumentParser):
    """This program's parser: argparse in Indonesian (see :func:`argparse_in_indonesian`)
    wherever it makes text — built, parsing, formatting usage or help — and usage errors
    exit with :data:`EXIT_USAGE`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        with argparse_in_indonesian():
            super().__init__(*args, **kwargs)

    def add_subparsers(self, **kwargs: Any) -> Any:
        with argparse_in_indonesian():
            return super().add_subparsers(**kwargs)

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> Any:
        with argparse_in_indonesian():
            return super().parse_known_args(args, namespace)

    def parse_args(self, args: Any = None, namespace: Any = None) -> Any:
        with argparse_in_indonesian():
            return super().parse_args(args, namespace)

    def format_usage(self) -> str:
        with argparse_in_indonesian():
            return super().format_usage()

    def format_help(self) -> str:
        with argparse_in_indonesian():
            return super().format_help()

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: galat: {message}\n")


def whole_number(text: str) -> int:
    """``type=`` of the numeric options (ids, a year), named for argparse's message about a
    value that is not one: "argumen --cycle: 'x' bukan bilangan bulat yang sah"."""
    return int(text)


whole_number.__name__ = "bilangan bulat"


def database_options(*, suppress: bool) -> argparse.ArgumentParser:
    """``--database`` and ``--as``: accepted before the command and after it."""
    parent = argparse.ArgumentParser(add_help=False)
    default: Any = argparse.SUPPRESS if suppress else None
    parent.add_argument("--database", metavar="URL", default=default,
                        help="basis data (mis. sqlite:///data/monev.db atau "
                             "postgresql://…); bawaan: MONEV_DATABASE_URL, DATABASE_URL atau "
                             "data/monev.db")
    parent.add_argument("--as", dest="as_user", metavar="PENGGUNA", default=default,
                        help="bertindak sebagai akun ini (bawaan: 'sistem', seorang admin)")
    return parent


def password_options(parser: argparse.ArgumentParser) -> None:
    """``--password-stdin`` (advised) or ``--password`` for the commands that set one."""
    secret = parser.add_mutually_exclusive_group()
    secret.add_argument("--password-stdin", action="store_true",
                        help="baca kata sandi dari baris pertama stdin")
    secret.add_argument("--password", metavar="KATA_SANDI",
                        help="kata sandi (terlihat di riwayat shell; lebih aman "
                             "--password-stdin)")
