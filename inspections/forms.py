"""Page forms. They check shapes only (and run the photo checks); rules live in the services."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.forms import DateInput
from inspections.models import CHILD_KIND, DivisionCategory, Inspection, InspectionKind, KeyProcess, Result, SignerRole
from inspections.rules import COSIGNER_ROLES
from inspections.services._util import checked_photos
from projects.models import Participant, Person, Project

COSIGNER_ROWS = 4


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos from one <input type=file multiple>, each through the upload checks."""

    widget = MultiplePhotoInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        # On a phone, `capture` opens the camera; `accept` limits the picker to images.
        self.widget.attrs.update(
            {"accept": "image/jpeg,image/png,image/webp", "capture": "environment", "multiple": True}
        )

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if not files:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        try:
            return checked_photos(files)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict.get("photos", exc.messages)) from None


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%Y-%m-%dT%H:%M")
        super().__init__(**kwargs)


def _party_people(project: Project):
    orgs = Participant.objects.filter(project=project, left_on__isnull=True).values("organization_id")
    return Person.objects.filter(employer_id__in=orgs).select_related("employer").order_by("employer__name", "name")


class InspectionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[c for c in InspectionKind.choices if c[0] != InspectionKind.SPOT_CHECK]
    )
    unit_project = forms.ModelChoiceField(label=_("Unit project"), queryset=None, empty_label=None)
    name = forms.CharField(label=_("What was inspected"), max_length=200, help_text=_("e.g. 5F 柱钢筋安装"))
    location = forms.CharField(
        label=_("Location"), max_length=400, required=False, help_text=_("Levels separated by /, e.g. 5F/柱/C-3")
    )
    division_category = forms.ChoiceField(
        label=_("Division (分部)"), choices=[("", "—"), *DivisionCategory.choices], required=False
    )
    performed_on = forms.DateField(label=_("Date"), widget=DateInput())
    result = forms.ChoiceField(label=_("Result"), choices=Result.choices, widget=forms.RadioSelect)
    findings = forms.CharField(label=_("Findings"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    measured_values = forms.CharField(
        label=_("Measured values"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "保护层厚度(mm)=25"}),
        help_text=_("One per line: name=value"),
    )
    photos = PhotosField(label=_("Photos"), help_text=_("Take or choose photos; JPEG, PNG or WebP."))
    key_process = forms.ChoiceField(label=_("Key process"), choices=[("", "—"), *KeyProcess.choices], required=False)
    notice_given_at = forms.DateTimeField(
        label=_("Contractor's notice received at"), required=False, widget=DateTimeLocalInput()
    )
    process_started_at = forms.DateTimeField(label=_("Process started at"), required=False, widget=DateTimeLocalInput())
    children = forms.MultipleChoiceField(
        label=_("Records this acceptance covers"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, project: Project, correcting: Inspection | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        self.fields["unit_project"].queryset = project.unit_projects.order_by("name", "id")
        self.fields["performed_on"].initial = timezone.localdate()
        people = list(_party_people(project))
        person_choices = [("", "—")] + [(p.pk, f"{p.name} · {p.employer.name if p.employer else ''}") for p in people]
        role_choices = [("", "—")] + [(r, SignerRole(r).label) for r in COSIGNER_ROLES]
        for i in range(1, COSIGNER_ROWS + 1):
            self.fields[f"cosigner_{i}_person"] = forms.TypedChoiceField(
                label=_("Co-signer %(n)d") % {"n": i},
                choices=person_choices,
                required=False,
                coerce=int,
                empty_value=None,
            )
            self.fields[f"cosigner_{i}_role"] = forms.ChoiceField(
                label=_("signs as"), choices=role_choices, required=False
            )
        self._people = {p.pk: p for p in people}
        pending = (
            Inspection.objects.counting()
            .filter(project=project, kind__in=list(CHILD_KIND.values()))
            .filter(parent__isnull=True)
            .select_related("unit_project")
            .order_by("kind", "unit_project__name", "performed_on", "id")
        )
        if correcting is not None:
            pending = pending | Inspection.objects.counting().filter(parent=correcting)
            self.fields.pop("kind")
            self.fields["reason"] = forms.CharField(
                label=_("Reason for the correction"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
            )
        self.fields["children"].choices = [
            (
                c.pk,
                f"[{c.get_kind_display()}] {c.unit_project.name} · {c.name} {c.location} · "
                f"{c.performed_on:%Y-%m-%d} · {c.get_result_display()}",
            )
            for c in pending
        ]

    def cosigner_rows(self):
        return [(self[f"cosigner_{i}_person"], self[f"cosigner_{i}_role"]) for i in range(1, COSIGNER_ROWS + 1)]

    def clean_measured_values(self) -> dict:
        values = {}
        for line in (self.cleaned_data.get("measured_values") or "").splitlines():
            if not line.strip():
                continue
            name, sep, value = line.partition("=")
            if not sep or not name.strip():
                raise ValidationError(_("Write each value as name=value."))
            values[name.strip()] = value.strip()
        return values

    def clean(self):
        data = super().clean()
        cosigners = []
        for i in range(1, COSIGNER_ROWS + 1):
            person, role = data.pop(f"cosigner_{i}_person", None), data.pop(f"cosigner_{i}_role", "")
            if person is None and not role:
                continue
            if person is None or not role:
                self.add_error(f"cosigner_{i}_person", _("Choose both the person and the capacity."))
                continue
            cosigners.append({"person": self._people[person], "role": role})
        data["cosigners"] = cosigners
        data["children"] = [int(c) for c in data.get("children") or []]
        return data

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("reason", None)
        return data


class RectificationIssueForm(forms.Form):
    issued_to = forms.ModelChoiceField(label=_("Issued to"), queryset=None, empty_label=None)
    requirement = forms.CharField(
        label=_("What must be rectified"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    due_on = forms.DateField(label=_("Due on"), widget=DateInput())

    def __init__(self, *args, inspection: Inspection, **kwargs):
        super().__init__(*args, **kwargs)
        parties = Participant.objects.filter(project=inspection.project, left_on__isnull=True).select_related(
            "organization"
        )
        if inspection.kind != InspectionKind.SPOT_CHECK:
            parties = parties.exclude(role="supervisor")
        self.fields["issued_to"].queryset = parties.order_by("role")
        self.fields["issued_to"].label_from_instance = lambda p: f"{p.get_role_display()}: {p.organization.name}"
        self.fields["due_on"].initial = timezone.localdate() + dt.timedelta(days=7)


class ReplyForm(forms.Form):
    text = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    photos = PhotosField(label=_("Photos as evidence"))


class CloseForm(forms.Form):
    note = forms.CharField(label=_("Verification note"), required=False, max_length=2000)


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Why reopen"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    due_on = forms.DateField(label=_("New due date"), widget=DateInput())


class DrawForm(forms.Form):
    region_code = forms.CharField(label=_("Region code prefix"), max_length=6, help_text=_("e.g. 3301 or 330106"))
    share = forms.DecimalField(
        label=_("Share of active projects"),
        min_value=0.001,
        max_value=1,
        decimal_places=3,
        initial=0.1,
        help_text=_("0.1 draws one in ten of the projects under construction."),
    )
    inspectors_per_check = forms.IntegerField(label=_("Inspectors per check"), min_value=1, max_value=10, initial=2)
    seed = forms.CharField(
        label=_("Random seed"),
        max_length=64,
        required=False,
        help_text=_("Leave empty for a fresh random seed; it is recorded so the draw can be checked."),
    )


class SpotCheckRecordForm(forms.Form):
    checked_on = forms.DateField(label=_("Checked on"), widget=DateInput())
    items = forms.CharField(
        label=_("Items checked"),
        widget=forms.Textarea(
            attrs={"rows": 4, "placeholder": "钢筋保护层厚度=pass\n混凝土强度回弹=fail=3F 剪力墙偏低"}
        ),
        help_text=_("One per line: item=pass or item=fail, optionally =note"),
    )
    findings = forms.CharField(label=_("Findings"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    result = forms.ChoiceField(label=_("Result"), choices=Result.choices, widget=forms.RadioSelect)

    def clean_items(self):
        items = []
        for line in self.cleaned_data["items"].splitlines():
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("=", 2)]
            if len(parts) < 2 or parts[1] not in Result.values:
                raise ValidationError(_("Write each item as item=pass or item=fail."))
            items.append({"item": parts[0], "result": parts[1], "note": parts[2] if len(parts) > 2 else ""})
        return items
