"""Chinese identifiers: normalisation, check characters and masking.

Algorithms (see docs/domain.md §9): 统一社会信用代码 per GB 32100-2015 and
居民身份证号码 per GB 11643-1999. The check-character arithmetic comes from
python-stdnum (`stdnum.cn.uscc`, `stdnum.cn.ric`); the format rules are ours
because stdnum is stricter than the standard in one place (it requires
digits in USCC positions 1-2, where GB 32100 allows letters such as `Y`)
and looser in another (it accepts birth dates in the future).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.cn import ric as stdnum_ric
from stdnum.cn import uscc as stdnum_uscc

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_RE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$")
ID_NUMBER_RE = re.compile(r"^[0-9]{17}[0-9X]$")
PROJECT_CODE_RE = re.compile(r"^([0-9]{4})-?([0-9]{6})-?([0-9]{2})-?([0-9]{2})-?([0-9A-Z]{6})$")
CONSTRUCTOR_NUMBER_RE = re.compile(r"^[\u4e00-\u9fa5][12][0-9]{11}$")
PERMIT_NUMBER_RE = re.compile(r"^[0-9]{18}$")
# Everything printable except whitespace inside the code.
FREE_CODE_RE = re.compile(r"^[^\s]{2,64}$")


def normalize_code(value: str, *, strip: str = " -") -> str:
    """Full-width to half-width (NFKC), drop separators, upper-case."""
    value = unicodedata.normalize("NFKC", value or "")
    for ch in strip:
        value = value.replace(ch, "")
    return "".join(value.split()).upper()


def validate_uscc(value: str) -> str:
    """Return the normalised 统一社会信用代码 or raise ValidationError."""
    code = normalize_code(value)
    if len(code) != 18:
        raise ValidationError(
            _("A unified social credit code has 18 characters; this one has %(n)d."),
            code="uscc_length",
            params={"n": len(code)},
        )
    if not USCC_RE.match(code):
        raise ValidationError(
            _(
                "A unified social credit code uses digits and the letters "
                "A-H, J-N, P-R, T, U, W-Y only, with digits in positions 3-8."
            ),
            code="uscc_format",
        )
    if stdnum_uscc.calc_check_digit(code) != code[-1]:
        raise ValidationError(
            _("The check character of this unified social credit code does not match."),
            code="uscc_checksum",
        )
    return code


def make_uscc(body17: str) -> str:
    """Append the GB 32100 check character to 17 characters (demo data, tests)."""
    body17 = normalize_code(body17)
    return body17 + stdnum_uscc.calc_check_digit(body17)


def validate_id_number(value: str, *, today: dt.date | None = None) -> str:
    """Return the normalised 18-digit 居民身份证号码 or raise ValidationError.

    Checks length, format, the GB 11643 check digit and that the birth date
    exists and is not in the future. An unknown address code is accepted
    (codes of abolished divisions stay valid on old cards).
    """
    number = normalize_code(value)
    if len(number) == 15 and number.isdigit():
        raise ValidationError(
            _("Old 15-digit ID numbers are not accepted; enter the 18-digit number."),
            code="id_number_legacy",
        )
    if len(number) != 18:
        raise ValidationError(
            _("An ID number has 18 characters; this one has %(n)d."),
            code="id_number_length",
            params={"n": len(number)},
        )
    if not ID_NUMBER_RE.match(number):
        raise ValidationError(_("An ID number has 17 digits followed by a digit or X."), code="id_number_format")
    if stdnum_ric.calc_check_digit(number) != number[-1]:
        raise ValidationError(_("The check digit of this ID number does not match."), code="id_number_checksum")
    try:
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(
            _("The birth date in this ID number does not exist."), code="id_number_birth_date"
        ) from None
    if today is None:
        from django.utils import timezone

        today = timezone.localdate()
    if born > today or born.year < 1900:
        raise ValidationError(_("The birth date in this ID number is not possible."), code="id_number_birth_date")
    return number


def make_id_number(body17: str) -> str:
    """Append the GB 11643 check digit to 17 digits (demo data, tests)."""
    return body17 + stdnum_ric.calc_check_digit(body17 + "0")


def id_number_birth_date(number: str) -> dt.date:
    return dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def mask_id_number(number: str) -> str:
    """Show the first 3 and the last 4 characters only: 330***********002X."""
    if not number:
        return ""
    if len(number) <= 7:
        return "*" * len(number)
    return number[:3] + "*" * (len(number) - 7) + number[-4:]


def normalize_project_code(value: str) -> str:
    """Return the 投资项目代码 in its hyphenated 24-character form.

    Both the 2017 layout (year-region-dept-type-serial6) and the GB/T
    40058-2021 layout (…-serial5+check) share the shape 4-6-2-2-6; we accept
    them with or without hyphens. The check character's algorithm is not
    published, so it is not verified (docs/domain.md §9.7).
    """
    code = normalize_code(value, strip=" ")
    m = PROJECT_CODE_RE.match(code)
    if not m:
        raise ValidationError(
            _(
                "A project code has the form YYYY-RRRRRR-DD-TT-NNNNNN "
                "(24 characters with hyphens), e.g. 2024-330106-47-01-000123."
            ),
            code="project_code_format",
        )
    return "-".join(m.groups())


def normalize_free_code(value: str, *, label: str = "") -> str:
    """Permit and registration numbers: half-width, trimmed, no inner spaces."""
    code = unicodedata.normalize("NFKC", value or "").strip()
    code = "".join(code.split())
    if not FREE_CODE_RE.match(code):
        raise ValidationError(_("Enter 2 to 64 characters without spaces."), code="free_code_format")
    return code.upper() if code.isascii() else code


def is_standard_permit_number(value: str) -> bool:
    """The 18-digit 施工许可证编号 layout of the national system (soft check)."""
    return bool(PERMIT_NUMBER_RE.match(value or ""))


def is_standard_constructor_number(value: str) -> bool:
    """注册建造师 registration number: one province character + 12 digits (soft check)."""
    return bool(CONSTRUCTOR_NUMBER_RE.match(value or ""))
