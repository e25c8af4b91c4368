"""``dangjian kb``: the knowledge base from the command line.

dangjian kb add FILE... [--owner CODE] [--visibility subtree] [--now]
dangjian kb load-corpus [DIR]      the regulation corpus, indexed at once
dangjian kb reindex                every document read, split and tokenised again (after an
                                   upgrade that changes tokenising, e.g. traditional characters)
dangjian kb status                 documents, chunks, and which retrieval is active
dangjian kb eval [DIR]             recall@1, recall@5 and MRR on the evaluation questions
dangjian kb bench [--chunks 10000] query latency against bare bm25s, indexing throughput
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from dangjian.assistant import indexing, services
from dangjian.assistant.models import Chunk, Document, IndexStatus
from dangjian.assistant.selectors import retrieval_mode
from dangjian.core.errors import InvalidInput
from dangjian.orgs.models import Organization


class Command(BaseCommand):
    help = "党建助手知识库：添加文档、加载法规语料、查看状态、评测与基准测试"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="添加文档")
        add.add_argument("files", nargs="+")
        add.add_argument("--owner", help="所属组织代码（默认顶层党委）")
        add.add_argument("--visibility", default="enterprise", choices=["enterprise", "subtree"])
        add.add_argument("--now", action="store_true", help="立即索引，不交给后台任务")
        load = sub.add_parser("load-corpus", help="加载法规语料并立即索引")
        load.add_argument("directory", nargs="?")
        sub.add_parser("status", help="知识库状态与当前检索方式")
        sub.add_parser("reindex", help="重新索引全部文档（分词规则更新后）")
        evaluate = sub.add_parser("eval", help="检索评测")
        evaluate.add_argument("directory", nargs="?")
        bench = sub.add_parser("bench", help="检索与索引基准测试")
        bench.add_argument("--chunks", type=int, default=10_000)
        bench.add_argument("--queries", type=int, default=200)

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, "_" + options["action"].replace("-", "_"))(options)

    def _owner(self, code: str | None) -> Organization:
        org = (
            Organization.objects.filter(code=code).first()
            if code
            else Organization.objects.filter(depth=1).order_by("path").first()
        )
        if org is None:
            raise CommandError(
                f"找不到组织{code or '（库中还没有组织，请先运行 dangjian demo 或导入组织）'}"
            )
        return org

    def _add(self, options: dict[str, Any]) -> None:
        owner = self._owner(options["owner"])
        for name in options["files"]:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"文件不存在：{name}")
            try:
                doc, created = services.document_add(
                    actor=None,
                    filename=path.name,
                    content=path.read_bytes(),
                    owner_id=owner.pk,
                    visibility=options["visibility"],
                )
            except InvalidInput as exc:
                raise CommandError(f"{name}：{exc}") from exc
            if created and options["now"]:
                doc = indexing.document_index(document_id=doc.pk)
            self.stdout.write(
                f"{doc.title}：{'已添加' if created else '未变化，跳过'}（{doc.get_status_display()}，{doc.chunk_count}个分块）"
            )

    def _load_corpus(self, options: dict[str, Any]) -> None:
        directory = Path(options["directory"]) if options["directory"] else settings.CORPUS_DIR
        if not directory.is_dir():
            raise CommandError(f"找不到语料目录：{directory}")
        for doc in services.corpus_load(
            actor=None, directory=directory, owner_id=self._owner(None).pk
        ):
            self.stdout.write(f"{doc.title}：{doc.get_status_display()}，{doc.chunk_count}个分块")

    def _reindex(self, options: dict[str, Any]) -> None:
        for pk in Document.objects.order_by("pk").values_list("pk", flat=True):
            doc = indexing.document_index(document_id=pk)
            self.stdout.write(f"{doc.title}：{doc.get_status_display()}，{doc.chunk_count}个分块")

    def _status(self, options: dict[str, Any]) -> None:
        self.stdout.write(f"检索方式：{retrieval_mode()}")
        self.stdout.write(f"模型服务：{settings.LLM_BASE_URL or '未配置（抽取式回答）'}")
        for status in IndexStatus:
            self.stdout.write(
                f"{status.label}：{Document.objects.filter(status=status).count()}个文档"
            )
        self.stdout.write(f"分块：{Chunk.objects.count()}个")

    def _eval(self, options: dict[str, Any]) -> None:
        from dangjian.assistant.kb.evaluation import main_eval

        main_eval(Path(options["directory"]) if options["directory"] else settings.CORPUS_DIR)

    def _bench(self, options: dict[str, Any]) -> None:
        from dangjian.assistant.bench import run_benchmark

        run_benchmark(settings.CORPUS_DIR, options["chunks"], options["queries"], self.stdout.write)
