"""View payloads (modal submissions). srm has no modals yet; the App Home tab is published from
the `app_home_opened` event (see events) with `bot.slack.guide.home_view`."""

from __future__ import annotations

from slack_bolt import App


def register(app: App) -> None:
    """Nothing to wire yet; kept so a new view is one function and one line here."""
