"""The demo's contact points and the towns each is responsible for.

LAKOS Sachsen's address, phone and fax and the three K.I.S.S. Kreis Unna sites with their
phone numbers are taken from the articles in the project's seeds; the other street addresses,
numbers and mail addresses are illustrative, and so are the opening hours (the seeds give
none): office hours as contact points keep them, with an evening for working people.
"""

MON, TUE, WED, THU, FRI = range(5)
# (weekdays, opens, closes); a site without "hours" gets these.
OFFICE_HOURS = [
    ((MON, TUE, WED, THU), "09:00", "16:00"),
    ((FRI,), "09:00", "13:00"),
]

# The contact points' free text is a note beside the sites' hours, never the hours. Demo
# databases loaded before kept the hours here as text; loading again puts the note in place.
FORMER_HOURS_TEXTS = {
    "Mo–Do 9:00–16:00 Uhr, Fr 9:00–13:00 Uhr",
    "Mo–Fr 9:00–12:00 Uhr, Di und Do 14:00–17:00 Uhr",
}

CONTACT_POINTS = [
    {
        "slug": "lakos-sachsen",
        "name": "Landeskontaktstelle Selbsthilfe Sachsen",
        "short_name": "LAKOS Sachsen",
        "kind": "state",
        "parent": None,
        "carrier": "JUST Jugendstiftung Sachsen",
        "federal_state": "SN",
        "email": "info@lakos-sachsen.example",
        "description": (
            "Die Landeskontaktstelle Selbsthilfe Sachsen vernetzt die regionalen "
            "Selbsthilfe-Kontaktstellen und Selbsthilfe-Aktiven im Freistaat, unterstützt die "
            "Digitalisierung der Selbsthilfe und setzt sich dafür ein, junge Menschen für die "
            "Selbsthilfe zu gewinnen."
        ),
        "opening_hours": "Beratung auch telefonisch oder per Video, nach Vereinbarung.",
        "sites": [
            {
                "name": "LAKOS Sachsen",
                "street": "Königsbrücker Straße 28/30",
                "postcode": "01099",
                "town": "Dresden",
                "phone": "(0351) 8 10 776 39",
                "fax": "(0351) 8 10 776 37",
                "hours": OFFICE_HOURS,
                "step_free": True,
                "group_rooms": 1,
            }
        ],
        "towns": [],
    },
    {
        "slug": "kiss-dresden",
        "name": "Kontakt- und Informationsstelle für Selbsthilfe Dresden",
        "short_name": "KISS Dresden",
        "kind": "regional",
        "parent": "lakos-sachsen",
        "carrier": "Landeshauptstadt Dresden, Gesundheitsamt",
        "federal_state": "SN",
        "email": "kiss@dresden.example",
        "sites": [
            {
                "name": "KISS Dresden",
                "street": "Georgenstraße 4",
                "postcode": "01097",
                "town": "Dresden",
                "phone": "(0351) 2 06 19 85",
                "step_free": True,
                "group_rooms": 3,
            }
        ],
        "towns": [
            ("01067", "Dresden", 58),
            ("01445", "Radebeul", 10),
            ("01796", "Pirna", 12),
            ("01662", "Meißen", 11),
            ("01705", "Freital", 9),
            ("01587", "Riesa", 10),
            ("01558", "Großenhain", 7),
        ],
    },
    {
        "slug": "skis-leipzig",
        "name": "Selbsthilfekontakt- und Informationsstelle Leipzig",
        "short_name": "SKIS Leipzig",
        "kind": "regional",
        "parent": "lakos-sachsen",
        "carrier": "Stadt Leipzig, Gesundheitsamt",
        "federal_state": "SN",
        "email": "skis@leipzig.example",
        "sites": [
            {
                "name": "SKIS Leipzig",
                "street": "Friedrich-Ebert-Straße 19a",
                "postcode": "04109",
                "town": "Leipzig",
                "phone": "(0341) 1 23 67 55",
                "step_free": True,
                "group_rooms": 4,
            }
        ],
        "towns": [
            ("04109", "Leipzig", 62),
            ("04416", "Markkleeberg", 9),
            ("04425", "Taucha", 7),
            ("04552", "Borna", 10),
            ("04668", "Grimma", 10),
            ("04509", "Delitzsch", 9),
            ("04860", "Torgau", 9),
            ("04808", "Wurzen", 8),
        ],
    },
    {
        "slug": "kiss-chemnitz",
        "name": "Kontakt- und Informationsstelle für Selbsthilfegruppen Chemnitz",
        "short_name": "KISS Chemnitz",
        "kind": "regional",
        "parent": "lakos-sachsen",
        "carrier": "Stadt Chemnitz",
        "federal_state": "SN",
        "email": "kiss@chemnitz.example",
        "sites": [
            {
                "name": "KISS Chemnitz",
                "street": "Bahnhofstraße 53",
                "postcode": "09111",
                "town": "Chemnitz",
                "phone": "(0371) 4 88 53 73",
                "step_free": False,
                "group_rooms": 2,
            }
        ],
        "towns": [
            ("09111", "Chemnitz", 40),
            ("09599", "Freiberg", 12),
            ("09648", "Mittweida", 8),
            ("09456", "Annaberg-Buchholz", 10),
            ("09366", "Stollberg/Erzgebirge", 7),
            ("09212", "Limbach-Oberfrohna", 7),
        ],
    },
    {
        "slug": "kiss-zwickau",
        "name": "Kontakt- und Informationsstelle für Selbsthilfe Zwickau",
        "short_name": "KISS Zwickau",
        "kind": "regional",
        "parent": "lakos-sachsen",
        "carrier": "Landkreis Zwickau",
        "federal_state": "SN",
        "email": "kiss@zwickau.example",
        "sites": [
            {
                "name": "KISS Zwickau",
                "street": "Werdauer Straße 62",
                "postcode": "08056",
                "town": "Zwickau",
                "phone": "(0375) 4 40 22 23 57",
                "step_free": True,
                "group_rooms": 2,
            }
        ],
        "towns": [
            ("08056", "Zwickau", 30),
            ("08523", "Plauen", 14),
            ("08412", "Werdau", 8),
            ("08451", "Crimmitschau", 8),
            ("08371", "Glauchau", 9),
            ("08468", "Reichenbach/Vogtland", 8),
            ("08280", "Aue", 8),
        ],
    },
    {
        "slug": "kiss-goerlitz",
        "name": "Kontakt- und Informationsstelle für Selbsthilfe Landkreis Görlitz",
        "short_name": "KISS Görlitz",
        "kind": "regional",
        "parent": "lakos-sachsen",
        "carrier": "Landkreis Görlitz",
        "federal_state": "SN",
        "email": "kiss@goerlitz.example",
        "sites": [
            {
                "name": "KISS Görlitz",
                "street": "Berliner Straße 33",
                "postcode": "02826",
                "town": "Görlitz",
                "phone": "(03581) 66 32 61",
                "step_free": True,
                "group_rooms": 1,
            },
            {
                "name": "KISS Bautzen",
                "street": "Bahnhofstraße 9",
                "postcode": "02625",
                "town": "Bautzen",
                "phone": "(03591) 5 25 15 87",
                "step_free": False,
                "group_rooms": 1,
            },
        ],
        "towns": [
            ("02826", "Görlitz", 14),
            ("02763", "Zittau", 9),
            ("02625", "Bautzen", 12),
            ("02708", "Löbau", 7),
            ("02977", "Hoyerswerda", 9),
        ],
    },
    {
        "slug": "selbsthilfe-kontaktstelle-dortmund",
        "name": "Selbsthilfe-Kontaktstelle Dortmund",
        "short_name": "Selbsthilfe-Kontaktstelle Dortmund",
        "kind": "regional",
        "parent": None,
        "carrier": "PariSozial Dortmund – Der Paritätische NRW",
        "federal_state": "NW",
        "email": "selbsthilfe@dortmund.example",
        "description": (
            "Seit 1983 Lotse durch die Selbsthilfe-Landschaft in Dortmund: Beratung für "
            "Selbsthilfe-Interessierte, Unterstützung bei Gruppengründungen, Veranstaltungen "
            "für Gruppen und Hilfe bei der Förderung. Rund 260 Gruppen stehen mit uns in "
            "Kontakt, viele davon sind nur über die Kontaktstelle erreichbar."
        ),
        "opening_hours": "Gespräche außerhalb der Öffnungszeiten nach Vereinbarung.",
        "sites": [
            {
                "name": "Selbsthilfe-Kontaktstelle Dortmund",
                "street": "Friedensplatz 7",
                "postcode": "44135",
                "town": "Dortmund",
                "phone": "(0231) 18 99 89 0",
                "hours": [
                    ((MON, TUE, WED, THU, FRI), "09:00", "12:00"),
                    ((TUE, THU), "14:00", "17:00"),
                ],
                "step_free": True,
                "group_rooms": 3,
            }
        ],
        "towns": [("44135", "Dortmund", 95)],
    },
    {
        "slug": "kiss-kreis-unna",
        "name": "Kontakt- und InformationsStelle für Selbsthilfegruppen (K.I.S.S.) Kreis Unna",
        "short_name": "K.I.S.S. Kreis Unna",
        "kind": "regional",
        "parent": None,
        "carrier": "Kreis Unna",
        "federal_state": "NW",
        "email": "kiss@kreis-unna.example",
        "website": "https://www.kreis-unna.de/selbsthilfe",
        "description": (
            "Seit mehr als 30 Jahren unterstützt die K.I.S.S. die über 260 Selbsthilfegruppen "
            "im Kreis Unna. Mitarbeiterinnen an drei Standorten beraten Interessierte und "
            "Gruppen. Alle Anfragen werden selbstverständlich vertraulich behandelt."
        ),
        "sites": [
            {
                "name": "K.I.S.S. Unna",
                "street": "Friedrich-Ebert-Straße 17",
                "postcode": "59425",
                "town": "Unna",
                "phone": "0 23 03 / 27-28 29",
                "hours": [
                    ((MON, TUE, WED, THU, FRI), "09:00", "12:00"),
                    ((TUE,), "14:00", "18:00"),
                    ((THU,), None, None),  # afternoons by appointment
                ],
                "step_free": True,
                "group_rooms": 2,
            },
            {
                "name": "K.I.S.S. Lünen (Gesundheitshaus)",
                "street": "Roggenmarkt 18–20",
                "postcode": "44532",
                "town": "Lünen",
                "phone": "0 23 06 / 100-610",
                "hours": [
                    ((MON, WED, FRI), "09:00", "12:00"),
                    ((WED,), "15:00", "18:00"),
                ],
                "step_free": True,
                "group_rooms": 3,
            },
            {
                "name": "K.I.S.S. Schwerte (Gesundheitshaus)",
                "street": "Rathausstraße 31",
                "postcode": "58239",
                "town": "Schwerte",
                "phone": "0 23 04 / 240-70 22",
                "hours": [((TUE, THU), "09:00", "12:00"), ((MON,), None, None)],
                "step_free": False,
                "group_rooms": 2,
            },
        ],
        "towns": [
            ("59423", "Unna", 28),
            ("44532", "Lünen", 26),
            ("58239", "Schwerte", 18),
            ("59174", "Kamen", 12),
            ("59192", "Bergkamen", 11),
            ("59379", "Selm", 7),
            ("59368", "Werne", 9),
            ("58730", "Fröndenberg", 6),
            ("59439", "Holzwickede", 6),
            ("59199", "Bönen", 5),
        ],
    },
]
