"""The review form codec: content → form rows → posted fields → the same content."""

import re

import pytest
from django.http import QueryDict
from django.template.loader import render_to_string

from binhdang.plans.content import clean_content
from binhdang.plans.importers import parse_plan_text
from binhdang.plans.review import AgencyCheck, fields_to_content, review_rows
from binhdang.plans.tests.conftest import seed_text

SEEDS = ["000", "001", "002", "003", "004"]


def _post_of(html: str) -> QueryDict:
    """What a browser would send for the rendered form (inputs, selects, textareas)."""
    data = QueryDict(mutable=True)
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html):
        data.appendlist(name, _unescape(value))
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        data.appendlist(name, _unescape(body))
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', body)
        data.appendlist(name, _unescape(chosen[1]) if chosen else "")
    return data


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


@pytest.mark.parametrize("seed", SEEDS)
def test_rendered_form_reads_back_to_the_same_content(seed):
    """Nothing is lost or changed by showing a parsed plan in the form and posting it."""
    content = parse_plan_text(seed_text(seed)).to_dict()
    html = render_to_string("plans/includes/plan_form.html", {"rows": review_rows(content)})
    back = fields_to_content(_post_of(html))
    expected = clean_content(content)
    got = clean_content(back)
    for activity_list in (expected["tasks"], got["tasks"]):
        for task in activity_list:
            for a in task["activities"]:
                a.pop("timing_parsed", None)
    assert got == expected


def test_blank_rows_end_every_list():
    content = {
        "title": "Kế hoạch",
        "targets": [{"text": "Đạt 90%", "milestones": [{"year": 2025, "value": 90}]}],
        "tasks": [{"title": "Nhiệm vụ", "activities": [{"title": "Hoạt động"}]}],
        "responsibilities": [{"agency": "Sở Y tế", "duties": ["Chủ trì"]}],
    }
    rows = review_rows(content)
    assert [t["is_new"] for t in rows["targets"]] == [False, True]
    assert [m["year"] for m in rows["targets"][0]["milestones"]] == ["2025", ""]
    assert [t["is_new"] for t in rows["tasks"]] == [False, True]
    assert [a["is_new"] for a in rows["tasks"][0]["activities"]] == [False, True]
    assert rows["tasks"][0]["activities"][0]["code"] == "1.1"
    assert [r["is_new"] for r in rows["responsibilities"]] == [False, True]
    assert rows["counts"] == {"targets": 1, "tasks": 1, "activities": 1, "responsibilities": 1}


def test_filled_blank_rows_become_items_and_emptied_items_go():
    data = QueryDict(mutable=True)
    data.update(
        {
            "title": "Kế hoạch",
            "targets-0-text": "",  # emptied: removed
            "targets-0-m-0-year": "",
            "targets-1-text": "Mới: đạt 95%",
            "targets-1-m-0-year": "2030",
            "targets-1-m-0-value": "95",
            "targets-1-m-0-unit": "%",
            "tasks-0-title": "Nhiệm vụ 1",
            "tasks-0-a-0-title": "Hoạt động",
            "tasks-0-a-0-lead": "Sở Y tế\n\n Sở Tư pháp \n",
            "tasks-0-a-1-title": "",
            "responsibilities-0-agency": "Sở Nội vụ",
            "responsibilities-0-duties": "Chủ trì\nTổng hợp",
        }
    )
    content = fields_to_content(data)
    assert [t["text"] for t in content["targets"]] == ["Mới: đạt 95%"]
    assert content["targets"][0]["milestones"][0]["value"] == "95"
    assert content["tasks"][0]["activities"] == [
        {"title": "Hoạt động", "lead": ["Sở Y tế", "Sở Tư pháp"], "partners": [], "timing": None}
    ]
    assert content["responsibilities"] == [
        {"agency": "Sở Nội vụ", "duties": ["Chủ trì", "Tổng hợp"]}
    ]


def test_errors_land_beside_their_fields():
    content = {"title": "", "targets": [{"text": "a"}, {"text": "b"}]}
    rows = review_rows(content, errors={"title": ["A plan needs a title."], "targets.1": ["x"]})
    assert rows["errors"] == {"title": ["A plan needs a title."]}
    assert rows["targets"][0]["errors"] == []
    assert rows["targets"][1]["errors"] == ["x"]
    assert rows["target_errors"] is True
    html = render_to_string("plans/includes/plan_form.html", {"rows": rows})
    assert "A plan needs a title." in html


def test_agency_checks_are_shown_red_and_green():
    content = {
        "title": "Kế hoạch",
        "tasks": [
            {"title": "T", "activities": [{"title": "A", "lead": ["Sở Y tế", "Sở Không Có"]}]}
        ],
    }
    checks = {
        "Sở Y tế": AgencyCheck(text="Sở Y tế", resolved=True, is_group=False, names=["Sở Y tế thành phố Hải Phòng"], count=1),
        "Sở Không Có": AgencyCheck(text="Sở Không Có", resolved=False, is_group=False, message="Không tìm thấy."),
    }  # fmt: skip
    rows = review_rows(content, checks=checks)
    activity = rows["tasks"][0]["activities"][0]
    assert [c.text for c in activity["lead_checks"]] == ["Sở Y tế", "Sở Không Có"]
    assert rows["unresolved"] == ["Sở Không Có"]
    html = render_to_string("plans/includes/plan_form.html", {"rows": rows})
    assert "agency-check is-ok" in html and "Sở Y tế thành phố Hải Phòng" in html
    assert "agency-check is-unknown" in html and "Không tìm thấy." in html
