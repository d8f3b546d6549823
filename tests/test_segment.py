from newstrace.segment import split_sentences, tokenize
from newstrace.segment.normalize import fold


def test_fold_typography_case_diacritics():
    assert fold("Café") == "cafe"
    assert fold("Coalition’s") == "coalition's"
    assert fold("ZÜRICH") == "zurich"


def test_tokens_keep_offsets_and_split_hyphens():
    text = "The US-led coalition’s 1,000 strikes… in Deir ez-Zor."
    toks = tokenize(text)
    for t in toks:
        assert fold(text[t.begin:t.end]) == t.norm
    norms = [t.norm for t in toks]
    assert norms[:4] == ["the", "us", "led", "coalition's"]
    assert "1,000" in norms and "ez" in norms and "zor" in norms


def test_sentences_abbreviations_initials_and_paragraphs():
    text = ("MOSCOW (Sputnik) — Gen. Igor K. Smith said on Monday that U.S. jets struck. "
            "\"We regret it,\" he said. Dr. Jones agreed!\n\nNew paragraph without end")
    spans = split_sentences(text)
    sents = [text[b:e] for b, e in spans]
    assert sents == [
        "MOSCOW (Sputnik) — Gen. Igor K. Smith said on Monday that U.S. jets struck.",
        "\"We regret it,\" he said.",
        "Dr. Jones agreed!",
        "New paragraph without end",
    ]


def test_sentences_quote_closing_and_empty():
    assert split_sentences("") == []
    assert split_sentences("   \n\n  ") == []
    text = "He said: “It is over.” Then he left."
    assert [text[b:e] for b, e in split_sentences(text)] == ["He said: “It is over.”", "Then he left."]


def test_stem_cache_matches_the_stemmer_and_survives_clearing(monkeypatch):
    import Stemmer

    from newstrace.segment import tokens
    words = ["running", "houses", "running", "nations", "went"]
    ru = ["бегущий", "дома", "бегущий"]
    assert tokens.stem_words(words) == Stemmer.Stemmer("english").stemWords(words)
    assert tokens.stem_words(ru, "ru") == Stemmer.Stemmer("russian").stemWords(ru)
    # a full cache is emptied and refilled, without losing words already looked up
    monkeypatch.setattr(tokens, "_STEM_CACHE_MAX", 3)
    more = ["running", "bridges", "cities", "villages", "rivers"]
    assert tokens.stem_words(more) == Stemmer.Stemmer("english").stemWords(more)
    assert tokens.stem_words([]) == []
