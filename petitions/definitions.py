"""The Dagster code location ``petitions``: one module named after the project, so the code location
can share an image with other projects' (``dagster dev -m petitions.definitions``). The only module of
the package that points up, at the layers it serves."""

from pipelines.definitions import defs

__all__ = ["defs"]
