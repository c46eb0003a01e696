"""``kern targets`` and the config file / target resolution behind it."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from kern_cli.config import default_db_path, load_config
from kern_cli.errors import UsageError
from kern_cli.target import resolve_target
from kern_core.errors import BadInputError

Kern = Callable[..., Result]
PG_URL = "postgresql://kern:s3cret@db.example.com:5432/app"


def add(kern: Kern, *args: str) -> Result:
    result = kern("targets", "add", *args)
    assert result.exit_code == 0, result.output
    return result


def test_add_then_list_masks_password_in_every_format(kern: Kern) -> None:
    add(kern, "prod", PG_URL, "--default")
    add(kern, "local", "sessions.db", "--table", "my_sessions")
    for fmt in ("tsv", "csv", "json", "jsonl", "table"):
        result = kern("targets", "list", "--format", fmt)
        assert result.exit_code == 0, result.output
        assert "s3cret" not in result.stdout
        assert "kern:***@db.example.com" in result.stdout
    rows = json.loads(kern("targets", "list", "--format", "json").stdout)
    assert rows[0] == {
        "name": "prod",
        "url": "postgresql://kern:***@db.example.com:5432/app",
        "table": "agno_sessions",
        "schema": "ai",
        "default": True,
    }
    assert rows[1]["table"] == "my_sessions" and rows[1]["default"] is False


def test_list_is_tsv_without_header_when_piped(kern: Kern) -> None:
    add(kern, "prod", PG_URL, "--default")
    lines = kern("targets", "list").stdout.splitlines()
    assert lines == ["prod\tpostgresql://kern:***@db.example.com:5432/app\tagno_sessions\tai\ttrue"]


def test_list_empty_is_ok(kern: Kern) -> None:
    result = kern("targets", "list", "--format", "json")
    assert (result.exit_code, result.stdout) == (0, "[]\n")


def test_list_unknown_field_lists_available(kern: Kern) -> None:
    result = kern("targets", "list", "--fields", "name,password")
    assert result.exit_code == 2
    assert "unknown field 'password'" in result.stderr
    assert "available fields: name, url, table, schema, default" in result.stderr


def test_add_refuses_overwrite_without_force(kern: Kern) -> None:
    add(kern, "prod", PG_URL)
    result = kern("targets", "add", "prod", "other.db")
    assert result.exit_code == 1
    assert "already exists" in result.stderr and "--force" in result.stderr
    add(kern, "prod", "other.db", "--force")
    assert load_config().targets["prod"].url == os.path.abspath("other.db")


@pytest.mark.parametrize("url", ["oracle://x/y", "mysql://x:port/y", "sqlite://relative.db", ""])
def test_add_rejects_bad_url(kern: Kern, url: str) -> None:
    result = kern("targets", "add", "x", url)
    assert result.exit_code == 1
    assert result.stderr.startswith("kern: error: ")


@pytest.mark.parametrize("name", ["has space", "semi;colon", "ünï"])
def test_add_rejects_bad_name(kern: Kern, name: str) -> None:
    result = kern("targets", "add", name, "x.db")
    assert result.exit_code == 1
    assert "invalid target name" in result.stderr


def test_use_and_remove_default(kern: Kern) -> None:
    add(kern, "a", "a.db")
    add(kern, "b", "b.db")
    assert kern("targets", "use", "b").exit_code == 0
    assert load_config().default_target == "b"
    result = kern("targets", "remove", "b")
    assert result.exit_code == 0
    assert "no default target" in result.stderr
    config = load_config()
    assert config.default_target is None and list(config.targets) == ["a"]


def test_use_unknown_is_not_found_listing_known(kern: Kern) -> None:
    add(kern, "a", "a.db")
    result = kern("targets", "use", "zzz")
    assert result.exit_code == 3
    assert "known targets: a" in result.stderr


def test_config_file_mode_0600_and_dir_0700(kern: Kern, config_file: Path) -> None:
    add(kern, "prod", PG_URL)
    assert stat.S_IMODE(config_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(config_file.parent.stat().st_mode) == 0o700
    assert not [p for p in config_file.parent.iterdir() if p.name != "config.toml"]


def test_world_readable_config_warns_once(
    config_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config_file.parent.mkdir(parents=True)
    config_file.write_text('[targets.a]\nurl = "a.db"\n')
    config_file.chmod(0o644)
    load_config()
    load_config()
    err = capsys.readouterr().err
    assert err.count("readable by other users") == 1
    assert "chmod 600" in err


def test_broken_toml_names_file_and_line(kern: Kern, config_file: Path) -> None:
    config_file.parent.mkdir(parents=True)
    config_file.write_text('default_target = "a"\n\n[targets.a\nurl = "x"\n')
    config_file.chmod(0o600)
    result = kern("targets", "list")
    assert result.exit_code == 1
    assert str(config_file) in result.stderr
    assert "line 3" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 2


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ("[targets.a]\ntable = 'x'\n", "has no url"),
        ("targets = 3\n", "must be a table"),
        ("[targets.a]\nurl = 5\n", "url must be a string"),
    ],
)
def test_wrong_shape_is_reported(config_file: Path, body: str, detail: str) -> None:
    config_file.parent.mkdir(parents=True)
    config_file.write_text(body)
    config_file.chmod(0o600)
    with pytest.raises(BadInputError, match=detail):
        load_config()


def test_unknown_keys_survive_a_rewrite(kern: Kern, config_file: Path) -> None:
    config_file.parent.mkdir(parents=True)
    config_file.write_text('colour = "auto"\n[targets.a]\nurl = "a.db"\nnote = "keep"\n')
    config_file.chmod(0o600)
    add(kern, "b", "b.db")
    text = config_file.read_text()
    assert 'colour = "auto"' in text and 'note = "keep"' in text


# resolve_target precedence


def _write_targets(config_file: Path, default: str | None = None) -> None:
    config_file.parent.mkdir(parents=True, exist_ok=True)
    head = f'default_target = "{default}"\n' if default else ""
    config_file.write_text(
        head + '[targets.cfg]\nurl = "cfg.db"\ntable = "t_cfg"\nschema = "s_cfg"\n'
        '[targets.envt]\nurl = "envt.db"\n'
    )
    config_file.chmod(0o600)


def test_flag_db_beats_everything(config_file: Path) -> None:
    _write_targets(config_file, default="cfg")
    env = {"KERN_DB": "env.db", "KERN_TARGET": "envt", "KERN_TABLE": "t_env"}
    got = resolve_target("flag.db", None, None, None, environ=env)
    assert (got.url, got.source, got.name, got.table, got.schema) == (
        "flag.db",
        "flag",
        None,
        "t_env",
        "ai",
    )


def test_flag_target_beats_env_db(config_file: Path) -> None:
    _write_targets(config_file)
    got = resolve_target(None, "cfg", None, None, environ={"KERN_DB": "env.db"})
    assert (got.url, got.source, got.name, got.table, got.schema) == (
        "cfg.db",
        "flag",
        "cfg",
        "t_cfg",
        "s_cfg",
    )


def test_db_and_target_flags_together_are_a_usage_error(kern: Kern) -> None:
    with pytest.raises(UsageError):
        resolve_target("a.db", "cfg", None, None, environ={})


def test_env_db_beats_env_target(config_file: Path) -> None:
    _write_targets(config_file, default="cfg")
    got = resolve_target(
        None, None, None, None, environ={"KERN_DB": "env.db", "KERN_TARGET": "envt"}
    )
    assert (got.url, got.source) == ("env.db", "env")
    got = resolve_target(None, None, None, None, environ={"KERN_TARGET": "envt"})
    assert (got.url, got.source, got.name) == ("envt.db", "env", "envt")


def test_config_default_then_embedded_default(config_file: Path) -> None:
    got = resolve_target(None, None, None, None, environ={})
    assert (got.url, got.source, got.table, got.schema) == (
        str(default_db_path()),
        "default",
        "agno_sessions",
        "ai",
    )
    _write_targets(config_file, default="cfg")
    got = resolve_target(None, None, None, None, environ={})
    assert (got.url, got.source, got.name) == ("cfg.db", "config", "cfg")


def test_table_and_schema_precedence(config_file: Path) -> None:
    _write_targets(config_file, default="cfg")
    env = {"KERN_TABLE": "t_env", "KERN_SCHEMA": "s_env"}
    got = resolve_target(None, None, "t_flag", None, environ=env)
    assert (got.table, got.schema) == ("t_flag", "s_env")
    got = resolve_target(None, None, None, None, environ={})
    assert (got.table, got.schema) == ("t_cfg", "s_cfg")


def test_unknown_target_lists_known(config_file: Path) -> None:
    _write_targets(config_file)
    with pytest.raises(BadInputError) as info:
        resolve_target(None, "nope", None, None, environ={})
    assert "unknown target 'nope'" in info.value.message
    assert info.value.hint is not None and "cfg, envt" in info.value.hint


def test_dangling_default_target_names_the_file(config_file: Path) -> None:
    _write_targets(config_file, default="gone")
    with pytest.raises(BadInputError, match="default_target"):
        resolve_target(None, None, None, None, environ={})


def test_default_paths_follow_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KERN_DATA_DIR", str(tmp_path / "d"))
    assert default_db_path() == tmp_path / "d" / "kern.db"
    monkeypatch.delenv("KERN_DATA_DIR")
    monkeypatch.delenv("KERN_CONFIG")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xd"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xc"))
    from kern_cli.config import config_path

    if os.name == "posix" and os.uname().sysname == "Linux":
        assert default_db_path() == tmp_path / "xd" / "kern" / "kern.db"
        assert config_path() == tmp_path / "xc" / "kern" / "config.toml"


@pytest.mark.parametrize("flag", ["--db", "--target", "--table", "--schema"])
def test_an_empty_database_option_is_a_usage_error(kern: Callable[..., Result], flag: str) -> None:
    result = kern("sessions", "list", flag, "")
    assert result.exit_code == 2
    assert f"{flag} was given an empty value" in result.stderr


def test_a_symlinked_config_file_stays_a_symlink(
    kern: Kern, config_file: Path, tmp_path: Path
) -> None:
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    real = dotfiles / "kern.toml"
    real.write_text('[targets.old]\nurl = "/tmp/old.db"\n')
    real.chmod(0o600)
    config_file.parent.mkdir(parents=True)
    config_file.symlink_to(real)
    add(kern, "prod", PG_URL, "--default")
    assert config_file.is_symlink() and config_file.resolve() == real
    assert stat.S_IMODE(real.stat().st_mode) == 0o600
    assert set(load_config(config_file).targets) == {"old", "prod"}
    assert sorted(p.name for p in dotfiles.iterdir()) == ["kern.toml"]
    assert sorted(p.name for p in config_file.parent.iterdir()) == ["config.toml"]
