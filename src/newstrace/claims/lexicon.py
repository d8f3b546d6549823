"""Word lists the claim rules use: what figures count, outcomes, speech verbs, places."""
from __future__ import annotations

# counted noun (lemma, lower case) -> canonical class
ENTITIES = {
    "soldier": "soldiers", "serviceman": "soldiers", "servicemen": "soldiers", "troop": "soldiers",
    "troops": "soldiers", "personnel": "soldiers", "serviceperson": "soldiers", "conscript": "soldiers",
    "civilian": "civilians", "noncombatant": "civilians",
    "people": "people", "person": "people", "resident": "people", "inhabitant": "people",
    "villager": "people", "citizen": "people", "individual": "people", "life": "people",
    "victim": "people", "passenger": "people", "worker": "people", "menschen": "people",
    "einwohner": "people", "personnes": "people", "rettungskräfte": "rescuers", "fahrzeuge": "vehicles",
    "hubschrauber": "helicopters", "schulen": "schools", "verletzte": "people", "soldaten": "soldiers",
    "zivilisten": "civilians", "morts": "people", "tote": "people",
    "child": "children", "kid": "children", "woman": "women",
    "militant": "militants", "fighter": "militants", "terrorist": "militants", "rebel": "militants",
    "jihadist": "militants", "insurgent": "militants",
    "strike": "strikes", "airstrike": "strikes", "raid": "strikes", "air strike": "strikes",
    "bombing": "strikes", "sortie": "strikes",
    "jet": "aircraft", "plane": "aircraft", "warplane": "aircraft", "aircraft": "aircraft",
    "bomber": "aircraft", "helicopter": "helicopters", "drone": "drones",
    "truck": "trucks", "lorry": "trucks", "vehicle": "vehicles", "tank": "tanks",
    "missile": "missiles", "rocket": "missiles", "shell": "shells",
    "rescuer": "rescuers", "rescue worker": "rescuers", "emergency worker": "rescuers",
    "attack": "attacks", "dam": "dams", "shelter": "shelters",
    "school": "schools", "hospital": "hospitals",
}
# nouns that refer back to the previous figure's entity ("100 more", "a hundred others")
ANAPHORIC = {"other", "others", "more", "further", "additional", "of them", "them"}
# nouns that make a number a measure of time or a date, not a count
TIME_UNITS = {"second", "minute", "hour", "day", "week", "month", "year", "decade", "century",
              "am", "pm", "a.m.", "p.m.", "gmt", "utc", "o'clock", "km", "kilometre", "kilometer",
              "mile", "metre", "meter", "percent", "per", "%", "cent", "uhr", "jahre", "tage",
              "minuten", "stunden", "street", "time", "times", "mm", "cm", "degree", "label", "name",
              "night", "litre", "liter", "metre", "centimetre", "centimeter", "millimetre", "cubic",
              "kilogram", "gram", "hectare", "acre", "foot", "feet", "inch", "kilometer", "kilometres", "liter", "litre", "tonne", "ton", "third", "half", "quarter", "fifth", "tenth", "point", "goal", "vote", "seat"}
MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
          "sept", "oct", "nov", "dec", "januar", "februar", "märz", "mai", "juni", "juli", "oktober",
          "dezember", "janvier", "février", "mars", "avril", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre"}
# outcome words (lower case surface or lemma) -> canonical outcome
OUTCOMES = {
    "kill": "killed", "killed": "killed", "killing": "killed", "dead": "killed", "die": "killed",
    "died": "killed", "death": "killed", "deaths": "killed", "fatality": "killed", "perish": "killed",
    "slay": "killed", "life": "killed", "lives": "killed", "toll": "killed", "getötet": "killed",
    "tote": "killed", "tués": "killed", "morts": "killed",
    "wound": "wounded", "wounded": "wounded", "injure": "wounded", "injured": "wounded",
    "injuring": "wounded", "hurt": "wounded", "injury": "wounded", "injuries": "wounded", "casualty": "wounded",
    "verletzt": "wounded", "verletzte": "wounded", "blessés": "wounded",
    "missing": "missing", "vermisst": "missing", "disparus": "missing",
    "evacuate": "evacuated", "evacuated": "evacuated", "evakuiert": "evacuated",
    "arrest": "arrested", "detain": "arrested", "displace": "displaced", "rescue": "rescued",
    "admit": "admitted", "hospitalise": "admitted", "hospitalize": "admitted",
}
# verbs that introduce reported speech, by lemma
SPEECH_VERBS = {"say", "tell", "confirm", "report", "state", "add", "announce", "claim", "declare",
                "warn", "estimate", "count", "write", "note", "insist", "allege", "accuse", "put",
                "continue", "explain", "stress", "assert", "admit", "acknowledge", "deny", "record",
                "tweet", "quote", "cite", "reply", "urge", "speak"}
SPEECH_WORDS = ("said", "says", "say", "told", "added", "stated", "states", "reported", "reports",
                "announced", "claimed", "confirmed", "declared", "warned", "wrote", "noted",
                "continued", "insisted", "explained", "stressed", "asserted", "estimated",
                "tweeted", "replied", "reads", "read", "expressed", "urged", "urges", "warns")
# attributions that name no one: "according to the latest information", "reports said"
NON_AGENTS = {"information", "latest information", "reports", "report", "data", "figures",
              "estimates", "sources", "media reports", "it", "this", "that", "they", "which",
              "who", "we", "i", "you", "there"}
# coarse places (countries and regions): they never separate two events
COUNTRIES = {
    "syria", "russia", "iraq", "iran", "turkey", "israel", "lebanon", "jordan", "egypt", "libya",
    "yemen", "saudi arabia", "afghanistan", "pakistan", "india", "china", "japan", "ukraine",
    "united states", "us", "u.s.", "usa", "america", "united kingdom", "uk", "britain",
    "great britain", "france", "germany", "italy", "spain", "poland", "belarus", "georgia",
    "armenia", "azerbaijan", "kazakhstan", "kyrgyzstan", "qatar", "bahrain", "kuwait", "oman",
    "united arab emirates", "uae", "sudan", "somalia", "nigeria", "mali", "ethiopia", "kenya",
    "europe", "asia", "africa", "middle east", "the middle east", "veloria", "palestine", "gaza",
    "west bank", "north korea", "south korea", "korea", "mexico", "canada", "brazil", "venezuela",
    "colombia", "netherlands", "belgium", "sweden", "norway", "finland", "denmark", "austria",
    "switzerland", "greece", "serbia", "kosovo", "bosnia", "croatia", "hungary", "romania",
    "bulgaria", "moldova", "lithuania", "latvia", "estonia", "the united states", "east", "west",
}
# country adjectives and metonyms -> canonical country
COUNTRY_WORDS = {
    "russia": "Russia", "russian": "Russia", "russia's": "Russia", "moscow": "Russia",
    "kremlin": "Russia", "us": "US", "u.s.": "US", "american": "US", "united states": "US",
    "washington": "US", "pentagon": "US", "america": "US", "syria": "Syria", "syrian": "Syria",
    "syria's": "Syria", "damascus": "Syria", "turkish": "Turkey", "turkey": "Turkey",
    "iraqi": "Iraq", "iraq": "Iraq", "iranian": "Iran", "iran": "Iran", "israeli": "Israel",
    "british": "UK", "britain": "UK", "uk": "UK", "french": "France", "france": "France",
    "german": "Germany", "germany": "Germany", "ukrainian": "Ukraine", "ukraine": "Ukraine",
    "chinese": "China", "china": "China", "velorian": "Veloria", "veloria": "Veloria",
    "veloria's": "Veloria",
}
PLACE_NOUNS = {"province", "city", "town", "village", "airport", "base", "airbase", "region",
               "district", "governorate", "area", "neighbourhood", "neighborhood", "valley",
               "camp", "border", "outskirts", "hospital"}
LOCATIVE = {"in", "near", "at", "around", "outside", "inside", "over", "across", "into",
            "nahe", "bei", "près"}
