"""The split field reads what athletes type, and reads back every time the app shows."""

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from workouts.forms import SplitForm, SplitTimeField, split_text
from workouts.splits import format_split

FIVE_SECONDS_MS, TWO_HOURS_MS = 5_000, 2 * 3600 * 1000


HUNDREDTHS_MS = st.integers(FIVE_SECONDS_MS // 10, TWO_HOURS_MS // 10).map(lambda h: h * 10)


@given(HUNDREDTHS_MS)
@example(5_000)
@example(5_010)  # "5.01" alone could be 5:01
@example(7_250)
@example(59_990)
@example(60_000)
@example(74_050)
@example(3_599_990)
@example(3_600_000)
@example(TWO_HOURS_MS)
def test_any_time_a_split_field_shows_reads_back_to_the_same_milliseconds(time_ms):
    """The page fills the field with the time that stands, and the paste preview with what
    it read: saving the field unchanged must read the same time, or the save is refused or
    records a correction nobody made. Every time a person can enter is in hundredths (a
    watch shows no more)."""
    shown = split_text(time_ms / 1000)

    assert SplitTimeField().clean(shown) == time_ms


@given(HUNDREDTHS_MS)
@example(5_010)
@example(9_990)
def test_format_split_is_read_back_as_itself_or_asked_about_never_misread(time_ms):
    """format_split's text typed into the field: the same milliseconds, or, for a time of
    one digit and two decimals ("5.01", which could be 5:01), a question with a reading to
    offer; never another time."""
    shown = format_split(time_ms / 1000)
    form = SplitForm({"rep": "1", "time": shown})

    if form.is_valid():
        assert form.cleaned_data["time"] == time_ms
    else:
        assert time_ms < 10_000 and "could be seconds or minutes" in form.errors["time"][0]
        assert split_text(time_ms / 1000) == f"{shown}s"


@given(
    st.from_regex(
        r"[0-9]{1,2}\.[0-9]{3,4}|[0-9]\.[0-9]{2}|[1-9][0-9]{3,4}|[0-9]{1,2}:[0-5][0-9]\.[0-9]{3}",
        fullmatch=True,
    )
)
@example("7.254")  # more decimals than a watch shows: 7.25, which alone could be 7:25
@example("2.52")
@example("5012")
@example("1.234")  # 1.23: under 5 s, refused in turn, so not offered
def test_the_reading_offered_for_a_refused_time_is_read_as_offered(typed):
    """The "Use …" button sends the reading it names: the field must read it as that."""
    form = SplitForm({"rep": "1", "time": typed})
    if form.is_valid() or form.suggested is None:
        return
    suggestion = form.fields["time"].suggestion[0]

    offered = SplitForm({"rep": "1", "time": form.suggested})

    assert offered.is_valid(), (typed, form.suggested, offered.errors)
    assert offered.cleaned_data["time"] == round(suggestion * 1000)


def test_an_empty_time_is_no_time_where_a_time_may_be_left_out():
    assert SplitTimeField(required=False).clean("  ") is None
    assert not SplitForm({"rep": "1", "time": ""}).is_valid()


@pytest.mark.parametrize(
    ("typed", "time_ms"),
    [
        ("2:52", 172_000),
        (" 2:52.3 ", 172_300),
        ("1:14.05", 74_050),
        ("75.1", 75_100),
        ("66", 66_000),
        ("4'05", 245_000),
        ('75"', 75_000),
        ("1.15.1", 75_100),
    ],
)
def test_times_as_athletes_type_them(typed, time_ms):
    form = SplitForm({"rep": "1", "time": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["time"] == time_ms


@pytest.mark.parametrize(
    ("typed", "message", "suggested"),
    [
        ("43.926.4", "two splits run together? 43.9 and 26.4", None),
        ("abc", "expected a time like 2:52", None),
        ("2.52", "could be seconds or minutes — did you mean 2:52.0?", "2:52.0"),
        ("5012", "missing a decimal point or colon? 50.12", "50.12"),
        ("3", "under 5 s", None),
        ("", "required", None),
    ],
)
def test_a_time_that_cannot_be_read_says_why_and_offers_one_reading(typed, message, suggested):
    form = SplitForm({"rep": "1", "time": typed})

    assert not form.is_valid()
    assert message in " ".join(form.errors["time"])
    assert form.suggested == suggested
