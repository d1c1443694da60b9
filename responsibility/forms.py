"""Forms for the pages; every rule is checked again by the services they call."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import CheckedFileField, DateInput
from common.uploads import DOCUMENT, PHOTO
from projects.models import Organization, Participant, PartyRole, Person
from responsibility.models import Plaque

#: Django 6.1's "- Select an option -" has no Chinese translation yet.
CHOOSE = _("Choose…")


class LeadForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=PartyRole.choices)
    person = forms.ModelChoiceField(label=_("Lead"), queryset=Person.objects.none(), empty_label=CHOOSE)
    started_on = forms.DateField(label=_("Tenure starts on"), widget=DateInput())
    authorization_letter = CheckedFileField(
        label=_("Letter of authorisation (法定代表人授权书)"), policy=DOCUMENT, help_text=DOCUMENT.label
    )
    commitment_letter = CheckedFileField(
        label=_("Signed lifetime commitment (工程质量终身责任承诺书)"),
        policy=DOCUMENT,
        required=False,
        help_text=_("May be filed later; the project neither starts nor completes without it."),
    )
    committed_on = forms.DateField(label=_("Commitment signed on"), widget=DateInput(), required=False)
    reason = forms.CharField(
        label=_("Reason for the change"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        help_text=_("Required when the role already has a lead: the current lead's tenure ends the day before."),
    )

    def __init__(self, *args, project, role: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        orgs = Participant.objects.filter(project=project, left_on__isnull=True)
        if role:
            orgs = orgs.filter(role=role)
            self.fields["role"].widget = forms.HiddenInput()
        self.fields["person"].queryset = (
            Person.objects.filter(employer__in=orgs.values("organization")).select_related("employer").order_by("name")
        )
        self.fields["person"].label_from_instance = lambda p: f"{p.name} · {p.employer.name}"


class LeadCorrectForm(forms.Form):
    reason = forms.CharField(label=_("What was wrong"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    person = forms.ModelChoiceField(label=_("Correct lead"), queryset=Person.objects.none(), required=False)
    started_on = forms.DateField(label=_("Correct start"), widget=DateInput(), required=False)
    ended_on = forms.DateField(label=_("Correct end"), widget=DateInput(), required=False)
    authorization_letter = CheckedFileField(label=_("Correct letter of authorisation"), policy=DOCUMENT, required=False)
    commitment_letter = CheckedFileField(label=_("Correct signed commitment"), policy=DOCUMENT, required=False)
    committed_on = forms.DateField(label=_("Commitment signed on"), widget=DateInput(), required=False)

    def __init__(self, *args, lead, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(employer_id=lead.organization_id).order_by("name")
        self.fields["person"].empty_label = _("(unchanged: %(name)s)") % {"name": lead.person.name}
        if lead.ended_on is None:
            del self.fields["ended_on"]

    def service_kwargs(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


class CommitmentForm(forms.Form):
    commitment_letter = CheckedFileField(
        label=_("Signed lifetime commitment (工程质量终身责任承诺书)"), policy=DOCUMENT
    )
    committed_on = forms.DateField(label=_("Signed on"), widget=DateInput())


class PlaqueIssueForm(forms.Form):
    location = forms.CharField(
        label=_("Plaque location"),
        max_length=200,
        help_text=_("Where on the building the plaque is fixed, as shown in the design documents."),
    )


class PlaqueReplaceForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why is the plaque replaced?"), choices=[("", CHOOSE), *Plaque.Reason.choices])
    note = forms.CharField(
        label=_("What happened"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("For example: cracked by a vehicle on 2025-03-01; or: the contractor's lead entry was corrected."),
    )
    location = forms.CharField(
        label=_("Plaque location"),
        max_length=200,
        help_text=_("Where on the building the new plaque is fixed, as shown in the design documents."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput())


class PlaqueInstallForm(forms.Form):
    installed_on = forms.DateField(label=_("Installed on"), widget=DateInput())
    location = forms.CharField(label=_("Installed at"), max_length=200)
    photo = CheckedFileField(label=_("Photo of the installed plaque"), policy=PHOTO, help_text=PHOTO.label)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000)


class HandoverForm(forms.Form):
    handed_over_to = forms.ModelChoiceField(
        label=_("Received by"),
        queryset=Organization.objects.filter(kinds__kind=Organization.Kind.ARCHIVE).order_by("name"),
        empty_label=CHOOSE,
    )
    handed_over_on = forms.DateField(label=_("Handed over on"), widget=DateInput())
    receipt_number = forms.CharField(label=_("Receipt number"), max_length=64)
