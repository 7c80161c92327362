"""With --lang en, what the players are told and what they are expected to do is in
English wherever the scenario gives it (message_en, expected_action_en)."""

from __future__ import annotations

import re

from scoring.names import Names
from scoring.report.cards import build_cards
from scoring.scorecard import score
from scoring.timeline import describe
from sim.engine import simulate
from sim.loader import load
from tests.conftest import POISONING
from tui.scorecard import render_scorecard

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_inject_sentences_and_expected_actions_are_english_with_lang_en() -> None:
    loaded = load(POISONING)
    s, p = loaded.scenario, loaded.plan
    log = simulate(s, p, 1)
    names = Names.of(s, p, "en")
    injects = [describe(e, names) for e in log if e.kind == "inject"]
    assert injects and not any(CJK.search(x) for x in injects), injects
    assert any("radios the control room" in x for x in injects)
    card = score(log, s, p)
    assert card.manual_checks, "the detector alarm and the family call await the evaluator"
    for m in card.manual_checks:
        assert m.expected_action_en and not CJK.search(m.expected_in("en"))
        assert CJK.search(m.expected_in("zh"))  # the Chinese text stays for --lang zh
    text = render_scorecard(card, names, "en")
    assert "tells the shift leader" in text and "通知值班长" not in text


def test_english_inject_cards_give_the_english_expected_action() -> None:
    loaded = load(POISONING)
    doc = build_cards(loaded.plan, "inject", "en", loaded.scenario)
    text = "\n".join(str(b) for sec in doc.sections for b in sec.blocks)
    assert "forbids anyone without breathing apparatus" in text
    assert "禁止无防护人员进入机房" not in text
