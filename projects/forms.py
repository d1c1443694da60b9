"""Page forms. They check shapes only; rules and permissions live in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import DateInput
from projects.models import Organization, PartyRole, Project, Registration

PARTY_KINDS = ["owner", "surveyor", "designer", "contractor", "supervisor"]


class ProjectForm(forms.Form):
    code = forms.CharField(
        label=_("Project code (投资项目代码)"), max_length=40, help_text=_("e.g. 2024-330106-47-01-000123")
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    region_code = forms.CharField(
        label=_("Region code (GB/T 2260)"),
        max_length=6,
        help_text=_("6 digits of the county-level division, e.g. 330106 for 西湖区."),
        widget=forms.TextInput(attrs={"list": "region-codes", "inputmode": "numeric"}),
    )
    address = forms.CharField(label=_("Address"), max_length=255)
    design_service_life_years = forms.IntegerField(
        label=_("Design service life (years)"),
        min_value=1,
        max_value=200,
        initial=50,
        help_text=_("GB 50068: 5, 25, 50 or 100 years; lifetime responsibility runs this long after completion."),
    )
    permit_number = forms.CharField(label=_("Construction permit number"), max_length=64, required=False)
    supervision_number = forms.CharField(
        label=_("Quality supervision registration number"), max_length=64, required=False
    )


class ProjectEditForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    address = forms.CharField(label=_("Address"), max_length=255)
    permit_number = forms.CharField(label=_("Construction permit number"), max_length=64, required=False)
    supervision_number = forms.CharField(
        label=_("Quality supervision registration number"), max_length=64, required=False
    )
    design_service_life_years = forms.IntegerField(label=_("Design service life (years)"), min_value=1, max_value=200)
    reason = forms.CharField(
        label=_("Reason for the change"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class UnitProjectForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100, help_text=_("e.g. 1号楼, 地下车库"))
    structure_type = forms.CharField(label=_("Structure type"), max_length=50, required=False)
    floors_above_ground = forms.IntegerField(label=_("Floors above ground"), min_value=0, max_value=200, required=False)
    floors_below_ground = forms.IntegerField(label=_("Floors below ground"), min_value=0, max_value=20, required=False)
    gross_floor_area = forms.DecimalField(
        label=_("Gross floor area (m²)"), min_value=0.01, max_value=99999999, decimal_places=2, required=False
    )


class PartyForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=PartyRole.choices)
    organization = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organization.objects.filter(kinds__kind__in=PARTY_KINDS).distinct().order_by("name"),
    )
    contract_number = forms.CharField(label=_("Contract number"), max_length=64, required=False)
    joined_on = forms.DateField(label=_("Joined on"), widget=DateInput())


class PartyLeaveForm(forms.Form):
    left_on = forms.DateField(label=_("Left on"), widget=DateInput())
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class StartForm(forms.Form):
    started_on = forms.DateField(label=_("Construction started on"), widget=DateInput())


class CompleteForm(forms.Form):
    completed_on = forms.DateField(label=_("Completion accepted on"), widget=DateInput())


class OrganizationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    uscc = forms.CharField(
        label=_("Unified social credit code"),
        max_length=40,
        help_text=_("18 characters; full-width and lower case are accepted."),
    )
    kinds = forms.MultipleChoiceField(
        label=_("Kinds"), choices=Organization.Kind.choices, widget=forms.CheckboxSelectMultiple
    )
    region_code = forms.CharField(
        label=_("Region code (GB/T 2260)"),
        max_length=6,
        widget=forms.TextInput(attrs={"list": "region-codes", "inputmode": "numeric"}),
    )
    address = forms.CharField(label=_("Address"), max_length=255)
    legal_representative = forms.CharField(label=_("Legal representative"), max_length=50, required=False)
    qualification = forms.CharField(label=_("Qualification certificate (资质)"), max_length=100, required=False)


class OrganizationEditForm(OrganizationForm):
    reason = forms.CharField(
        label=_("Reason for the change"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["uscc"]


class PersonForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=50)
    id_number = forms.CharField(
        label=_("ID number (身份证号)"),
        max_length=40,
        help_text=_("18 characters; stored encrypted and shown masked."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    employer = forms.ModelChoiceField(label=_("Employer"), queryset=Organization.objects.order_by("name"))
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    registration_kind = forms.ChoiceField(
        label=_("Registration"), choices=[("", "—"), *Registration.Kind.choices], required=False
    )
    registration_number = forms.CharField(label=_("Registration number"), max_length=64, required=False)
    registration_valid_from = forms.DateField(label=_("Valid from"), widget=DateInput(), required=False)
    registration_valid_until = forms.DateField(label=_("Valid until"), widget=DateInput(), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and not user.is_superuser:
            self.fields["employer"].queryset = Organization.objects.filter(pk=user.organization_id)
            self.fields["employer"].initial = user.organization_id

    def clean(self):
        data = super().clean()
        if data.get("registration_kind") and not data.get("registration_number"):
            self.add_error("registration_number", _("Enter the registration number."))
        if data.get("registration_kind") and not data.get("registration_valid_from"):
            self.add_error("registration_valid_from", _("Enter the date the registration became valid."))
        return data

    def registrations(self) -> list[dict]:
        d = self.cleaned_data
        if not d.get("registration_kind"):
            return []
        return [
            {
                "kind": d["registration_kind"],
                "number": d["registration_number"],
                "valid_from": d["registration_valid_from"],
                "valid_until": d.get("registration_valid_until"),
            }
        ]


class PersonEditForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=50)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    reason = forms.CharField(
        label=_("Reason for the change"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class RegistrationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Registration.Kind.choices)
    number = forms.CharField(label=_("Registration number"), max_length=64)
    issued_by = forms.CharField(label=_("Issued by"), max_length=100, required=False)
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput())
    valid_until = forms.DateField(label=_("Valid until"), widget=DateInput(), required=False)


class ProjectFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("name, code, permit, address")}),
    )
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("any")), *Project.Status.choices], required=False)
    region = forms.CharField(label=_("Region code prefix"), max_length=6, required=False)
