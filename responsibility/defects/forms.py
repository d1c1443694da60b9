"""Page forms for defects and cases: shapes only; the rules live in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import DateInput
from common.uploads import PHOTO, check_upload
from projects.models import Organization, PartyRole, UnitProject
from responsibility.models import AccountabilityCase
from responsibility.models.defects import ComplaintChannel, DefectKind, MeasureKind, Severity
from responsibility.warranty import WorkCategory


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos from a phone; each runs the upload checks (type, size, pixels)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": PHOTO.accept, "capture": "environment"}))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > 12:
            raise forms.ValidationError(_("At most 12 photos."))
        return [check_upload(f, PHOTO) for f in files]


class DefectForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=DefectKind.choices, initial=DefectKind.DEFECT)
    unit_project = forms.ModelChoiceField(label=_("Unit project"), queryset=UnitProject.objects.none(), required=False)
    location = forms.CharField(
        label=_("Location"),
        max_length=255,
        required=False,
        help_text=_("e.g. 5F/柱/C-3; leave empty for the whole unit project"),
    )
    work_category = forms.ChoiceField(label=_("Work category"), choices=WorkCategory.choices)
    discovered_on = forms.DateField(label=_("Discovered on"), widget=DateInput())
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices, initial=Severity.SERIOUS)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    photos = PhotosField(label=_("Photos"))
    complainant = forms.CharField(label=_("Complainant (complaints)"), max_length=100, required=False)
    complainant_contact = forms.CharField(label=_("Complainant's contact"), max_length=100, required=False)
    channel = forms.ChoiceField(label=_("Channel"), choices=[("", "—"), *ComplaintChannel.choices], required=False)
    occurred_at = forms.DateTimeField(
        label=_("Occurred at (accidents)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    deaths = forms.IntegerField(label=_("Deaths"), min_value=0, max_value=100000, required=False)
    serious_injuries = forms.IntegerField(label=_("Serious injuries"), min_value=0, max_value=100000, required=False)
    direct_loss = forms.DecimalField(
        label=_("Direct economic loss (CNY)"), min_value=0, max_digits=14, decimal_places=2, required=False
    )
    reported_to_authority_at = forms.DateTimeField(
        label=_("Reported to the authority at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    def __init__(self, *args, project=None, **kwargs):
        super().__init__(*args, **kwargs)
        if project is not None:
            self.fields["unit_project"].queryset = project.unit_projects.order_by("name")


class ResolveForm(forms.Form):
    resolved_on = forms.DateField(label=_("Repaired and accepted on"), widget=DateInput())
    resolution = forms.CharField(
        label=_("How it was repaired, who accepted the repair"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )


class CaseForm(forms.Form):
    trigger = forms.ChoiceField(label=_("Trigger (124号 Art. 6)"), choices=AccountabilityCase.Trigger.choices)
    summary = forms.CharField(label=_("Summary"), max_length=200)
    opened_on = forms.DateField(label=_("Opened on"), widget=DateInput())
    finding = forms.CharField(
        label=_("First finding"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=10000
    )


class FindingForm(forms.Form):
    text = forms.CharField(label=_("Finding"), widget=forms.Textarea(attrs={"rows": 3}), max_length=10000)


class SubjectForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=PartyRole.choices)
    organization = forms.ModelChoiceField(label=_("Organisation"), queryset=Organization.objects.none())
    lead = forms.TypedChoiceField(label=_("Lead"), coerce=int, required=False, empty_value=None)
    basis = forms.CharField(label=_("Basis"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)

    def __init__(self, *args, case=None, leads=(), **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:
            self.fields["organization"].queryset = Organization.objects.filter(
                participations__project=case.project
            ).distinct()
        self.fields["lead"].choices = [("", "—")] + [
            (
                lead.pk,
                f"{lead.get_role_display()} · {lead.person.name} ({lead.started_on:%Y-%m-%d}–{lead.ended_on or ''})",
            )
            for lead in leads
        ]


class MeasureForm(forms.Form):
    subject = forms.TypedChoiceField(label=_("Against"), coerce=int)
    kind = forms.ChoiceField(label=_("Measure"), choices=MeasureKind.choices)
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput())
    amount = forms.DecimalField(label=_("Amount (CNY)"), required=False, min_value=0, max_digits=14, decimal_places=2)
    months = forms.IntegerField(label=_("Duration (months)"), required=False, min_value=1, max_value=600)
    details = forms.CharField(
        label=_("Details"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=5000
    )

    def __init__(self, *args, subjects=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].choices = [(s.pk, str(s)) for s in subjects]


class CaseDateForm(forms.Form):
    day = forms.DateField(label=_("Date"), widget=DateInput())
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=5000
    )
