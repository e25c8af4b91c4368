"""python -m dangjian.assistant.kb [语料目录]: evaluate retrieval and print a table."""

from __future__ import annotations

import sys
from pathlib import Path

from dangjian.assistant.kb.corpus import corpus_dir
from dangjian.assistant.kb.evaluation import main_eval


def main(argv: list[str]) -> int:
    directory = Path(argv[0]) if argv else corpus_dir()
    if not directory.is_dir():
        print(f"找不到语料目录：{directory}", file=sys.stderr)
        return 2
    main_eval(directory)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
