"""The annual statistics section as an asset, so a schedule can produce it every month."""

from pathlib import Path

import dagster as dg

from petitions.report.build import write_report
from petitions.report.compose import ReportOptions
from petitions.runtime.resources import LandingZone, RunSettings, Warehouse


@dg.asset(group_name="report", kinds={"html", "markdown", "docx"}, deps=["warehouse_release"])
def rpt_annual_summary(context: dg.AssetExecutionContext, landing: LandingZone, settings: RunSettings,
                       warehouse: Warehouse) -> dg.MaterializeResult:
    """summary.md (the sentences of contract §10 and §10b), summary.html (the same with charts) and
    summary.docx, read from the published warehouse (grain: one report per as-of date)."""
    out = Path(settings.report_dir, settings.as_of_date().isoformat())
    paths = write_report(warehouse.url, settings.as_of_date(), out, landing.reference(), ReportOptions.from_settings(settings))
    context.log.info(f"report written to {out}")
    markdown = paths[0].read_text(encoding="utf-8")
    return dg.MaterializeResult(metadata={
        "path": dg.MetadataValue.path(str(paths[1].resolve())),
        "summary": dg.MetadataValue.md(markdown.split("## 来访问题类别")[0]),
    })
