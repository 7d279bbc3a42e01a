"""Outputs that cannot destroy anything: ``-o`` (and ``export store``'s target) refuses the store's own files
and anything that is not a regular file; files appear whole or not at all; a failed write, also to stdout,
is one line and a non-zero exit, never a traceback."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from qms_tui import services
from qms_tui.exporting import Export, write_export
from qms_tui.outputs import OutputError
from qms_tui.reports import document as doc
from qms_tui.store import Store, create_store

COMMANDS: dict[str, list[str]] = {
    "summary": ["summary", "-o"],
    "report": ["report", "--year", "2024", "-f", "text", "-o"],  # -f: ``-o qms.json`` is no report format
    "review-pack": ["review-pack", "--year", "2024", "-o"],
    "clauses": ["clauses", "-o"],
    "export dossiers": ["export", "dossiers", "-o"],
    "export store": ["export", "store", "--force"],  # its target is an argument; --force: replacing is allowed
}
"""Every command that writes a file the user names, with what comes before that name."""


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests pin the refusals' English words (test_vietnamese_words checks the Vietnamese default)."""
    monkeypatch.setenv("QMS_LANG", "en")


@pytest.fixture
def busy_store(tmp_path: Path) -> Path:
    """A demo store that has been written to: shards, a backup and a lock file beside it."""
    path = create_store(tmp_path / "qms.json", demo=True)
    services.resolve(Store(path), "BQL-240722-0004", "2024-09-01")
    store = Store(path)
    assert store.lock_path.is_file() and store.newest_backup() is not None and any(store.shard_dir.iterdir())
    return path


def every_file(root: Path) -> dict[str, str]:
    """Every file, folder and link under ``root`` with a hash of its content: equal means nothing changed."""
    seen: dict[str, str] = {}
    for folder, folders, files in os.walk(root):
        for name in folders + files:
            path = Path(folder) / name
            info = path.lstat()
            key = str(path.relative_to(root))
            if stat.S_ISLNK(info.st_mode):
                seen[key] = "link to " + os.readlink(path)
            elif stat.S_ISREG(info.st_mode):
                seen[key] = hashlib.sha256(path.read_bytes()).hexdigest() + f" {stat.S_IMODE(info.st_mode):o}"
            else:
                seen[key] = "folder" if stat.S_ISDIR(info.st_mode) else "other"
    return seen


def forbidden_targets(db: Path) -> Iterator[tuple[str, Path]]:
    """Each of the store's own files and folders, as such and through links made elsewhere."""
    store = Store(db)
    shard = sorted(store.shard_dir.iterdir())[0]
    backup = store.newest_backup()
    assert backup is not None
    elsewhere = db.parent / "elsewhere"
    elsewhere.mkdir()
    os.link(db, elsewhere / "hard-link-to-store.json")
    os.symlink(db, elsewhere / "symlink-to-store.json")
    os.symlink(store.lock_path, elsewhere / "symlink-to-lock")
    os.link(shard, elsewhere / "hard-link-to-shard.json")
    os.symlink(store.shard_dir, elsewhere / "symlink-to-shards")
    yield from [
        ("the store", db), ("its lock file", store.lock_path), ("a shard", shard), ("a backup", backup),
        ("the shards folder", store.shard_dir), ("the backups folder", store.backup_dir),
        ("a new file in the shards folder", store.shard_dir / "new.txt"),
        ("a new file in the backups folder", store.backup_dir / "new.json"),
        ("a hard link to the store", elsewhere / "hard-link-to-store.json"),
        ("a symlink to the store", elsewhere / "symlink-to-store.json"),
        ("a symlink to the lock file", elsewhere / "symlink-to-lock"),
        ("a hard link to a shard", elsewhere / "hard-link-to-shard.json"),
        ("a new file through a symlink to the shards folder", elsewhere / "symlink-to-shards" / "new.txt"),
        ("the store through a relative path", Path(os.path.relpath(db))),
    ]


@pytest.mark.parametrize("command", COMMANDS)
def test_no_output_can_be_the_stores_own_files(qms, busy_store: Path, tmp_path: Path, command: str):
    for what, target in forbidden_targets(busy_store):
        before = every_file(tmp_path)
        run = qms(*COMMANDS[command], str(target), "--db", str(busy_store))
        assert run.code == 1, (what, run)
        assert run.err.startswith(f"qms: not writing {target}: it is ") and run.err.count("\n") == 1, (what, run.err)
        assert run.out == ""
        assert every_file(tmp_path) == before, what
    assert len(Store(busy_store).load()["dossiers"]) == 878  # and the store still reads


@pytest.fixture
def device(tmp_path: Path) -> Callable[[str], Path]:
    """``device("null")``: a stand-in for ``/dev/null`` that a broken qms cannot destroy.

    Run as root, a writer that renames a temp file onto its output would replace the real ``/dev/null``
    with a regular file (it happened, once, while checking these tests against the old code), so root gets
    a private device node with the same numbers in ``tmp_path``; anyone else cannot rename into ``/dev``.
    """

    def make(name: str) -> Path:
        real = Path("/dev") / name
        if os.geteuid() != 0:
            return real
        node = tmp_path / "devices" / name
        node.parent.mkdir(exist_ok=True)
        try:
            os.mknod(node, stat.S_IFCHR | 0o666, real.stat().st_rdev)
        except OSError as exc:
            pytest.skip(f"cannot make a device node to test with safely: {exc}")
        return node

    return make


@pytest.mark.parametrize("command", COMMANDS)
def test_a_device_or_a_folder_is_no_output(qms, demo_db: Path, tmp_path: Path, device, command: str):
    folder = tmp_path / "a-folder"
    folder.mkdir()
    for target, why in ((device("null"), "it is a device, not a regular file (to discard the output, leave out -o"),
                        (device("full"), "it is a device"), (folder, "it is a folder")):
        run = qms(*COMMANDS[command], str(target), "--db", str(demo_db))
        assert run.code == 1 and run.out == "", (target, run)
        assert run.err.startswith(f"qms: not writing {target}: {why}") and run.err.count("\n") == 1, run.err
        assert stat.S_ISCHR(target.stat().st_mode) or target == folder


def process_env() -> dict[str, str]:
    """The test's environment, without PYTHONUNBUFFERED: unbuffered, Python drops what a short write to a
    closed pipe did not take instead of raising (its own limit, not qms's), and users do not set it."""
    return {key: value for key, value in os.environ.items() if key != "PYTHONUNBUFFERED"}


def qms_process(*args: str, timeout: float = 60, **kwargs) -> subprocess.CompletedProcess[str]:
    """``qms ARGS`` in a process of its own (what the shell sees: exit code, stdout, stderr)."""
    return subprocess.run([sys.executable, "-m", "qms_tui.cli", *args], text=True, timeout=timeout,
                          env=process_env(), **({"capture_output": True} | kwargs))


def one_clean_line(err: str) -> None:
    assert err.count("\n") == 1 and err.startswith("qms: "), err
    assert "Traceback" not in err and "Exception ignored" not in err


def test_a_fifo_is_refused_at_once_not_waited_on(demo_db: Path, tmp_path: Path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for command in ("summary", "export dossiers"):  # opening a FIFO for writing would wait for a reader forever
        run = qms_process(*COMMANDS[command], str(fifo), "--db", str(demo_db), timeout=30)
        assert run.returncode == 1 and run.stdout == ""
        one_clean_line(run.stderr)
        assert "it is a FIFO" in run.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


@pytest.mark.parametrize("command", ["summary", "export dossiers"])
def test_a_full_stdout_is_one_line_and_a_failure(demo_db: Path, command: str):
    with open("/dev/full", "w") as full:
        run = qms_process(*COMMANDS[command][:-1], "--db", str(demo_db), stdout=full, capture_output=False,
                          stderr=subprocess.PIPE)
    assert run.returncode == 1
    one_clean_line(run.stderr)
    assert run.stderr == f"qms: cannot write standard output: {os.strerror(errno.ENOSPC)}\n"


@pytest.mark.parametrize("command", ["summary", "export dossiers"])
def test_a_closed_stdout_is_one_line_and_a_failure(demo_db: Path, command: str):
    run = subprocess.run(["sh", "-c", '"$0" "$@" >&-', sys.executable, "-m", "qms_tui.cli",
                          *COMMANDS[command][:-1], "--db", str(demo_db)],
                         capture_output=True, text=True, timeout=60, env=process_env())
    assert run.returncode == 1
    one_clean_line(run.stderr)
    assert run.stderr == "qms: cannot write standard output: it is closed\n"


def test_o_dev_full_is_one_line_and_a_failure(demo_db: Path, device):
    run = qms_process("export", "dossiers", "-o", str(device("full")), "--db", str(demo_db))
    assert run.returncode == 1 and run.stdout == ""
    one_clean_line(run.stderr)


def test_a_closed_pipe_ends_quietly_with_exit_1(demo_db: Path):
    """``qms export dossiers -f json | head -1``: the reader has gone, nothing is wrong to report (as Click
    and Python's own advice for SIGPIPE do: no message, exit 1; a shell's ``pipefail`` still sees it)."""
    process = subprocess.Popen([sys.executable, "-m", "qms_tui.cli", "export", "dossiers", "-f", "json",
                                "--db", str(demo_db)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env=process_env())
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline() == b"[\n"  # 178 kB of JSON: far more than a pipe holds
    process.stdout.close()
    err = process.stderr.read().decode()
    assert process.wait(timeout=60) == 1
    assert err == ""


# -- files appear whole or not at all, with a sensible mode --------------------------------------------


@pytest.fixture
def disk_full_after(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Callable[[int], None]:
    """From now on a write to a file under ``tmp_path`` stores ``n`` bytes, then the disk is full."""

    def arm(n: int) -> None:
        real_write = os.write

        def write(fd: int, data: bytes) -> int:
            try:
                where = os.readlink(f"/proc/self/fd/{fd}")
            except OSError:
                where = ""
            if where.startswith(str(tmp_path)):
                written = os.fstat(fd).st_size
                if written >= n:
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
                return real_write(fd, bytes(data[: n - written]))
            return real_write(fd, data)

        monkeypatch.setattr(os, "write", write)

    if not Path("/proc/self/fd").is_dir():
        pytest.skip("needs /proc to tell the test's files from others")
    return arm


@pytest.mark.parametrize("command", ["summary", "export dossiers", "review-pack"])
def test_a_full_disk_leaves_no_half_file_and_no_temp_file(qms, demo_db: Path, tmp_path: Path, disk_full_after,
                                                           command: str):
    out = tmp_path / "out"
    out.mkdir()
    earlier = out / "earlier.txt"
    earlier.write_text("the earlier file", encoding="utf-8")
    disk_full_after(100)
    for target in (out / "new.txt", earlier):
        run = qms(*COMMANDS[command], str(target), "--db", str(demo_db))
        assert run.code == 1, run
        assert run.err == f"qms: cannot write {target}: {os.strerror(errno.ENOSPC)}\n"
    assert sorted(p.name for p in out.iterdir()) == ["earlier.txt"]  # no half file, no temp file
    assert earlier.read_text(encoding="utf-8") == "the earlier file"


def test_a_new_output_honours_the_umask_and_a_replaced_one_keeps_its_mode(qms, demo_db: Path, tmp_path: Path):
    old = os.umask(0o027)
    try:
        fresh = tmp_path / "fresh.csv"
        assert qms("export", "dossiers", "-o", str(fresh), "--db", str(demo_db)).code == 0
        assert stat.S_IMODE(fresh.stat().st_mode) == 0o640
        kept = tmp_path / "kept.md"
        kept.write_text("old", encoding="utf-8")
        kept.chmod(0o604)
        assert qms("summary", "-o", str(kept), "--db", str(demo_db)).code == 0
        assert stat.S_IMODE(kept.stat().st_mode) == 0o604 and kept.read_text(encoding="utf-8").startswith("# ")
    finally:
        os.umask(old)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_symlink_to_a_file_is_written_through(qms, demo_db: Path, tmp_path: Path):
    real = tmp_path / "real.txt"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    assert qms("summary", "-o", str(link), "--db", str(demo_db)).code == 0
    assert link.is_symlink() and "HTQLCL" in real.read_text(encoding="utf-8")


# -- the TUI's export folder ---------------------------------------------------------------------------


def test_the_tui_export_never_writes_into_the_stores_folders(busy_store: Path, tmp_path: Path):
    store = Store(busy_store)
    export = Export("risks", "Rủi ro", [], [doc.Table([doc.Column("Mã")], [["RR-01"]])])
    for folder in (store.shard_dir, store.backup_dir):
        before = every_file(tmp_path)
        with pytest.raises(OutputError, match=f"^not writing {folder}/qms-risks-.*: it is in the store's"):
            write_export(export, "text", folder=folder, store=store)
        assert every_file(tmp_path) == before
    written = write_export(export, "text", folder=tmp_path / "exports", store=store)
    assert written.read_text(encoding="utf-8").startswith("Rủi ro")
