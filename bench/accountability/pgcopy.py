"""Streaming rows into PostgreSQL with COPY (psycopg 3 `cursor.copy()`), in COPY text format.

Rows are built as text lines (tab-separated, `\\N` for NULL) by the generator and
buffered per table; `flush()` sends each table's buffer with one COPY and
forgets it, so memory holds one chunk of projects at a time. Every value the
generator writes is free of tabs, newlines and backslashes, so no escaping is
needed (`text()` asserts it for the values that come from outside).
"""

from __future__ import annotations

import datetime as dt
import time

#: Column lists of every table the generator fills, in the order the lines carry them.
COLUMNS: dict[str, str] = {
    "auth_group": "id name",
    "projects_organization": "id name uscc legal_representative address qualification created_at group_id region_id",
    "projects_organizationkind": "id kind organization_id",
    "projects_person": (
        "id name id_number_encrypted id_number_digest id_number_masked birth_date phone created_at employer_id"
    ),
    "projects_registration": "id kind number issued_by valid_from valid_until created_at person_id",
    "projects_user": (
        "id password last_login is_superuser username first_name last_name email is_staff is_active date_joined "
        "role jurisdiction organization_id person_id"
    ),
    "projects_user_groups": "id user_id group_id",
    "authtoken_token": "key created user_id",
    "projects_project": (
        "id code name permit_number supervision_number address design_service_life_years status started_on "
        "completed_on lifetime_until created_at registered_by_id region_id"
    ),
    "projects_unitproject": (
        "id name structure_type floors_above_ground floors_below_ground gross_floor_area created_at project_id"
    ),
    "projects_participant": (
        "id role contract_number joined_on left_on leave_reason created_at created_by_id organization_id project_id"
    ),
    "projects_projectgroupobjectpermission": "id content_object_id group_id permission_id",
    "common_storedfile": ("id file original_name kind variant size sha256 pages uploaded_at owner_type_id owner_id"),
    "responsibility_lead": (
        "id role registration_number started_on ended_on end_reason committed_on correction_reason corrected_at "
        "created_at authorization_letter_id commitment_letter_id corrects_id organization_id party_id person_id "
        "project_id registration_id"
    ),
    "materials_witnessauthorization": (
        "id party_role valid_from revoked_on revoke_reason created_at authorized_by_id organization_id person_id "
        "project_id"
    ),
    "materials_batch": (
        "id spec batch_number batch_number_key quantity unit produced_on arrived_on certificate_number status "
        "accepted_by_name accepted_on accepted_at acceptance_note created_at certificate_id manufacturer_id "
        "project_id material_type_id"
    ),
    "materials_sample": (
        "id sample_number seal_number sampled_on sampling_location representative_quantity created_at batch_id "
        "lab_id project_id sampler_id witness_id witness_authorization_id"
    ),
    "materials_testreport": "id report_number tested_on conclusion values reason created_at lab_id sample_id",
    "materials_usage": (
        "id location location_key quantity used_on created_at withdrawn_on withdraw_reason batch_id project_id "
        "unit_project_id"
    ),
    "inspections_inspection": (
        "id kind name division_category location location_key performed_on result findings measured_values "
        "key_process notice_given_at process_started_at correction_reason corrected_at created_at corrects_id "
        "inspector_id parent_id project_id unit_project_id"
    ),
    "inspections_signature": "id role registration_number signed_on inspection_id organization_id person_id",
    "responsibility_defect": (
        "id location kind work_category discovered_on description severity status resolved_on resolution "
        "complainant complainant_contact channel occurred_at deaths serious_injuries direct_loss grade "
        "reported_to_authority_at created_at project_id reported_by_id reporter_organization_id unit_project_id"
    ),
}

NULL = "\\N"
_BAD = str.maketrans("", "", "\t\n\r\\")


def text(value: str) -> str:
    """A value from outside the generator's own tables (names from the region table, say)."""
    assert value == value.translate(_BAD), value
    return value


class Days:
    """ISO strings of dates kept as ordinals (the generator does date arithmetic on ints)."""

    def __init__(self):
        self._iso: dict[int, str] = {}

    def __call__(self, ordinal: int | None) -> str:
        if ordinal is None:
            return NULL
        iso = self._iso.get(ordinal)
        if iso is None:
            iso = self._iso[ordinal] = dt.date.fromordinal(ordinal).isoformat()
        return iso


class Ids:
    """The next primary key of each table: the generator assigns ids itself, so rows can
    reference each other before they reach the database (foreign keys are deferred)."""

    def __init__(self, start: dict[str, int]):
        self.next = dict(start)

    def take(self, table: str, n: int = 1) -> int:
        first = self.next[table]
        self.next[table] = first + n
        return first


def copy_tables(connection, buffers: dict[str, list[str]], rows: dict[str, int], seconds: dict[str, float]) -> None:
    """COPY each table's lines (in the caller's transaction), counting rows and time per table."""
    with connection.cursor() as cursor:
        for table, lines in buffers.items():
            if not lines:
                continue
            columns = ", ".join(f'"{c}"' for c in COLUMNS[table].split())
            started = time.perf_counter()
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for start in range(0, len(lines), 20000):
                    copy.write("".join(lines[start : start + 20000]))
            rows[table] += len(lines)
            seconds[table] += time.perf_counter() - started


class Copier:
    """Row buffers per table, handed over whole to whoever sends them (`take()`), or sent here (`flush()`)."""

    def __init__(self, connection):
        self.connection = connection  # a psycopg 3 connection
        self.buffers: dict[str, list[str]] = {table: [] for table in COLUMNS}
        self.rows: dict[str, int] = dict.fromkeys(COLUMNS, 0)
        self.seconds: dict[str, float] = dict.fromkeys(COLUMNS, 0.0)  # time in COPY per table

    def take(self) -> dict[str, list[str]]:
        """The lines built so far; the buffers start empty again (same list objects are not reused)."""
        full = {table: lines[:] for table, lines in self.buffers.items()}
        for lines in self.buffers.values():
            lines.clear()
        return full

    def flush(self) -> None:
        copy_tables(self.connection, self.take(), self.rows, self.seconds)
