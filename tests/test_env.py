"""Typed environment parsing: a bad value is an error, never a guess."""

import pytest

from gongkai.env import ConfigError, env_bool, env_int, env_list, env_str


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("1", True),
        ("true", True),
        ("Yes", True),
        ("on", True),
        ("0", False),
        ("False", False),
        ("no", False),
        ("off", False),
        ("", False),
    ],
)
def test_env_bool_words(monkeypatch, raw, expected):
    monkeypatch.setenv("GK_FLAG", raw)
    assert env_bool("GK_FLAG", default=not expected) is expected


def test_env_bool_rejects_other_words(monkeypatch):
    monkeypatch.setenv("GK_FLAG", "enabled")
    with pytest.raises(ConfigError, match="GK_FLAG"):
        env_bool("GK_FLAG")


def test_env_bool_default_when_unset(monkeypatch):
    monkeypatch.delenv("GK_FLAG", raising=False)
    assert env_bool("GK_FLAG", default=True) is True


def test_env_int(monkeypatch):
    monkeypatch.setenv("GK_N", " 42 ")
    assert env_int("GK_N", 1) == 42
    monkeypatch.setenv("GK_N", "forty")
    with pytest.raises(ConfigError, match="not an integer"):
        env_int("GK_N", 1)


def test_env_list_strips_and_drops_empty_parts(monkeypatch):
    monkeypatch.setenv("GK_HOSTS", " a.example , ,b.example,")
    assert env_list("GK_HOSTS") == ["a.example", "b.example"]
    monkeypatch.delenv("GK_HOSTS")
    assert env_list("GK_HOSTS", ["x"]) == ["x"]


def test_secret_from_file(monkeypatch, tmp_path):
    secret = tmp_path / "key"
    secret.write_text("s3cret-value\n", encoding="utf-8")
    monkeypatch.setenv("GK_KEY_FILE", str(secret))
    monkeypatch.setenv("GK_KEY", "ignored-when-file-given")
    assert env_str("GK_KEY") == "s3cret-value"


def test_unreadable_secret_file_is_an_error(monkeypatch, tmp_path):
    monkeypatch.setenv("GK_KEY_FILE", str(tmp_path / "missing"))
    with pytest.raises(ConfigError, match="cannot be read"):
        env_str("GK_KEY")
