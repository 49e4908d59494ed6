"""The YAML parser's English problem texts said in Swedish, with what to do; the original is kept.

ruamel.yaml (libyaml) reports a syntax error in its own words ("did not find expected ',' or ']'").
An officer needs to know what is wrong in the file and how to fix it, in Swedish; a developer, or
a search engine, still needs the parser's text, so it stays in parentheses.
"""
from __future__ import annotations

# (words in the parser's problem, what it means in Swedish, what to do)
MEANINGS = (
    ("expected ',' or ']'", "en lista inom [ ] stängs inte", "lägg till `]` eller ett kommatecken mellan värdena"),
    ("expected ',' or '}'", "en uppsättning inom { } stängs inte", "lägg till `}` eller ett kommatecken mellan nycklarna"),
    ("mapping values are not allowed", "ett kolon står där ett värde väntades",
     "sätt citattecken runt ett värde som innehåller `: `, eller rätta indraget"),
    ("could not find expected ':'", "ett kolon saknas efter en nyckel", "skriv `nyckel: värde`"),
    ("did not find expected key", "indraget stämmer inte med raderna ovanför", "rätta indraget (blanksteg, inte tabbar)"),
    ("expected <block end>", "indraget stämmer inte med raderna ovanför", "rätta indraget (blanksteg, inte tabbar)"),
    ("did not find expected node content", "ett värde saknas", "skriv värdet efter kolonet eller strecket"),
    ("'\\t'", "ett tabbtecken står i indraget", "använd blanksteg för indrag"),
    ("tab", "ett tabbtecken står i indraget", "använd blanksteg för indrag"),
    ("end of stream", "filen tar slut mitt i ett värde", "stäng citattecknet eller parentesen som öppnades"),
    ("unknown escape character", "en okänd kombination med `\\` inom dubbla citattecken",
     "använd enkla citattecken runt värdet"),
    ("cannot start any token", "ett värde börjar med ett tecken som YAML inte tillåter där (som @ eller `)",
     "sätt citattecken runt värdet"),
    ("found undefined alias", "ett värde börjar med `*`, som i YAML hänvisar till något annat",
     "sätt citattecken runt värdet"),
    ("did not find expected alphabetic or numeric character", "ett värde börjar med `&` eller `*`",
     "sätt citattecken runt värdet"),
    ("found duplicate anchor", "samma `&namn` står två gånger", "ta bort det ena eller sätt citattecken runt värdet"),
)


def swedish_problem(problem: str | None, character: str = "") -> tuple[str, str]:
    """What a parser problem means and what to do, in Swedish (`character`: the one it stopped at)."""
    text = problem or ""
    if character == "\t":
        return "ett tabbtecken står i indraget", "använd blanksteg för indrag"
    for words, meaning, advice in MEANINGS:
        if words in text:
            return meaning, advice
    return "YAML kan inte läsa filen här", "kontrollera indrag, kolon, parenteser och citattecken"


def syntax_error_texts(problem: str | None, context: str | None, began: tuple[int, int] | None,
                       character: str = "") -> tuple[str, str]:
    """The Swedish and English messages of a YAML syntax error."""
    meaning, advice = swedish_problem(problem, character)
    where_sv = f" (i det som börjar på rad {began[0]}, kolumn {began[1]})" if began else ""
    where_en = f" (in what begins at line {began[0]}, column {began[1]}: {context})" if began else ""
    original = "; ".join(part for part in (problem, context) if part)
    sv = f"YAML-syntaxfel: {meaning}{where_sv}; {advice}. (ruamel.yaml: {original})"
    en = f"YAML syntax error: {problem}{where_en}. Check indentation, colons, brackets and quotes."
    return sv, en
