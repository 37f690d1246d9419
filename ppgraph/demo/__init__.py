"""The fictitious demo: generate a network, write its files and workbooks, build its store and site.

One module per concern:

- :mod:`.generator` — :func:`generate_network`, the seeded generator (:class:`DemoNetwork`);
- :mod:`.concepts` — the référentiel as the generator draws from it;
- :mod:`.material` — word lists, weights and planted mistakes, read from ``data/demo/*.json``;
- :mod:`.turtle` — the deterministic Turtle writer;
- :mod:`.workbooks` — the workbooks, the autumn updates and their planted mistakes;
- :mod:`.folder` — a generated folder (Turtle files, README.md, workbooks):
  ``ppgraph demo generer``;
- :mod:`.build` — :func:`build_demo`, the demo store and site: ``ppgraph demo``.

>>> net = generate_network(seed=7, scale=0.2, departements=["23"])
>>> net.total("Soumission")
1
"""

from .build import DEMO_SUBMITTER, INITIAL_DATE, UPDATE_DATE, DemoBuild, build_demo, build_steps
from .folder import DemoFolder, generation_steps, write_demo_folder, write_submissions
from .generator import (DEFAULT_DEPARTEMENTS, REFERENCE_DATE, DemoNetwork, generate_network,
                        parse_departements)
from .workbooks import CLEAN_UPDATE, FAULTY_UPDATE, demo_update, workbooks_dir, write_workbooks

__all__ = ["DemoNetwork", "generate_network", "parse_departements", "DEFAULT_DEPARTEMENTS",
           "REFERENCE_DATE", "write_submissions", "DemoFolder", "write_demo_folder",
           "generation_steps", "DemoBuild", "build_demo", "build_steps", "INITIAL_DATE",
           "UPDATE_DATE", "DEMO_SUBMITTER", "write_workbooks", "demo_update", "workbooks_dir",
           "CLEAN_UPDATE", "FAULTY_UPDATE"]
