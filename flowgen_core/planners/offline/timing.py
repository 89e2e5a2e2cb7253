"""When things happen: the opening wait, waits for a reply, send windows, frequency caps
and entry limits.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flowgen_core.brief import Duration, FrequencyCap, SendHours
from flowgen_core.plan.model import END, PlanLimit, PlanWait, PlanWindow
from flowgen_core.planners.offline.draft import PlanDraft
from flowgen_core.planners.offline.facts import BriefFacts


class Timing:
    """Wait, schedule and cap steps for one brief; waits are drawn from the brief's in order."""

    def __init__(self, draft: PlanDraft, facts: BriefFacts) -> None:
        self.draft = draft
        self.facts = facts

    def lead_wait(self) -> Duration | None:
        """The wait before the first send, taken from the brief's waits when it states one."""
        facts = self.facts
        if not facts.pb.lead_wait:
            # "wait 1 hour, then send a welcome": a wait written before the first send opens the flow
            if facts.waits and self._wait_precedes_first_send():
                return facts.waits.pop(0)
            return None
        if facts.waits:
            return facts.waits.pop(0)
        return {"cross_sell": Duration(value=7, unit="days")}.get(
            facts.pb.name, Duration(value=1, unit="hours")
        )

    def _wait_precedes_first_send(self) -> bool:
        return self.facts.cues.wait_before_send

    def noreply_after(self, index: int) -> PlanWait:
        """How long the `index`-th send waits for a reply before the next step."""
        facts = self.facts
        if index < len(facts.noreply_waits):
            wait = facts.noreply_waits[index]
        elif facts.waits and facts.pb.name not in ("welcome", "drip", "launch"):
            # "no reply in 2 days: remind; wait 3 more days, then a last one": the stated wait
            # belongs to the later reminder, before the first timeout is repeated
            wait = facts.waits.pop(0)
        elif facts.noreply_waits:
            wait = facts.noreply_waits[-1]
        elif facts.pb.name in ("abandoned_cart", "abandoned_checkout"):
            wait = Duration(value=4, unit="hours")
        else:
            wait = Duration(value=1, unit="days")
        return PlanWait(value=wait.value, unit=wait.unit)

    def delay(self, key: str, wait: Duration, to: str) -> str:
        step = self.draft.add(
            key,
            "delay",
            label=f"Wait {wait.value} {wait.unit}",
            wait=PlanWait(value=wait.value, unit=wait.unit),
        )
        self.draft.link(step, "default", to)
        return step

    def schedule(self, in_window: str, other: str) -> str:
        """A schedule step: the brief's send windows go to `in_window`, all other time to `other`."""
        windows: list[PlanWindow] = []
        timezone = None
        for send_window in self.facts.brief.send_windows[:3]:
            built = window(send_window.start, send_window.end)
            if built:
                windows.extend(sending_days(built))
                timezone = timezone or send_window.timezone
        daily = not windows
        if daily:
            # no dates, only hours of the day ("between 10am and 7pm Eastern"): a daily window
            for hours in self.facts.brief.send_hours[:3]:
                windows.append(daily_window(hours))
                timezone = timezone or hours.timezone
        if not windows:
            return in_window
        # the daily hours' zone stands for the dated windows' when those name none
        timezone = timezone or next((h.timezone for h in self.facts.brief.send_hours if h.timezone), None)
        key = self.draft.add(
            "send_window", "schedule", label="Send window", timezone=timezone or "UTC", windows=windows
        )
        if daily and other == END and not self.facts.cues.outside_hours_end:
            other = self._hold_until_open(key)
        for built_window in windows:
            self.draft.link(key, "split", in_window, label=built_window.label, action="schedule")
        self.draft.link(key, "split", other, label="All other time", action="schedule")
        return key

    def _hold_until_open(self, schedule: str) -> str:
        """A wait that leads back to `schedule`: daily hours mean "not now, later", not "never",
        so a customer who arrives outside them is checked again each hour and texted soon after
        the window opens, unless the brief says the flow ends then. The wait also keeps the loop
        within the spec's rule on cycles."""
        hold = self.draft.add(
            "outside_send_hours", "delay", label="Hold until send hours", wait=PlanWait(value=1, unit="hours")
        )
        self.draft.link(hold, "default", schedule)
        return hold

    def caps(self, entry: str) -> str:
        """Entry limit, then frequency cap, in front of `entry`; returns the new entry."""
        for cap in reversed(self.facts.brief.frequency_caps[:1]):
            key = self.draft.add("frequency_cap", "rate_limit", label="Frequency cap", limit=limit(cap))
            self.draft.link(key, "default", entry)
            entry = key
        for cap in reversed(self.facts.brief.entry_limits[:1]):
            key = self.draft.add("entry_limit", "limit", label="Entry limit", limit=limit(cap))
            self.draft.link(key, "default", entry)
            entry = key
        return entry


def limit(cap: FrequencyCap) -> PlanLimit:
    return PlanLimit(occurrences=cap.occurrences, timespan=cap.timespan, period=cap.period)


def parse_moment(raw: str | None) -> tuple[datetime, bool] | None:
    """(moment, had_time) from an ISO date or date-time."""
    if not raw:
        return None
    try:
        moment = datetime.fromisoformat(raw.strip())
    except ValueError:
        return None
    return moment.replace(tzinfo=None), "T" in raw or " " in raw.strip()


def window(start_raw: str | None, end_raw: str | None) -> PlanWindow | None:
    """A send window from the brief's start and end; a bare day runs 9am to 9pm."""
    start = parse_moment(start_raw)
    end = parse_moment(end_raw)
    if start is None and end is None:
        return None
    if start is None:
        assert end is not None
        begin = end[0].replace(hour=0, minute=0, second=0)
        start = (begin, False)
    begin = start[0]
    if not start[1] or (begin.hour, begin.minute, begin.second) == (0, 0, 0):
        # A day, not a time: start the window at 9am, outside quiet hours.
        begin = begin.replace(hour=9, minute=0, second=0)
        start = (begin, False)
    day_end = begin.replace(hour=QUIET_FROM_HOUR, minute=0, second=0)
    if end is None:
        # A start time alone: four hours, cut where quiet hours begin unless it starts in them.
        finish = begin + timedelta(hours=4) if start[1] else day_end
        if begin < day_end < finish:
            finish = day_end
    elif not end[1] or _is_end_of_day(end[0]):
        # A day, not a time ("through Dec 20"): its sending day ends when quiet hours begin.
        finish = end[0].replace(hour=QUIET_FROM_HOUR, minute=0, second=0)
    else:
        finish = end[0]
    if finish <= begin:
        finish = begin + timedelta(hours=1)
    label = f"{_fmt(begin)} - {_fmt(finish)}"
    return PlanWindow(
        label=label, start=begin.isoformat(timespec="seconds"), end=finish.isoformat(timespec="seconds")
    )


# Texts may reach customers from 8am to 9pm their time; a day's window ends at 9pm.
QUIET_FROM_HOUR = 21
# a sending day that the window does not start itself opens at 9am
DAY_FROM_HOUR = 9
# a window over more days than this stays whole (and is reported) rather than filling the
# schedule with one window per day
MAX_SENDING_DAYS = 31


def sending_days(built: PlanWindow) -> list[PlanWindow]:
    """A window over several days as one window per day, each within the hours texts may reach
    customers ("Fri-Sun" sends 9am-9pm on each day, not through the nights between them); a
    window within one day, or over more than `MAX_SENDING_DAYS`, is kept as it is."""
    begin, finish = datetime.fromisoformat(built.start), datetime.fromisoformat(built.end)
    days = (finish.date() - begin.date()).days
    if days < 1 or days >= MAX_SENDING_DAYS or (days == 1 and finish.time() == datetime.min.time()):
        return [built]
    parts: list[PlanWindow] = []
    for offset in range(days + 1):
        day = begin.date() + timedelta(days=offset)
        opens = (
            begin if offset == 0 else datetime.combine(day, datetime.min.time()).replace(hour=DAY_FROM_HOUR)
        )
        closes = datetime.combine(day, datetime.min.time()).replace(hour=QUIET_FROM_HOUR)
        if offset == days:
            closes = min(closes, finish)
        if closes > opens:
            parts.append(
                PlanWindow(
                    label=f"{_fmt(opens)} - {_fmt(closes)}",
                    start=opens.isoformat(timespec="seconds"),
                    end=closes.isoformat(timespec="seconds"),
                )
            )
    return parts or [built]


def _is_end_of_day(moment: datetime) -> bool:
    """The brief's stamp for "the whole day" ends at 23:59:59."""
    return (moment.hour, moment.minute) == (23, 59)


def daily_window(hours: SendHours) -> PlanWindow:
    """A window of hours repeated every day: start and end are local times of day."""
    start, end = _clock(hours.start), _clock(hours.end)
    days = _days_label(hours.days)
    if days and (hours.start, hours.end) == ("00:00", "23:59"):
        # days without hours: those days, within the hours texts may reach customers (8am-9pm)
        return PlanWindow(label=days, start="08:00:00", end="21:00:00", days=list(hours.days))
    label = f"{days or 'Daily'} {_time_of_day(start)} - {_time_of_day(end)}"
    return PlanWindow(label=label, start=start, end=end, days=list(hours.days) or None)


_DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _days_label(days: list[str]) -> str:
    """ "Mon-Fri" for a run of days, "Tue, Thu" otherwise; "" for every day."""
    order = [d for d in _DAY_NAMES if d in days]
    if not order or len(order) == 7:
        return ""
    first, last = _DAY_NAMES.index(order[0]), _DAY_NAMES.index(order[-1])
    if len(order) > 2 and last - first + 1 == len(order):
        return f"{order[0].title()}-{order[-1].title()}"
    return ", ".join(d.title() for d in order)


def _clock(raw: str) -> str:
    hour, _, minute = raw.partition(":")
    return f"{int(hour):02d}:{int(minute or 0):02d}:00"


def _time_of_day(clock: str) -> str:
    hour, minute = int(clock[:2]), int(clock[3:5])
    return f"{hour % 12 or 12}:{minute:02d} {'AM' if hour < 12 else 'PM'}"


def _fmt(moment: datetime) -> str:
    hour = moment.hour % 12 or 12
    return f"{moment.strftime('%b')} {moment.day}, {hour}:{moment.minute:02d} {'AM' if moment.hour < 12 else 'PM'}"
