"""Build the demo store and site from the bundled workbooks, through the real submission path.

This is ``ppgraph demo``: each of the 12 départements' workbooks is read, validated and
submitted as a département would, then the autumn updates arrive (one conforms, one is
refused), and the site is written with the validation reports.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from filelock import FileLock, Timeout

from ..errors import InputError, StoreLockedError
from ..i18n import DEFAULT_LANGUAGE, Message, message
from ..local import submit_local
from ..reference import load_reference_data
from ..resources import demo_dir
from ..site import write_site
from ..spreadsheet import read_spreadsheet
from ..store import DEFAULT_STORE, DEMO_FOLDER, Store, default_store_path
from ..store.embedded import swap_lock_file
from ..batch import submit_batch
from ..submission import SubmissionRefused, submit
from ..summary import StoreSummary, store_summary
from ..validation import PublishedReport
from .followup import write_followup
from .generator import departement_label
from .workbooks import workbooks_dir

__all__ = ["DemoBuild", "build_demo", "build_steps", "INITIAL_DATE", "UPDATE_DATE",
           "DEMO_SUBMITTER", "LOCK_FILE"]

INITIAL_DATE = datetime(2026, 6, 30, 9, 0, tzinfo=timezone.utc)
"""When the demo's first campaign is submitted (the demo's « today », ``REFERENCE_DATE``)."""
UPDATE_DATE = datetime(2026, 10, 1, 9, 0, tzinfo=timezone.utc)
"""When the demo's updates are submitted."""
DEMO_SUBMITTER = "Démonstration ppgraph"
"""Who the demo's submissions are recorded as made by (data, kept in the provenance)."""
LOCK_FILE = ".ppgraph-demo.lock"
"""The file, in the output folder, that keeps a second build of the same folder waiting."""


@dataclass
class DemoBuild:
    """What :func:`build_demo` made."""

    store_path: Path
    site_index: Path
    summary: StoreSummary
    reports: list = field(default_factory=list)
    """:class:`ppgraph.validation.PublishedReport` of every workbook submitted, in order"""
    refused: list[str] = field(default_factory=list)
    """names of the workbooks refused (the update with mistakes)"""

    def report(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """What was built, in ``lang``, for a person: the store and its size, the site, the
        workbooks refused, and what to do next (what ``ppgraph demo`` prints)."""
        s = self.summary
        lines = [
            message("demo.resultat.magasin", lang, chemin=str(self.store_path),
                    triplets=Message("commun.triplets", n=s.triples),
                    departements=Message("demo.departements", n=len(s.departements))),
            message("demo.resultat.site", lang, chemin=str(self.site_index)),
        ]
        if self.refused:
            lines.append(message(
                "demo.resultat.validation", lang,
                versees=Message("demo.classeurs_verses", n=len(self.reports) - len(self.refused)),
                refuses=Message("demo.classeurs_refuses", n=len(self.refused)), noms=", ".join(self.refused),
                page=str(self.site_index.parent / "validation.html")))
        here = Path.cwd() / default_store_path()
        key = "demo.resultat.explorer_ici" if here.resolve() == Path(self.store_path).resolve() \
            else "demo.resultat.explorer"
        lines.append(message(key, lang, magasin=str(self.store_path), defaut=DEFAULT_STORE))
        return "\n".join(lines)


def build_steps() -> int:
    """How many times :func:`build_demo` calls its ``progress``: the reference data, three
    per département's workbook (read, validated, submitted), the updates and the site."""
    return 3 * len(list(workbooks_dir().glob("soumission-*.xlsx"))) + 2


def build_demo(output: str | os.PathLike = DEMO_FOLDER, *, lang: str = DEFAULT_LANGUAGE,
               progress: Callable[[str], None] | None = None) -> DemoBuild:
    """Build the demo store from the bundled workbooks, through the real submission path,
    and its site.

    The story the demo tells: each of the 12 départements fills its workbook
    (``data/demo/classeurs/soumission-<code>.xlsx``) and submits it — read, validated against
    the shapes, submitted atomically with its provenance (30 June 2026). Then, on 1 October
    2026, the Creuse submits an update (``mise-a-jour-23.xlsx``), which replaces its first
    version (kept in the history); the Dordogne submits an update with a few realistic
    mistakes (``mise-a-jour-24.xlsx``), which is refused: the store keeps its first version.
    Some territories add local concepts and guide blocks (``data/demo/local/local-<code>.ttl``,
    as « ppgraph local submit » would). The site shows every département's figures, a
    « Validation » page with each report, a guide per département and the working group.

    The first campaign is validated as one batch: a département may refer to another one's
    structures (orientations, the regional network) before that one is in the store.

    The store is built in a new folder beside ``output/store`` and put in place only when
    complete, so an interrupted build never leaves a half-written store; the site is written
    to ``output/site``. One build at a time in a folder: a second one is refused (a lock
    file, :data:`LOCK_FILE`, works on every operating system).

    Parameters
    ----------
    output : path
        Folder that receives ``store/`` and ``site/`` (created if missing).
    lang : "fr" or "en"
        Language of the site, of the validation reports' titles and of the progress steps.
    progress : callable, optional
        Called with a short description in ``lang`` after each step (:func:`build_steps`
        times: the reference data, each workbook read, validated and submitted, the updates
        and the site).

    Returns
    -------
    DemoBuild
        Paths of the store and of ``site/index.html``, the store's summary, the published
        validation reports and the refused workbooks.

    Raises
    ------
    InputError
        If ``output/store`` exists and is not a ppgraph store (it is never overwritten).
    StoreLockedError
        If another build is running in the same folder, or another process holds the store.

    Example
    -------
    >>> import tempfile
    >>> result = build_demo(tempfile.mkdtemp())          # doctest: +SKIP
    >>> sorted(result.summary.departements)[:3]          # doctest: +SKIP
    ['16', '17', '19']
    >>> result.refused                                   # doctest: +SKIP
    ['mise-a-jour-24.xlsx']
    """
    step = progress or (lambda _msg: None)
    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    final = output / "store"
    if final.exists() and not (final / "CURRENT").is_file():
        raise InputError("demo.pas_un_magasin", dossier=str(final))
    # One build at a time in a folder: a second one is told so instead of racing the first.
    lock = FileLock(output / LOCK_FILE, timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise StoreLockedError("demo.construction_en_cours", dossier=str(output)) from None
    try:
        return _build(output, final, lang, step)
    finally:
        lock.release()


def _batch_steps(files: int, lang: str, call: Callable[[str], None]) -> Callable[[str], None]:
    """A batch's progress (each file read, then each validated, then each submitted) said
    as the demo's steps (« lecture », « validation », « soumission » of a file)."""
    count = 0

    def each(name: str) -> None:
        nonlocal count
        count += 1
        if count > 2 * files:
            call(message("demo.etape.soumission", lang,
                         code=Path(name).stem.removeprefix("soumission-")))
        else:
            phase = "lecture" if count <= files else "validation"
            call(message(f"demo.etape.{phase}", lang, fichier=name))
    return each


def _build(output: Path, final: Path, lang: str, step: Callable[[str], None]) -> DemoBuild:
    if final.exists():
        Store(final).close()  # refuses, with a clear message, a store another process holds
    staging = output / f".store-en-construction-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    reports: list = []
    refused: list[str] = []
    folder = workbooks_dir()
    with Store(staging) as store:
        load_reference_data(store)
        step(message("demo.etape.reference", lang))
        initial = {p.stem.removeprefix("soumission-"): p
                   for p in sorted(folder.glob("soumission-*.xlsx"))}
        # The first campaign is one batch (ppgraph submit DOSSIER): validated together, on
        # every core, each département its own version.
        batch = submit_batch(store, list(initial.values()),
                             by=DEMO_SUBMITTER, when=INITIAL_DATE,
                             progress=_batch_steps(len(initial), lang, step))
        for code, outcome in zip(initial, batch.outcomes):
            if outcome.submitted is None:  # the bundled workbooks conform: a bug if not
                raise outcome.error or SubmissionRefused(outcome.report)
            reports.append(PublishedReport(
                message("demo.rapport.initiale", lang, departement=departement_label(code),
                        code=code),
                outcome.submitted.report,
                message("demo.rapport.versee", lang,
                        version=outcome.submitted.version.number),
                f"soumission-{code}"))
        # What some territories add to the common référentiel and guide (data/demo/local).
        for path in sorted((demo_dir() / "local").glob("local-*.ttl")):
            submit_local(store, path, path.stem.removeprefix("local-"))
        for path in sorted(folder.glob("mise-a-jour-*.xlsx")):
            code = path.stem.removeprefix("mise-a-jour-")
            title = message("demo.rapport.mise_a_jour", lang, departement=departement_label(code),
                            code=code)
            try:
                done = submit(store, read_spreadsheet(path), departement=code,
                              by=DEMO_SUBMITTER, when=UPDATE_DATE)
                reports.append(PublishedReport(
                    title, done.report,
                    message("demo.rapport.versee", lang, version=done.version.number),
                    f"mise-a-jour-{code}"))
            except SubmissionRefused as err:
                refused.append(path.name)
                # The first campaign gave every département its version 1, which it keeps.
                reports.append(PublishedReport(title, err.report,
                                               message("demo.rapport.refusee", lang, version=1),
                                               f"mise-a-jour-{code}"))
        # The structures' private follow-up (fictitious lifecycles and interactions), drawn
        # from what the départements submitted; never published.
        write_followup(store, by=DEMO_SUBMITTER, when=INITIAL_DATE)
    old = output / f".store-ancien-{os.getpid()}"
    if final.exists():
        final.rename(old)
    staging.rename(final)
    # The staging store's name goes with it: so does its lock file (no other process knew it).
    swap_lock_file(staging).unlink(missing_ok=True)
    shutil.rmtree(old, ignore_errors=True)
    with Store(final, read_only=True) as store:
        summary = store_summary(store, lang=lang)
        index = write_site(store, output / "site", lang=lang, validation_reports=reports)
    step(message("demo.etape.site", lang))
    return DemoBuild(store_path=final, site_index=index, summary=summary, reports=reports,
                     refused=refused)
