"""The petition records pipeline's own package (信访登记台账 ↔ 系统导出).

Supporting code lives here under the project's name, so nothing installed clashes with another
distribution: ``ingest`` (landing files), ``rules`` (pure polars business rules), ``reference``
(a city's reference tables), ``report`` (the annual summary), ``demo`` (the generator) and
``runtime`` (Dagster resources, partitions, the IO manager, configuration). The layers the project
layout fixes (``assets``, ``checks``, ``pipelines``, ``warehouse``) sit beside it.
"""
