"""The accountability report: a PDF of the trace and, for a case, its findings and measures.

Rendered outside any transaction (WeasyPrint takes about a second per document);
it is a view of the records at the time of printing, stamped with who printed it
and when, not a stored lasting record.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from common.pdf import render_pdf
from responsibility.defects import selectors, trace
from responsibility.models import AccountabilityCase, CaseMeasure, Defect


def _timeline(result: trace.Trace) -> str:
    from responsibility.defects.views import _timeline as build

    return build(result)


def _context(user, defects: list[Defect], case: AccountabilityCase | None) -> dict:
    traces = [trace.accountability(selectors.defect_detail(d)) for d in defects]
    return {
        "case": case,
        "traces": [(t, _timeline(t)) for t in traces],
        "withdrawn": set(
            CaseMeasure.objects.filter(case=case, withdraws__isnull=False).values_list("withdraws_id", flat=True)
        )
        if case
        else set(),
        "printed_at": timezone.localtime(),
        "printed_by": user.get_full_name() or user.get_username(),
        "title": _("Accountability report"),
    }


def defect_report(user, defect: Defect) -> bytes:
    return render_pdf("pdf/responsibility/accountability.html", _context(user, [defect], None), language="zh-hans")


def case_report(user, case: AccountabilityCase) -> bytes:
    case = selectors.case_detail(case)
    return render_pdf(
        "pdf/responsibility/accountability.html", _context(user, list(case.defects.all()), case), language="zh-hans"
    )
