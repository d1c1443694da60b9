"""API shapes for leads, plaques and archives (docs/api.md, "Projects and responsibility").

Input serializers check types, lengths and uploads (type sniffed from the
bytes, size and pixel limits); the services decide the domain rules.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.models import StoredFile
from common.uploads import DOCUMENT, PHOTO, check_upload
from projects.models import Organization, PartyRole, Person, Registration
from responsibility.models import Lead, Plaque, PlaqueEntry, PlaqueInstallation, ResponsibilityArchive


class StoredFileRefSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="original_name")
    url = serializers.SerializerMethodField()

    class Meta:
        model = StoredFile
        fields = ["id", "name", "kind", "size", "pages", "sha256", "url"]
        read_only_fields = fields

    def get_url(self, obj: StoredFile) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(obj.download_url) if request else obj.download_url


class LeadSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)
    person_id_number_masked = serializers.CharField(source="person.id_number_masked", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    authorization_letter = StoredFileRefSerializer(read_only=True)
    commitment_letter = StoredFileRefSerializer(read_only=True, allow_null=True)
    is_current = serializers.BooleanField(read_only=True)
    counts = serializers.BooleanField(source="is_counting", read_only=True)
    corrected_by = serializers.SerializerMethodField()

    class Meta:
        model = Lead
        fields = [
            "id",
            "role",
            "person",
            "person_name",
            "person_id_number_masked",
            "organization",
            "organization_name",
            "registration",
            "registration_number",
            "started_on",
            "ended_on",
            "end_reason",
            "authorization_letter",
            "commitment_letter",
            "committed_on",
            "is_current",
            "counts",
            "corrects",
            "correction_reason",
            "corrected_at",
            "corrected_by",
            "created_at",
        ]
        read_only_fields = fields

    def get_corrected_by(self, obj: Lead) -> int | None:
        fixed = getattr(obj, "corrected_by", None) if obj.corrected_at else None
        return fixed.pk if fixed else None


class LeadWithWarningsSerializer(LeadSerializer):
    warnings = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta(LeadSerializer.Meta):
        fields = [*LeadSerializer.Meta.fields, "warnings"]
        read_only_fields = fields


class _LetterFields(serializers.Serializer):
    def _letter(self, value):
        if value in (None, ""):
            return None
        return check_upload(value, DOCUMENT)

    def validate_authorization_letter(self, value):
        return self._letter(value)

    def validate_commitment_letter(self, value):
        return self._letter(value)


def _candidates(project):
    """People who may lead on the project: staff of its parties (current and past)."""
    return Person.objects.filter(employer__participations__project=project).distinct()


class LeadCreateSerializer(_LetterFields):
    role = serializers.ChoiceField(PartyRole.choices)
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.none())
    registration = serializers.PrimaryKeyRelatedField(
        queryset=Registration.objects.none(),
        required=False,
        allow_null=True,
        help_text=_("Optional: the registration the lead acts under (else the best valid one is taken)."),
    )
    started_on = serializers.DateField()
    authorization_letter = serializers.FileField(help_text=_("法定代表人授权书: PDF, JPEG or PNG."))
    commitment_letter = serializers.FileField(
        required=False, allow_null=True, help_text=_("工程质量终身责任承诺书; may be filed later.")
    )
    committed_on = serializers.DateField(required=False, allow_null=True)
    reason = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        help_text=_("Required when the role already has a lead: the appointment then changes the lead."),
    )

    def __init__(self, *args, project=None, **kwargs):
        super().__init__(*args, **kwargs)
        if project is not None and project.pk:
            people = _candidates(project)
            self.fields["person"].queryset = people
            self.fields["registration"].queryset = Registration.objects.filter(person__in=people)


class LeadCorrectSerializer(_LetterFields):
    reason = serializers.CharField(max_length=2000)
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.none(), required=False)
    registration = serializers.PrimaryKeyRelatedField(queryset=Registration.objects.none(), required=False)
    started_on = serializers.DateField(required=False)
    ended_on = serializers.DateField(required=False)
    authorization_letter = serializers.FileField(required=False)
    commitment_letter = serializers.FileField(required=False)
    committed_on = serializers.DateField(required=False)

    def __init__(self, *args, project=None, **kwargs):
        super().__init__(*args, **kwargs)
        if project is not None and project.pk:
            people = _candidates(project)
            self.fields["person"].queryset = people
            self.fields["registration"].queryset = Registration.objects.filter(person__in=people)


class LeadCommitmentSerializer(_LetterFields):
    commitment_letter = serializers.FileField()
    committed_on = serializers.DateField()


class PlaqueEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = PlaqueEntry
        fields = ["role", "organization_name", "organization_uscc", "lead_name", "registration_number"]
        read_only_fields = fields


class PlaqueInstallationSerializer(serializers.ModelSerializer):
    photo = StoredFileRefSerializer(read_only=True)
    photo_taken_at = serializers.DateTimeField(source="photo.taken_at", read_only=True, allow_null=True)

    class Meta:
        model = PlaqueInstallation
        fields = ["id", "installed_on", "location", "note", "photo", "photo_taken_at", "recorded_at"]
        read_only_fields = fields


class PlaqueSerializer(serializers.ModelSerializer):
    """One version of the plaque. `GET plaque/` answers the current one."""

    public_url = serializers.CharField(read_only=True)
    entries = serializers.SerializerMethodField()
    pdf_url = serializers.SerializerMethodField()
    svg_url = serializers.SerializerMethodField()
    installations = PlaqueInstallationSerializer(many=True, read_only=True)
    is_current = serializers.BooleanField(read_only=True)
    replaces = serializers.SerializerMethodField(help_text=_("The version this one replaced (null for the first)."))
    pdf_sha256 = serializers.CharField(source="pdf.sha256", read_only=True, default=None)

    class Meta:
        model = Plaque
        fields = [
            "code",
            "public_url",
            "version",
            "is_current",
            "issued_on",
            "project_name",
            "project_code",
            "project_address",
            "design_service_life_years",
            "started_on",
            "completed_on",
            "lifetime_until",
            "location",
            "entries",
            "pdf_url",
            "pdf_sha256",
            "svg_url",
            "installations",
            "replaces",
            "replacement_reason",
            "replacement_note",
            "replaced_at",
        ]
        read_only_fields = fields

    @extend_schema_field(PlaqueEntrySerializer(many=True))
    def get_entries(self, obj: Plaque):
        entries = obj.ordered_entries()
        return PlaqueEntrySerializer(entries, many=True).data

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_replaces(self, obj: Plaque) -> int | None:
        # Versions are numbered 1, 2, … and each replaces the one before (plaque_replace).
        return obj.version - 1 if obj.replaces_id else None

    def _url(self, name: str, obj: Plaque) -> str:
        # The current version keeps the short URLs; every version also has its own.
        if obj.is_current:
            url = reverse(f"api-plaque-{name}", args=[obj.project_id])
        else:
            url = reverse(f"api-plaque-version-{name}", args=[obj.project_id, obj.version])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url

    def get_pdf_url(self, obj: Plaque) -> str:
        return self._url("pdf", obj)

    def get_svg_url(self, obj: Plaque) -> str:
        return self._url("svg", obj)


class PublicPlaqueVersionSerializer(serializers.Serializer):
    """An earlier version, as the public page lists it: when it was issued, when and why it was replaced."""

    version = serializers.IntegerField(read_only=True)
    issued_on = serializers.DateField(read_only=True)
    replaced_on = serializers.DateField(read_only=True, help_text=_("The day its successor was issued."))
    replaced_because = serializers.ChoiceField(Plaque.Reason.choices, read_only=True)


class PublicPlaqueSerializer(serializers.ModelSerializer):
    """What anyone may read from the plaque: no ID numbers, no internal ids.

    Always the current version (every version shares the code); `earlier`
    lists the versions it replaced, with their reasons.
    """

    public_url = serializers.CharField(read_only=True)
    entries = serializers.SerializerMethodField()
    installed_on = serializers.SerializerMethodField()
    photo_url = serializers.SerializerMethodField()
    earlier = PublicPlaqueVersionSerializer(many=True, read_only=True)

    class Meta:
        model = Plaque
        fields = [
            "code",
            "public_url",
            "version",
            "issued_on",
            "project_name",
            "project_address",
            "design_service_life_years",
            "started_on",
            "completed_on",
            "lifetime_until",
            "location",
            "entries",
            "installed_on",
            "photo_url",
            "replacement_reason",
            "earlier",
        ]
        read_only_fields = fields

    @extend_schema_field(PlaqueEntrySerializer(many=True))
    def get_entries(self, obj: Plaque):
        entries = obj.ordered_entries()
        return PlaqueEntrySerializer(entries, many=True).data

    def _installation(self, obj: Plaque):
        return next(iter(obj.installations.all()), None)

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_installed_on(self, obj: Plaque):
        inst = self._installation(obj)
        return inst.installed_on.isoformat() if inst else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_photo_url(self, obj: Plaque):
        if self._installation(obj) is None:
            return None
        url = reverse("responsibility:public_plaque_photo", args=[obj.code])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class PlaqueIssueSerializer(serializers.Serializer):
    location = serializers.CharField(max_length=200, help_text=_("Where on the building the plaque is fixed."))
    issued_on = serializers.DateField(required=False)


class PlaqueReplaceSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(Plaque.Reason.choices)
    note = serializers.CharField(
        max_length=2000, allow_blank=True, help_text=_("What happened to the plaque, or what was corrected.")
    )
    location = serializers.CharField(
        max_length=200, required=False, allow_blank=True, help_text=_("Default: where the replaced version was.")
    )
    issued_on = serializers.DateField(required=False)
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=_("The version being replaced; if it is no longer the current one the answer is 409."),
    )


class PlaqueInstallSerializer(serializers.Serializer):
    installed_on = serializers.DateField()
    location = serializers.CharField(max_length=200)
    photo = serializers.ImageField(help_text=_("A photo of the installed plaque: JPEG, PNG or WebP."))
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)

    def validate_photo(self, value):
        return check_upload(value, PHOTO)


class ArchiveSerializer(serializers.ModelSerializer):
    pdf_url = serializers.SerializerMethodField()
    handed_over_to = serializers.PrimaryKeyRelatedField(read_only=True)
    handed_over_to_name = serializers.CharField(source="handed_over_to.name", read_only=True, default=None)

    class Meta:
        model = ResponsibilityArchive
        fields = [
            "version",
            "sha256",
            "pdf_url",
            "pages",
            "lead_count",
            "generated_at",
            "handed_over_to",
            "handed_over_to_name",
            "handed_over_on",
            "receipt_number",
        ]
        read_only_fields = fields

    def get_pdf_url(self, obj: ResponsibilityArchive) -> str:
        request = self.context.get("request")
        url = obj.pdf.download_url
        return request.build_absolute_uri(url) if request else url


class ArchiveHandoverSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, min_value=1, help_text=_("Default: the latest version."))
    handed_over_to = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(), help_text=_("An organisation registered as a construction archive.")
    )
    handed_over_on = serializers.DateField()
    receipt_number = serializers.CharField(max_length=64)
