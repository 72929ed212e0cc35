import pytest

from stargate_report.text import count_words, find_figures


def kinds(text, **kw):
    return [(f.text, f.kind) for f in find_figures(text, **kw)]


@pytest.mark.parametrize("text, expected", [
    ("un accord de 300 milliards de dollars", [("300 milliards", "money")]),
    ("estimée à environ 4,5 gigawatts.", [("4,5", "power")]),
    ("de 1,2 gigawatt actuellement", [("1,2", "power")]),
    ("à environ 750 000 foyers.", [("750 000", "other")]),
    ("représenter 19% de la consommation", [("19", "percent")]),
    ("ses actions de 5 % mercredi", [("5", "percent")]),
    ("à partir de 2027, dans le cadre", [("2027", "year")]),
    ("une ville de quatre millions d’habitants", [("quatre millions", "other")]),
    ("L’accord se chiffre à dix milliards de dollars.", [("dix milliards", "money")]),
    ("dépenser 80 milliards pour ses propres data centers", [("80 milliards", "money")]),
])
def test_figures_in_french_formats(text, expected):
    assert kinds(text) == expected


@pytest.mark.parametrize("text", [
    "un nouveau recul",  # "un" is an article here
    "plusieurs millions de foyers américains",  # a scale word alone states no number
    "des dizaines de milliards",  # vague
    "des cartes B200 et H100",  # model names, not figures
    "centre de données (2)\n",  # an image index
    "Technologie\n0\n\nOpenAI",  # a comment counter alone on its line
])
def test_what_is_not_a_figure(text):
    assert kinds(text) == []


def test_number_words_can_be_left_out():
    text = "sur cinq ans, soit 300 milliards de dollars et dix milliards"
    assert [f.text for f in find_figures(text)] == ["cinq", "300 milliards", "dix milliards"]
    assert [f.text for f in find_figures(text, include_number_words=False)] == ["300 milliards"]
    assert [f.in_words for f in find_figures(text)] == [True, False, True]


def test_offsets_point_at_the_figure():
    text = "Le contrat: 300 milliards de dollars."
    (fig,) = find_figures(text)
    assert text[fig.start:fig.start + len(fig.text)] == "300 milliards"


def test_count_words_ignores_punctuation_tokens():
    assert count_words("Distance avec Microsoft – En s’alliant à Oracle") == 7
