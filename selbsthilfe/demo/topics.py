"""A German topic list for self-help, A to Z, with the words people search for.

Each line: name | category | synonyms separated by semicolons | optional parent topic.
The synonyms end with English words for the common topics, for visitors of the English pages.
"""

TOPICS = """
ADHS|mental_health|ADS;Aufmerksamkeitsdefizit;Hyperaktivität;Zappelphilipp;ADHD
Adipositas|health|Übergewicht;Fettleibigkeit;Magenverkleinerung;Adipositaschirurgie;obesity
Alkoholabhängigkeit|addiction|Alkohol;Alkoholismus;Alkoholsucht;Trinken;Sucht;trockene Alkoholiker;Alkoholiker;Trinker;saufen;Alkoholproblem;Spiegeltrinker;Kreuzbund;Anonyme Alkoholiker;AA;Blaues Kreuz;Guttempler;alcohol;alcoholism;alcohol addiction;Alcoholics Anonymous
Alleinerziehende|social|alleinerziehend;Einelternfamilie;Alleinerziehende Mütter;Alleinerziehende Väter;single parents
Allergien|health|Allergie;Heuschnupfen;Nahrungsmittelallergie;allergy
Alzheimer|health|Alzheimer-Krankheit;Vergesslichkeit|Demenz
Amputation|disability|Amputierte;Prothese;Beinamputation
Angehörige Demenzkranker|relatives|Demenz Angehörige;Angehörige Alzheimer;pflegende Angehörige Demenz;dementia carers|Pflegende Angehörige
Angehörige psychisch Kranker|relatives|Angehörige psychisch erkrankter Menschen;Angehörige Psychiatrie
Angehörige Suchtkranker|relatives|Co-Abhängigkeit;Angehörige Alkohol;Angehörige Sucht;Coabhängigkeit;Al-Anon;Alateen;Eltern Suchtkranker;trinkt;Partner trinkt;nimmt Drogen;Kind nimmt Drogen
Angst und Panik|mental_health|Angst;Angststörung;Panikattacken;Phobie;Panik;Ängste;Angstattacken;Platzangst;Agoraphobie;Herzrasen;anxiety;panic attacks
Aphasie|disability|Sprachstörung nach Schlaganfall;Sprachverlust
Arbeitslosigkeit|social|arbeitslos;Erwerbslosigkeit;Erwerbslose;Bürgergeld;Hartz IV;Jobverlust
Arthrose|health|Gelenkverschleiß;Gelenke
Asperger-Syndrom|disability|Asperger|Autismus
Asthma|health|Asthma bronchiale;Atemnot|Lungenerkrankungen
Autismus|disability|Autismus-Spektrum;Autisten;ASS;autism
Bandscheibenvorfall|health|Bandscheibe;Rückenschmerzen|Rückenleiden
Bauchspeicheldrüsenkrebs|health|Pankreaskrebs;Pankreaskarzinom|Krebs
Behinderte Kinder|relatives|Eltern behinderter Kinder;Kinder mit Behinderung;Beeinträchtigung Kind
Bipolare Störung|mental_health|manisch-depressiv;Manie;bipolar;bipolar disorder
Blasenkrebs|health|Harnblasenkrebs|Krebs
Blindheit und Sehbehinderung|disability|blind;sehbehindert;Sehverlust;Makuladegeneration;blindness;visually impaired
Borderline|mental_health|Borderline-Persönlichkeitsstörung;emotional instabil
Brustkrebs|health|Mammakarzinom;Brustkrebs Frauen;Mastektomie;breast cancer|Krebs
Burnout|mental_health|Erschöpfung;ausgebrannt;Überlastung;Burn-out;Erschöpfungsdepression;Stress
Chronische Schmerzen|health|Schmerz;Schmerzpatienten;Dauerschmerz;chronic pain
Chronisch entzündliche Darmerkrankungen|health|Morbus Crohn;Colitis ulcerosa;CED;Darmentzündung
COPD|health|chronische Bronchitis;Lungenemphysem|Lungenerkrankungen
Darmkrebs|health|Kolonkarzinom;Enddarmkrebs;Stoma|Krebs
Demenz|health|Vergesslichkeit;Gedächtnisverlust;vergesslich;Gedächtnisprobleme;Alzheimer;dementia
Depression|mental_health|depressiv;Niedergeschlagenheit;Schwermut;Traurigkeit;Antriebslosigkeit;depressive Verstimmung;Lebensmüdigkeit;Dysthymie
Diabetes|health|Diabetes mellitus;Zucker;Zuckerkrankheit;Typ-1-Diabetes;Typ-2-Diabetes;Diabetiker;Insulin;Blutzucker
Dialyse|health|Nierenversagen;Nierenerkrankung;Nierentransplantation
Down-Syndrom|disability|Trisomie 21
Drogenabhängigkeit|addiction|Drogen;Drogensucht;Cannabis;Kokain;Heroin;Crystal Meth;Sucht;Kiffen;Gras;Haschisch;Marihuana;Amphetamine;Speed;Ecstasy;Opiate;Substitution;Methadon;Narcotics Anonymous;drug addiction
Eltern von Sternenkindern|relatives|Sternenkinder;Fehlgeburt;Totgeburt;verwaiste Eltern
Endometriose|health|Unterleibsschmerzen
Epilepsie|health|Anfälle;Krampfanfälle;Epileptiker;epilepsy
Essstörungen|mental_health|Magersucht;Bulimie;Binge Eating;Essanfälle;Essattacken;Fressattacken;hungern;Untergewicht;Anorexie;Ess-Brech-Sucht;Magersüchtig;Essbrechsucht;Heißhunger;eating disorders;anorexia;bulimia
Fibromyalgie|health|Weichteilrheuma;Faserschmerz|Rheuma
Frauen in Trennung|social|Trennung Frauen;Scheidung Frauen|Trennung und Scheidung
Gehörlosigkeit|disability|gehörlos;taub;Gebärdensprache;deaf;deafness
Glaukom|health|Grüner Star
Glücksspielsucht|addiction|Spielsucht;Glücksspiel;Spielautomaten;Sportwetten;Sucht;Zocken;Spielhalle;Online-Casino;Spieler;gambling;gambling addiction
Hepatitis|health|Leberentzündung;Lebererkrankung
Herzerkrankungen|health|Herz;herzkrank;Bluthochdruck;Hypertonie;Herzinfarkt;Herzschwäche;Herzinsuffizienz;Bypass;Herzprobleme;Herzrhythmusstörungen;Vorhofflimmern;Stent;Herz-OP;heart disease
Hochsensibilität|mental_health|hochsensibel;HSP
Hörschädigung|disability|schwerhörig;Schwerhörigkeit;Hörgerät;Cochlea-Implantat;CI
Hypochondrie|mental_health|Krankheitsangst
Inkontinenz|health|Blasenschwäche
Kehlkopfkrebs|health|Kehlkopflose;Laryngektomie|Krebs
Kinderwunsch|social|unerfüllter Kinderwunsch;Unfruchtbarkeit;künstliche Befruchtung
Kopfschmerzen und Migräne|health|Migräne;Kopfschmerz;Cluster-Kopfschmerz
Krebs|health|Tumor;Krebserkrankung;Onkologie;Karzinom;Chemotherapie;Chemo;Krebspatienten;Krebserkrankte;cancer
Leukämie und Lymphome|health|Leukämie;Blutkrebs;Lymphom;Stammzelltransplantation|Krebs
Long Covid|health|Post-Covid;Long-Covid;ME/CFS;chronische Erschöpfung
Lungenerkrankungen|health|Lunge;Atemwegserkrankung;Sauerstoff;lung disease
Lungenkrebs|health|Bronchialkarzinom|Krebs
Lupus|health|Lupus erythematodes;SLE
Männer in Trennung|social|Väter nach Trennung;Trennungsväter|Trennung und Scheidung
Medikamentenabhängigkeit|addiction|Tabletten;Schlafmittel;Beruhigungsmittel;Benzodiazepine;Sucht;prescription drug addiction
Messie-Syndrom|mental_health|Messie;Horten;Vermüllung
Migration und Integration|social|Geflüchtete;Flüchtlinge;Zugewanderte;Migranten;Flucht;Asyl;refugees;migrants
Mobbing|social|Mobbing am Arbeitsplatz;Schikane;Bossing;bullying
Morbus Bechterew|health|Bechterew;Spondylitis|Rheuma
Morbus Parkinson|health|Parkinson;Schüttelkrankheit;Parkinson's disease
Multiple Sklerose|health|MS;Encephalomyelitis disseminata;multiple sclerosis
Muskelerkrankungen|health|Muskeldystrophie;ALS;Amyotrophe Lateralsklerose;Lateralsklerose;Muskelschwund;Myasthenie
Narkolepsie|health|Schlafkrankheit|Schlafstörungen
Nierenkrebs|health||Krebs
Online-Sucht|addiction|Mediensucht;Internetsucht;Computerspielsucht;Gaming;Handysucht;Sucht;internet addiction
Organtransplantation|health|Transplantation;Spenderorgan;Transplantierte
Osteoporose|health|Knochenschwund
Pflegende Angehörige|relatives|Pflege;Angehörigenpflege;pflegen;häusliche Pflege;Pflegefall;pflegebedürftig;carers;caregivers
Poliomyelitis|health|Polio;Kinderlähmung;Post-Polio
Posttraumatische Belastungsstörung|mental_health|PTBS;Trauma;Traumatisierung;PTSD
Prostatakrebs|health|Prostata;Prostatakarzinom;prostate cancer|Krebs
Psoriasis|health|Schuppenflechte|Hauterkrankungen
Psychische Erkrankungen|mental_health|psychisch krank;Psychiatrie-Erfahrene;seelische Gesundheit;Psyche;seelische Krise;psychische Probleme
Psychose|mental_health|Schizophrenie;Psychoseerfahrene;Stimmenhören;psychosis;schizophrenia
Rheuma|health|rheumatoide Arthritis;Polyarthritis;Rheumatismus;rheumatism;arthritis
Restless Legs|health|Restless-Legs-Syndrom;unruhige Beine|Schlafstörungen
Rückenleiden|health|Rücken;Rückenschmerzen;Wirbelsäule
Schilddrüsenerkrankungen|health|Schilddrüse;Hashimoto;Schilddrüsenunterfunktion
Schlafstörungen|health|Schlaflosigkeit;Insomnie;Schlafapnoe;insomnia;sleep disorders
Schlaganfall|health|Apoplex;Hirninfarkt;Insult;Hirnschlag;Schlaganfallpatienten;stroke
Schwerbehinderung|disability|Behinderung;Schwerbehindertenausweis;Menschen mit Behinderung;disability
Seltene Erkrankungen|health|seltene Krankheit;Orphan Disease
Sexueller Missbrauch|social|Missbrauch;sexualisierte Gewalt;Missbrauchsopfer;Vergewaltigung;sexuelle Gewalt;sexual abuse
Häusliche Gewalt|social|Gewalt in der Partnerschaft;Gewalterfahrung;Gewalt;Partnergewalt;geschlagen;domestic violence
Sozialphobie|mental_health|soziale Angst;Schüchternheit|Angst und Panik
Stottern|disability|Stotterer;Redeflussstörung;stuttering
Suizid Hinterbliebene|relatives|Suizid;Selbstmord;Angehörige nach Suizid|Trauer
Tinnitus|health|Ohrgeräusche;Ohrensausen|Hörschädigung
Trauer|social|Trauerbewältigung;Verlust;Tod;trauern;gestorben;verstorben;Hinterbliebene;Witwe;Witwer;verwitwet;Tod des Partners;Abschied;Sterbefall;grief;bereavement
Trennung und Scheidung|social|Trennung;Scheidung;Beziehungsende;Liebeskummer;getrennt;geschieden;divorce
Verwaiste Eltern|relatives|Tod eines Kindes;Kind verloren;Kind gestorben;bereaved parents|Trauer
Zwangserkrankungen|mental_health|Zwang;Zwangsstörung;Waschzwang;Kontrollzwang;Zwangsgedanken;OCD;obsessive-compulsive disorder
Rauchen|addiction|Nikotin;Nichtraucher;Raucherentwöhnung;Zigaretten;Sucht;Raucher;Rauchstopp;E-Zigarette;smoking;nicotine addiction
Kaufsucht|addiction|Kaufrausch;Shoppingsucht;Sucht;shopping addiction
Sucht allgemein|addiction|Sucht;Abhängigkeit;Suchtkrankheit;Suchtselbsthilfe;addiction
Hauterkrankungen|health|Haut;Neurodermitis;Ekzem
Neurodermitis|health|atopische Dermatitis;Ekzem|Hauterkrankungen
Zöliakie|health|Glutenunverträglichkeit;Sprue
Nahrungsmittelunverträglichkeit|health|Laktoseintoleranz;Histaminintoleranz;Unverträglichkeit
Stoma|health|künstlicher Darmausgang;Ileostoma;Colostoma
Hirnverletzung|disability|Schädel-Hirn-Trauma;Hirnschädigung;erworbene Hirnschädigung
Querschnittlähmung|disability|Querschnitt;Rollstuhl;Paraplegie
Kleinwuchs|disability|kleinwüchsig;Kleinwüchsige
Lernbehinderung|disability|geistige Behinderung;Lernschwierigkeiten
Legasthenie|disability|Lese-Rechtschreib-Schwäche;LRS;Dyskalkulie
Pflegeeltern|relatives|Pflegekinder;Pflegefamilie
Adoption|relatives|Adoptiveltern;Adoptierte;Adoptivkinder
Eltern von Kindern mit ADHS|relatives|ADHS Eltern;ADS Kinder|ADHS
Eltern frühgeborener Kinder|relatives|Frühchen;Frühgeburt;Frühgeborene
Regenbogenfamilien|relatives|LGBT Familie;queere Eltern
Väter|relatives|Vätergruppe;Vaterschaft
Großeltern|relatives|Großeltern ohne Enkelkontakt;Enkel
Einsamkeit|social|einsam;allein;Isolation;Kontakte finden;Alleinsein;soziale Isolation;loneliness
Senioren|social|ältere Menschen;Älterwerden;Ruhestand;Rente;older people
Junge Selbsthilfe|social|junge Erwachsene;Jugendliche;unter 35;junge Menschen
Schulden|social|Überschuldung;Schuldenfalle;Insolvenz;Privatinsolvenz;Geldsorgen;pleite;debt
Wohnungslosigkeit|social|obdachlos;wohnungslos;Obdachlosigkeit
Pflegekinder|relatives|Pflegekind|Pflegeeltern
Queer und Coming-out|social|LGBTIQ;lesbisch;schwul;Coming-out;queer;LGBTQ;gay;lesbian
Transidentität|social|trans;transgender;Transsexualität;nicht-binär
Hochbegabung|social|hochbegabt;Hochbegabte
Mobbing in der Schule|social|Schulmobbing;Cybermobbing|Mobbing
Krebs bei Kindern|relatives|Kinderkrebs;krebskranke Kinder|Krebs
Frauenselbsthilfe nach Krebs|health|Frauen nach Krebs|Krebs
Lymphödem|health|Lipödem;Ödem;Lymphdrainage
Sarkoidose|health|Morbus Boeck
Mukoviszidose|health|Cystische Fibrose;CF
Hämophilie|health|Bluterkrankheit
Herzkranke Kinder|relatives|angeborener Herzfehler;Herzkinder|Herzerkrankungen
Angehörige von Menschen mit Behinderung|relatives|Geschwister behinderter Menschen;Angehörige Behinderung
Geschwister|relatives|Geschwisterkinder;Schattenkinder
Angehörige von Inhaftierten|relatives|Gefängnis;Haft;Inhaftierung
Gewalt gegen Männer|social|Männer als Opfer;häusliche Gewalt Männer|Häusliche Gewalt
Stalking|social|Nachstellung;Belästigung
Lebenskrisen|social|Krise;Lebenskrise;Neuorientierung;Nervenzusammenbruch;verzweifelt;Verzweiflung;Suizidgedanken;lebensmüde
Selbstverletzendes Verhalten|mental_health|Ritzen;Selbstverletzung;SVV
Dissoziative Störungen|mental_health|Dissoziation;DIS;Multiple Persönlichkeit
Persönlichkeitsstörungen|mental_health|Persönlichkeitsstörung;narzisstisch
Angehörige von Narzissten|relatives|narzisstischer Missbrauch;toxische Beziehung
Co-Abhängigkeit|relatives|Coabhängig;EKS;Erwachsene Kinder suchtkranker Eltern;Kinder aus Suchtfamilien;Suchtfamilie|Angehörige Suchtkranker
Erwachsene Kinder aus dysfunktionalen Familien|relatives|EKS;ACA;dysfunktionale Familie
Emotional Anonymous|mental_health|EA;emotionale Gesundheit;Anonyme Gruppen
Overeaters Anonymous|addiction|Esssucht;Fresssucht;OA|Essstörungen
Lipödem|health|Lipoedem;Reiterhosen-Syndrom|Lymphödem
Tourette-Syndrom|health|Tourette;Tics
Chronische Erschöpfung ME/CFS|health|ME/CFS;Chronic Fatigue;CFS;Fatigue|Long Covid
Hörsturz|health|plötzlicher Hörverlust|Hörschädigung
Morbus Menière|health|Menière;Schwindel;Drehschwindel
Schwindel|health|Gleichgewichtsstörung
Polyneuropathie|health|Nervenschäden;Kribbeln
Skoliose|health|Wirbelsäulenverkrümmung|Rückenleiden
Gicht|health|Harnsäure|Rheuma
Kieferchirurgie und Lippen-Kiefer-Gaumenspalte|health|LKG-Spalte;Lippenspalte;Gaumenspalte
Marfan-Syndrom|health|Marfan|Seltene Erkrankungen
Narben und Brandverletzungen|health|Brandverletzte;Verbrennung;Narben
Mütter|relatives|Mütter-Gruppe;Mutter;Mama;Wochenbett
Postpartale Depression|mental_health|Wochenbettdepression;postnatale Depression;Baby Blues|Depression
Angehörige von Krebskranken|relatives|Angehörige Krebs;Partner Krebs|Krebs
Pflege von Eltern|relatives|Eltern pflegen;Pflege der Eltern|Pflegende Angehörige
Sehbehinderte Kinder|relatives|Eltern sehbehinderter Kinder|Blindheit und Sehbehinderung
Hörgeschädigte Kinder|relatives|Eltern hörgeschädigter Kinder|Hörschädigung
Gesundheit allgemein|other|Gesundheit;Prävention;Gesundheitsförderung
Nachbarschaftshilfe|other|Nachbarschaft;Ehrenamt;Engagement
Umweltkrankheiten|health|MCS;Multiple Chemikaliensensitivität;Elektrosensibilität
"""


def parse_topics():
    """Yield (name, category, synonyms, parent name or None) for each line."""
    for line in TOPICS.strip().splitlines():
        name, category, synonyms, *parent = line.split("|")
        yield (
            name.strip(),
            category.strip(),
            [synonym.strip() for synonym in synonyms.split(";") if synonym.strip()],
            parent[0].strip() if parent and parent[0].strip() else None,
        )
