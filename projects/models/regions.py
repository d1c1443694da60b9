from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    """A GB/T 2260 administrative division, current or abolished.

    Loaded from projects/data/gbt2260.csv (see `manage.py load_regions`).
    Abolished codes stay: old records and ID numbers carry them.
    """

    class Level(models.TextChoices):
        PROVINCE = "province", _("province")
        PREFECTURE = "prefecture", _("prefecture")
        COUNTY = "county", _("county")

    code = models.CharField(_("code"), max_length=6, primary_key=True)
    name = models.CharField(_("name"), max_length=50)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    valid_from = models.PositiveSmallIntegerField(_("valid from (year)"), null=True, blank=True)
    valid_until = models.PositiveSmallIntegerField(_("valid until (year)"), null=True, blank=True)

    class Meta:
        verbose_name = _("administrative division")
        verbose_name_plural = _("administrative divisions")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_current(self) -> bool:
        return self.valid_until is None

    @staticmethod
    def level_of(code: str) -> str:
        if code.endswith("0000"):
            return Region.Level.PROVINCE
        if code.endswith("00"):
            return Region.Level.PREFECTURE
        return Region.Level.COUNTY

    def full_name(self) -> str:
        """浙江省杭州市西湖区: names of the province, prefecture and county."""
        from projects.selectors import region_full_name

        return region_full_name(self.code)
