"""Plausible self-help organisations for the demo: state associations in Saxony and North
Rhine-Westphalia and a few federal ones, over the common topics."""

STATES = {
    "SN": ("Sachsen", "Dresden", "01067"),
    "NW": ("Nordrhein-Westfalen", "Düsseldorf", "40210"),
}

# (name, topics, offers); a state association gets the state's name appended.
STATE_ASSOCIATIONS = [
    ("Deutsche Rheuma-Liga, Landesverband", ["Rheuma"], ["counselling", "helpline", "events"]),
    ("Deutsche Multiple Sklerose Gesellschaft, Landesverband", ["Multiple Sklerose"],
     ["counselling", "helpline", "publications"]),
    ("Deutsche Alzheimer Gesellschaft, Landesverband", ["Demenz", "Angehörige Demenzkranker"],
     ["counselling", "helpline", "founding"]),
    ("Deutscher Diabetiker Bund, Landesverband", ["Diabetes"], ["counselling", "events"]),
    ("Landesverband der Angehörigen psychisch erkrankter Menschen",
     ["Angehörige psychisch Kranker"], ["counselling", "founding"]),
    ("Blaues Kreuz, Landesverband", ["Alkoholabhängigkeit", "Angehörige Suchtkranker"],
     ["counselling", "founding"]),
    ("Frauenselbsthilfe Krebs, Landesverband", ["Brustkrebs", "Krebs"],
     ["counselling", "publications"]),
    ("Deutsche ILCO, Landesverband", ["Darmkrebs"], ["counselling"]),
    ("Deutsche Parkinson Vereinigung, Landesverband", ["Morbus Parkinson"], ["events"]),
    ("Bundesverband Prostatakrebs Selbsthilfe, Landesverband", ["Prostatakrebs"],
     ["counselling", "helpline"]),
    ("Lebenshilfe, Landesverband", ["Behinderte Kinder"], ["counselling", "events"]),
    ("Deutscher Schwerhörigenbund, Landesverband", ["Hörschädigung"], ["counselling"]),
    ("Blinden- und Sehbehindertenverband", ["Blindheit und Sehbehinderung"],
     ["counselling", "helpline"]),
    ("Epilepsie-Selbsthilfe, Landesverband", ["Epilepsie"], ["counselling", "founding"]),
    ("Autismus, Landesverband", ["Autismus"], ["counselling", "events"]),
    ("Schlaganfall-Selbsthilfe, Landesverband", ["Schlaganfall"], ["founding"]),
    ("Kreuzbund, Diözesanverband", ["Alkoholabhängigkeit"], ["founding", "events"]),
    ("Landesverband Psychiatrie-Erfahrener", ["Depression", "Psychose"], ["counselling"]),
]  # fmt: skip

FEDERAL_ASSOCIATIONS = [
    ("Deutsche Tinnitus-Liga e.V.", ["Tinnitus"], ["helpline", "publications"]),
    ("Stiftung Deutsche Schlaganfall-Hilfe", ["Schlaganfall"], ["helpline", "publications"]),
    ("Mukoviszidose e.V.", ["Mukoviszidose"], ["counselling", "publications"]),
    ("ADHS Deutschland e.V.", ["ADHS"], ["counselling", "founding"]),
    ("Bundesverband Verwaiste Eltern und trauernde Geschwister", ["Verwaiste Eltern", "Trauer"],
     ["helpline", "founding"]),
    ("Deutsche Depressionsliga e.V.", ["Depression"], ["publications", "events"]),
]  # fmt: skip
