"""The deadline calendar a month at a time (R-DEADLINE at scale): how many cancel-by dates
fall in each month of the next twelve, and one month's dates, a page at a time.

Every renewal still to come in the window counts (`schedule.occurrences_from` is the
reference): a one-off or yearly renewal about once, a monthly tacit one every month. No loop
over the assets: one aggregate query groups the fresh rows (renewals.py) by what decides
their dates — how they roll (`step`: 0, 1 or 12 months), their next renewal, notice period
and anchor day — and each group's dates are computed once, in Python, for all its rows. The
groups are bounded by the calendar (days × notice periods in use), not by the number of
assets. The stale rows are computed one by one, as everywhere.

A month's page then asks SQL for its rows only: those of the groups whose dates fall on that
page, in the calendar's order — (cancel-by date, renewal date, asset id) — ordered in Python
when they are few, by SQL with LIMIT/OFFSET when thousands share a date; the stale rows'
dates merge into it (`deadlines.merge_window`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from operator import attrgetter

from dateutil.relativedelta import relativedelta
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.db.models.lookups import LessThan

from pacte.assets.renewals import RENEWAL_STEP_MONTHS, renewals_from

from .deadlines import DEADLINE_COLUMNS, date_or, fresh, merge_window, stale_rows
from .schedule import Occurrence, occurrences_from

MISSED = "missed"  # the bucket of the cancel-by dates already passed
# What a page's query reads of each row.
ROW_COLUMNS = ("id", "client_id", "client__name", "kind", "identifier", "auto_renew", "notice_days")
# Up to this many rows in the ranks a page touches, they are read whole and ordered in
# Python (one short query); beyond, SQL orders and cuts them.
SMALL_WINDOW = 1000


def bucket_of(cancel_by: dt.date, today: dt.date):
    """The month of a cancel-by date on the calendar, or MISSED once it has passed."""
    return MISSED if cancel_by < today else cancel_by.replace(day=1)


# What decides a fresh row's dates in the window, in the order of the index that serves them.
GROUP_COLUMNS = ("next_renewal_on", "notice_days", "renewal_day", "renewal_period", "auto_renew")


def group_dates(group: tuple, horizon: dt.date) -> list[tuple[dt.date, dt.date]]:
    """(renewal, cancel-by) of each renewal of a group (a tuple of GROUP_COLUMNS' values)
    whose cancel-by date comes before `horizon`. The first is the stored next renewal, on or
    after today (the state is fresh); a rolling renewal then steps, anchored on its day."""
    first, notice, day, period, auto = group
    notice = dt.timedelta(days=notice)
    step = RENEWAL_STEP_MONTHS.get(period, 0) if auto else 0
    if not step:
        return [(first, first - notice)] if first - notice < horizon else []
    found = []
    for renewal in renewals_from(first, step, day):
        if renewal - notice >= horizon:
            return found
        found.append((renewal, renewal - notice))


def group_q(group: tuple) -> Q:
    """A group's rows, in SQL: equalities on the leading columns of its index."""
    return Q(**dict(zip(GROUP_COLUMNS, group, strict=True)))


@dataclass
class Rank:
    """The rows of one (cancel-by, renewal) pair in a bucket: ordered among themselves by
    asset id, and all together in the calendar's order."""

    cancel_by: dt.date
    renewal_date: dt.date
    groups: list[tuple] = field(default_factory=list)
    count: int = 0


@dataclass(frozen=True)
class Bucket:
    """What the strip shows of a month (or of the missed dates)."""

    count: int
    first: dt.date | None  # its earliest cancel-by date: the most urgent


class MonthCalendar:
    """The calendar of `assets` (a scoped queryset) over `months` months from `today`.
    Built with two queries (the stale rows, the groups); each page asks one more."""

    def __init__(self, assets: QuerySet, *, today: dt.date, months: int):
        self.assets = assets.order_by()
        self.today = today
        self.horizon = today + relativedelta(months=months)
        self.months = months
        # Sought by next renewal, the index of the groups (deadlines.py says why the
        # other test is an expression).
        self.fresh_rows = self.assets.filter(
            fresh(today),
            Q(next_renewal_on__gte=today),
            Q(LessThan(date_or("next_cancel_by", dt.date.max), self.horizon)),
        )
        names = {}
        terms = []
        for *row, name in stale_rows(self.assets, today, *DEADLINE_COLUMNS, "client__name"):
            names[row[1]] = name
            terms.append(row)
        self.extra: dict[object, list[Occurrence]] = defaultdict(list)
        for occurrence in occurrences_from(terms, names, today=today, months=months):
            self.extra[bucket_of(occurrence.cancel_by, today)].append(occurrence)
        # In the order of the index, so that SQL groups as it reads. Thousands of groups at
        # most (days of the window × notice periods in use), whatever the number of assets.
        self.ranks: dict[object, dict[tuple, Rank]] = defaultdict(dict)
        months_of: dict[dt.date, object] = {}
        for *group, n in self.fresh_rows.values_list(*GROUP_COLUMNS).annotate(n=Count("pk")):
            group = tuple(group)
            for renewal_date, cancel_by in group_dates(group, self.horizon):
                key = months_of.get(cancel_by)
                if key is None:
                    key = months_of[cancel_by] = bucket_of(cancel_by, today)
                ranks = self.ranks[key]
                rank = ranks.get((cancel_by, renewal_date))
                if rank is None:
                    rank = ranks[cancel_by, renewal_date] = Rank(cancel_by, renewal_date)
                rank.groups.append(group)
                rank.count += n

    # --- the strip ---------------------------------------------------------------------------

    def bucket(self, key) -> Bucket:
        ranks, extra = self.ranks.get(key, {}), self.extra.get(key, [])
        firsts = [min(ranks)[0]] if ranks else []
        firsts += [extra[0].cancel_by] if extra else []
        return Bucket(
            count=sum(r.count for r in ranks.values()) + len(extra),
            first=min(firsts) if firsts else None,
        )

    def buckets(self) -> dict:
        """{MISSED or first day of a month: Bucket}, for every bucket with a date."""
        found = {key: self.bucket(key) for key in set(self.ranks) | set(self.extra)}
        return {key: bucket for key, bucket in found.items() if bucket.count}

    # --- one bucket's rows -------------------------------------------------------------------

    def rows(self, key) -> BucketRows:
        return BucketRows(self, key)


class BucketRows:
    """One bucket's occurrences in the calendar's order, as Django's Paginator reads a list:
    its length is known, a slice asks SQL for the rows of that slice only."""

    def __init__(self, calendar: MonthCalendar, key):
        self.calendar = calendar
        self.ranks = [calendar.ranks.get(key, {})[k] for k in sorted(calendar.ranks.get(key, {}))]
        self.extra = calendar.extra.get(key, [])
        self.sql_count = sum(r.count for r in self.ranks)

    def count(self) -> int:
        return self.sql_count + len(self.extra)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, page: slice) -> list[Occurrence]:
        offset, end = page.start or 0, page.stop if page.stop is not None else self.count()
        start = max(0, offset - len(self.extra))
        window = self._sql(start, max(end, start + 1))
        return merge_window(
            window,
            self.extra,
            start=start,
            sql_count=self.sql_count,
            offset=offset,
            end=end,
            key=attrgetter("sort_key"),
        )

    def _sql(self, start: int, stop: int) -> list[Occurrence]:
        """The SQL list's items of ranks [start, stop): one query over the groups of the
        ranks that overlap them. A group's rows have one rank per date of theirs in the
        bucket, and may have several (a monthly renewal on the 31st with 30 days' notice is
        cancelled by 1 and by 29 January)."""
        members: dict[tuple, list[int]] = defaultdict(list)  # group -> its ranks here
        first, position, rows = None, 0, 0
        for number, rank in enumerate(self.ranks):
            if position < stop and position + rank.count > start:
                first = position if first is None else first
                rows += rank.count
                for group in rank.groups:
                    members[group].append(number)  # in order: its 1st date here, 2nd…
            position += rank.count
            if position >= stop:
                break
        if not members:
            return []
        if rows <= SMALL_WINDOW:
            found = self._small(members)[start - first : stop - first]
        else:
            found = self._large(members, start - first, stop - first)
        today = self.calendar.today
        occurrences = []
        for number, (pk, client_id, name, kind, identifier, auto, notice) in found:
            rank = self.ranks[number]
            occurrences.append(
                Occurrence(
                    asset_id=pk,
                    client_id=client_id,
                    client_name=name,
                    kind=kind,
                    identifier=identifier,
                    renewal_date=rank.renewal_date,
                    cancel_by=rank.cancel_by,
                    auto_renew=auto,
                    notice_days=notice,
                    days_left=(rank.cancel_by - today).days,
                )
            )
        return occurrences

    def _small(self, members: dict) -> list[tuple[int, tuple]]:
        """Few rows (small ranks): read them all by next renewal, the index's first column,
        and order them here. Cheap to write as SQL, whatever the number of groups."""
        found = []
        rows = self.calendar.fresh_rows.filter(
            next_renewal_on__in={group[0] for group in members}
        ).values_list(*ROW_COLUMNS, *GROUP_COLUMNS)
        for row in rows:
            for number in members.get(tuple(row[len(ROW_COLUMNS) :]), ()):
                found.append((number, row[: len(ROW_COLUMNS)]))
        found.sort(key=lambda item: (item[0], item[1][0]))  # rank, then asset id
        return found

    def _large(self, members: dict, low: int, high: int) -> list[tuple[int, tuple]]:
        """Large ranks (thousands of rows share a date): SQL orders and cuts. Each arm of a
        UNION ALL reads the groups' first date in the bucket, second date, and so on, its
        rank given by a CASE."""
        arms: dict[int, list[tuple[tuple, int]]] = defaultdict(list)
        for group, numbers in members.items():
            for nth, number in enumerate(numbers):
                arms[nth].append((group, number))
        queries = []
        for arm in arms.values():
            condition = Q()
            for group, _number in arm:
                condition |= group_q(group)
            rank_of = Case(
                *(When(group_q(group), then=Value(number)) for group, number in arm),
                output_field=IntegerField(),
            )
            queries.append(
                self.calendar.fresh_rows.filter(condition)
                .annotate(rank=rank_of)
                .values_list("rank", *ROW_COLUMNS)
            )
        rows = queries[0].union(*queries[1:], all=True) if len(queries) > 1 else queries[0]
        return [(row[0], row[1:]) for row in rows.order_by("rank", "id")[low:high]]
