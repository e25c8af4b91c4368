"""The bundled regulation corpus: where it lives and how to load it as chunks."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from dangjian.assistant.kb.readers import SourceDocument, read_document
from dangjian.assistant.kb.splitter import Chunk, split_document

CORPUS_ENV = "DANGJIAN_CORPUS_DIR"
DOCUMENT_SUFFIXES = (".docx", ".pdf", ".md", ".txt")
_README = "README.md"


@dataclass(frozen=True)
class LoadedDocument:
    key: str  # the file stem: stable, and it names the edition ("（2022年修改）")
    path: Path
    source: SourceDocument
    chunks: tuple[Chunk, ...]


def corpus_dir() -> Path:
    """$DANGJIAN_CORPUS_DIR, or ../shared/corpus beside the repository."""
    configured = os.environ.get(CORPUS_ENV)
    if configured:
        return Path(configured)
    repo = Path(__file__).resolve().parents[3]
    return repo.parent / "shared" / "corpus"


def corpus_files(directory: Path) -> list[Path]:
    """The uploadable documents in a directory (not its README, not subdirectories)."""
    return sorted(
        path
        for path in directory.iterdir()
        if path.is_file() and path.suffix.lower() in DOCUMENT_SUFFIXES and path.name != _README
    )


def load_corpus(directory: Path, max_chars: int = 800) -> list[LoadedDocument]:
    documents = []
    for path in corpus_files(directory):
        source = read_document(path)
        chunks = tuple(split_document(source.title, source.text, max_chars=max_chars))
        documents.append(LoadedDocument(path.stem, path, source, chunks))
    return documents
