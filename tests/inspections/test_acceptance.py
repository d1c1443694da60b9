"""The GB 50300 hierarchy: levels, signers, corrections, the acceptance tree and its query count."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from common.exceptions import Conflict
from inspections import selectors, services
from inspections.models import Inspection
from tests.conftest import client_for
from tests.factories.inspections import full_tree, level_cosigners, record_level, record_lot
from tests.factories.responsibility import appoint_lead, lead_person
from tests.helpers import assert_access, assert_constant_queries

pytestmark = pytest.mark.django_db


class TestHierarchy:
    def test_a_full_tree_from_lots_to_unit_acceptance(self, site):
        tree = full_tree(site)
        for lot in ("lot1", "lot2"):
            tree[lot].refresh_from_db()
            assert tree[lot].parent == tree["sub_item"]
        tree["sub_item"].refresh_from_db()
        tree["division"].refresh_from_db()
        assert tree["sub_item"].parent == tree["division"] and tree["division"].parent == tree["unit"]
        roles = set(tree["unit"].signatures.values_list("role", flat=True))
        assert roles == {"chief_supervisor", "owner_lead", "contractor_lead", "design_lead", "survey_lead"}

    def test_a_higher_level_cannot_pass_over_a_failed_lower_level(self, site):
        good, bad = record_lot(site), record_lot(site, result="fail", location="5F/柱/C-4")
        with pytest.raises(Conflict) as exc:
            record_level(site, "sub_item", [good, bad])
        assert exc.value.code == "lower_level_failed"
        assert any("C-4" in p or str(bad.pk) in p for p in exc.value.problems)
        good.refresh_from_db()
        assert good.parent is None  # nothing was kept
        # It may be recorded as failed.
        failed = record_level(site, "sub_item", [good, bad], result="fail")
        assert failed.result == "fail"

    def test_the_api_answers_409_for_a_pass_over_a_failure(self, site):
        bad = record_lot(site, result="fail")
        response = client_for(site.engineer_user).post(
            "/api/v1/inspections/",
            {
                "project": site.project.pk,
                "unit_project": site.world.unit.pk,
                "kind": "sub_item",
                "name": "钢筋",
                "performed_on": site.day.isoformat(),
                "result": "pass",
                "children": [bad.pk],
            },
            format="json",
        )
        assert response.status_code == 409
        assert response.json()["code"] == "lower_level_failed"
        assert Inspection.objects.count() == 1

    def test_a_level_covers_only_the_level_below_in_the_same_unit(self, site):
        lot = record_lot(site)
        with pytest.raises(ValidationError) as exc:
            record_level(site, "division", [lot])
        assert "children" in exc.value.message_dict
        with pytest.raises(ValidationError):
            record_level(site, "sub_item", [])
        sub = record_level(site, "sub_item", [lot])
        with pytest.raises(ValidationError) as exc:
            record_level(site, "sub_item", [lot])  # already covered
        assert str(sub.pk) in exc.value.message_dict["children"][0]

    def test_a_division_is_signed_by_the_chief_supervising_engineer(self, site):
        sub = record_level(site, "sub_item", [record_lot(site)])
        with pytest.raises(PermissionDenied) as exc:
            record_level(site, "division", [sub], actor=site.engineer_user)
        assert "总监理工程师" in str(exc.value) or "chief" in str(exc.value)

    @pytest.mark.parametrize(
        ("category", "missing"),
        [
            ("foundation", "survey_lead"),
            ("foundation", "design_lead"),
            ("main_structure", "design_lead"),
            ("energy", "design_lead"),
            ("roof", "contractor_lead"),
        ],
    )
    def test_a_division_needs_the_leads_the_standard_names(self, site, category, missing):
        sub = record_level(site, "sub_item", [record_lot(site)])
        signers = [s for s in level_cosigners(site, "division", category) if s["role"] != missing]
        with pytest.raises(ValidationError) as exc:
            record_level(site, "division", [sub], category=category, cosigners=signers)
        assert "cosigners" in exc.value.message_dict
        assert record_level(site, "division", [sub], category=category).result == "pass"

    def test_a_co_signer_must_hold_the_role_on_the_day(self, site):
        sub = record_level(site, "sub_item", [record_lot(site)])
        impostor = site.lead("owner")  # the owner's lead is not the design lead
        signers = level_cosigners(site, "division", "main_structure")
        signers[-1] = {"person": impostor, "role": "design_lead"}
        with pytest.raises(ValidationError) as exc:
            record_level(site, "division", [sub], cosigners=signers)
        message = " ".join(exc.value.message_dict["cosigners"])
        assert impostor.name in message and site.lead("designer").name in message

    def test_a_lead_who_left_signs_only_for_days_of_their_tenure(self, site):
        old_designer = site.lead("designer")
        new = lead_person(site.project, "designer", name="新设计负责人")
        change_day = site.day - dt.timedelta(days=1)
        appoint_lead(site.project, "designer", new, started_on=change_day, reason="设计负责人调整")
        sub = record_level(site, "sub_item", [record_lot(site)])
        signers = [
            {"person": site.lead("contractor"), "role": "contractor_lead"},
            {"person": old_designer, "role": "design_lead"},
        ]
        with pytest.raises(ValidationError):
            record_level(site, "division", [sub], cosigners=signers)
        signers[1] = {"person": new, "role": "design_lead"}
        assert record_level(site, "division", [sub], cosigners=signers).pk

    def test_a_discipline_engineer_needs_a_valid_registration_and_the_right_employer(self, site):
        from tests.factories.projects import PersonFactory, UserFactory

        unregistered = UserFactory(
            username="clerk",
            role="supervisor",
            organization=site.world.supervisor_org,
            person=PersonFactory(employer=site.world.supervisor_org),
        )
        with pytest.raises(PermissionDenied):
            record_lot(site, actor=unregistered)
        with pytest.raises(ValidationError) as exc:
            record_lot(site, inspector=site.world.contractor_lead)
        assert "inspector" in exc.value.message_dict

    def test_side_station_needs_the_key_process_the_notice_and_the_contractor_qc(self, site):
        from django.utils import timezone

        start = timezone.now() - dt.timedelta(days=3)
        kwargs = {
            "kind": "side_station",
            "name": "5F 楼板混凝土浇筑旁站",
            "key_process": "concreting",
            "notice_given_at": start - dt.timedelta(hours=20),
            "process_started_at": start,
        }
        with pytest.raises(ValidationError) as exc:
            record_lot(site, **kwargs)
        assert "cosigners" in exc.value.message_dict
        record = record_lot(
            site, cosigners=[{"person": site.quality_inspector, "role": "contractor_quality_inspector"}], **kwargs
        )
        assert record.late_notice and record.notice_hours == 20.0
        with pytest.raises(ValidationError) as exc:
            record_lot(site, **{**kwargs, "key_process": ""})
        assert "key_process" in exc.value.message_dict


class TestCorrections:
    def test_a_correction_replaces_the_record_in_the_tree_and_both_stay(self, site):
        tree = full_tree(site)
        lot = tree["lot1"]
        fixed = services.inspection_correct(
            actor=site.engineer_user, original=lot, reason="位置填错", location="5F/柱/C-9"
        )
        lot.refresh_from_db()
        assert not lot.is_counting and fixed.corrects == lot and fixed.parent == tree["sub_item"]
        assert Inspection.objects.filter(pk=lot.pk).exists()
        units = selectors.acceptance_tree(site.project)
        sub = units[0]["acceptances"][0]["children"][0]["children"][0]
        assert sub["lots"] == {"total": 2, "passed": 2, "failed": 0}

    def test_a_failing_correction_under_a_passed_level_is_refused(self, site):
        tree = full_tree(site)
        with pytest.raises(Conflict) as exc:
            services.inspection_correct(
                actor=site.engineer_user, original=tree["lot1"], reason="复查不合格", result="fail"
            )
        assert exc.value.code == "parent_passed"

    def test_correcting_a_higher_level_moves_its_children_to_the_correction(self, site):
        tree = full_tree(site)
        fixed = services.inspection_correct(
            actor=site.engineer_user, original=tree["sub_item"], reason="名称更正", name="钢筋安装"
        )
        assert set(fixed.children.values_list("pk", flat=True)) == {tree["lot1"].pk, tree["lot2"].pk}
        assert fixed.parent == tree["division"]
        with pytest.raises(Conflict):
            services.inspection_correct(actor=site.engineer_user, original=tree["sub_item"], reason="again")

    def test_the_api_needs_a_reason(self, site):
        lot = record_lot(site)
        client = client_for(site.engineer_user)
        assert (
            client.post(f"/api/v1/inspections/{lot.pk}/correct/", {"result": "fail"}, format="json").status_code == 400
        )
        response = client.post(
            f"/api/v1/inspections/{lot.pk}/correct/", {"result": "fail", "reason": "复测不合格"}, format="json"
        )
        assert response.status_code == 201
        assert response.json()["corrects"] == lot.pk
        assert client.get(f"/api/v1/inspections/{lot.pk}/").json()["corrected_by"] == response.json()["id"]


class TestAcceptanceTree:
    def test_who_sees_the_tree(self, site):
        full_tree(site)
        url = f"/api/v1/projects/{site.project.pk}/acceptance-tree/"
        assert_access(
            site.world,
            "GET",
            url,
            {
                "owner": 200,
                "supervisor": 200,
                "regulator": 200,
                "admin": 200,
                "outsider": 404,
                "lab": 404,
                "other_supervisor": 404,
                "other_regulator": 404,
                "anonymous": 401,
            },
        )

    def test_the_tree_shows_levels_counts_and_pending_records(self, site):
        tree = full_tree(site)
        record_lot(site, location="6F/梁/L-1", result="fail")
        [unit] = client_for(site.world.owner).get(f"/api/v1/projects/{site.project.pk}/acceptance-tree/?lots=1").json()
        assert unit["unit_project"]["name"] == "1号楼"
        [top] = unit["acceptances"]
        assert top["id"] == tree["unit"].pk and top["kind"] == "unit_acceptance"
        division = top["children"][0]
        sub = division["children"][0]
        assert sub["lots"] == {"total": 2, "passed": 2, "failed": 0}
        assert {lot["id"] for lot in sub["lot_records"]} == {tree["lot1"].pk, tree["lot2"].pk}
        assert unit["pending_lots"] == {"total": 1, "passed": 0, "failed": 1}

    def test_the_tree_runs_the_same_queries_whatever_its_size(self, site):
        full_tree(site)
        client = client_for(site.world.owner)

        def grow():
            for n in range(3):
                lots = [record_lot(site, location=f"{n}F/板/{i}") for i in range(4)]
                record_level(site, "sub_item", lots, name=f"{n}F 模板")

        count = assert_constant_queries(
            lambda: client.get(f"/api/v1/projects/{site.project.pk}/acceptance-tree/?lots=1"), grow
        )
        assert count <= 7


class TestInspectionsAt:
    def test_the_trace_finds_records_at_inside_and_around_a_location(self, site):
        tree = full_tree(site)
        concealed = record_lot(site, kind="concealed_works", location="5F/柱", name="5F 柱钢筋隐蔽")
        elsewhere = record_lot(site, location="6F/柱/C-1")
        found = set(selectors.inspections_at(site.project, site.world.unit, "5F/柱/C-1").values_list("pk", flat=True))
        assert {tree["lot1"].pk, concealed.pk, tree["unit"].pk, tree["division"].pk, tree["sub_item"].pk} <= found
        assert elsewhere.pk not in found and tree["lot2"].pk not in found
