from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from common.models import LastingModel, LastingQuerySet


class InspectionKind(models.TextChoices):
    INSPECTION_LOT = "inspection_lot", _("inspection lot (检验批)")
    SUB_ITEM = "sub_item", _("sub-item (分项工程)")
    DIVISION = "division", _("division (分部工程)")
    UNIT_ACCEPTANCE = "unit_acceptance", _("unit acceptance (单位工程)")
    CONCEALED_WORKS = "concealed_works", _("concealed works (隐蔽工程)")
    SIDE_STATION = "side_station", _("side-station supervision (旁站)")
    PATROL = "patrol", _("patrol (巡视)")
    SPOT_CHECK = "spot_check", _("regulator's spot check (监督抽查)")


#: GB 50300-2013 4.0.1: 检验批 ∈ 分项 ∈ 分部 ∈ 单位工程, lowest first.
ACCEPTANCE_LEVELS = (
    InspectionKind.INSPECTION_LOT,
    InspectionKind.SUB_ITEM,
    InspectionKind.DIVISION,
    InspectionKind.UNIT_ACCEPTANCE,
)
#: The kind of record a level is made of.
CHILD_KIND = {
    InspectionKind.SUB_ITEM: InspectionKind.INSPECTION_LOT,
    InspectionKind.DIVISION: InspectionKind.SUB_ITEM,
    InspectionKind.UNIT_ACCEPTANCE: InspectionKind.DIVISION,
}


class Result(models.TextChoices):
    PASS = "pass", _("pass")
    FAIL = "fail", _("fail")


class DivisionCategory(models.TextChoices):
    """分部工程 of GB 50300-2013 Appendix B (the ones whose signers differ are marked in rules.py)."""

    FOUNDATION = "foundation", _("foundation (地基与基础)")
    MAIN_STRUCTURE = "main_structure", _("main structure (主体结构)")
    DECORATION = "decoration", _("decoration (建筑装饰装修)")
    ROOF = "roof", _("roof (屋面)")
    PLUMBING_HEATING = "plumbing_heating", _("plumbing and heating (建筑给水排水及供暖)")
    VENTILATION = "ventilation", _("ventilation and air conditioning (通风与空调)")
    ELECTRICAL = "electrical", _("electrical (建筑电气)")
    INTELLIGENT = "intelligent", _("intelligent building (智能建筑)")
    ENERGY = "energy", _("energy saving (建筑节能)")
    ELEVATOR = "elevator", _("elevator (电梯)")


class KeyProcess(models.TextChoices):
    """Key parts and processes that need side-station supervision (建市〔2002〕189号)."""

    BACKFILL = "backfill", _("foundation backfill (土方回填)")
    PILE_CONCRETING = "pile_concreting", _("cast-in-place pile concreting (灌注桩混凝土浇筑)")
    DIAPHRAGM_WALL = "diaphragm_wall", _("diaphragm wall (地下连续墙)")
    SOIL_NAILED_WALL = "soil_nailed_wall", _("soil-nailed wall (土钉墙)")
    POST_CAST_STRIP = "post_cast_strip", _("post-cast strip concreting (后浇带混凝土浇筑)")
    WATERPROOF_CONCRETE = "waterproof_concrete", _("waterproof concrete (防水混凝土浇筑)")
    MEMBRANE_WATERPROOFING = "membrane_waterproofing", _("membrane waterproofing details (卷材防水细部构造)")
    JOINT_REBAR = "joint_rebar", _("beam-column joint rebar before concealment (梁柱节点钢筋隐蔽)")
    CONCRETING = "concreting", _("structural concreting (混凝土浇筑)")
    PRESTRESS = "prestress", _("prestress tensioning (预应力张拉)")
    PRECAST_ERECTION = "precast_erection", _("precast erection (装配式结构安装)")
    STEEL_ERECTION = "steel_erection", _("steel structure erection (钢结构安装)")
    SPACE_FRAME = "space_frame", _("space-frame erection (网架结构安装)")
    MEMBRANE_STRUCTURE = "membrane_structure", _("membrane structure erection (索膜安装)")


class SignerRole(models.TextChoices):
    """In what capacity a person signs an inspection record (GB 50300-2013 6.0.1–6.0.6)."""

    DISCIPLINE_SUPERVISOR = "discipline_supervisor", _("discipline supervising engineer (专业监理工程师)")
    CHIEF_SUPERVISOR = "chief_supervisor", _("chief supervising engineer (总监理工程师)")
    CONTRACTOR_QUALITY_INSPECTOR = "contractor_quality_inspector", _("contractor's quality inspector (专业质量检查员)")
    CONTRACTOR_FOREMAN = "contractor_foreman", _("contractor's foreman (专业工长)")
    CONTRACTOR_TECHNICAL_LEAD = "contractor_technical_lead", _("contractor's technical lead (项目专业技术负责人)")
    CONTRACTOR_LEAD = "contractor_lead", _("contractor's project lead (施工单位项目负责人)")
    SURVEY_LEAD = "survey_lead", _("survey lead (勘察单位项目负责人)")
    DESIGN_LEAD = "design_lead", _("design lead (设计单位项目负责人)")
    OWNER_LEAD = "owner_lead", _("owner's lead (建设单位项目负责人)")
    REGULATOR_INSPECTOR = "regulator_inspector", _("supervision inspector (监督人员)")


class InspectionQuerySet(LastingQuerySet):
    def counting(self) -> InspectionQuerySet:
        """Records that count: everything except those replaced by a correction."""
        return self.filter(corrected_at__isnull=True)


class Inspection(LastingModel):
    """One inspection or acceptance record, logged on site.

    The acceptance levels form the GB 50300 tree through `parent`: a
    sub-item's lots, a division's sub-items, a unit acceptance's divisions.
    Lower levels are recorded first; recording the higher level names the
    records it covers, and only then is their `parent` set (once, with
    history). A wrong record is never edited: a correction is a new record
    (`corrects`, with a reason) that takes its place in the tree; the wrong
    one stays visible with `corrected_at` set and stops counting.
    """

    Kind = InspectionKind
    Result = Result

    project = models.ForeignKey(
        "projects.Project", models.PROTECT, related_name="inspections", verbose_name=_("project")
    )
    unit_project = models.ForeignKey(
        "projects.UnitProject", models.PROTECT, related_name="inspections", verbose_name=_("unit project")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=InspectionKind.choices)
    name = models.CharField(_("what was inspected"), max_length=200)
    division_category = models.CharField(_("division"), max_length=20, choices=DivisionCategory.choices, blank=True)
    location = models.CharField(_("location"), max_length=255, blank=True)
    location_key = models.CharField(max_length=256, blank=True, editable=False)
    performed_on = models.DateField(_("performed on"))
    inspector = models.ForeignKey(
        "projects.Person", models.PROTECT, related_name="inspections", verbose_name=_("inspector")
    )
    result = models.CharField(_("result"), max_length=4, choices=Result.choices)
    findings = models.TextField(_("findings"), blank=True)
    measured_values = models.JSONField(_("measured values"), default=dict, blank=True)
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("accepted within")
    )
    # Side-station records: the key process, the contractor's advance notice, the start.
    key_process = models.CharField(_("key process"), max_length=30, choices=KeyProcess.choices, blank=True)
    notice_given_at = models.DateTimeField(_("advance notice received at"), null=True, blank=True)
    process_started_at = models.DateTimeField(_("process started at"), null=True, blank=True)
    corrects = models.OneToOneField(
        "self", models.PROTECT, null=True, blank=True, related_name="corrected_by", verbose_name=_("corrects record")
    )
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    corrected_at = models.DateTimeField(_("corrected at"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = InspectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-performed_on", "-id"]
        indexes = [
            # The project's inspection list, newest first (API and tab).
            models.Index(fields=["project", "-performed_on", "-id"], name="inspection_project_idx"),
            # The acceptance tree: counting records of a project by level; parent and result
            # make the lot counts an index-only scan.
            models.Index(
                fields=["project", "kind", "unit_project", "parent", "result"],
                condition=Q(corrected_at__isnull=True),
                name="inspection_tree_idx",
            ),
            # inspections_at(unit, location): prefix in both directions. varchar_pattern_ops lets
            # PostgreSQL use the index for LIKE 'prefix%' under any collation (ignored on SQLite).
            models.Index(
                fields=["unit_project", "location_key"],
                name="inspection_location_idx",
                opclasses=["int8_ops", "varchar_pattern_ops"],
            ),
            models.Index(fields=["inspector", "-performed_on"], name="inspection_inspector_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=InspectionKind.values), name="inspection_kind_known"),
            models.CheckConstraint(condition=Q(result__in=Result.values), name="inspection_result_known"),
            models.CheckConstraint(
                condition=Q(corrects__isnull=True) | ~Q(correction_reason=""), name="inspection_correction_has_reason"
            ),
            models.CheckConstraint(
                condition=~Q(kind="division") | ~Q(division_category=""), name="inspection_division_has_category"
            ),
            models.CheckConstraint(
                condition=~Q(kind="side_station")
                | Q(key_process__gt="", notice_given_at__isnull=False, process_started_at__isnull=False),
                name="inspection_side_station_complete",
            ),
            models.CheckConstraint(
                condition=Q(notice_given_at__isnull=True)
                | Q(process_started_at__isnull=True)
                | Q(notice_given_at__lte=F("process_started_at")),
                name="inspection_notice_before_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.name} ({self.performed_on:%Y-%m-%d})"

    @property
    def history_scope(self):
        return self.project

    @property
    def is_counting(self) -> bool:
        return self.corrected_at is None

    @property
    def is_acceptance(self) -> bool:
        return self.kind in ACCEPTANCE_LEVELS

    @property
    def notice_hours(self) -> float | None:
        """Hours between the contractor's notice and the start of a side-station process."""
        if self.notice_given_at and self.process_started_at:
            return round((self.process_started_at - self.notice_given_at).total_seconds() / 3600, 1)
        return None

    @property
    def late_notice(self) -> bool:
        hours = self.notice_hours
        return hours is not None and hours < 24

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("inspections:detail", args=[self.pk])


class Signature(LastingModel):
    """A person's signature on an inspection, in a capacity the rules check (rules.py).

    The organisation and registration number are copied when signing: the
    record shows whom the person signed for, whatever happens later.
    """

    inspection = models.ForeignKey(Inspection, models.PROTECT, related_name="signatures")
    person = models.ForeignKey("projects.Person", models.PROTECT, related_name="inspection_signatures")
    role = models.CharField(_("signed as"), max_length=30, choices=SignerRole.choices)
    organization = models.ForeignKey("projects.Organization", models.PROTECT, null=True, blank=True, related_name="+")
    registration_number = models.CharField(_("registration number"), max_length=64, blank=True)
    signed_on = models.DateField(_("signed on"))

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["inspection", "id"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "person", "role"], name="signature_unique"),
            models.CheckConstraint(condition=Q(role__in=SignerRole.values), name="signature_role_known"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.person}"

    @property
    def history_scope(self):
        return self.inspection.project


class Photo(LastingModel):
    """A site photo kept with an inspection or with a reply to a rectification notice.

    `file` is the original as uploaded (common.uploads.store_photo also makes
    a metadata-free preview and thumbnail). The EXIF capture time and GPS are
    kept as data and compared with the record's date (`age_check`).
    """

    class AgeCheck(models.TextChoices):
        OK = "ok", _("taken on the record's date")
        TAKEN_LONG_BEFORE = "taken_long_before", _("taken long before the record's date")
        TAKEN_AFTER = "taken_after", _("taken after the record's date")
        NO_TIME = "no_time", _("no capture time in the photo")

    inspection = models.ForeignKey(Inspection, models.PROTECT, null=True, blank=True, related_name="photos")
    reply = models.ForeignKey(
        "inspections.RectificationReply", models.PROTECT, null=True, blank=True, related_name="photos"
    )
    file = models.OneToOneField("common.StoredFile", models.PROTECT, related_name="+")
    taken_at = models.DateTimeField(_("taken at (EXIF)"), null=True, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    age_check = models.CharField(_("capture time check"), max_length=20, choices=AgeCheck.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(inspection__isnull=False, reply__isnull=True)
                | Q(inspection__isnull=True, reply__isnull=False),
                name="photo_has_one_owner",
            ),
        ]

    def __str__(self) -> str:
        return str(self.file_id)

    @property
    def is_flagged(self) -> bool:
        return self.age_check != self.AgeCheck.OK

    @property
    def history_scope(self):
        owner = self.inspection if self.inspection_id else self.reply.rectification.inspection
        return owner.project


class CoverRecord(LastingModel):
    """Work at a location recorded as covered (隐蔽), allowed only over a passed concealed-works record."""

    project = models.ForeignKey("projects.Project", models.PROTECT, related_name="+")
    unit_project = models.ForeignKey("projects.UnitProject", models.PROTECT, related_name="cover_records")
    location = models.CharField(_("location"), max_length=255)
    location_key = models.CharField(max_length=256, editable=False)
    covered_on = models.DateField(_("covered on"))
    concealed_works = models.ForeignKey(
        Inspection, models.PROTECT, related_name="cover_records", verbose_name=_("concealed-works acceptance")
    )
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("covering record")
        verbose_name_plural = _("covering records")
        ordering = ["-covered_on", "-id"]
        indexes = [
            models.Index(
                fields=["unit_project", "location_key"],
                name="cover_location_idx",
                opclasses=["int8_ops", "varchar_pattern_ops"],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.location} ({self.covered_on:%Y-%m-%d})"

    @property
    def history_scope(self):
        return self.project
