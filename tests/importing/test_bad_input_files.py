"""Import files that are not files, or far too large: refused at once, in one line, with memory bounded.

Before: a FIFO hung ``qms import dossiers`` forever and ``/dev/zero`` grew it to 9 GB. The FIFO and
``/dev/zero`` runs are subprocesses (a hang must fail the test, and peak memory is measured per process).
"""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from qms_tui.importing.sniff import detect_format, read_bounded


@pytest.fixture(autouse=True)
def english_words(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests pin the English wording of the import's problems (the Vietnamese: test_vietnamese_words)."""
    monkeypatch.setenv("QMS_LANG", "en")


RUN_IMPORT = (
    "import atexit, resource, sys; peak_file = sys.argv[3]\n"
    "def peak():\n"
    "    try:\n"  # this process's own high-water mark since exec (ru_maxrss carries the forking parent's)
    "        with open('/proc/self/status') as f:\n"
    "            return next(int(l.split()[1]) for l in f if l.startswith('VmHWM:'))\n"
    "    except (OSError, StopIteration):\n"
    "        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
    "atexit.register(lambda: open(peak_file, 'w').write(str(peak())))\n"
    "sys.argv = ['qms', 'import', 'dossiers', sys.argv[1], '--db', sys.argv[2]]\n"
    "from qms_tui.cli import main; main()\n"
)
"""The import in a child that writes its own peak RSS (KB) to a file as it exits: the children's figure of
``getrusage`` is the largest of every child this test process ever ran, and even a child's own ``ru_maxrss``
starts from the forking test worker's size (Linux keeps it across ``exec``); ``VmHWM`` is the new program's."""


def run_import(path: Path | str, db: Path, timeout: float = 30) -> tuple[subprocess.CompletedProcess[str], int]:
    """``qms import dossiers PATH`` in a child process: its outcome and its own peak RSS in MB."""
    peak_file = db.with_name("child-peak.txt")
    done = subprocess.run([sys.executable, "-c", RUN_IMPORT, str(path), str(db), str(peak_file)],
                          capture_output=True, text=True, timeout=timeout, env={**os.environ, "NO_COLOR": "1"})
    return done, int(peak_file.read_text(encoding="ascii")) // 1024


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_at_once(demo_db, tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    done, _ = run_import(fifo, demo_db, timeout=30)  # before: blocked forever in open()
    assert done.returncode == 2
    assert done.stderr == f"qms: {fifo}: is a FIFO (named pipe), not a regular file: nothing was read\n"


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_dev_zero_is_refused_with_memory_bounded(demo_db):
    done, peak_mb = run_import("/dev/zero", demo_db, timeout=60)
    assert done.returncode == 2
    assert done.stderr == "qms: /dev/zero: is a device, not a regular file: nothing was read\n"
    assert peak_mb < 300, f"peak RSS {peak_mb} MB"


def test_a_sparse_10_gb_file_is_refused_before_reading(qms, demo_db, tmp_path):
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as handle:
        handle.truncate(10 * 1024**3)
    before = demo_db.read_bytes()
    run = qms("import", "dossiers", huge, "--db", demo_db)
    assert (run.code, run.err) == (
        1, f"qms: {huge}: the file is too large to import (10,240 MB; at most 200 MB, see --max-size)\n")
    assert demo_db.read_bytes() == before


def test_max_size_sets_the_bound(qms, demo_db, tmp_path):
    path = tmp_path / "big.csv"
    path.write_bytes(b"code,procedure,received\n" + b"x" * (2 * 1024 * 1024))
    run = qms("import", "dossiers", path, "--max-size", "1", "--db", demo_db)
    assert run.code == 1 and "too large to import (2 MB; at most 1 MB" in run.err


def test_a_file_growing_past_its_size_stops_at_the_bound(tmp_path, monkeypatch):
    """The size is checked again while reading: a file that grows (or lies in stat) cannot get past it."""
    path = tmp_path / "grows.csv"
    path.write_bytes(b"a" * 100)
    real_fstat = os.fstat

    class Small:
        def __init__(self, info: os.stat_result) -> None:
            self.st_mode, self.st_size = info.st_mode, 10

    monkeypatch.setattr(os, "fstat", lambda fd: Small(real_fstat(fd)))
    from qms_tui.importing.problems import CsvError

    with pytest.raises(CsvError, match="too large to import"):
        read_bounded(path, limit=50)


def test_directories_and_sockets_are_refused(qms, demo_db, tmp_path):
    run = qms("import", "dossiers", tmp_path, "--db", demo_db)
    assert (run.code, run.err) == (2, f"qms: {tmp_path}: is a folder, not a regular file: nothing was read\n")
    sock_path = tmp_path / "s.sock"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(sock_path))
        run = qms("import", "dossiers", sock_path, "--db", demo_db)
    finally:
        server.close()
    assert (run.code, run.err) == (2, f"qms: {sock_path}: is a socket, not a regular file: nothing was read\n")


def test_a_zip_bomb_workbook_is_refused(qms, demo_db, tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (3 * 1024 * 1024))
    assert path.stat().st_size < 100_000
    run = qms("import", "dossiers", path, "--max-size", "1", "--db", demo_db)
    assert (run.code, run.err) == (
        1, f"qms: {path}: the workbook expands to 3 MB when unpacked (at most 1 MB, see --max-size)\n")


def test_a_broken_workbook_is_one_line(qms, demo_db, tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    run = qms("import", "dossiers", path, "--db", demo_db)
    assert run.code == 1 and run.err.startswith(f"qms: {path}: the file starts like a workbook (zip) but cannot")
    ole = tmp_path / "broken.xls"
    ole.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    run = qms("import", "dossiers", ole, "--db", demo_db)
    assert run.code == 1 and run.err.startswith(f"qms: {ole}: the workbook cannot be read: ")
    assert len(run.err.splitlines()) == 1


@pytest.mark.parametrize(
    ("content", "kind"),
    [(b"PK\x03\x04", "xlsx"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "xls"), (b"  <html><table>", "html"),
     (b"\xef\xbb\xbf<table><tr>", "html"), ("<TABLE>".encode("utf-16"), "html"), (b"<!DOCTYPE html>", "html"),
     (b"code,procedure\n", "csv"), (b"Ma ho so;<b>\n", "csv")],
)  # fmt: skip
def test_format_is_told_by_content(content, kind):
    assert detect_format(content) == kind


def test_an_ods_is_told_from_an_xlsx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    assert detect_format(buffer.getvalue()) == "ods"
