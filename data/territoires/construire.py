"""Construit les fichiers Turtle des territoires français pour ppgraph.

Source
------
Données « découpage administratif » d'Etalab, paquet npm
``@etalab/decoupage-administratif`` version 6.0.0
(https://github.com/etalab/decoupage-administratif).
Le code du paquet est sous licence MIT ; les données (issues du COG de
l'INSEE et de la base BANATIC) sont diffusées sous Licence Ouverte / Open
Licence d'Etalab (https://www.etalab.gouv.fr/licence-ouverte-open-licence).

Fichiers produits (dans le dossier de ce script)
------------------------------------------------
- ``france.ttl`` : les 18 régions et les 101 départements (zones « metro »
  et « drom », sans les collectivités d'outre-mer « com »), chaque
  département étant rattaché à sa région par ``pp:subdivisionDe``.
  Les codes INSEE sont typés ``xsd:token``, comme ``igeo:codeINSEE``.
- ``nouvelle-aquitaine.ttl`` : toutes les communes actuelles de la région
  75 (Nouvelle-Aquitaine) et tous les EPCI à fiscalité propre ayant au
  moins une commune membre dans cette région. Une commune est
  ``pp:subdivisionDe`` son département ; un EPCI est ``pp:dansDepartement``
  de chaque département où il a des communes (pas ``pp:subdivisionDe`` :
  un EPCI peut déborder son département et sa région, et la subdivision
  est transitive).

Régénérer les fichiers
----------------------
::

    npm pack @etalab/decoupage-administratif@6.0.0
    tar xzf etalab-decoupage-administratif-6.0.0.tgz   # crée ./package/
    python data/territoires/construire.py package/data

Seule la bibliothèque standard est utilisée. La sortie est triée et donc
déterministe : deux exécutions sur les mêmes données donnent les mêmes
octets.
"""

import json
import sys
from pathlib import Path

VERSION_SOURCE = "6.0.0"
SOURCE = (
    "https://www.npmjs.com/package/@etalab/decoupage-administratif/v/"
    + VERSION_SOURCE
)
LICENCE = "https://www.etalab.gouv.fr/licence-ouverte-open-licence"
JEU_DE_DONNEES = "https://w3id.org/ppgraph/territoire/"

REGION_CIBLE = "75"  # Nouvelle-Aquitaine
ZONES_RETENUES = {"metro", "drom"}  # on exclut les collectivités « com »

PREFIXES = """\
@prefix pp: <https://w3id.org/ppgraph/def#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix region: <https://w3id.org/ppgraph/territoire/region/> .
@prefix departement: <https://w3id.org/ppgraph/territoire/departement/> .
@prefix commune: <https://w3id.org/ppgraph/territoire/commune/> .
@prefix epci: <https://w3id.org/ppgraph/territoire/epci/> .
"""


# --- Petits utilitaires d'écriture Turtle ----------------------------------

def chaine(texte):
    """Littéral chaîne Turtle (xsd:string implicite), échappé."""
    texte = texte.replace("\\", "\\\\").replace('"', '\\"')
    texte = texte.replace("\n", "\\n").replace("\r", "\\r")
    return '"' + texte + '"'


def code_insee(texte):
    """Code INSEE : littéral xsd:token (le type qu'attend igeo:codeINSEE)."""
    return chaine(texte) + "^^xsd:token"


def libelle(texte):
    """Littéral en français."""
    return chaine(texte) + "@fr"


def entier(nombre):
    """Littéral xsd:integer (forme abrégée Turtle)."""
    return str(int(nombre))


def sujet(nom_qualifie, classe, proprietes):
    """Bloc Turtle d'un sujet : `proprietes` est une liste (prédicat, objets)."""
    lignes = [f"{nom_qualifie} a {classe}"]
    for predicat, objets in proprietes:
        if objets:
            lignes.append(f"    {predicat} {', '.join(objets)}")
    return " ;\n".join(lignes) + " .\n"


def entete(titre_fichier, *contenu):
    return (
        f"# {titre_fichier}\n"
        "#\n"
        "# Territoires RÉELS (et non fictifs) :\n"
        + "".join(f"#   {ligne}\n" for ligne in contenu) +
        "# Source : Etalab, paquet npm @etalab/decoupage-administratif, "
        f"version {VERSION_SOURCE}\n"
        "#   (https://github.com/etalab/decoupage-administratif), d'après le COG "
        "de l'INSEE et BANATIC.\n"
        "# Licence des données : Licence Ouverte / Open Licence d'Etalab\n"
        f"#   ({LICENCE}).\n"
        "# Fichier généré par data/territoires/construire.py : ne pas modifier "
        "à la main.\n"
    )


def description_jeu(titre):
    return (
        f"<{JEU_DE_DONNEES}>\n"
        f"    dcterms:title {libelle(titre)} ;\n"
        f"    dcterms:source <{SOURCE}> ;\n"
        f"    dcterms:license <{LICENCE}> .\n"
    )


def ecrire(chemin, blocs):
    with open(chemin, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(blocs))


# --- Construction -----------------------------------------------------------

def charger(dossier, nom):
    with open(Path(dossier) / f"{nom}.json", encoding="utf-8") as f:
        return json.load(f)


def construire_france(regions, departements):
    blocs = [
        entete("Régions et départements de France",
               "18 régions et 101 départements (métropole et DROM)."),
        PREFIXES,
        description_jeu("Territoires de France : régions et départements"),
    ]
    for r in sorted(regions, key=lambda r: r["code"]):
        blocs.append(sujet(f"region:{r['code']}", "pp:Region", [
            ("rdfs:label", [libelle(r["nom"])]),
            ("pp:codeINSEE", [code_insee(r["code"])]),
            ("pp:chefLieu", [f"commune:{r['chefLieu']}"]),
        ]))
    for d in sorted(departements, key=lambda d: d["code"]):
        blocs.append(sujet(f"departement:{d['code']}", "pp:Departement", [
            ("rdfs:label", [libelle(d["nom"])]),
            ("pp:codeINSEE", [code_insee(d["code"])]),
            ("pp:subdivisionDe", [f"region:{d['region']}"]),
            ("pp:chefLieu", [f"commune:{d['chefLieu']}"]),
        ]))
    return blocs


def construire_region(communes, epcis):
    # Toutes les communes actuelles de France : utile pour connaître le
    # département des communes membres d'un EPCI situées hors région.
    actuelles = {c["code"]: c for c in communes if c["type"] == "commune-actuelle"}
    locales = {code: c for code, c in actuelles.items()
               if c.get("region") == REGION_CIBLE}

    epcis_retenus = [e for e in epcis
                     if any(m["code"] in locales for m in e["membres"])]
    epci_de_commune = {}
    for e in epcis_retenus:
        for m in e["membres"]:
            if m["code"] in locales:
                epci_de_commune.setdefault(m["code"], set()).add(e["code"])

    blocs = [
        entete("Communes et EPCI de Nouvelle-Aquitaine",
               "communes actuelles de la région Nouvelle-Aquitaine (75) et",
               "EPCI à fiscalité propre ayant au moins une commune membre",
               "dans cette région."),
        PREFIXES,
        description_jeu("Territoires de Nouvelle-Aquitaine : communes et EPCI"),
    ]
    for e in sorted(epcis_retenus, key=lambda e: e["code"]):
        deps = sorted({actuelles[m["code"]]["departement"] for m in e["membres"]})
        blocs.append(sujet(f"epci:{e['code']}", "pp:EPCI", [
            ("rdfs:label", [libelle(e["nom"])]),
            ("pp:siren", [chaine(e["code"])]),
            ("pp:natureEPCI", [chaine(e["type"])]),
            ("pp:population", [entier(e["populationMunicipale"])]),
            ("pp:dansDepartement", [f"departement:{d}" for d in deps]),
        ]))
    for code in sorted(locales):
        c = locales[code]
        population = c.get("population")
        blocs.append(sujet(f"commune:{code}", "pp:Commune", [
            ("rdfs:label", [libelle(c["nom"])]),
            ("pp:codeINSEE", [code_insee(code)]),
            ("pp:siren", [chaine(c["siren"])] if c.get("siren") else []),
            ("pp:population", [entier(population)] if population is not None else []),
            ("pp:subdivisionDe", [f"departement:{c['departement']}"]),
            ("pp:membreDeEPCI",
             [f"epci:{e}" for e in sorted(epci_de_commune.get(code, ()))]),
        ]))
    return blocs, len(locales), len(epcis_retenus)


def main(argv):
    if len(argv) != 2:
        sys.exit(f"usage : python {argv[0]} CHEMIN/VERS/package/data")
    dossier = argv[1]
    sortie = Path(__file__).resolve().parent

    regions = [r for r in charger(dossier, "regions") if r["zone"] in ZONES_RETENUES]
    departements = [d for d in charger(dossier, "departements")
                    if d["zone"] in ZONES_RETENUES]
    assert len(regions) == 18, f"18 régions attendues, {len(regions)} trouvées"
    assert len(departements) == 101, (
        f"101 départements attendus, {len(departements)} trouvés")

    ecrire(sortie / "france.ttl", construire_france(regions, departements))

    blocs, n_communes, n_epci = construire_region(
        charger(dossier, "communes"), charger(dossier, "epci"))
    ecrire(sortie / "nouvelle-aquitaine.ttl", blocs)

    print(f"france.ttl : {len(regions)} régions, {len(departements)} départements")
    print(f"nouvelle-aquitaine.ttl : {n_communes} communes, {n_epci} EPCI")


if __name__ == "__main__":
    main(sys.argv)
