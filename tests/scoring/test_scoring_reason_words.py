"""Wait reasons in Chinese name things, not ids; a qualification is never taken for a step."""

from __future__ import annotations

from scoring.reasons import reason_zh

NAMES = {"first_aid": "在西大门对救出人员吸氧", "scba_mfs": "正压式空气呼吸器（微型消防站）"}


def name(ident: str) -> str:
    return NAMES.get(ident, ident)


def test_a_qualification_is_named_as_a_qualification_even_where_a_step_has_its_id() -> None:
    assert reason_zh("no team of the owner role holds first_aid, scba", name) == (
        "承担该角色的队伍都不具备急救、空气呼吸器资质"
    )


def test_resources_and_steps_are_named() -> None:
    assert (
        reason_zh("scba_mfs: 0 of 2 free", name)
        == "“正压式空气呼吸器（微型消防站）”仅 0 件可用（需要 2 件）"
    )
    assert reason_zh("any ambulance: 0 of 1 free", name) == "救护车仅 0 件可用（需要 1 件）"
    assert (
        reason_zh("step first_aid not completed", name) == "前置步骤“在西大门对救出人员吸氧”未完成"
    )
