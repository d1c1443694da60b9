"""Page forms: shapes only; the rules are in the services (the same ones the API calls)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import CheckedFileField, DateInput
from common.uploads import DOCUMENT
from materials.models import BatchStatus, ImportJob, MaterialType, NonConformance, TestReport, Unit
from projects.models import Organization, Person


def _org_choices(kind: str):
    return Organization.objects.filter(kinds__kind=kind).order_by("name")


class BatchForm(forms.Form):
    material_type = forms.ModelChoiceField(label=_("Material type"), queryset=MaterialType.objects.filter(active=True))
    spec = forms.CharField(label=_("Specification / grade"), max_length=100, help_text=_("e.g. HRB400E Φ25"))
    manufacturer = forms.ModelChoiceField(label=_("Manufacturer"), queryset=_org_choices("manufacturer"))
    supplier = forms.ModelChoiceField(label=_("Supplier"), queryset=_org_choices("supplier"), required=False)
    batch_number = forms.CharField(label=_("Batch or heat number"), max_length=64)
    quantity = forms.DecimalField(label=_("Quantity"), max_digits=15, decimal_places=3)
    unit = forms.ChoiceField(label=_("Unit"), choices=Unit.choices)
    produced_on = forms.DateField(label=_("Produced on"), widget=DateInput(), required=False)
    arrived_on = forms.DateField(label=_("Arrived on"), widget=DateInput())
    certificate_number = forms.CharField(label=_("Certificate number"), max_length=64, required=False)
    certificate = CheckedFileField(label=_("Certificate (合格证)"), policy=DOCUMENT, required=False)
    factory_report = CheckedFileField(label=_("Factory test report (出厂检验报告)"), policy=DOCUMENT, required=False)


class AcceptForm(forms.Form):
    result = forms.ChoiceField(
        label=_("Result"),
        choices=[(BatchStatus.ACCEPTED, _("accept")), (BatchStatus.REJECTED, _("reject"))],
        widget=forms.RadioSelect,
        initial=BatchStatus.ACCEPTED,
    )
    accepted_on = forms.DateField(label=_("Date"), widget=DateInput())
    note = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        help_text=_("What was checked: documents, appearance, marks. Required when rejecting."),
    )


class SampleForm(forms.Form):
    sample_number = forms.CharField(label=_("Sample number"), max_length=64)
    seal_number = forms.CharField(label=_("Seal number"), max_length=64)
    sampled_on = forms.DateField(label=_("Sampled on"), widget=DateInput())
    sampling_location = forms.CharField(label=_("Sampling location"), max_length=200, required=False)
    sampler = forms.ModelChoiceField(label=_("Sampler (contractor staff)"), queryset=Person.objects.none())
    witness = forms.ModelChoiceField(label=_("Witness"), queryset=Person.objects.none(), required=False)
    lab = forms.ModelChoiceField(label=_("Lab"), queryset=_org_choices("lab"))
    representative_quantity = forms.DecimalField(label=_("Representative quantity"), max_digits=15, decimal_places=3)

    def __init__(self, *args, samplers=None, witnesses=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sampler"].queryset = samplers if samplers is not None else Person.objects.none()
        self.fields["witness"].queryset = witnesses if witnesses is not None else Person.objects.none()


class UsageForm(forms.Form):
    unit_project = forms.ModelChoiceField(label=_("Unit project"), queryset=None)
    location = forms.CharField(
        label=_("Location"), max_length=400, help_text=_("Levels separated by /, e.g. 5F/柱/C-3")
    )
    quantity = forms.DecimalField(label=_("Quantity"), max_digits=15, decimal_places=3)
    used_on = forms.DateField(label=_("Used on"), widget=DateInput())

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit_project"].queryset = units


class ReportForm(forms.Form):
    report_number = forms.CharField(label=_("Report number"), max_length=64)
    tested_on = forms.DateField(label=_("Tested on"), widget=DateInput())
    conclusion = forms.ChoiceField(
        label=_("Conclusion"), choices=TestReport.Conclusion.choices, widget=forms.RadioSelect
    )
    values = forms.CharField(
        label=_("Measured values"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: name = value, e.g. 屈服强度MPa = 445"),
    )
    file = CheckedFileField(label=_("Report file"), policy=DOCUMENT, required=False)

    def clean_values(self) -> dict:
        out = {}
        for line in (self.cleaned_data.get("values") or "").splitlines():
            if not line.strip():
                continue
            if "=" not in line:
                raise forms.ValidationError(_("Write each value as name = value."))
            k, v = line.split("=", 1)
            out[k.strip()] = v.strip()
        return out


class WithdrawForm(forms.Form):
    withdrawn_on = forms.DateField(label=_("Withdrawn on"), widget=DateInput())
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class CloseForm(forms.Form):
    disposition = forms.ChoiceField(label=_("Disposition"), choices=NonConformance.Disposition.choices)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    evidence = CheckedFileField(label=_("Evidence"), policy=DOCUMENT)


class WitnessForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none())
    valid_from = forms.DateField(label=_("Authorised from"), widget=DateInput())

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people if people is not None else Person.objects.none()


class RecallForm(forms.Form):
    manufacturer = forms.ModelChoiceField(label=_("Manufacturer"), queryset=_org_choices("manufacturer"))
    batch_number = forms.CharField(label=_("Batch or heat number"), max_length=64)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class TraceForm(forms.Form):
    manufacturer = forms.CharField(
        label=_("Manufacturer (USCC)"), max_length=40, widget=forms.TextInput(attrs={"list": "manufacturers"})
    )
    batch_number = forms.CharField(label=_("Batch or heat number"), max_length=64)


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file lists"), choices=ImportJob.Kind.choices)
    file = forms.FileField(
        label=_("File (xlsx or CSV)"), widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"})
    )
