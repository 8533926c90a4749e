"""The statistics panel shows what the core counts, for the post and the writing session."""

from __future__ import annotations

from pathlib import Path

from blogdesk.core.stats import document_statistics
from blogdesk.core.writing_session import WritingSession
from blogdesk.ui.widgets.statistics_panel import StatisticsPanel, reading_ease_label

BODY = "# Notes\n\nThe cat sat on the mat. It was warm!\n\nA second paragraph here.\n"


def test_the_panel_shows_the_posts_figures_and_the_session(qtbot) -> None:
    session = WritingSession(goal=50)
    session.opened(Path("a.md"), 10)
    session.edited(Path("a.md"), 30, now=0.0)
    panel = StatisticsPanel(session)
    qtbot.addWidget(panel)
    panel.set_source(lambda: BODY)
    with qtbot.waitSignal(panel.updated):
        panel.show()
    expected = document_statistics(BODY)
    values = {key: label.text() for key, label in panel.values.items()}
    assert values["words"] == str(expected.words)
    assert values["sentences"] == str(expected.sentences) == "4"
    assert values["paragraphs"] == "3"
    assert values["ease"] == reading_ease_label(expected.reading_ease)
    assert "Flesch" in panel.values["ease"].toolTip()
    assert values["written"] == "20"
    assert panel.goal_bar.isVisibleTo(panel) and panel.goal_bar.value() == 20


def test_no_post_shows_dashes_and_no_goal_hides_the_bar(qtbot) -> None:
    panel = StatisticsPanel(WritingSession())
    qtbot.addWidget(panel)
    panel.set_source(lambda: None)
    panel.show()
    panel.count_now()
    assert panel.values["words"].text() == "–"
    assert not panel.goal_bar.isVisibleTo(panel)


def test_reading_ease_labels() -> None:
    assert reading_ease_label(95) == "95 · very easy"
    assert reading_ease_label(65.4) == "65 · plain English"
    assert reading_ease_label(-20) == "-20 · very hard"
    assert reading_ease_label(None) == "–"
