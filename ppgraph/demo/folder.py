"""Write a generated network as a demo folder: Turtle files, README.md and workbooks.

This is what ``ppgraph demo generer`` does, and how ``data/demo`` is made
(``ppgraph demo generer --seed 2019 -o data/demo``). The texts of the files (the Turtle
header, the README) are generated data, in French: they are in ``data/demo/generateur.json``
and ``data/demo/classeurs.json``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..i18n import DEFAULT_LANGUAGE, Message, number, plural
from ..namespaces import PP, concept_iri
from ..territories import territories
from .generator import DemoNetwork, departement_label, generate_network, requested_departements
from .material import generator_material, workbook_material
from .turtle import to_turtle
from .workbooks import update_count, write_workbooks

__all__ = ["DemoFolder", "write_demo_folder", "write_submissions", "readme_text",
           "generation_steps"]


def write_submissions(network: DemoNetwork, directory: str | Path,
                      progress: Callable[[str], None] | None = None) -> list[Path]:
    """Write one Turtle file ``soumission-<code>.ttl`` per département.

    The Turtle is written by :func:`ppgraph.demo.turtle.to_turtle`, sorted, so that the same
    network always gives the same bytes. A French header says the data is fictitious and how
    it was generated.

    Parameters
    ----------
    network : DemoNetwork
        Output of :func:`~ppgraph.demo.generate_network`.
    directory : str or pathlib.Path
        Destination folder, created if needed. Existing files of the same name are replaced.
    progress : callable, optional
        Called with the file name after each file is written.

    Returns
    -------
    list of pathlib.Path
        The files written, sorted by département code.

    Example
    -------
    >>> import tempfile
    >>> net = generate_network(scale=0.2, departements=["23"])
    >>> with tempfile.TemporaryDirectory() as d:
    ...     [p.name for p in write_submissions(net, d)]
    ['soumission-23.ttl']
    """
    step = progress or (lambda _name: None)
    files = generator_material().files
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for code in sorted(network.submissions):
        header = [line.format(departement=departement_label(code), code=code, seed=network.seed,
                              scale=network.scale) for line in files["entete_turtle"]]
        path = out / f"soumission-{code}.ttl"
        text = to_turtle(network.submissions[code], header, files["ordre_des_classes"])
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        paths.append(path)
        step(path.name)
    return paths


def readme_text(network: DemoNetwork, workbooks: bool = True) -> str:
    """The README.md of a generated folder: what it is, how it was made, what it holds."""
    r = generator_material().files["readme"]
    codes = sorted(network.submissions)
    values = {"seed": network.seed, "soumissions": len(codes),
              "triplets": number(network.triples(), "fr")}
    lines = [line.format(**values) for line in r["debut"]]
    for entry in r["classes"]:
        lines.append(f"| {entry['libelle']} | {network.total(entry['classe'])} |")
    cols = r["colonnes"]
    lines += r["par_departement"]
    lines += [f"| {r['departement']} | " + " | ".join(c["titre"] for c in cols)
              + f" | {r['suivi_precis']} | {r['triplets']} |",
              "|---|" + "---:|" * (len(cols) + 2)]
    suivi = concept_iri("niveau", "suivi-precis")
    for code in codes:
        g = network.submissions[code]
        n_sp = sum(1 for _ in g.subjects(PP.niveauAccompagnement, suivi))
        row = [str(network.counts[code].get(c["classe"], 0)) for c in cols]
        lines.append(f"| {departement_label(code)} ({code}) | " + " | ".join(row)
                     + f" | {n_sp} | {len(g)} |")
    lines += r["fin"]
    # The guichet-unique findings planted on purpose, named (the question « guichet-unique »
    # and the qui-fait-quoi pages find exactly these).
    planted = network.planted or {}
    for kind in ("manques", "doublons"):
        if planted.get(kind):
            lines.append(r["guichets"][kind])
            for code, epci in planted[kind]:
                place = territories().place(epci)
                lines.append(r["guichets"]["ligne"].format(
                    epci=place.label if place is not None else str(epci),
                    siren=str(epci).rsplit("/", 1)[1], departement=departement_label(code),
                    code=code))
    lines.append("")
    text = "\n".join(lines)
    if workbooks:
        text += "\n".join(workbook_material().readme)
    return text


@dataclass
class DemoFolder:
    """What :func:`write_demo_folder` wrote."""

    directory: Path
    network: DemoNetwork
    submissions: list[Path]
    """the Turtle files, by département code"""
    readme: Path
    seconds: float
    """time the generation took (writing excluded)"""
    workbooks: list[Path] = field(default_factory=list)
    """the workbooks of ``classeurs/`` (none with ``workbooks=False``)"""

    def report(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """What was written, in ``lang``, for a person.

        >>> from pathlib import Path
        >>> net = generate_network(scale=0.2, departements=["23"])
        >>> print(DemoFolder(Path("sortie"), net, [Path("sortie/soumission-23.ttl")],
        ...                  Path("sortie/README.md"), 0.04).report("en"))
        ... # doctest: +ELLIPSIS
        1 fictitious submission written to sortie (... triples, generated in 0.0 s) and README.md
        """
        lines = [plural("demo.soumissions_ecrites", len(self.submissions), lang,
                        dossier=str(self.directory),
                        triplets=Message("commun.triplets", n=self.network.triples()),
                        secondes=number(self.seconds, lang, decimals=1))]
        if self.workbooks:
            lines.append(plural("demo.classeurs_ecrits", len(self.workbooks), lang,
                                dossier=str(self.directory / "classeurs")))
        return "\n".join(lines)


def generation_steps(departements: Sequence[str] | None = None, workbooks: bool = True) -> int:
    """How many times :func:`write_demo_folder` calls its ``progress`` for these arguments.

    >>> generation_steps(["23", "87"]), generation_steps(["23", "87"], workbooks=False)
    (7, 4)
    """
    codes = requested_departements(departements)
    books = len(codes) + update_count(codes) if workbooks else 0
    return 1 + len(codes) + 1 + books


def write_demo_folder(directory: str | Path, *, seed: int = 2019, scale: float = 1.0,
                      departements: Sequence[str] | None = None, workbooks: bool = True,
                      progress: Callable[[str], None] | None = None) -> DemoFolder:
    """Generate a network and write it as a demo folder: ``soumission-<code>.ttl`` per
    département, ``README.md`` and (unless ``workbooks`` is false) the workbooks of
    ``classeurs/`` (:func:`~ppgraph.demo.write_workbooks`).

    Parameters
    ----------
    directory : path
        Destination folder, created if needed; files of the same names are replaced.
    seed, scale, departements
        As for :func:`~ppgraph.demo.generate_network`.
    workbooks : bool
        Also write the workbooks (default True).
    progress : callable, optional
        Called with a short description after each step (:func:`generation_steps` times).

    Returns
    -------
    DemoFolder
        The files written and the network; ``report(lang)`` says it in words.

    Raises
    ------
    InputError
        If ``scale`` is not positive or a code is not a known département.

    Example
    -------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     folder = write_demo_folder(d, scale=0.2, departements=["87"], workbooks=False)
    ...     sorted(p.name for p in Path(d).iterdir())
    ['README.md', 'soumission-87.ttl']
    """
    step = progress or (lambda _msg: None)
    out = Path(directory)
    start = time.perf_counter()
    network = generate_network(seed=seed, scale=scale, departements=departements)
    seconds = time.perf_counter() - start
    step("generate_network")
    paths = write_submissions(network, out, progress=step)
    readme = out / "README.md"
    readme.write_text(readme_text(network, workbooks), encoding="utf-8", newline="\n")
    step(readme.name)
    books = write_workbooks(network, out / "classeurs", progress=step) if workbooks else []
    return DemoFolder(out, network, paths, readme, seconds, books)
