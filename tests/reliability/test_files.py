"""Files kern writes next to the database or the output: no planted symlink is followed, no
stale partial file outlives a killed kern, no mistyped path becomes a new empty database, a
full disk is reported as such, and Ctrl-C at a question exits 130."""

from __future__ import annotations

import os
import pty
import resource
import select
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from kern_cli import output
from kern_cli.app import app
from kern_core import Session, SqliteDb

from tests.support.procs import kern_env

Kern = Callable[..., Result]


@pytest.fixture
def kern(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Kern:
    """kern in this process (so its pid is this one's), with a private config and data dir."""
    for name, value in kern_env(tmp_path).items():
        monkeypatch.setenv(name, value)
    for name in ("KERN_DB", "KERN_TARGET", "KERN_TABLE", "KERN_SCHEMA"):
        monkeypatch.delenv(name, raising=False)
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        output.reset_consoles()
        return runner.invoke(app, list(args), prog_name="kern")

    return invoke


def _source(tmp_path: Path, sessions: int = 40) -> Path:
    path = tmp_path / "agent.db"
    db = SqliteDb(db_file=path)
    db.upsert_sessions(
        [
            Session(f"s{i:03d}", "agent", agent_id="a", created_at=i, runs=[{"run_id": f"r{i}"}])
            for i in range(sessions)
        ]
    )
    db.close()
    return path


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_backup_never_writes_through_a_symlink_at_its_temporary_names(
    kern: Kern, tmp_path: Path
) -> None:
    """The old backup wrote to ``.NAME.partial-PID`` (and SQLite's ``-journal`` beside it),
    names anyone could predict; links planted there must not lead the copy elsewhere."""
    source = _source(tmp_path)
    victim = tmp_path / "other.db"  # a database the old code would have overwritten
    with sqlite3.connect(victim) as conn:
        conn.execute("CREATE TABLE precious (x)")
        conn.execute("INSERT INTO precious VALUES ('keep me')")
    conn.close()
    before = victim.read_bytes()
    out = tmp_path / "out"
    out.mkdir()
    for name in (f".b.db.partial-{os.getpid()}", f".b.db.partial-{os.getpid()}-journal"):
        (out / name).symlink_to(victim)
    result = kern("db", "backup", str(out / "b.db"), "--db", str(source))
    assert result.exit_code == 0, result.stderr
    assert victim.read_bytes() == before
    assert not (out / "b.db").is_symlink()
    assert SqliteDb(db_file=out / "b.db").count_sessions() == 40


def test_a_symlink_at_the_backup_path_is_refused_and_with_force_replaced_not_followed(
    kern: Kern, tmp_path: Path
) -> None:
    source = _source(tmp_path)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    link = tmp_path / "b.db"
    link.symlink_to(victim)
    refused = kern("db", "backup", str(link), "--db", str(source))
    assert refused.exit_code == 1 and "already exists" in refused.stderr
    assert link.is_symlink()
    forced = kern("db", "backup", str(link), "--db", str(source), "--force")
    assert forced.exit_code == 0, forced.stderr
    assert victim.read_text() == "precious"
    assert not link.is_symlink() and SqliteDb(db_file=link).count_sessions() == 40


@pytest.mark.parametrize("command", ["backup", "export"])
def test_the_partial_file_of_a_killed_kern_is_removed_by_the_next_run(
    kern: Kern, tmp_path: Path, command: str
) -> None:
    source = _source(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    dest = out / "copy.db"
    stale = out / f".copy.db.kern-{_dead_pid()}-abcd1234.part"
    running = out / f".copy.db.kern-{os.getppid()}-efgh5678.part"
    other = out / f".other.db.kern-{_dead_pid()}-abcd1234.part"
    for path in (stale, running, other):
        path.write_bytes(b"x" * 1000)
    if command == "backup":
        result = kern("db", "backup", str(dest), "--db", str(source))
    else:
        result = kern("sessions", "export", "-o", str(dest), "--db", str(source))
    assert result.exit_code == 0, result.stderr
    assert not stale.exists()
    assert running.exists() and other.exists()
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(["copy.db", running.name, other.name])


def test_a_temporary_file_is_named_so_kern_can_recognise_it(tmp_path: Path) -> None:
    from kern_core.tempfiles import create_temp, stale_temp_files

    dest = tmp_path / "x.jsonl"
    fd, tmp = create_temp(dest)
    os.close(fd)
    assert tmp.parent == tmp_path and tmp.name.startswith(f".x.jsonl.kern-{os.getpid()}-")
    assert tmp.stat().st_mode & 0o777 == 0o600
    assert stale_temp_files(dest) == []  # this process still runs


@pytest.mark.parametrize(
    "args",
    [
        ("sessions", "rename", "s001", "new name"),
        ("sessions", "delete", "s001", "--yes"),
        ("sessions", "prune", "--older-than", "1d", "--yes"),
        ("db", "upgrade", "--yes"),
    ],
)
def test_a_write_command_on_a_mistyped_sqlite_path_creates_nothing(
    kern: Kern, tmp_path: Path, args: tuple[str, ...]
) -> None:
    typo = tmp_path / "agnet.db"
    result = kern(*args, "--db", str(typo))
    assert result.exit_code == 4, result.stderr
    assert "no such database file" in result.stderr or "not found" in result.stderr
    assert not typo.exists()


def test_the_library_refuses_a_delete_on_a_missing_file_but_creates_on_upsert(
    tmp_path: Path,
) -> None:
    from kern_core import ConnectError

    db = SqliteDb(db_file=tmp_path / "none.db")
    with pytest.raises(ConnectError, match="no such database file"):
        db.delete_sessions(["x"])
    with pytest.raises(ConnectError, match="no such database file"):
        db.rename_session("x", "y")
    assert not (tmp_path / "none.db").exists()
    db.upsert_sessions([Session("x", "agent", agent_id="a", created_at=1)])
    assert db.count_sessions() == 1


def test_import_and_demo_still_create_their_target(kern: Kern, tmp_path: Path) -> None:
    source = _source(tmp_path, sessions=3)
    dump = tmp_path / "dump.jsonl"
    assert kern("sessions", "export", "--db", str(source), "-o", str(dump)).exit_code == 0
    new = tmp_path / "new.db"
    imported = kern("sessions", "import", str(dump), "--db", str(new))
    assert imported.exit_code == 0, imported.stderr
    assert SqliteDb(db_file=new).count_sessions() == 3
    assert kern("demo", "--db", str(tmp_path / "demo.db"), "--sessions", "2").exit_code == 0


def _limited_file_size(limit: int) -> Callable[[], None]:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def _kern_process(home: Path, *args: str, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    if "stdout" not in kwargs:
        kwargs["capture_output"] = True
    return subprocess.run(
        [sys.executable, "-m", "kern_cli", *args],
        text=True,
        env=kern_env(home),
        timeout=60,
        check=False,
        **kwargs,
    )


def test_a_backup_that_cannot_be_written_names_the_backup_and_leaves_nothing(
    tmp_path: Path,
) -> None:
    """A file-size limit stops the copy part way (as a full disk would): exit 1 (not the
    "cannot connect" 4 it was), the backup file named, no partial file left."""
    source = _source(tmp_path, sessions=400)
    assert source.stat().st_size > 20_000
    dest = tmp_path / "b.db"
    proc = _kern_process(
        tmp_path / "home",
        "db",
        "backup",
        str(dest),
        "--db",
        str(source),
        preexec_fn=_limited_file_size(10_000),
    )
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.startswith(f"kern: error: cannot write the backup {dest}")
    assert "Traceback" not in proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "home") == ["agent.db"]


def test_sqlite_full_is_reported_as_disk_full_naming_the_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """SQLITE_FULL, produced for real by a page-count limit, through the CLI's error boundary."""

    import typer

    from kern_cli.errors import error_boundary
    from kern_core.dialect import translate_error

    db = SqliteDb(db_file=_source(tmp_path, sessions=2))
    conn = sqlite3.connect(db.db_file)
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(sqlite3.OperationalError) as full:
        conn.execute("CREATE TABLE filler AS SELECT zeroblob(100000) AS b")
    conn.close()
    kern_error = translate_error(db.dialect, full.value)
    kern_error.__cause__ = full.value
    with pytest.raises(typer.Exit) as exited, error_boundary():
        raise kern_error
    assert exited.value.exit_code == 1
    line = capsys.readouterr().err
    assert line.startswith("kern: error: disk full: ") and db.db_file in line
    with pytest.raises(typer.Exit), error_boundary():
        raise OSError(28, "No space left on device", str(tmp_path / "out.jsonl"))
    line = capsys.readouterr().err
    assert line == f"kern: error: disk full: cannot write {tmp_path / 'out.jsonl'}\n"


def test_a_full_output_device_is_reported_as_disk_full(tmp_path: Path) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full on this system")
    source = _source(tmp_path, sessions=3)
    for args in (("sessions", "export"), ("sessions", "list")):
        with open("/dev/full", "w") as full:
            proc = _kern_process(
                tmp_path, *args, "--db", str(source), stdout=full, stderr=subprocess.PIPE
            )
        assert proc.returncode == 1
        assert "disk full" in proc.stderr and "Traceback" not in proc.stderr


def _read_until(fd: int, marker: bytes, limit: float = 30.0) -> bytes:
    seen = b""
    while marker not in seen:
        ready, _, _ = select.select([fd], [], [], limit)
        if not ready:
            raise AssertionError(f"no {marker!r} in {seen!r}")
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    return seen


@pytest.mark.parametrize(("key", "code"), [(b"\x03", 130), (b"\x04", 1)])
def test_ctrl_c_at_a_confirmation_exits_130_and_changes_nothing(
    tmp_path: Path, key: bytes, code: int
) -> None:
    """On a real terminal: Ctrl-C at the question is an interrupt (130), Ctrl-D a no (1)."""
    source = _source(tmp_path, sessions=3)
    env = kern_env(tmp_path)
    pid, fd = pty.fork()
    if pid == 0:  # the child: kern on the terminal
        os.execve(
            sys.executable,
            [sys.executable, "-m", "kern_cli", "sessions", "delete", "s001", "--db", str(source)],
            env,
        )
    try:
        _read_until(fd, b"[y/N]")
        os.write(fd, key)
        tail = _read_until(fd, b"nothing was changed")
    finally:
        _, status = os.waitpid(pid, 0)
        os.close(fd)
    assert os.waitstatus_to_exitcode(status) == code, tail
    assert b"Traceback" not in tail
    assert SqliteDb(db_file=source).get_session("s001") is not None


def test_a_full_disk_during_export_to_a_file_names_the_file(tmp_path: Path) -> None:
    """A real ENOSPC (from /dev/full) while an ``export -o``-style temporary file is being
    written: the message names the destination, and the temporary file is gone."""
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full on this system")
    from kern_cli.errors import disk_full_message
    from kern_core.tempfiles import temp_for

    dest = tmp_path / "out.jsonl"
    with pytest.raises(OSError) as failed, temp_for(dest, overwrite=False) as (fd, _tmp):
        os.close(fd)
        with open("/dev/full", "w") as full:
            full.write("x" * 100_000)
            full.flush()
    assert disk_full_message(failed.value) == f"disk full: cannot write {dest}"
    assert list(tmp_path.iterdir()) == []
