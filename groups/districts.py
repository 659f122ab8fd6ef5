"""The official names of the German districts (Landkreise, Kreise and kreisfreie Städte), for
arranging places by district as people look them up: "Landkreis Zwickau", "Kreisfreie Stadt
Dresden" under D.

GeoNames, where the postcode list's districts come from, writes one district several ways
("Chemnitz, Stadt" and "Kreisfreie Stadt Chemnitz"; "Zwickau" for the Landkreis; "Landkreis
Sächsische Schweiz" for Sächsische Schweiz-Osterzgebirge). ``groups/data/districts.csv`` lists
every district once, keyed by its official district key, with its designation and its name
as the district itself writes them, and with the spellings GeoNames uses that no rule derives
(aliases). ``district_named`` finds the entry of any spelling by one rule.
"""

import csv
import functools
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from groups.search.vocabulary import normalize, place_key

DISTRICTS_FILE = Path(__file__).resolve().parent / "data" / "districts.csv"


@dataclass(frozen=True)
class District:
    key: str  # the official district key (Kreisschlüssel), "14612"
    state: str  # ISO 3166-2:DE code of its federal state, "SN"
    is_city: bool  # a kreisfreie Stadt (in Baden-Württemberg: Stadtkreis) or a city-state
    designation: str  # "Landkreis", "Kreis", "Kreisfreie Stadt" …; empty where the name says it
    name: str  # what it is filed under: "Dresden", "Erzgebirgskreis"

    def __str__(self) -> str:
        """The official name: "Kreisfreie Stadt Dresden", "Kreis Unna", "Erzgebirgskreis"."""
        return f"{self.designation} {self.name}".strip()

    @property
    def sort_key(self) -> tuple[str, str]:
        """Filed by the place's name as in a German index, whatever its designation: the
        Kreisfreie Stadt Dresden under D, a Landkreis and the city of the same name together."""
        return normalize(self.name), normalize(str(self))


class Districts:
    """The shipped districts, indexed by every spelling that names one of them: the official
    name, the bare name, and the aliases, each as ``place_key`` compares place names."""

    def __init__(self, rows: list[dict]):
        self.by_spelling: dict[tuple[str, str], list[District]] = defaultdict(list)
        # Designations as they stand before a name, longest first ("Kreisfreie Stadt" before
        # "Kreis"), with whether they name a city.
        designations: dict[str, bool] = {}
        for row in rows:
            district = District(
                key=row["key"],
                state=row["state"],
                is_city=row["kind"] == "city",
                designation=row["designation"],
                name=row["name"],
            )
            spellings = {district.name, str(district), *filter(None, row["aliases"].split("|"))}
            for spelling in spellings:
                for state in (district.state, ""):  # "": when the state is not known
                    self.by_spelling[state, place_key(spelling)].append(district)
            if district.designation:
                designations[district.designation] = district.is_city
        self.designations = sorted(designations.items(), key=lambda item: -len(item[0]))

    def named(self, spelling: str, state: str = "", town: str = "") -> District | None:
        """The district a GeoNames ``spelling`` names in ``state`` (ISO code, may be empty),
        for a place called ``town``; None when it names none or cannot be told apart.

        The rule: a spelling is the official name, the bare name or an alias. Else it is a
        name with a designation before it ("Kreisfreie Stadt Chemnitz", "Landkreis Zwickau")
        or, as the Federal Statistical Office writes cities, after a comma ("Chemnitz,
        Stadt", "Kassel, documenta-Stadt"), which tells a city from a Landkreis. Where a bare
        name stands for both ("Karlsruhe", "Bamberg"), the place of that name is the city and
        every other place lies in the Landkreis.
        """
        candidates = list(dict.fromkeys(self.by_spelling.get((state, place_key(spelling)), [])))
        if not candidates:
            name, is_city = self.without_designation(spelling)
            candidates = [
                district
                for district in dict.fromkeys(self.by_spelling.get((state, place_key(name)), []))
                if is_city is None or district.is_city == is_city
            ]
        if len(candidates) > 1:
            city = [d for d in candidates if d.is_city and place_key(d.name) == place_key(town)]
            candidates = city or [d for d in candidates if not d.is_city]
        return candidates[0] if len(candidates) == 1 else None

    def without_designation(self, spelling: str) -> tuple[str, bool | None]:
        """The name in ``spelling`` and whether its designation calls it a city (None when it
        has none)."""
        spelling = " ".join(spelling.split())
        if "," in spelling:
            return spelling.split(",", 1)[0].strip(), True
        for designation, is_city in self.designations:
            if spelling.casefold().startswith(designation.casefold() + " "):
                return spelling[len(designation) + 1 :], is_city
        return spelling, None


@functools.cache
def districts() -> Districts:
    with DISTRICTS_FILE.open(encoding="utf-8", newline="") as file:
        return Districts(list(csv.DictReader(file)))


def district_named(spelling: str, state: str = "", town: str = "") -> District | None:
    """The official district that a postcode list's ``spelling`` names (see ``Districts``)."""
    return districts().named(spelling, state, town)
