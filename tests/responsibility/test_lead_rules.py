"""Leads (项目负责人): appointment, change with reason, corrections, registrations, tenure."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from common.exceptions import Conflict
from common.models import ChangeRecord, LastingRecordError, StoredFile
from projects import registry
from projects.models import Participant
from responsibility import services
from responsibility.models import Lead
from tests.factories.projects import PersonFactory, ProjectFactory, RegistrationFactory, add_party
from tests.factories.responsibility import appoint_lead, factory_actor, lead_person, letter

D = dt.date


def appoint(world, role="contractor", person=None, **kw):
    kw.setdefault("started_on", D(2024, 2, 1))
    kw.setdefault("authorization_letter", letter("授权书.pdf"))
    kw.setdefault("commitment_letter", letter("承诺书.pdf"))
    kw.setdefault("committed_on", kw["started_on"])
    return services.lead_appoint(
        actor=kw.pop("actor", world.owner),
        project=world.project,
        role=role,
        person=person or world.contractor_lead,
        **kw,
    )


class TestAppointing:
    def test_a_contractor_lead_is_recorded_with_the_registration_in_force(self, world):
        lead = appoint(world)
        assert lead.organization == world.contractor_org
        assert lead.registration_number == "浙133061700001"
        assert lead.is_current and lead.has_commitment
        assert lead.authorization_letter.owner_id == lead.pk
        entry = ChangeRecord.objects.get(action="lead_appoint", target_id=lead.pk)
        assert entry.scope_id == world.project.pk and entry.actor == world.owner
        assert entry.after["person_name"] == "王建国"
        assert entry.after["authorization_letter"]["sha256"] == lead.authorization_letter.sha256

    def test_a_contractor_lead_without_a_constructor_registration_is_refused(self, world):
        person = PersonFactory(name="无证人", employer=world.contractor_org)
        with pytest.raises(ValidationError) as exc:
            appoint(world, person=person)
        assert "无证人" in exc.value.message_dict["person"][0]
        assert not Lead.objects.exists()
        assert not StoredFile.objects.exists()

    def test_a_registration_expired_on_the_start_day_does_not_count(self, world):
        person = PersonFactory(name="过期人", employer=world.contractor_org)
        RegistrationFactory(person=person, kind="constructor_2", valid_from=D(2015, 1, 1), valid_until=D(2024, 1, 31))
        with pytest.raises(ValidationError) as exc:
            appoint(world, person=person, started_on=D(2024, 2, 1))
        assert "2024-02-01" in exc.value.message_dict["person"][0]

    def test_a_supervisor_lead_needs_a_supervising_engineer_registration(self, world):
        constructor = PersonFactory(employer=world.supervisor_org)
        RegistrationFactory(person=constructor, kind="constructor_1")
        with pytest.raises(ValidationError) as exc:
            appoint(world, role="supervisor", person=constructor)
        assert "person" in exc.value.message_dict
        assert appoint(world, role="supervisor", person=world.supervisor_lead).registration_number == "33008888"

    def test_an_owner_lead_needs_no_registration(self, world):
        person = PersonFactory(employer=world.owner_org)
        lead = appoint(world, role="owner", person=person)
        assert lead.registration is None and lead.registration_number == ""

    def test_the_lead_must_work_for_the_roles_party(self, world):
        with pytest.raises(ValidationError) as exc:
            appoint(world, role="contractor", person=world.supervisor_lead)
        assert world.contractor_org.name in exc.value.message_dict["person"][0]

    def test_a_role_without_a_party_has_no_lead(self, world):
        project = ProjectFactory(registered_by=world.owner_org)
        with pytest.raises(Conflict) as exc:
            services.lead_appoint(
                actor=world.admin,
                project=project,
                role="contractor",
                person=world.contractor_lead,
                started_on=D(2024, 2, 1),
                authorization_letter=letter(),
            )
        assert exc.value.code == "no_party"

    def test_the_letter_of_authorisation_is_required(self, world):
        with pytest.raises(ValidationError) as exc:
            appoint(world, authorization_letter=None)
        assert "authorization_letter" in exc.value.message_dict

    @pytest.mark.parametrize(
        ("data", "name"),
        [
            (b"just some text, not a PDF", "forged.pdf"),
            (b"%PDF-1.4 truncated nonsense", "broken.pdf"),
        ],
    )
    def test_forged_letters_are_refused_and_nothing_is_stored(self, world, data, name):
        from django.core.files.uploadedfile import SimpleUploadedFile

        with pytest.raises(ValidationError) as exc:
            appoint(world, commitment_letter=SimpleUploadedFile(name, data))
        assert "commitment_letter" in exc.value.message_dict
        assert not Lead.objects.exists() and not StoredFile.objects.exists()

    def test_a_commitment_needs_its_signing_date(self, world):
        with pytest.raises(ValidationError) as exc:
            appoint(world, committed_on=None)
        assert "committed_on" in exc.value.message_dict

    def test_dates_in_the_future_are_refused(self, world, today):
        with pytest.raises(ValidationError) as exc:
            appoint(world, started_on=today + dt.timedelta(days=3))
        assert "started_on" in exc.value.message_dict

    def test_a_lead_cannot_start_before_the_party_joined(self, world):
        with pytest.raises(ValidationError) as exc:
            appoint(world, started_on=D(2024, 1, 1))
        assert "started_on" in exc.value.message_dict

    def test_a_second_appointment_without_reason_is_a_conflict(self, world):
        appoint(world)
        other = lead_person(world.project, "contractor", name="赵二")
        with pytest.raises(Conflict) as exc:
            appoint(world, person=other, started_on=D(2024, 3, 1))
        assert exc.value.code == "lead_exists" and "王建国" in exc.value.message
        assert Lead.objects.count() == 1

    def test_only_writers_of_the_project_appoint(self, world):
        for user in (world.supervisor, world.surveyor, world.regulator):
            with pytest.raises(PermissionDenied):
                appoint(world, actor=user)
        assert not Lead.objects.exists()

    def test_a_completed_project_takes_no_new_leads(self, world):
        world.project.status, world.project.started_on = "completed", D(2024, 1, 20)
        world.project.completed_on, world.project.lifetime_until = D(2024, 6, 1), D(2074, 6, 1)
        world.project.save()
        with pytest.raises(Conflict) as exc:
            appoint(world)
        assert exc.value.code == "project_completed"


class TestChangingTheLead:
    def test_a_change_ends_the_predecessor_the_day_before(self, world):
        first = appoint(world)
        second_person = lead_person(world.project, "contractor", name="赵二")
        second = services.lead_change(
            actor=world.contractor,
            project=world.project,
            role="contractor",
            person=second_person,
            started_on=D(2024, 5, 1),
            authorization_letter=letter(),
            commitment_letter=letter(),
            committed_on=D(2024, 4, 28),
            reason="原项目经理调任",
        )
        first.refresh_from_db()
        assert (first.ended_on, first.end_reason) == (D(2024, 4, 30), "原项目经理调任")
        assert second.is_current and second.started_on == D(2024, 5, 1)
        actions = list(ChangeRecord.objects.order_by("id").values_list("action", "reason"))
        assert actions[-2:] == [("lead_end", "原项目经理调任"), ("lead_appoint", "原项目经理调任")]

    def test_a_change_needs_a_reason(self, world):
        appoint(world)
        with pytest.raises(ValidationError) as exc:
            services.lead_change(
                actor=world.owner,
                project=world.project,
                role="contractor",
                reason="  ",
                person=lead_person(world.project, "contractor"),
                started_on=D(2024, 5, 1),
                authorization_letter=letter(),
            )
        assert "reason" in exc.value.message_dict
        assert Lead.objects.get().is_current

    def test_the_successor_must_start_after_the_predecessor(self, world):
        appoint(world, started_on=D(2024, 3, 1))
        with pytest.raises(ValidationError) as exc:
            appoint(world, person=lead_person(world.project, "contractor"), started_on=D(2024, 3, 1), reason="换人")
        assert "started_on" in exc.value.message_dict
        lead = Lead.objects.get()
        assert lead.ended_on is None and lead.end_reason == ""

    def test_changing_to_the_same_person_is_refused(self, world):
        appoint(world)
        with pytest.raises(ValidationError):
            appoint(world, started_on=D(2024, 5, 1), reason="重复")

    def test_a_rejected_change_leaves_the_predecessor_in_office(self, world):
        appoint(world)
        with pytest.raises(ValidationError):
            appoint(world, person=PersonFactory(employer=world.contractor_org), started_on=D(2024, 5, 1), reason="换人")
        assert Lead.objects.get().is_current
        assert not ChangeRecord.objects.filter(action="lead_end").exists()


class TestCorrections:
    def test_a_correction_takes_the_place_of_the_wrong_entry_which_stays_visible(self, world):
        wrong = appoint(world, started_on=D(2024, 2, 1))
        fixed = services.lead_correct(
            actor=world.owner, lead=wrong, reason="开始日期录入错误", started_on=D(2024, 1, 20)
        )
        wrong.refresh_from_db()
        assert wrong.corrected_at is not None and not wrong.is_counting
        assert fixed.corrects == wrong and fixed.started_on == D(2024, 1, 20) and fixed.is_current
        assert fixed.authorization_letter_id == wrong.authorization_letter_id
        assert Lead.objects.filter(project=world.project).count() == 2
        entry = ChangeRecord.objects.get(action="lead_correct")
        assert entry.before["started_on"] == "2024-02-01" and entry.after["started_on"] == "2024-01-20"

    def test_a_corrected_entry_cannot_be_corrected_again(self, world):
        wrong = appoint(world)
        services.lead_correct(actor=world.owner, lead=wrong, reason="日期错", started_on=D(2024, 1, 20))
        with pytest.raises(Conflict):
            services.lead_correct(actor=world.owner, lead=wrong, reason="再改", started_on=D(2024, 1, 25))

    def test_a_correction_may_not_overlap_another_tenure(self, world):
        first = appoint(world, started_on=D(2024, 2, 1))
        appoint(world, person=lead_person(world.project, "contractor"), started_on=D(2024, 5, 1), reason="换人")
        first.refresh_from_db()
        with pytest.raises(ValidationError) as exc:
            services.lead_correct(actor=world.owner, lead=first, reason="结束日期", ended_on=D(2024, 6, 1))
        assert "ended_on" in exc.value.message_dict or "started_on" in exc.value.message_dict
        first.refresh_from_db()
        assert first.is_counting

    def test_a_correction_needs_a_reason_and_a_difference(self, world):
        lead = appoint(world)
        with pytest.raises(ValidationError) as exc:
            services.lead_correct(actor=world.owner, lead=lead, reason="", started_on=D(2024, 1, 20))
        assert "reason" in exc.value.message_dict
        with pytest.raises(ValidationError):
            services.lead_correct(actor=world.owner, lead=lead, reason="没有变化")

    def test_a_correction_can_replace_a_wrong_letter(self, world):
        lead = appoint(world)
        fixed = services.lead_correct(
            actor=world.owner,
            lead=lead,
            reason="承诺书上传错了",
            commitment_letter=letter("正确.pdf"),
            committed_on=D(2024, 2, 1),
        )
        assert fixed.commitment_letter_id != lead.commitment_letter_id
        assert fixed.commitment_letter.owner_id == fixed.pk

    def test_lasting_rows_are_never_deleted(self, world):
        lead = appoint(world)
        with pytest.raises(LastingRecordError):
            lead.delete()
        with pytest.raises(LastingRecordError):
            Lead.objects.all().delete()


class TestCommitmentFiledLater:
    def test_a_lead_appointed_without_commitment_files_it_later_once(self, world):
        lead = appoint(world, commitment_letter=None, committed_on=None)
        assert not lead.has_commitment
        lead = services.lead_commitment_file(
            actor=world.owner, lead=lead, commitment_letter=letter(), committed_on=D(2024, 2, 3)
        )
        assert lead.has_commitment and lead.committed_on == D(2024, 2, 3)
        with pytest.raises(Conflict) as exc:
            services.lead_commitment_file(
                actor=world.owner, lead=lead, commitment_letter=letter(), committed_on=D(2024, 2, 3)
            )
        assert exc.value.code == "commitment_exists"


class TestDatabaseGuarantees:
    def test_the_database_refuses_a_second_current_lead(self, world):
        from django.db import IntegrityError, transaction

        lead = appoint(world)
        clone = Lead(
            project=lead.project,
            role=lead.role,
            party=lead.party,
            organization=lead.organization,
            person=lead.person,
            started_on=D(2024, 3, 1),
            authorization_letter=lead.authorization_letter,
        )
        with pytest.raises(IntegrityError), transaction.atomic():
            clone.save(force_insert=True)

    @pytest.mark.postgres
    def test_postgres_refuses_overlapping_tenures_even_past_the_services(self, world):
        from django.db import IntegrityError, connection, transaction

        if connection.vendor != "postgresql":
            pytest.skip("exclusion constraints exist on PostgreSQL only")
        first = appoint(world, started_on=D(2024, 2, 1))
        appoint(world, person=lead_person(world.project, "contractor"), started_on=D(2024, 5, 1), reason="换人")
        first.refresh_from_db()
        overlapping = Lead(
            project=first.project,
            role=first.role,
            party=first.party,
            organization=first.organization,
            person=first.person,
            started_on=D(2024, 3, 1),
            ended_on=D(2024, 3, 31),
            end_reason="x",
            authorization_letter=first.authorization_letter,
        )
        with pytest.raises(IntegrityError, match="lead_no_overlapping_tenures"), transaction.atomic():
            overlapping.save(force_insert=True)
        # A corrected (non-counting) entry may overlap: it no longer counts.
        overlapping.corrected_at = first.created_at
        with transaction.atomic():
            overlapping.save(force_insert=True)


class TestResolver:
    def test_lead_on_names_who_led_the_role_on_a_day(self, world):
        first = appoint(world, started_on=D(2024, 2, 1))
        second = appoint(
            world, person=lead_person(world.project, "contractor", name="赵二"), started_on=D(2024, 5, 1), reason="换人"
        )
        assert registry.lead_on(world.project, "contractor", D(2024, 1, 31)) is None
        assert registry.lead_on(world.project, "contractor", D(2024, 4, 30)).person_id == first.person_id
        info = registry.lead_on(world.project, "contractor", D(2024, 5, 1))
        assert (info.person_name, info.started_on, info.ended_on) == ("赵二", D(2024, 5, 1), None)
        assert info.registration_number == second.registration_number
        assert registry.lead_on(world.project, "supervisor", D(2024, 5, 1)) is None

    def test_corrected_entries_never_answer(self, world):
        wrong = appoint(world, started_on=D(2024, 2, 1))
        services.lead_correct(actor=world.owner, lead=wrong, reason="应为3月", started_on=D(2024, 3, 1))
        assert registry.lead_on(world.project, "contractor", D(2024, 2, 15)) is None
        assert registry.lead_on(world.project, "contractor", D(2024, 3, 1)).person_name == "王建国"

    def test_it_runs_one_query(self, world, django_assert_num_queries):
        appoint(world)
        with django_assert_num_queries(1):
            registry.lead_on(world.project, "contractor", D(2024, 3, 1))


class TestWarnings:
    def test_a_contractor_lead_current_on_two_active_projects_is_warned_about(self, world):
        other = ProjectFactory(
            name="另一个在建项目", registered_by=world.owner_org, status="under_construction", started_on=D(2024, 1, 5)
        )
        for role, org in [("contractor", world.contractor_org)]:
            add_party(other, role, org)
        appoint_lead(other, "contractor", world.contractor_lead, started_on=D(2024, 1, 15))
        lead = appoint(world)
        warnings = services.lead_warnings(lead)
        assert len(warnings) == 1 and "另一个在建项目" in warnings[0]
        assert Participant.objects.filter(project=other).count() == 1
        # Seen from the other project: this one has not started, so it is not active yet.
        assert services.lead_warnings(Lead.objects.get(project=other)) == []

    def test_no_warning_for_a_single_project(self, world):
        assert services.lead_warnings(appoint(world)) == []
        assert factory_actor().is_superuser
