"""Opening an import file safely, and telling what it is by its content.

An import reads whatever path it is given: a FIFO would block forever, ``/dev/zero`` would fill memory,
a 10 GB file would take minutes to refuse. So the path must be a regular file, its size is checked
before reading, and it is read in chunks that stop at the bound (a file that grows or lies about its
size cannot get past it either).

One-stop-shop systems name files after what users expect, not after what they hold: an HTML ``<table>``
saved as ``.xls`` or even ``.xlsx``, a CSV called ``.xls``. The format is therefore taken from the first
bytes: a zip archive is an Office Open XML workbook (or an OpenDocument one, which says so in its
``mimetype`` member), ``D0 CF 11 E0`` is an OLE2 compound file (binary ``.xls``), text that starts with
``<`` is HTML, anything else is read as CSV.
"""

from __future__ import annotations

import io
import os
import stat
import zlib
from pathlib import Path

from qms_tui.domain.problems import Fault
from qms_tui.importing.problems import CsvError

MAX_BYTES = 200 * 1024 * 1024
"""The default bound on an import file (and on a workbook's uncompressed content): 200 MB is a few million
dossier rows, far more than any agency's export, and small enough to read into memory."""

CHUNK = 1024 * 1024

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
HTML_STARTS = ("<!doctype", "<html", "<table", "<meta", "<head", "<body", "<?xml", "<style", "<!--", "<div")


def megabytes(count: int) -> str:
    return f"{count / (1024 * 1024):,.0f} MB"


def read_bounded(path: str | Path, limit: int = MAX_BYTES) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``limit`` bytes; ``CsvError`` else.

    Opened without blocking (a FIFO with no writer would otherwise hang the open itself), checked with
    ``fstat`` on the open descriptor (no race with a swapped path), then read in chunks.
    """
    file = str(path)
    try:
        kind = _not_regular(os.stat(file).st_mode)  # a socket cannot even be opened: say what it is
    except OSError:
        kind = ""  # the open below says why
    if kind:
        raise CsvError(Fault("imp_not_regular", file=file, kind=kind), exit_code=2)
    try:
        fd = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise CsvError(Fault("imp_no_such_file", file=file), exit_code=2) from None
    except IsADirectoryError:
        raise CsvError(Fault("imp_is_folder", file=file), exit_code=2) from None
    except OSError as exc:
        raise CsvError(Fault("imp_cannot_read", file=file, why=exc.strerror or str(exc)), exit_code=2) from None
    try:
        info = os.fstat(fd)
        kind = _not_regular(info.st_mode)
        if kind:
            raise CsvError(Fault("imp_not_regular", file=file, kind=kind), exit_code=2)
        if info.st_size > limit:
            raise CsvError(_too_big(file, f"{megabytes(info.st_size)}", limit))
        os.set_blocking(fd, True)
        with io.FileIO(fd, "rb", closefd=False) as handle:
            chunks: list[bytes] = []
            total = 0
            while True:
                chunk = handle.read(CHUNK)
                if not chunk:
                    break
                total += len(chunk)
                if total > limit:
                    raise CsvError(_too_big(file, Fault("imp_more_than_that"), limit))
                chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise CsvError(Fault("imp_cannot_read", file=file, why=exc.strerror or str(exc)), exit_code=2) from None
    finally:
        os.close(fd)


def _too_big(file: str, size: str, limit: int) -> Fault:
    return Fault("imp_too_big", file=file, size=size, limit=megabytes(limit))


def _not_regular(mode: int) -> str:
    if stat.S_ISREG(mode):
        return ""
    if stat.S_ISDIR(mode):
        return Fault("s_kind_folder")
    if stat.S_ISFIFO(mode):
        return Fault("out_kind_fifo")
    if stat.S_ISSOCK(mode):
        return Fault("s_kind_socket")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return Fault("s_kind_device")
    return Fault("s_kind_other")


def detect_format(raw: bytes) -> str:
    """``"xlsx"``, ``"ods"``, ``"xls"``, ``"html"`` or ``"csv"``, from the content."""
    if raw.startswith(ZIP_MAGIC):
        return "ods" if _zip_mimetype(raw).startswith("application/vnd.oasis.opendocument") else "xlsx"
    if raw.startswith(OLE2_MAGIC):
        return "xls"
    head = raw[:2048]
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            head_text = head[len(bom):].decode(codec, errors="ignore")
            break
    else:
        head_text = head.decode("latin-1")
    start = head_text.lstrip().lower()
    if start.startswith(HTML_STARTS):
        return "html"
    return "csv"


def _zip_mimetype(raw: bytes) -> str:
    import zipfile  # here and below: a CSV import never opens a zip

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            if "mimetype" in archive.namelist():
                return archive.read("mimetype")[:100].decode("ascii", errors="replace").strip()
    except (zipfile.BadZipFile, OSError, KeyError):
        return ""
    return ""


def check_zip(raw: bytes, file: str, limit: int = MAX_BYTES) -> None:
    import zipfile

    """Refuse a zip (xlsx, ods) whose members expand beyond ``limit`` bytes (a "zip bomb"), or that is
    not a readable zip at all.

    The declared sizes are summed first (cheap), then every member is inflated in chunks and its CRC
    checked, so that a member lying about its size is caught before the workbook reader sees it.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            members = archive.infolist()
            declared = sum(info.file_size for info in members)
            if declared > limit:
                raise CsvError(_unpacked_too_big(file, megabytes(declared), limit))
            total = 0
            for info in members:
                with archive.open(info) as member:
                    while chunk := member.read(CHUNK):
                        total += len(chunk)
                        if total > limit:
                            raise CsvError(_unpacked_too_big(file, Fault("imp_more_than_that"), limit))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, EOFError, ValueError,
            NotImplementedError) as exc:
        raise CsvError(Fault("imp_bad_zip", file=file, why=str(exc))) from None


def _unpacked_too_big(file: str, size: str, limit: int) -> Fault:
    return Fault("imp_unpacked_too_big", file=file, size=size, limit=megabytes(limit))
