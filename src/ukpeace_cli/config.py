"""Settings, with precedence flag > env > --config > ./ukpeace.yaml > user config > defaults.

Only `yaml.safe_load` is used. Each value remembers where it came from so `ukpeace config` can
show it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ukpeace_cli.errors import ConfigError

PROJECT_FILE = "ukpeace.yaml"
USER_FILE = "config.yaml"

DEFAULTS: dict[str, Any] = {
    "store": "ukpeace-store.jsonl",
    "model": None,
    "format": "auto",
    "aliases": None,
    "lexicons": None,
    "max_size": 5_000_000,
    "scheduler": "none",  # ingest and dedupe on a Dask cluster: docs/scale-out.md
    "stories": "copies",  # compare's unit: copies | events (docs/events.md, "In compare")
}

ENV_VARS: dict[str, str] = {
    "store": "UKPEACE_STORE",
    "model": "UKPEACE_MODEL",
    "format": "UKPEACE_FORMAT",
    "aliases": "UKPEACE_ALIASES",
    "lexicons": "UKPEACE_LEXICONS",
    "scheduler": "UKPEACE_SCHEDULER",
    "stories": "UKPEACE_STORIES",
}

# Keys whose values are paths: relative paths in a config file are taken from that file's folder.
PATH_KEYS = {"store", "aliases", "lexicons"}


def user_config_dir() -> Path:
    if d := os.environ.get("UKPEACE_CONFIG_DIR"):
        return Path(d)
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "ukpeace"


@dataclass
class Settings:
    values: dict[str, Any] = field(default_factory=dict)
    origins: dict[str, str] = field(default_factory=dict)
    files_read: list[str] = field(default_factory=list)

    def __getitem__(self, key: str) -> Any:
        return self.values.get(key)


def read_config_file(path: Path) -> dict[str, Any]:
    import yaml  # only when a config file exists: keeps start-up fast

    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read config file: {exc.strerror}", where=str(path)) from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise ConfigError("config file is not valid YAML", where=where) from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError("config file must be a mapping of settings", where=str(path))
    unknown = sorted(set(data) - set(DEFAULTS))
    if unknown:
        raise ConfigError(
            f"unknown setting(s): {', '.join(unknown)}",
            where=str(path),
            hint=f"known settings: {', '.join(sorted(DEFAULTS))}",
        )
    for key in PATH_KEYS & set(data):
        if data[key] is not None and not Path(str(data[key])).is_absolute():
            slash = "/" if str(data[key]).endswith("/") else ""  # `store: out/`: a sharded store
            data[key] = str(path.parent / str(data[key])) + slash
    return data


def load_settings(
    flags: dict[str, Any] | None = None,
    config_file: str | None = None,
    cwd: Path | None = None,
) -> Settings:
    """Merge the layers. `flags` holds what the command line (or env var) gave, None if unset."""
    cwd = cwd or Path.cwd()
    settings = Settings(values=dict(DEFAULTS), origins=dict.fromkeys(DEFAULTS, "default"))
    layers: list[tuple[str, Path]] = []
    user = user_config_dir() / USER_FILE
    if user.is_file():
        layers.append(("user config", user))
    project = cwd / PROJECT_FILE
    if project.is_file():
        layers.append(("project config", project))
    if config_file:
        explicit = Path(config_file)
        if not explicit.is_file():
            raise ConfigError("config file not found", where=config_file)
        layers.append(("--config", explicit))
    for label, path in layers:
        for key, value in read_config_file(path).items():
            settings.values[key] = value
            settings.origins[key] = f"{label} {path}"
        settings.files_read.append(str(path))
    for key, env in ENV_VARS.items():
        # Env vars count for every command, also one with no flag for that setting.
        if os.environ.get(env):
            settings.values[key] = os.environ[env]
            settings.origins[key] = f"env {env}"
    for key, value in (flags or {}).items():
        if value is None:
            continue
        env_var = ENV_VARS.get(key)
        from_env = env_var is not None and os.environ.get(env_var) == str(value)
        settings.values[key] = value
        settings.origins[key] = f"env {env_var}" if from_env else "flag"
    return settings
