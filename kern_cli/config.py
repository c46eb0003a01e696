"""kern's TOML config file (named targets) and its default data location.

The file lives at ``$KERN_CONFIG``, else in the user config directory
(``$XDG_CONFIG_HOME/kern/config.toml`` or ``~/.config/kern/config.toml`` on Linux,
``~/Library/Application Support/kern/config.toml`` on macOS,
``%APPDATA%\\kern\\config.toml`` on Windows)::

    default_target = "prod"

    [targets.prod]
    url = "postgresql://kern@db.example.com/app"
    table = "agno_sessions"   # optional
    schema = "ai"             # optional
    runs_table = "my_runs"    # optional: agno's runs_table=, when it is not found alone

It may hold passwords, so kern writes it with mode 0600 (directory 0700), atomically,
and warns when it is readable by other users. Comments in a hand-edited file are not
kept when kern rewrites it; unknown keys are.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kern_core import BadInputError

CONFIG_ENV = "KERN_CONFIG"
DATA_DIR_ENV = "KERN_DATA_DIR"
APP_NAME = "kern"
_NAME_RE = re.compile(r"[A-Za-z0-9_.-]+")
_TARGET_KEYS = ("url", "table", "schema", "runs_table")

_warned_paths: set[Path] = set()


@dataclass(frozen=True)
class TargetConfig:
    """One ``[targets.NAME]`` entry; ``table``, ``schema`` and ``runs_table`` are None when
    not set."""

    name: str
    url: str
    table: str | None = None
    schema: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False)
    runs_table: str | None = None


@dataclass(frozen=True)
class Config:
    """The whole config file; ``extra`` keeps top-level keys kern does not know."""

    path: Path
    default_target: str | None = None
    targets: dict[str, TargetConfig] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def with_target(self, target: TargetConfig) -> Config:
        """A copy with ``target`` added or replaced."""
        return replace(self, targets={**self.targets, target.name: target})

    def with_default(self, name: str | None) -> Config:
        """A copy whose default target is ``name`` (None: no default)."""
        return replace(self, default_target=name)

    def without_target(self, name: str) -> Config:
        """A copy without ``name``; the default is cleared if it was ``name``."""
        targets = {k: v for k, v in self.targets.items() if k != name}
        default = None if self.default_target == name else self.default_target
        return replace(self, targets=targets, default_target=default)


def _home() -> Path:
    return Path(os.path.expanduser("~"))


def _xdg(env: str, fallback: Path) -> Path:
    value = os.environ.get(env, "")
    return Path(value) if value and os.path.isabs(value) else fallback


def user_config_dir() -> Path:
    """The platform's per-user config directory for kern."""
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA") or _home() / "AppData" / "Roaming") / APP_NAME
    if sys.platform == "darwin":
        return _home() / "Library" / "Application Support" / APP_NAME
    return _xdg("XDG_CONFIG_HOME", _home() / ".config") / APP_NAME


def user_data_dir() -> Path:
    """Where kern keeps its own data: ``$KERN_DATA_DIR`` or the platform data directory."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(os.path.expanduser(override))
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA") or _home() / "AppData" / "Local") / APP_NAME
    if sys.platform == "darwin":
        return _home() / "Library" / "Application Support" / APP_NAME
    return _xdg("XDG_DATA_HOME", _home() / ".local" / "share") / APP_NAME


def config_path() -> Path:
    """The config file kern reads and writes: ``$KERN_CONFIG`` or the default place."""
    override = os.environ.get(CONFIG_ENV)
    if override:
        return Path(os.path.expanduser(override))
    return user_config_dir() / "config.toml"


def default_db_path() -> Path:
    """The SQLite database used when no --db, --target, env var or default target is set."""
    return user_data_dir() / "kern.db"


def validate_target_name(name: str) -> str:
    """Return ``name`` if it is a valid target name (letters, digits, ``_ . -``)."""
    if not _NAME_RE.fullmatch(name or ""):
        raise bad_input(
            f"invalid target name '{name}'",
            hint="use letters, digits, '_', '.' and '-' only",
        )
    return name


def load_config(path: Path | None = None) -> Config:
    """Read the config file; a missing file is an empty config.

    Raises :class:`BadInputError` naming the file (and the line, for TOML syntax
    errors) when the file cannot be read or has the wrong shape.
    """
    path = path or config_path()
    try:
        raw_bytes = path.read_bytes()
    except FileNotFoundError:
        return Config(path=path)
    except OSError as exc:
        raise bad_input(f"cannot read config file {path}: {exc.strerror}") from None
    _warn_if_exposed(path)
    data = _parse_toml(raw_bytes, path)
    return _from_dict(data, path)


def _parse_toml(raw_bytes: bytes, path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    try:
        return tomllib.loads(raw_bytes.decode("utf-8"))
    except UnicodeDecodeError:
        raise bad_input(f"config file {path} is not valid UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise bad_input(
            f"config file {path} is not valid TOML: {exc}",
            hint="fix the line shown, or move the file away and re-add targets",
        ) from None


def _from_dict(data: dict[str, Any], path: Path) -> Config:
    default = data.get("default_target")
    if default is not None and not isinstance(default, str):
        raise _shape_error(path, "default_target must be a string")
    tables = data.get("targets", {})
    if not isinstance(tables, dict):
        raise _shape_error(path, "[targets] must be a table")
    targets = {name: _target_from_dict(name, body, path) for name, body in tables.items()}
    extra = {k: v for k, v in data.items() if k not in ("default_target", "targets")}
    return Config(path=path, default_target=default, targets=targets, extra=extra)


def _target_from_dict(name: str, body: Any, path: Path) -> TargetConfig:
    if not _NAME_RE.fullmatch(name):
        raise _shape_error(path, f"invalid target name '{name}'")
    if not isinstance(body, dict):
        raise _shape_error(path, f"[targets.{name}] must be a table")
    for key in _TARGET_KEYS:
        if key in body and not isinstance(body[key], str):
            raise _shape_error(path, f"[targets.{name}] {key} must be a string")
    if not body.get("url"):
        raise _shape_error(path, f"[targets.{name}] has no url")
    extra = {k: v for k, v in body.items() if k not in _TARGET_KEYS}
    return TargetConfig(
        name, body["url"], body.get("table"), body.get("schema"), extra, body.get("runs_table")
    )


def _shape_error(path: Path, detail: str) -> BadInputError:
    return bad_input(f"config file {path}: {detail}", hint="fix the file by hand")


def bad_input(message: str, hint: str | None = None) -> BadInputError:
    """A ``kern_core`` BadInputError, imported only when one is raised (fast start-up)."""
    from kern_core import BadInputError

    return BadInputError(message, hint)


def _to_dict(config: Config) -> dict[str, Any]:
    data: dict[str, Any] = dict(config.extra)
    if config.default_target is not None:
        data["default_target"] = config.default_target
    targets: dict[str, Any] = {}
    for name, target in config.targets.items():
        body: dict[str, Any] = {"url": target.url}
        settings = (("table", target.table), ("schema", target.schema))
        body.update({k: v for k, v in (*settings, ("runs_table", target.runs_table)) if v})
        body.update(target.extra)
        targets[name] = body
    data["targets"] = targets
    return data


def save_config(config: Config) -> None:
    """Write the config atomically (temp file + rename in the same directory), mode 0600.

    A symlinked config file (dotfiles kept elsewhere) stays a symlink: the file it points to
    is the one replaced, by a temp file next to it.
    """
    import tempfile

    import tomli_w

    text = tomli_w.dumps(_to_dict(config))
    path = config.path
    if path.is_symlink():
        path = path.resolve()
    if not path.parent.exists():
        path.parent.mkdir(parents=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _warn_if_exposed(path: Path) -> None:
    if os.name != "posix" or path in _warned_paths:
        return
    try:
        mode = path.stat().st_mode
    except OSError:
        return
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        from shlex import quote

        from kern_cli.output import warn

        _warned_paths.add(path)
        warn(f"config file {path} is readable by other users; run: chmod 600 {quote(str(path))}")
