"""Chinese tokens for lexical search: jieba in search mode, with the party-building vocabulary."""

from __future__ import annotations

import logging
import re
import threading
import warnings
from typing import Any

from dangjian.assistant.kb.normalize import normalize_text
from dangjian.assistant.kb.synonyms import synonym_terms

# Terms jieba's general dictionary would cut apart; a member types them as one word.
DOMAIN_TERMS: tuple[str, ...] = (
    "三会一课", "发展对象", "入党积极分子", "积极分子", "预备党员", "正式党员", "组织关系",
    "党费", "交纳党费", "支部委员会", "支部党员大会", "党员大会", "党小组会", "主题党日",
    "组织生活会", "组织生活", "民主评议", "民主评议党员", "入党介绍人", "政治审查", "预备期",
    "转正", "流动党员", "失联党员", "党龄", "党小组", "基层党委", "党总支", "党支部",
    "留党察看", "严重警告", "撤销党内职务", "开除党籍", "入党志愿书", "入党申请书",
    "入党申请人", "入党誓词", "培养联系人", "谈心谈话", "大额党费", "特殊党费", "年薪制",
    "党组织", "基层党组织", "党籍", "党员档案", "党内职务", "纪律处分", "党纪处分",
    "违纪", "政治纪律", "组织纪律", "廉洁纪律", "群众纪律", "工作纪律", "生活纪律",
    "四种形态", "集中轮训", "双重组织生活", "组织处置", "限期改正", "劝其退党", "除名",
    "出党", "党员领导干部", "党委", "党组", "纪委", "纪律检查委员会", "民主集中制",
    "入党宣誓", "离退休", "党费收缴", "支委会", "组织员",
)  # fmt: skip

# Question words and particles: they say how a member asks, not what about.
_STOPWORD_LIST: tuple[str, ...] = (
    "的", "了", "是", "吗", "呢", "吧", "啊", "呀", "么", "嘛", "什么", "怎么", "怎么办", "怎样",
    "多少", "哪些", "哪个", "哪", "我们", "我", "你", "他", "她", "它", "如何", "可以", "能",
    "能不能", "可不可以", "需要", "要", "请问", "一下", "有", "有没有", "没有", "是否", "还是",
    "就", "都", "也", "和", "与", "及", "或", "或者", "在", "对", "把", "被", "给", "从", "让",
    "这", "那", "这个", "那个", "之", "其", "该", "而", "并", "等", "啥", "咋", "会", "想", "问",
    "得", "地", "着", "过", "又", "再", "还", "个", "里", "中", "上", "下",
)  # fmt: skip
STOPWORDS: frozenset[str] = frozenset(_STOPWORD_LIST)
_PUNCTUATION = re.compile(r"^[\W_]+$")  # no letter, digit or CJK character in it

_lock = threading.Lock()
_jieba: Any = None


def tokenize(text: str) -> list[str]:
    """Search-mode tokens, so "入党积极分子" also matches "积极分子" and "入党".

    The text is normalised first (full-width to ASCII, traditional to simplified), so 預備黨員
    and ８５００ meet 预备党员 and 8500 whichever side they are on."""
    cutter = _tokenizer()
    tokens = []
    for word in cutter.cut(normalize_text(text.replace("\ufffd", " ")), HMM=True):
        for token in _with_sub_words(cutter, word.strip().lower()):
            if token and token not in STOPWORDS and not _PUNCTUATION.match(token):
                tokens.append(token)
    return tokens


def _with_sub_words(cutter: Any, word: str) -> list[str]:
    """jieba's search mode, extended to four-character sub-words.

    jieba only adds two- and three-character parts, so "入党积极分子" would not match a
    question about "积极分子"; four-character dictionary words inside a longer word are added.
    """
    parts: list[str] = []
    for size in (2, 3, 4):
        if len(word) > size:
            grams = (word[i : i + size] for i in range(len(word) - size + 1))
            parts.extend(gram for gram in grams if cutter.FREQ.get(gram))
    return [*parts, word]


def _tokenizer() -> Any:
    """One jieba tokenizer per process, built on first use (it takes about a second)."""
    global _jieba
    if _jieba is None:
        with _lock:
            if _jieba is None:
                _jieba = _build()
    return _jieba


def _build() -> Any:
    # jieba 0.42 has regexes that newer Pythons warn about when its modules are first compiled.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SyntaxWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        import jieba

    # jieba announces its dictionary loading on the root of its own logger; keep it quiet.
    jieba.setLogLevel(logging.WARNING)
    logging.getLogger("jieba").setLevel(logging.WARNING)
    cutter = jieba.Tokenizer()
    cutter.initialize()
    for term in DOMAIN_TERMS:
        # A high frequency keeps the term whole against the general dictionary's splits.
        cutter.add_word(term, freq=max(cutter.suggest_freq(term, tune=False), 100000))
    for term in sorted(synonym_terms()):
        # Synonyms jieba does not know (信教) are kept whole; known words keep their weight.
        if not cutter.FREQ.get(term):
            cutter.add_word(term, freq=max(cutter.suggest_freq(term, tune=False), 100000))
    return cutter
