"""Imported by multiprocessing's fork server before it forks `baocao run`'s worker processes
(pipeline/engines.py): every stage's models and data are loaded there once, and each worker
starts with them instead of loading its own (about 0.8 s of CPU apiece, a tenth of a
300-document run on two cores). The server ends when `baocao run` does, and the workers with it."""

from pipeline.analyze import warm_up
from pipeline.engines import die_with_parent

die_with_parent()
warm_up()
