"""German-aware text search over groups. docs/search.md explains the design.

The modules, each importing only those after it: ``page`` (a search as the public pages ask
it) → ``analysis`` (what each typed word is) and ``ranking`` (relevance) → ``text_places``
(a place said in the text) → ``places`` (resolving a place) and ``query`` (the database
conditions) → ``vocabulary`` (the word data and the normaliser). ``index`` refreshes the
search columns; only the signals and imports call it.

Text is compared in a normalised form, made by the SQL function ``search_normalize``
(migration ``groups/0003``) and its Python twin ``vocabulary.normalize``: lower case, accents
removed, "ß" as "ss", and "ae"/"oe"/"ue" after a consonant folded to "a"/"o"/"u", so
"Angehörige", "Angehoerige" and "Angehorige" are the same word.
"""
