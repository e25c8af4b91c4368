"""Knowledge base of the 党建助手: read regulations, split them by article, search, cite.

Framework-free: the Django app stores documents and chunks and calls these functions.
"""

from dangjian.assistant.kb.answer import ExtractiveAnswer, Passage, extractive_answer, highlight
from dangjian.assistant.kb.dense import DenseEncoder, DenseIndex, dense_available
from dangjian.assistant.kb.fusion import reciprocal_rank_fusion
from dangjian.assistant.kb.lexical import LexicalIndex
from dangjian.assistant.kb.numerals import chinese_numeral_to_int, int_to_chinese_numeral
from dangjian.assistant.kb.readers import SourceDocument, UnreadableDocument, read_document
from dangjian.assistant.kb.retriever import Hit, Retriever
from dangjian.assistant.kb.splitter import Chunk, split_document
from dangjian.assistant.kb.tokenizer import tokenize

__all__ = [
    "Chunk",
    "DenseEncoder",
    "DenseIndex",
    "ExtractiveAnswer",
    "Hit",
    "LexicalIndex",
    "Passage",
    "Retriever",
    "SourceDocument",
    "UnreadableDocument",
    "chinese_numeral_to_int",
    "dense_available",
    "extractive_answer",
    "highlight",
    "int_to_chinese_numeral",
    "read_document",
    "reciprocal_rank_fusion",
    "split_document",
    "tokenize",
]
