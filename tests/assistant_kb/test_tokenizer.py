"""Tokens: domain terms whole, question words and punctuation gone."""

import logging

import pytest

from dangjian.assistant.kb import tokenizer
from dangjian.assistant.kb.tokenizer import DOMAIN_TERMS, tokenize


@pytest.mark.parametrize(
    "term",
    ["三会一课", "发展对象", "入党积极分子", "预备党员", "组织关系", "主题党日", "组织生活会",
     "入党介绍人", "流动党员", "留党察看", "撤销党内职务", "入党志愿书", "培养联系人", "大额党费",
     "年薪制", "支部党员大会", "谈心谈话"],
)  # fmt: skip
def test_domain_terms_stay_whole(term: str) -> None:
    assert term in tokenize(f"关于{term}的规定是什么")


def test_every_listed_term_is_kept_whole() -> None:
    assert [t for t in DOMAIN_TERMS if t not in tokenize(t)] == []


def test_search_mode_also_yields_sub_words() -> None:
    tokens = tokenize("入党积极分子")
    assert {"入党积极分子", "积极分子", "入党"} <= set(tokens)


def test_question_words_and_punctuation_are_dropped() -> None:
    tokens = tokenize("预备党员需要交多少党费？我们可以怎么交呢！")
    assert "预备党员" in tokens and "党费" in tokens
    for noise in ("需要", "多少", "我们", "可以", "怎么", "呢", "？", "！", "的"):
        assert noise not in tokens


def test_damaged_characters_and_latin_are_handled() -> None:
    assert "\ufffd" not in "".join(tokenize("第一百五\ufffd\ufffd四条"))
    assert "wecom" in tokenize("WeCom 通知")


def test_jieba_loads_once_and_quietly(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(tokenizer, "_jieba", None)
    with caplog.at_level(logging.DEBUG):
        tokenize("党费")
        first = tokenizer._jieba
        tokenize("党龄")
    assert first is not None and tokenizer._jieba is first
    captured = capsys.readouterr()
    assert captured.out == "" and "Building prefix dict" not in captured.err
    assert not [r for r in caplog.records if r.name == "jieba" and r.levelno < logging.WARNING]
