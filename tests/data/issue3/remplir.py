"""Fill a real ppgraph template with openpyxl, as a département representative would.

Used by the tests of issue 3 (spreadsheet, validation, submission). ``VALIDE`` is a small
submission for the Gironde that conforms: two offices, an ADT, a chamber known by its SIRET,
their offers, a technician and a competence, a project holder and a project, an
accompaniment and an orientation. Tests copy it and change one cell to break one rule.
"""

from __future__ import annotations

import copy
from pathlib import Path

import openpyxl

from ppgraph.spreadsheet import write_template

VALIDE: dict[str, list[dict[str, object]]] = {
    "Structures": [
        {"Identifiant": "33-OT-001", "Nom": "Office de tourisme test de Blaye",
         "Type de structure": "Office de tourisme", "Niveau d'accompagnement": "Guichet unique",
         "Commune du siège": "33058", "Territoire couvert": "CC de Blaye (200023794)",
         "Courriel de contact": "accueil@ot-test.example", "Téléphone d'accueil": "05 00 00 00 01"},
        {"Identifiant": "33-OT-002", "Nom": "Office de tourisme test de Lacanau",
         "Type de structure": "Office de tourisme", "Niveau d'accompagnement": "Guichet unique",
         "Commune du siège": "Lacanau", "Membre du réseau": "33-ADT"},
        {"Identifiant": "33-ADT", "Nom": "Agence départementale test de la Gironde",
         "Type de structure": "Agence départementale du tourisme",
         "Niveau d'accompagnement": "Suivi précis", "Commune du siège": "Bordeaux",
         "Territoire couvert": "33"},
        {"Identifiant": "33-CCI", "SIRET": "130 018 351 00019",
         "Nom": "Chambre de commerce test", "Type de structure": "Chambre de commerce et d'industrie",
         "Niveau d'accompagnement": "Guichet unique", "Commune du siège": "33063"},
    ],
    "Offres de service": [
        {"Structure": "33-OT-001", "Service": "Orientation vers les partenaires",
         "Niveau": "Guichet unique"},
        {"Structure": "33-ADT", "Service": "Données et étude de marché", "Niveau": "Suivi précis",
         "Types de projet visés": "Meublé de tourisme ; Chambre d'hôtes",
         "Territoires desservis": "Gironde (33)"},
    ],
    "Techniciens": [
        {"Identifiant": "33-T-001", "Prénom": "Camille", "Nom": "Test", "Structure": "33-ADT",
         "Fonction": "Chargée de mission ingénierie"},
    ],
    "Compétences": [
        {"Technicien": "33-T-001", "Compétence": "Écoute et diagnostic de projet",
         "Niveau de maîtrise": "Expertise", "Date de l'auto-évaluation": "12/01/2026"},
    ],
    "Porteurs de projet": [
        {"Identifiant": "33-PP-0001", "Nature du porteur": "Personne",
         "Prénom": "Dominique", "Nom": "Fictif", "Courriel": "dominique.fictif@example.org"},
    ],
    "Projets": [
        {"Identifiant": "33-PJ-0001", "Porteur": "33-PP-0001", "Intitulé": "Deux gîtes à Blaye",
         "Type de porteur": "Porteur de projet initial", "Nature de l'opération": "Création",
         "Type de projet": "Meublé de tourisme", "Étape": "Idée", "Commune du projet": "Blaye",
         "Date du premier contact": "15/03/2025"},
    ],
    "Accompagnements": [
        {"Identifiant": "33-AC-0001", "Structure": "33-ADT", "Projet": "33-PJ-0001",
         "Niveau": "Suivi précis", "Étapes": "Idée", "Services": "Données et étude de marché",
         "Date de début": "01/04/2025", "Date de fin": "30/06/2025",
         "Technicien référent": "33-T-001"},
    ],
    "Orientations": [
        {"Identifiant": "33-OR-0001", "Projet": "33-PJ-0001", "Orienté par": "33-OT-001",
         "Orienté vers": "33-ADT", "Date": "20/03/2025",
         "Service": "Données et étude de marché"},
    ],
}


def donnees(**changes) -> dict[str, list[dict[str, object]]]:
    """A copy of VALIDE; ``changes`` maps a sheet to a function that edits its rows."""
    data = copy.deepcopy(VALIDE)
    for sheet, edit in changes.items():
        edit(data.setdefault(sheet.replace("_", " "), []))
    return data


def remplir(path: Path, data: dict[str, list[dict[str, object]]] | None = None, *,
            departement: str = "33", extra_headers: dict[str, list[str]] | None = None) -> Path:
    """Write the template for ``departement`` at ``path`` and fill it with ``data`` (rows
    keyed by column header, written under the example row)."""
    write_template(path, departement=departement)
    wb = openpyxl.load_workbook(path)
    for sheet, rows in (data if data is not None else VALIDE).items():
        ws = wb[sheet]
        headers = {str(c.value).rstrip(" *"): c.column for c in ws[1] if c.value}
        for header in (extra_headers or {}).get(sheet, []):
            headers[header] = ws.max_column + 1
            ws.cell(row=1, column=headers[header]).value = header
        for i, row in enumerate(rows, start=3):
            for header, value in row.items():
                ws.cell(row=i, column=headers[header]).value = value
    wb.save(path)
    return path


def ligne(data: dict, sheet: str, ident: str) -> dict:
    """The row of ``sheet`` whose Identifiant is ``ident``."""
    return next(r for r in data[sheet] if r.get("Identifiant") == ident)
