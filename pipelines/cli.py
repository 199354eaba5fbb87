"""``petitions`` command line (contract §11): run, demo."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import warnings
from datetime import date
from pathlib import Path

from petitions.ingest.landing import LandingDirectoryError
from pipelines.cli_warehouse import add_warehouse_commands
from pipelines.errors import UsageError
from pipelines.progress import show_progress
from warehouse.io import WarehouseUnavailable


def _as_of(text: str | None) -> str:
    if not text:
        return date.today().isoformat()
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError as exc:
        raise UsageError(f"--as-of {text!r} is not a date in the form YYYY-MM-DD") from exc


def _landing(text: str) -> Path:
    path = Path(text)
    if not path.is_dir():
        raise UsageError(f"landing directory {path} does not exist or is not a directory")
    if not os.access(path, os.R_OK | os.X_OK):
        raise UsageError(f"landing directory {path} cannot be read (permission denied)")
    return path


def cmd_run(args: argparse.Namespace) -> int:
    from pipelines.runner import run_pipeline
    from pipelines.summary import print_summary

    result = run_pipeline(_landing(args.landing), args.warehouse, _as_of(args.as_of), log_level=args.log_level)
    print_summary(result)
    return 0 if result.success else 1


def cmd_demo(args: argparse.Namespace) -> int:
    from petitions.demo.generator import generate_landing
    from pipelines.runner import run_pipeline
    from pipelines.summary import print_summary

    landing = Path(args.landing)
    manifest = generate_landing(landing, seed=args.seed)
    print(f"generated {manifest.files_written} landing entries (county files, resubmissions, broken and misnamed files) "
          f"for {manifest.counties} counties, "
          f"{manifest.first_month:%Y-%m}..{manifest.last_month:%Y-%m}, in {landing}")
    result = run_pipeline(landing, args.warehouse, manifest.as_of.isoformat(), log_level=args.log_level)
    print_summary(result)
    if result.success:
        print("\nplanted defects (the generator's own record) vs what the warehouse found:")
        for line in manifest.compare(result.counts):
            print("  " + line)
    return 0 if result.success else 1


def cmd_report(args: argparse.Namespace) -> int:
    from petitions.report.build import EmptyWarehouse, write_report
    from petitions.report.compose import ReportOptionError, ReportOptions
    from petitions.runtime.config import settings

    try:
        options = ReportOptions.from_settings(settings(), ReportOptions.parse_sections(args.sections),
                                              ReportOptions.parse_top(args.top_categories))
        paths = write_report(args.warehouse, date.fromisoformat(_as_of(args.as_of)), args.out, options=options)
    except (EmptyWarehouse, ReportOptionError) as exc:
        raise UsageError(str(exc)) from exc
    for path in paths:
        print(f"wrote {path}")
    return 0


def _resolve(args: argparse.Namespace) -> None:
    """Options left out take the settings of ``petitions.runtime.config`` (environment, then default)."""
    from petitions.runtime.config import settings

    c = settings()
    for option, setting in (("landing", "landing"), ("warehouse", "warehouse"), ("out", "report_dir"),
                            ("restricted_warehouse", "restricted_warehouse")):
        if getattr(args, option, False) is None:
            setattr(args, option, getattr(c, setting))


def cmd_generate(args: argparse.Namespace) -> int:
    from petitions.demo.scale import write_landing, write_reference

    if args.counties > 10:
        if not args.reference_out:
            raise UsageError("more than 10 counties need --reference-out (then set PETITIONS_REFERENCE_DIR to it)")
        print(f"reference tables for {args.counties} counties in {write_reference(Path(args.reference_out), args.counties)}")
    files = write_landing(Path(args.out), args.visits, args.counties)
    print(f"wrote {files} files with {args.visits} visits for {args.counties} counties, 2023-01..2024-12, in {args.out}")
    return 0


def cmd_config(args: argparse.Namespace) -> int:
    from petitions.runtime.config import explain, settings

    settings()  # one line and exit 2 when a value is wrong
    width = max(len(r[0]) for r in explain())
    for name, env, value, source in explain():
        print(f"{name:<{width}}  {value:<40}  from {source}" + ("" if source.startswith("$") else f"  (set {env})"))
    return 0


WAREHOUSE_HELP = "SQLAlchemy URL: duckdb:///path (default: $PETITIONS_WAREHOUSE or duckdb:///data/warehouse.duckdb) or postgresql+psycopg://…"
LOG_HELP = "Dagster console log level: WARNING (default) or INFO to see every step, DEBUG for everything"


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="petitions", description="Petition records pipeline (信访登记台账 ↔ 系统导出).")
    sub = p.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="ingest a landing directory into the warehouse through the Dagster definitions")
    run.add_argument("--landing", default=None, help="landing directory (default: $PETITIONS_LANDING or data/landing)")
    run.add_argument("--warehouse", default=None, help=WAREHOUSE_HELP)
    run.add_argument("--as-of", default=None, help="statistics as of YYYY-MM-DD, not after today (default: today)")
    run.add_argument("--log-level", default="WARNING", help=LOG_HELP)
    run.set_defaults(func=cmd_run)
    report = sub.add_parser("report", help="write summary.md, summary.html and summary.docx (the annual statistics section)")
    report.add_argument("--warehouse", default=None, help=WAREHOUSE_HELP)
    report.add_argument("--as-of", default=None, help="statistics as of YYYY-MM-DD (default: today)")
    report.add_argument("--out", default=None, help="folder for the three files (default: $PETITIONS_REPORT_DIR or data/reports)")
    report.add_argument("--sections", default=None,
                        help="comma-separated: trend,categories,reception,entry,large,repeat,kpi (default: all, in that order)")
    report.add_argument("--top-categories", default=None,
                        help="category lines kept per level × kind: a number, or 赴京=3,到省=5 (default: all)")
    report.set_defaults(func=cmd_report)
    add_warehouse_commands(sub, WAREHOUSE_HELP)
    demo = sub.add_parser("demo", help="generate two years of messy registers and run the pipeline on them")
    demo.add_argument("--landing", default="data/demo/landing", help="where the generated files go (default: data/demo/landing)")
    demo.add_argument("--warehouse", default=None, help=WAREHOUSE_HELP)
    demo.add_argument("--seed", type=int, default=20171, help="random seed of the generator (default: 20171)")
    demo.add_argument("--log-level", default="WARNING", help=LOG_HELP)
    demo.set_defaults(func=cmd_demo)
    gen = sub.add_parser("generate", help="write a landing folder of N visits for benchmarks (vectorised, seconds)")
    gen.add_argument("--visits", type=int, required=True, help="number of visits (register rows before defects)")
    gen.add_argument("--counties", type=int, default=10, help="counties (more than 10 need --reference-out) (default: 10)")
    gen.add_argument("--out", required=True, help="landing folder to write")
    gen.add_argument("--reference-out", default=None, help="where to write reference tables listing the extra counties")
    gen.set_defaults(func=cmd_generate)
    config = sub.add_parser("config", help="print every setting, its effective value and where it came from")
    config.set_defaults(func=cmd_config)
    return p


def _terminate(signum: int, _frame: object) -> None:
    # SIGTERM unwinds like an error: the publish transaction rolls back, temporary folders are removed
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    warnings.formatwarning = lambda message, *_: f"petitions: warning: {message}\n"
    signal.signal(signal.SIGTERM, _terminate)
    show_progress()
    from petitions.runtime.config import ConfigError, check_environment
    from pipelines.startup import StartupError

    try:
        if args.command in ("run", "demo", "report"):
            check_environment()
        _resolve(args)
        return args.func(args)
    except (UsageError, WarehouseUnavailable, LandingDirectoryError, ConfigError, StartupError) as exc:
        print(f"petitions: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
