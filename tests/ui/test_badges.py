"""Status badges in the library read on every row, selected or not, in both themes."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor

from blogdesk.ui.widgets.library_panel import BADGE_COLORS, badge_colors, contrast_ratio


def test_contrast_ratio_matches_wcag_reference_values() -> None:
    assert contrast_ratio(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert contrast_ratio(QColor("#777777"), QColor("#ffffff")) == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("label", sorted(BADGE_COLORS))
@pytest.mark.parametrize("dark", [False, True])
def test_badge_text_meets_wcag_aa_on_its_own_solid_fill(label: str, dark: bool) -> None:
    fill, text = badge_colors(label, dark)
    assert fill.alpha() == 255  # solid: the row's selection colour never shows through
    assert contrast_ratio(fill, text) >= 4.5
