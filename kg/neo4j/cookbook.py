"""Ready-made Cypher for the questions researchers ask first.

Each recipe is ``name → (description, cypher)``; parameters (``$name``) are
listed in the description.  ``kg query --recipe NAME --param k=v`` runs one,
``kg neo4j cookbook`` lists them (``--markdown`` for the README), and every
recipe is run by a test against a real server.  Relationship paths leave out
``MENTIONED_IN`` so that two entities are not "near" just because one
document names both.
"""

from __future__ import annotations

from typing import NamedTuple


class Recipe(NamedTuple):
    description: str
    cypher: str


SEMANTIC_RELATIONS = "ASSISTS|FUNDS|INVESTS_IN|LOCATED_IN|CO_BUILDS|COOPERATES_WITH|IMPLEMENTS|ISSUES"

COOKBOOK: dict[str, Recipe] = {
    "who_assists_whom": Recipe(
        "Donor → recipient pairs (ASSISTS), strongest first. $limit: rows to return.",
        """
MATCH (donor:Entity)-[r:ASSISTS]->(recipient:Entity)
RETURN donor.name AS donor, donor.type AS donor_type, recipient.name AS recipient,
       r.weight AS sentences, r.years AS years, r.docs AS docs
ORDER BY sentences DESC, donor, recipient
LIMIT $limit
""",
    ),
    "money_by_pairing_and_year": Recipe(
        "Yuan given or invested (FUNDS, INVESTS_IN) per payer → recipient and year; "
        "an amount whose sentences span several years is reported under the span (e.g. 2021–2023).",
        """
MATCH (payer:Entity)-[r:FUNDS|INVESTS_IN]->(recipient:Entity)
WHERE r.amount_yuan > 0
WITH payer, recipient, r,
     CASE WHEN r.start IS NULL THEN 'unknown'
          WHEN r.start = r.end THEN toString(r.start)
          ELSE toString(r.start) + '–' + toString(r.end) END AS year
RETURN payer.name AS payer, recipient.name AS recipient, year,
       sum(r.amount_yuan) AS amount_yuan, sum(r.weight) AS sentences
ORDER BY amount_yuan DESC, payer, recipient, year
""",
    ),
    "firms_investing_in_prefecture": Recipe(
        "Firms that invest in a prefecture or in anything inside it (a county by adcode, "
        "a park by LOCATED_IN). $prefecture: its name, an alias or its adcode.",
        """
MATCH (prefecture:Place)
WHERE prefecture.name = $prefecture OR prefecture.adcode = $prefecture
   OR $prefecture IN split(prefecture.aliases, '|')
MATCH (firm:Firm)-[r:INVESTS_IN]->(target:Entity)
WHERE target = prefecture
   OR EXISTS { MATCH (target)-[:LOCATED_IN*1..3]->(prefecture) }
   OR (prefecture.level = 'prefecture' AND target:Place AND prefecture.adcode <> ''
       AND target.adcode STARTS WITH left(prefecture.adcode, 4))
RETURN firm.name AS firm, target.name AS invests_in, r.amount_yuan AS amount_yuan,
       r.years AS years, r.weight AS sentences
ORDER BY amount_yuan DESC, firm, invests_in
""",
    ),
    "parks_and_co_builders": Recipe(
        "Each park with who co-builds it (CO_BUILDS) and where it lies (LOCATED_IN).",
        """
MATCH (builder:Entity)-[r:CO_BUILDS]->(park:Park)
WITH park, collect(builder.name) AS co_builders, sum(r.weight) AS sentences
OPTIONAL MATCH (park)-[:LOCATED_IN]->(place:Place)
RETURN park.name AS park, co_builders, collect(place.name) AS located_in, sentences
ORDER BY size(co_builders) DESC, park
""",
    ),
    "shortest_path_between_firms": Recipe(
        "The shortest chain of stated relations (up to 6 hops, any direction) linking two firms. "
        "$from, $to: firm names or aliases.",
        f"""
MATCH (a:Firm) WHERE a.name = $from OR $from IN split(a.aliases, '|')
MATCH (b:Firm) WHERE (b.name = $to OR $to IN split(b.aliases, '|')) AND a <> b
MATCH path = shortestPath((a)-[:{SEMANTIC_RELATIONS}*..6]-(b))
RETURN [n IN nodes(path) | n.name] AS names, [r IN relationships(path) | type(r)] AS relations,
       length(path) AS hops, path
""",
    ),
}


def markdown() -> str:
    """The cookbook as a README section."""
    parts = ["## Cypher cookbook", "", "Run any recipe with `kg query --recipe NAME [--param k=v …]`.", ""]
    for name, recipe in COOKBOOK.items():
        parts += [f"### `{name}`", "", recipe.description, "", "```cypher", recipe.cypher.strip(), "```", ""]
    return "\n".join(parts)
