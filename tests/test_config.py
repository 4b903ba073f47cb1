"""Settings precedence (flag > env > --config > ./ukpeace.yaml > user dir > default), safe YAML,
and `ukpeace config` showing origins and the files read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import jsonl
from ukpeace_cli.cli import app
from ukpeace_cli.config import DEFAULTS, load_settings, read_config_file, user_config_dir
from ukpeace_cli.errors import ConfigError


@pytest.fixture
def layers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """A user config, a project config in the working folder and an explicit config file."""
    user = tmp_path / "user-config"  # the autouse fixture points UKPEACE_CONFIG_DIR here
    user.mkdir()
    (user / "config.yaml").write_text(
        "store: user.jsonl\nmodel: user_model\nformat: json\naliases: /abs/user-aliases.yaml\n"
    )
    project = tmp_path / "work"
    (project / "ukpeace.yaml").write_text("store: proj.jsonl\nmodel: proj_model\nformat: csv\n")
    explicit = tmp_path / "conf" / "explicit.yaml"
    explicit.parent.mkdir()
    explicit.write_text("store: explicit.jsonl\nmax_size: 1234\n")
    monkeypatch.chdir(project)
    return {"user": user / "config.yaml", "project": project / "ukpeace.yaml", "explicit": explicit}


def test_defaults(tmp_path: Path) -> None:
    s = load_settings({}, None, cwd=tmp_path)
    assert s.values == DEFAULTS
    assert s.origins == dict.fromkeys(DEFAULTS, "default")
    assert s.files_read == []
    assert s["store"] == "ukpeace-store.jsonl"


def test_user_config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert user_config_dir() == tmp_path / "user-config"
    monkeypatch.delenv("UKPEACE_CONFIG_DIR")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert user_config_dir() == tmp_path / "xdg" / "ukpeace"
    monkeypatch.delenv("XDG_CONFIG_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert user_config_dir() == tmp_path / "home" / ".config" / "ukpeace"


def test_precedence_layer_by_layer(
    layers: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    user, project, explicit = layers["user"], layers["project"], layers["explicit"]
    s = load_settings({})
    assert s.files_read == [str(user), str(project)]
    assert (s["store"], s.origins["store"]) == (
        str(project.parent / "proj.jsonl"),
        f"project config {project}",
    )
    assert (s["model"], s["format"]) == ("proj_model", "csv")
    assert (s["aliases"], s.origins["aliases"]) == ("/abs/user-aliases.yaml", f"user config {user}")
    assert s.origins["max_size"] == "default"

    s = load_settings({}, str(explicit))
    assert s.files_read == [str(user), str(project), str(explicit)]
    # Relative paths in a config file are taken from that file's folder.
    assert (s["store"], s.origins["store"]) == (
        str(explicit.parent / "explicit.jsonl"),
        f"--config {explicit}",
    )
    assert (s["max_size"], s["model"]) == (1234, "proj_model")

    monkeypatch.setenv("UKPEACE_STORE", "env.jsonl")
    s = load_settings({"store": "env.jsonl"}, str(explicit))  # what Typer passes from the env
    assert (s["store"], s.origins["store"]) == ("env.jsonl", "env UKPEACE_STORE")

    s = load_settings({"store": "flag.jsonl", "model": None}, str(explicit))
    assert (s["store"], s.origins["store"]) == ("flag.jsonl", "flag")
    assert s.origins["model"] == f"project config {project}"  # None means "not given"


def test_ukpeace_config_shows_origins_and_files_read(layers: dict[str, Path]) -> None:
    r = CliRunner().invoke(
        app, ["config", "--config", str(layers["explicit"]), "-s", "flag.jsonl", "-f", "jsonl"]
    )
    assert r.exit_code == 0, r.stderr
    got = {x["key"]: (x["value"], x["origin"]) for x in jsonl(r.stdout)}
    assert [x["key"] for x in jsonl(r.stdout)] == sorted(DEFAULTS)
    assert got["store"] == ("flag.jsonl", "flag")
    assert got["format"] == ("jsonl", "flag")
    assert got["max_size"] == (1234, f"--config {layers['explicit']}")
    assert got["aliases"] == ("/abs/user-aliases.yaml", f"user config {layers['user']}")
    assert got["lexicons"] == (None, "default")
    read = ", ".join(str(layers[k]) for k in ("user", "project", "explicit"))
    assert r.stderr == (
        f"Config files read: {read} (user config folder: {layers['user'].parent})\n"
    )


def test_env_store_shows_as_env(layers: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UKPEACE_STORE", "from-env.jsonl")
    r = CliRunner().invoke(app, ["config", "-f", "jsonl"])
    got = {x["key"]: (x["value"], x["origin"]) for x in jsonl(r.stdout)}
    assert got["store"] == ("from-env.jsonl", "env UKPEACE_STORE")


@pytest.mark.parametrize(
    ("key", "var"),
    [("model", "UKPEACE_MODEL"), ("aliases", "UKPEACE_ALIASES"), ("lexicons", "UKPEACE_LEXICONS")],
)
def test_ukpeace_config_shows_every_env_var(
    layers: dict[str, Path], monkeypatch: pytest.MonkeyPatch, key: str, var: str
) -> None:
    monkeypatch.setenv(var, "/from/env")
    r = CliRunner().invoke(app, ["config", "-f", "jsonl"])
    got = {x["key"]: (x["value"], x["origin"]) for x in jsonl(r.stdout)}
    assert got[key] == ("/from/env", f"env {var}")


def test_config_file_from_env_and_format_from_project(layers: dict[str, Path]) -> None:
    r = CliRunner().invoke(app, ["config"], env={"UKPEACE_CONFIG": str(layers["explicit"])})
    assert r.exit_code == 0
    assert r.stdout.splitlines()[0] == "key,value,origin"  # format: csv from ./ukpeace.yaml
    assert f"max_size,1234,--config {layers['explicit']}" in r.stdout.splitlines()


def test_no_config_files(tmp_path: Path) -> None:
    r = CliRunner().invoke(app, ["config", "-f", "json"])
    assert r.exit_code == 0
    assert {x["origin"] for x in json.loads(r.stdout) if x["key"] != "format"} == {"default"}
    assert r.stderr == f"Config files read: none (user config folder: {tmp_path / 'user-config'})\n"


# --- bad config files --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("store: [unclosed\n", "config file is not valid YAML ({p}:2)"),
        ("- a\n- b\n", "config file must be a mapping of settings ({p})"),
        (
            "colour: red\n",
            "unknown setting(s): colour ({p}) - known settings: " + ", ".join(sorted(DEFAULTS)),
        ),
    ],
)
def test_bad_config_file(tmp_path: Path, content: str, message: str) -> None:
    p = tmp_path / "c.yaml"
    p.write_text(content)
    with pytest.raises(ConfigError) as exc:
        read_config_file(p)
    assert str(exc.value) == message.format(p=p)
    assert int(exc.value.exit_code) == 2


def test_empty_config_file_is_fine(tmp_path: Path) -> None:
    p = tmp_path / "c.yaml"
    p.write_text("# nothing set\n")
    assert read_config_file(p) == {}


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system ['touch {marker}']",
        "!!python/object:pathlib.Path {{}}",
        "!!python/name:os.system",
    ],
)
def test_python_tags_are_rejected_and_never_run(tmp_path: Path, tag: str) -> None:
    marker = tmp_path / "pwned"
    p = tmp_path / "evil.yaml"
    p.write_text("store: " + tag.format(marker=marker) + "\n")
    r = CliRunner().invoke(app, ["config", "--config", str(p)])
    assert r.exit_code == 2
    assert r.stdout == ""
    assert r.stderr == f"Error: config file is not valid YAML ({p}:1)\n"
    assert not marker.exists()


def test_unsafe_tag_in_project_config_too(tmp_path: Path) -> None:
    (tmp_path / "work" / "ukpeace.yaml").write_text("store: !!python/name:os.system\n")
    r = CliRunner().invoke(app, ["ingest", "x.txt", "--no-nlp"])
    assert r.exit_code == 2
    assert r.stderr.startswith("Error: config file is not valid YAML (")
    assert r.stderr.rstrip().endswith("ukpeace.yaml:1)")


def test_missing_config_file(tmp_path: Path) -> None:
    r = CliRunner().invoke(app, ["config", "--config", "nope.yaml"])
    assert r.exit_code == 2
    assert r.stderr == "Error: config file not found (nope.yaml)\n"


def test_ingest_uses_the_store_from_config(tmp_path: Path) -> None:
    work = tmp_path / "work"
    (work / "ukpeace.yaml").write_text("store: data/project-store.jsonl\n")
    (work / "a.txt").write_text("Talks in Paris\n\nThe talks went on. Nobody left.\n")
    r = CliRunner().invoke(app, ["ingest", "a.txt", "--no-nlp"])
    assert r.exit_code == 0, r.stderr
    assert (work / "data" / "project-store.jsonl").is_file()
    assert r.stderr.rstrip().endswith(f"-> {work / 'data' / 'project-store.jsonl'}")
