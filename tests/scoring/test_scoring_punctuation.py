"""Chinese text is set with Chinese punctuation (GB/T 15834-2011), whoever typed it."""

from __future__ import annotations

import pytest

from scoring.finding import Text
from scoring.punctuation import punctuate_zh


@pytest.mark.parametrize(
    ("typed", "set_"),
    [
        ("事故发生: 尾气管线法兰泄漏(含硫化氢)", "事故发生：尾气管线法兰泄漏（含硫化氢）"),
        ("佩戴空气呼吸器关闭阀门, 切断气源", "佩戴空气呼吸器关闭阀门，切断气源"),
        ("超过 IDLH 4.0 分钟; 概率 0.82", "超过 IDLH 4.0 分钟；概率 0.82"),
        ("进入 尾气发电机房 佩戴呼吸器 (1086.8 ppm)", "进入 尾气发电机房 佩戴呼吸器（1086.8 ppm）"),
        ("「王某」暴露", "“王某”暴露"),
        ('短视频称"全镇要撤离"', "短视频称“全镇要撤离”"),
        ("未发现问题.", "未发现问题。"),
        ("压降速率0.35 MPa/min, 2#阀室", "压降速率0.35 MPa/min，2#阀室"),
        ("时限 60 分钟 (《条例》第九条 (1小时内))", "时限 60 分钟（《条例》第九条（1小时内））"),
        ("条件（《规定》\n应急管理部令第13号)", "条件（《规定》\n应急管理部令第13号）"),
    ],
)
def test_ascii_punctuation_beside_chinese_becomes_full_width(typed: str, set_: str) -> None:
    assert punctuate_zh(typed) == set_


@pytest.mark.parametrize(
    "kept",
    [
        "T+0:05:00  02:45:00",
        "scenarios/poisoning-plan.yaml:245 steps[2] (scba_rescue)",
        "P/优秀",
        "1,000 kg/s",
        "US EPA AEGL-2",
        # a formula in a full-width aside keeps its own brackets, each closing its own
        "室内空气充分混合（C = G/(Q+G) (1 - exp(-(Q+G) t/V))），不考虑分层。",
    ],
)
def test_times_paths_and_numbers_keep_their_ascii(kept: str) -> None:
    assert punctuate_zh(kept) == kept


def test_it_is_idempotent() -> None:
    once = punctuate_zh("完成: 下令禁止(防止盲目施救) (值班长) 超时, 见「F1」.")
    assert punctuate_zh(once) == once == "完成：下令禁止（防止盲目施救）（值班长）超时，见“F1”。"


def test_a_finding_text_is_stored_with_chinese_punctuation() -> None:
    text = Text(zh="依据: 1 人, 在「机房」", en="evidence: 1 person, in 'the room'")
    assert text.zh == "依据：1 人，在“机房”"
    assert text.en == "evidence: 1 person, in 'the room'"
