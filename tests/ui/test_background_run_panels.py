"""The koordinator's panels of background runs (ui.components.background_run) find every
text they show in the catalog: their keys are made from the panel's name, so the catalog
scan (test_text_catalog) cannot see them."""

from __future__ import annotations

import pytest

from ui.components import background_run, link_checks, website_monitoring
from ui.text import TEXT


@pytest.mark.parametrize("panel", [link_checks.PANEL, website_monitoring.PANEL],
                         ids=lambda panel: panel.name)
def test_every_text_of_a_panel_is_in_the_catalog(panel: background_run.RunPanel) -> None:
    missing = [f"{panel.name}.coord.{key}" for key in background_run.TEXT_KEYS
               if f"{panel.name}.coord.{key}" not in TEXT]
    assert not missing


def test_each_panel_has_widget_keys_of_its_own() -> None:
    names = [link_checks.PANEL.name, website_monitoring.PANEL.name]
    assert len(set(names)) == len(names)
