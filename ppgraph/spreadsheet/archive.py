"""Checking a workbook's archive before anything reads it: size, declared sizes, encryption, damage.

A .xlsx or .ods file is a ZIP archive of XML files. Before openpyxl (or the .ods reader)
opens it, :func:`open_archive` refuses, with a message naming the file and the limit:

- a file larger than the limit, or whose archive declares more bytes once expanded
  (a decompression bomb: 800 Mo from 1 Mo of zeros) — from the archive's central directory,
  before a byte is expanded; the sizes read later never exceed what is declared (Python's
  :mod:`zipfile` stops there and checks the CRC);
- an archive of too many files;
- a workbook protected by a password (an encrypted package in an OLE2 container), an Excel
  97-2003 file under a .xlsx name, a text or HTML file under a .xlsx name, an empty file;
- a truncated or damaged archive (every member is expanded once and its CRC checked).

The limits are a :class:`Limits` (``ppgraph validate --taille-max 200``).

>>> Limits().size // 1_000_000, Limits(size=mb(200)).size
(20, 200000000)
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..i18n import Message

__all__ = ["Limits", "mb", "open_archive", "workbook_kind", "is_archive", "megabytes",
           "cell_count", "check_size"]

_CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")


def mb(n: float) -> int:
    """``n`` megabytes (millions of bytes, as file managers count them) in bytes."""
    return int(n * 1_000_000)


@dataclass(frozen=True)
class Limits:
    """How large an input ppgraph agrees to read.

    Attributes
    ----------
    size : int
        Bytes: the file itself, and what a workbook's archive expands to (default 20 Mo:
        the largest demo workbook, Gironde's, expands to 0.64 Mo; a workbook of 62 Mo once
        expanded, 71 000 rows, takes 48 s and 1 Go of memory to import).
    cells : int
        Cells a workbook's sheets may hold, empty ones between values included (default
        1 million): a small file can declare a sheet of 17 billion cells.
    entries : int
        Files in a workbook's archive (default 10 000; a workbook of 15 sheets has 70).
    """

    size: int = mb(20)
    cells: int = 1_000_000
    entries: int = 10_000


def megabytes(n: int) -> Message:
    """A size for a message, in Mo (MB in English), rounded up: whole Mo from 10 Mo, else
    to a tenth.

    >>> megabytes(800_000_001).render("fr"), megabytes(50_000_000).render("en")
    ('801 Mo', '50 MB')
    >>> megabytes(100_000).render("fr"), megabytes(640_000).render("en")
    ('0,1 Mo', '0.7 MB')
    """
    value = -(-n // 1_000_000) if n >= 10_000_000 else -(-n // 100_000) / 10
    return Message("lecture.mega_octets", n=value)


def cell_count(n: int) -> Message:
    """A number of cells for a message, written as the reader writes numbers.

    >>> cell_count(5_000_000).render("en")
    '5,000,000 cells'
    """
    return Message("lecture.nombre_cellules", n=n)


def check_size(path: Path, limits: Limits) -> None:
    """Refuse a file larger than ``limits.size`` (before reading it)."""
    size = path.stat().st_size
    if size > limits.size:
        raise InputError("lecture.fichier_trop_gros", fichier=path.name, taille=megabytes(size),
                         limite=megabytes(limits.size), option=_option(size))


def _option(size: int) -> str:
    """The --taille-max to suggest: the size rounded up to the next ten Mo."""
    return str((size // 10_000_000 + 1) * 10)


def open_archive(path: Path, limits: Limits) -> zipfile.ZipFile:
    """The workbook's archive, opened once its sizes and its members' CRC are checked.

    Raises
    ------
    InputError
        With a message naming the file and, for a size, the limit and the option to raise it.
    """
    check_size(path, limits)
    with open(path, "rb") as fh:
        head = fh.read(8)
    if not head:
        raise InputError("lecture.fichier_vide", fichier=path.name)
    if head.startswith(_CFB):
        if _encrypted(path):
            raise InputError("lecture.mot_de_passe", fichier=path.name)
        raise InputError("lecture.format_xls", fichier=path.name, suffixe=path.suffix)
    if not head.startswith(_ZIP):
        start = head.lstrip(b"\xef\xbb\xbf").lstrip().lower()
        if start.startswith((b"<!do", b"<htm", b"<?xm", b"<tab")):
            raise InputError("lecture.pas_une_archive_html", fichier=path.name,
                             suffixe=path.suffix)
        raise InputError("lecture.pas_une_archive", fichier=path.name, suffixe=path.suffix)
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as err:
        raise InputError("lecture.archive_abimee", fichier=path.name) from err
    try:
        _check_members(zf, path, limits)
    except BaseException:
        zf.close()
        raise
    return zf


def is_archive(path: Path) -> bool:
    """Whether a file is a ZIP archive or an OLE2 file, whatever its name (a workbook saved
    as « .csv », say)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError:
        return False
    return head.startswith(_ZIP + (_CFB,))


_ODF = "application/vnd.oasis.opendocument."


def workbook_kind(zf: zipfile.ZipFile, path: Path) -> str:
    """``"xlsx"`` or ``"ods"``: what the archive holds, whatever the file's name says.

    Raises
    ------
    InputError
        If it holds a text document, a presentation, or no workbook at all.
    """
    names = set(zf.namelist())
    if "xl/workbook.xml" in names:
        return "xlsx"
    mimetype = zf.read("mimetype").decode("ascii", "replace").strip() \
        if "mimetype" in names else ""
    if mimetype == _ODF + "spreadsheet" or (not mimetype and "content.xml" in names):
        if "content.xml" not in names:
            raise InputError("lecture.partie_manquante_ods", fichier=path.name,
                             partie="content.xml")
        return "ods"
    if mimetype.startswith(_ODF):
        raise InputError("lecture.document_odf", fichier=path.name)
    if "word/document.xml" in names:
        raise InputError("lecture.document_word", fichier=path.name)
    if "ppt/presentation.xml" in names:
        raise InputError("lecture.document_powerpoint", fichier=path.name)
    raise InputError("lecture.partie_manquante", fichier=path.name, partie="xl/workbook.xml")


def _check_members(zf: zipfile.ZipFile, path: Path, limits: Limits) -> None:
    infos = zf.infolist()
    if len(infos) > limits.entries:
        raise InputError("lecture.trop_de_fichiers", fichier=path.name, n=len(infos),
                         limite=limits.entries)
    declared = sum(i.file_size for i in infos)
    if declared > limits.size:
        raise InputError("lecture.bombe", fichier=path.name, taille=megabytes(declared),
                         limite=megabytes(limits.size), option=_option(declared))
    if any(i.flag_bits & 0x1 for i in infos):
        raise InputError("lecture.mot_de_passe", fichier=path.name)
    for info in infos:
        try:
            with zf.open(info) as member:
                while member.read(1 << 20):
                    pass
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError,
                ValueError) as err:
            raise InputError("lecture.membre_abime", fichier=path.name,
                             partie=info.filename) from err


def _encrypted(path: Path) -> bool:
    """Whether an OLE2 file holds an encrypted Office package (a password-protected
    .xlsx): its directory names the stream « EncryptedPackage » (in UTF-16)."""
    marker = "EncryptedPackage".encode("utf-16-le")
    with open(path, "rb") as fh:
        tail = b""
        while True:
            block = fh.read(1 << 20)
            if not block:
                return False
            if marker in tail + block:
                return True
            tail = block[-len(marker):]
