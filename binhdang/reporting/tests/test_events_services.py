"""Communication events: the services (rules, scope, permission, audit) and the selectors
(the filtered list, the totals a report is filled from)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from binhdang.core.models import AuditEntry
from binhdang.plans.models import Activity
from binhdang.reporting.event_selectors import event_list, event_totals, event_totals_of
from binhdang.reporting.event_services import event_create, event_delete, event_update
from binhdang.reporting.groups import GROUP_BITS
from binhdang.reporting.models import CommEvent

pytestmark = pytest.mark.django_db

DAY = date(2025, 11, 20)


@pytest.fixture
def world(world):
    """The shared world without the events it records: the counts here start from none."""
    CommEvent.objects.all().delete()
    return world


@pytest.fixture(autouse=True)
def english():
    """Messages are matched in English (the msgids); Vietnamese is the catalogue's job."""
    with translation.override("en"):
        yield


def _event(world, actor=None, agency=None, **fields):
    values = {"date": DAY, "event_type": "conference", "title": "Hội nghị tuyên truyền"}
    values.update(fields)
    return event_create(
        actor=actor or world.reporter_hp_a, agency=agency or world.ubnd_hp_a, **values
    )


def _errors(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


def _activity(plan) -> Activity:
    return Activity.objects.get(task__plan=plan)


# ---------------------------------------------------------------------------------------
# Create
# ---------------------------------------------------------------------------------------


def test_create_fills_defaults_and_writes_an_audit_entry(world):
    event = _event(world, participants_male=12, participants_female=30, target_groups=["youth"])
    event.refresh_from_db()
    assert event.agency == world.ubnd_hp_a
    assert event.unit == world.hp_a  # blank: the agency's own commune
    assert event.channel == "in_person"  # the only channel of a conference
    assert event.participants_total == 42  # men + women
    assert event.target_groups == GROUP_BITS["youth"]
    assert event.is_digital is False
    assert event.created_by == world.reporter_hp_a
    entry = AuditEntry.objects.get(action="reporting.event.created")
    assert entry.object_id == str(event.pk)
    assert entry.actor == world.reporter_hp_a


def test_social_media_defaults_to_digital(world):
    event = _event(world, event_type="social_media")
    assert (event.channel, event.is_digital) == ("social", True)


def test_a_type_with_several_channels_needs_one(world):
    with pytest.raises(ValidationError) as caught:
        _event(world, event_type="broadcast")
    assert _errors(caught)["channel"] == ["Choose the channel: this type of event can use several."]
    assert _event(world, event_type="broadcast", channel="radio").channel == "radio"


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"participants_male": 20, "participants_female": 15, "participants_total": 30},
            "participants_total",
            "Men and women together are more than the participants in all.",
        ),
        ({"participants_female": -1}, "participants_female", "Enter a number of zero or more."),
        ({"quantity": -5}, "quantity", "Enter a number of zero or more."),
        ({"date": date(2014, 12, 31)}, "date", "The date must not be before 2015."),
        (
            {"date": timezone.localdate() + timedelta(days=2)},
            "date",
            "The date is in the future: record events once they have happened.",
        ),
        ({"cost": Decimal(-1)}, "cost", "The cost must not be negative."),
        (
            {"cost": Decimal(2_000_000)},
            "budget_source",
            "Choose the budget source: the event has a cost.",
        ),
        ({"title": "   "}, "title", "Enter what the event was."),
        ({"event_type": "dance"}, "event_type", "Unknown type of event."),
        ({"target_groups": ["aliens"]}, "target_groups", "Unknown target group."),
    ],
)
def test_create_rejects_bad_values_and_saves_nothing(world, fields, field, message):
    with pytest.raises(ValidationError) as caught:
        _event(world, **fields)
    assert message in _errors(caught)[field]
    assert not CommEvent.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="reporting.event").exists()


def test_limits_that_are_allowed(world):
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert _event(world, date=tomorrow).date == tomorrow
    assert _event(world, date=date(2015, 1, 1)).date == date(2015, 1, 1)
    event = _event(world, participants_male=5, participants_female=5, participants_total=40)
    assert event.participants_total == 40  # sex not known for everyone
    assert _event(world, cost=Decimal(0)).budget_source == ""
    assert _event(world, cost=Decimal(100), budget_source="local").cost == Decimal(100)


def test_unit_must_be_in_the_organisers_area(world):
    # A commune's People's Committee: its commune and the old commune merged into it.
    assert _event(world, unit=world.old_commune).unit == world.old_commune
    for outside in (world.hp_b, world.hp, world.ct_a):
        with pytest.raises(ValidationError) as caught:
            _event(world, unit=outside)
        assert _errors(caught)["unit"] == ["This place is outside the organiser's area."]
    # A provincial department: the whole province, pre-2025 units included.
    for inside in (world.hp, world.hp_b, world.old_hd):
        assert _event(world, world.manager_hp, world.noivu_hp, unit=inside).unit == inside
    with pytest.raises(ValidationError):
        _event(world, world.manager_hp, world.noivu_hp, unit=world.ct_a)


def test_activity_must_belong_to_a_visible_plan(world):
    event = _event(world, activity=_activity(world.plan_hp))
    assert event.activity == _activity(world.plan_hp)
    with pytest.raises(ValidationError) as caught:
        _event(world, activity=_activity(world.plan_ct))
    assert _errors(caught)["activity"] == ["Choose an activity of a plan you can see."]


def test_only_reporters_of_the_organiser_may_record(world):
    with pytest.raises(PermissionDenied):
        _event(world, world.viewer_hp, world.yte_hp)  # a viewer
    with pytest.raises(PermissionDenied):
        _event(world, world.reporter_hp_a, world.ubnd_hp_b)  # another agency
    with pytest.raises(PermissionDenied):
        _event(world, world.admin_hp, world.noivu_hp)  # administrators do not report
    assert not CommEvent.objects.exists()


# ---------------------------------------------------------------------------------------
# Update and delete
# ---------------------------------------------------------------------------------------


def test_update_changes_fields_and_records_what_changed(world):
    event = _event(world, participants_male=10, participants_female=10)
    event = event_update(
        actor=world.reporter_hp_a,
        event=event,
        participants_male=15,
        participants_total=None,
        title="Hội nghị (sửa)",
    )
    event.refresh_from_db()
    assert (event.participants_male, event.participants_total) == (15, 25)
    assert event.title == "Hội nghị (sửa)"
    entry = AuditEntry.objects.get(action="reporting.event.changed")
    assert entry.data["participants_male"] == [10, 15]
    assert entry.data["title"] == ["Hội nghị tuyên truyền", "Hội nghị (sửa)"]
    assert "date" not in entry.data


def test_update_is_all_or_nothing(world):
    event = _event(world, participants_male=10, participants_female=10)
    with pytest.raises(ValidationError):
        event_update(actor=world.reporter_hp_a, event=event, title="Đổi tên", participants_total=5)
    event.refresh_from_db()
    assert (event.title, event.participants_total) == ("Hội nghị tuyên truyền", 20)
    assert not AuditEntry.objects.filter(action="reporting.event.changed").exists()


def test_only_the_organiser_may_update_or_delete(world):
    event = _event(world, world.manager_hp, world.noivu_hp, unit=world.hp_a)
    with pytest.raises(PermissionDenied):
        event_update(actor=world.reporter_hp_a, event=event, title="x")
    with pytest.raises(PermissionDenied):
        event_delete(actor=world.reporter_hp_a, event=event)
    assert CommEvent.objects.filter(pk=event.pk, title="Hội nghị tuyên truyền").exists()


def test_delete_keeps_an_audit_record(world):
    event = _event(world)
    pk = event.pk
    event_delete(actor=world.reporter_hp_a, event=event)
    assert not CommEvent.objects.filter(pk=pk).exists()
    entry = AuditEntry.objects.get(action="reporting.event.deleted")
    assert entry.object_id == str(pk)
    assert entry.data["title"] == "Hội nghị tuyên truyền"


# ---------------------------------------------------------------------------------------
# Selectors
# ---------------------------------------------------------------------------------------


def test_event_list_is_scoped_and_filtered(world):
    mine = _event(world, title="Nói chuyện chuyên đề ở Thành Đông", event_type="talk")
    other = _event(world, title="Tập huấn", event_type="training", date=date(2024, 3, 1))
    province = _event(world, world.manager_hp, world.noivu_hp, unit=world.hp_b)
    far = CommEvent.objects.create(
        agency=world.yte_ct, unit=world.ct_a, date=DAY, event_type="talk",
        channel="in_person", title="Cần Thơ",
    )  # fmt: skip
    seen = set(event_list(user=world.reporter_hp_a))
    assert seen == {mine, other}  # not the other commune's, not another province's
    assert far not in set(event_list(user=world.manager_hp))
    assert province in set(event_list(user=world.manager_hp))
    user = world.manager_hp
    assert list(event_list(user=user, filters={"event_type": "talk"})) == [mine]
    assert list(event_list(user=user, filters={"year": "2024"})) == [other]
    assert list(event_list(user=user, filters={"date_from": "01/01/2025", "q": "thành"})) == [mine]
    assert list(event_list(user=user, filters={"unit": str(world.hp_b.pk)})) == [province]
    assert set(event_list(user=user, filters={"unit": str(world.hp.pk)})) == {
        mine,
        other,
        province,
    }
    assert list(event_list(user=user, filters={"agency": world.noivu_hp.pk})) == [province]
    assert len(event_list(user=user, filters={"year": "nonsense"})) == 3


def test_event_totals_add_up_by_type_sex_group_and_radio(world):
    def add(**fields):
        fields.setdefault("channel", "in_person")
        return CommEvent.objects.create(
            agency=fields.pop("agency", world.ubnd_hp_a), unit=world.hp_a,
            date=fields.pop("date", DAY), title="x", **fields,
        )  # fmt: skip

    groups = GROUP_BITS["women_girls"] | GROUP_BITS["youth"]
    add(
        event_type="conference",
        participants_male=10,
        participants_female=30,
        participants_total=40,
        target_groups=groups,
        cost=Decimal(1_000_000),
    )
    add(
        event_type="talk",
        participants_male=5,
        participants_female=5,
        participants_total=12,
        target_groups=GROUP_BITS["youth"],
    )
    add(event_type="news_item", channel="radio", quantity=6)
    add(event_type="broadcast", channel="radio")  # no quantity: one item
    add(event_type="news_item", channel="tv", quantity=3)  # television: not radio news
    add(event_type="printed", channel="printed", product="Tờ rơi", quantity=500, is_digital=True)
    add(event_type="talk", date=date(2024, 12, 1), participants_total=99)  # out of range
    add(event_type="talk", agency=world.ubnd_hp_b, participants_total=77)  # other agency
    # fmt: skip

    totals = event_totals(
        agency_ids=[world.ubnd_hp_a.pk], start=date(2025, 1, 1), end=date(2025, 12, 31)
    )
    assert totals.events == 6
    assert totals.by_type == {"conference": 1, "talk": 1, "news_item": 2, "broadcast": 1,
                              "printed": 1}  # fmt: skip
    assert (totals.participants_male, totals.participants_female) == (15, 35)
    assert totals.participants_total == 52
    assert totals.participants_by_group == {"youth": 52, "women_girls": 40}
    assert totals.events_by_group == {"youth": 2, "women_girls": 1}
    assert totals.quantity == 509
    assert totals.cost == Decimal(1_000_000)
    assert totals.digital == 1
    assert (totals.radio_news_events, totals.radio_news_items) == (2, 7)
    assert [row[0] for row in totals.type_rows()] == [
        "conference", "talk", "broadcast", "news_item", "printed",
    ]  # fmt: skip

    everyone = event_totals(agency_ids=None)
    assert everyone.events == 8
    assert everyone.participants_total == 52 + 99 + 77
    empty = event_totals_of(CommEvent.objects.none())
    assert (empty.events, empty.participants_total, empty.cost) == (0, 0, Decimal(0))
