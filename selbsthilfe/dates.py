"""Calendar arithmetic the date library lacks."""

import datetime


def months_before(day: datetime.date, months: int) -> datetime.date:
    """``day`` so many calendar months earlier (later for negative ``months``), on the
    same day of the month or the month's last day if it is shorter: 31 March − 1 → 28 Feb."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    last_day = datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)
    return day.replace(year=year, month=month, day=min(day.day, last_day.day))
