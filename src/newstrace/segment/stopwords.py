"""Stop words per language (folded forms), ignored when matching content."""
from __future__ import annotations

_EN = """
a about above after again against all am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have
having he her here hers herself him himself his how i if in into is it its itself just me more most
my myself no nor not now of off on once only or other our ours ourselves out over own same she
should so some such than that the their theirs them themselves then there these they this those
through to too under until up very was we were what when where which while who whom why will with
would you your yours yourself yourselves s t don also may might must shall upon yet
us one said says say
"""
_FR = """
au aux avec ce ces dans de des du elle en et eux il ils je la le les leur lui ma mais me meme mes
moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un
une vos votre vous c d j l m n s t y ete etre est sont a ont cette cet plus comme ou
"""
_DE = """
aber alle als am an auch auf aus bei bin bis das dass dem den der des die doch du ein eine einem
einen einer eines er es fur hat hatte ich ihr im in ist ja kann mit nach nicht noch nur ob oder sich
sie sind so uber um und uns von vor war wie wir wird wurde zu zum zur werden wurden sei
"""
_ES = """
a al como con de del el ella ellos en entre era es esta este fue ha han la las le les lo los mas
me mi no nos o para pero por que se sin su sus te un una y ya son sobre tambien
"""
_RU = """
а без бы был была были было в во вот все всё да для до его ее её если есть еще ещё же за и из
или им их к как ко когда который ли между мы на над не него нее неё нет ни но о об он она они
оно от по под при с со так также то того тоже только у уже что чтобы это эти этот я
"""

STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset(_EN.split()),
    "fr": frozenset(_FR.split()),
    "de": frozenset(_DE.split()),
    "es": frozenset(_ES.split()),
    "ru": frozenset(_RU.split()),
}
