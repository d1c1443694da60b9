from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class MaterialCategory(models.TextChoices):
    STEEL = "steel", _("steel (钢材)")
    CEMENT = "cement", _("cement (水泥)")
    CONCRETE = "concrete", _("ready-mix concrete (预拌混凝土)")
    TEST_BLOCK = "test_block", _("test blocks and specimens (试块试件)")
    MASONRY = "masonry", _("bricks and blocks (砖和砌块)")
    AGGREGATE = "aggregate", _("aggregates (砂石)")
    ADMIXTURE = "admixture", _("admixtures (外加剂)")
    WATERPROOFING = "waterproofing", _("waterproofing (防水材料)")
    INSULATION = "insulation", _("insulation (保温材料)")
    ELECTRICAL = "electrical", _("cables and wires (电线电缆)")
    PIPE = "pipe", _("pipes (管材)")
    WINDOW = "window", _("windows and doors (门窗)")
    OTHER = "other", _("other")


class MaterialType(models.Model):
    """A kind of material in the shipped catalogue (reference data, migration 0002).

    `witness_required` marks the 建建〔2000〕211号 Art. 6 list: such materials
    need witnessed samples on every project that uses them. `standard` names
    the product or test standard the material is checked against.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=MaterialCategory.choices)
    standard = models.CharField(_("standard"), max_length=200, blank=True)
    witness_required = models.BooleanField(
        _("witness sampling mandatory"), default=False, help_text=_("On the 211号 mandatory witness list.")
    )
    default_unit = models.CharField(_("default unit"), max_length=10, blank=True)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("material type")
        verbose_name_plural = _("material types")
        ordering = ["category", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(category__in=MaterialCategory.values), name="materialtype_category_known"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """The name in the active language (Chinese is the catalogue's own language)."""
        from django.utils.translation import get_language

        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name
