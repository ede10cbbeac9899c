"""manifest.yml and Procfile say what the app needs, and point at code that exists."""

from __future__ import annotations

import importlib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_manifest_has_the_command_events_interactivity_home_and_minimal_scopes() -> None:
    manifest = yaml.safe_load((ROOT / "manifest.yml").read_text(encoding="utf-8"))
    features, settings = manifest["features"], manifest["settings"]
    (command,) = features["slash_commands"]
    assert command["command"] == "/srm"
    assert command["url"].endswith("/slack/events")
    assert features["app_home"]["home_tab_enabled"] is True
    assert features["app_home"]["messages_tab_enabled"] is True
    assert set(settings["event_subscriptions"]["bot_events"]) == {
        "app_mention",
        "message.im",
        "app_home_opened",
    }
    assert settings["event_subscriptions"]["request_url"].endswith("/slack/events")
    assert settings["interactivity"]["is_enabled"] is True
    assert (
        settings["socket_mode_enabled"] is False
    )  # HTTP by default; the header says how to switch
    assert sorted(manifest["oauth_config"]["scopes"]["bot"]) == sorted(
        ["commands", "app_mentions:read", "chat:write", "im:history"]
    )


def test_procfile_serves_the_wsgi_factory_and_releases_the_store() -> None:
    lines = dict(
        line.split(":", 1) for line in (ROOT / "Procfile").read_text().splitlines() if line
    )
    assert "gunicorn" in lines["web"]
    target = lines["web"].split("'")[1]
    module, factory = target.removesuffix("()").split(":")
    assert callable(getattr(importlib.import_module(module), factory))
    assert "srm db upgrade" in lines["release"] and "srm knowledge load" in lines["release"]
