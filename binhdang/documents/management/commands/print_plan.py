"""`binhdang print-plan PLAN_ID -o FILE.docx [--pdf]`: a plan in the Decree 30 layout."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from binhdang.documents.builders.plan_docx import build_plan_docx
from binhdang.documents.pdf import ConversionError, docx_to_pdf
from binhdang.documents.selectors import plan_doc_data, plan_document_get
from binhdang.plans.models import Plan


class Command(BaseCommand):
    help = _(
        "Write a plan as a DOCX in the layout of Decree 30/2020/NĐ-CP; with --pdf also "
        "a PDF next to it (needs LibreOffice)."
    )

    def add_arguments(self, parser):
        parser.add_argument("plan_id", type=int, help=_("the plan's id"))
        parser.add_argument(
            "-o", "--output", required=True, help=_("the DOCX file to write (FILE.docx)")
        )
        parser.add_argument(
            "--pdf", action="store_true", help=_("also write FILE.pdf through LibreOffice")
        )

    def handle(self, *args, **options):
        try:
            plan = plan_document_get(plan_id=options["plan_id"])
        except Plan.DoesNotExist as exc:
            raise CommandError(_("There is no plan %(id)s.") % {"id": options["plan_id"]}) from exc
        output = Path(options["output"])
        if output.suffix.lower() != ".docx":
            output = output.with_suffix(".docx")
        data = build_plan_docx(plan_doc_data(plan))
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(data)
        self.stdout.write(_("Written %(path)s") % {"path": output})
        if options["pdf"]:
            try:
                pdf = docx_to_pdf(data)
            except ConversionError as exc:
                raise CommandError(str(exc)) from exc
            pdf_path = output.with_suffix(".pdf")
            pdf_path.write_bytes(pdf)
            self.stdout.write(_("Written %(path)s") % {"path": pdf_path})
