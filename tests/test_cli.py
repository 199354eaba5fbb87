"""The command line as a user meets it: clear one-line errors, non-zero exits, no tracebacks."""

import subprocess
import sys

import pytest


def petitions(*args: str) -> subprocess.CompletedProcess:
    """A real process, for what only a process shows (the entry point, start-up output)."""
    return subprocess.run([sys.executable, "-m", "pipelines.cli", *args], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--landing", "/nonexistent/landing", "--warehouse", "duckdb:///{tmp}/w.duckdb", "--as-of", "2024-01-31"],
         "landing directory /nonexistent/landing does not exist"),
        (["--landing", "{tmp}", "--warehouse", "postgresql+psycopg://postgres@127.0.0.1:1/none", "--as-of", "2024-01-31"],
         "cannot open warehouse"),
        (["--landing", "{tmp}", "--warehouse", "mysql://x/y", "--as-of", "2024-01-31"], "not supported"),
        (["--landing", "{tmp}", "--warehouse", "duckdb:///{tmp}/w.duckdb", "--as-of", "31/01/2024"], "YYYY-MM-DD"),
    ],
)
def test_user_errors_exit_non_zero_with_one_clear_line(tmp_path, args, message, petitions_cli):
    result = petitions_cli("run", *[a.format(tmp=tmp_path) for a in args])
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_run_prints_a_summary(small_landing, tmp_path, petitions_cli):
    directory, manifest = small_landing
    result = petitions_cli("run", "--landing", str(directory), "--warehouse", f"duckdb:///{tmp_path}/w.duckdb",
                       "--as-of", manifest.as_of.isoformat())
    assert result.returncode == 0, result.stderr
    assert f"visits: {len(manifest.visits)}批" in result.stdout
    assert "rejected" in result.stdout and "unentered" in result.stdout


def test_report_on_a_mistyped_warehouse_path_creates_nothing(tmp_path, petitions_cli):
    result = petitions_cli("report", "--warehouse", f"duckdb:///{tmp_path}/typo.duckdb", "--as-of", "2024-12-31",
                       "--out", str(tmp_path / "out"))
    assert result.returncode == 2 and "no warehouse at" in result.stderr and "petitions run" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "typo.duckdb").exists()


def test_report_on_an_empty_warehouse_says_what_to_do(tmp_path, petitions_cli):
    import duckdb

    duckdb.connect(str(tmp_path / "empty.duckdb")).close()
    result = petitions_cli("report", "--warehouse", f"duckdb:///{tmp_path}/empty.duckdb", "--as-of", "2024-12-31",
                       "--out", str(tmp_path / "out"))
    assert result.returncode == 2 and "run `petitions run` first" in result.stderr
    assert "Traceback" not in result.stderr


def test_report_command_writes_both_files(small_run, tmp_path, petitions_cli):
    url, manifest, _ = small_run
    result = petitions_cli("report", "--warehouse", url, "--as-of", manifest.as_of.isoformat(), "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "summary.md").read_text(encoding="utf-8").startswith(f"# {manifest.as_of.year}年信访工作统计")
    assert "<svg" in (tmp_path / "summary.html").read_text(encoding="utf-8")


def test_a_normal_command_prints_no_warning_noise():
    """No beta, key or deprecation warning a user cannot act on (a real process, as a user starts it)."""
    result = petitions("config")
    assert result.returncode == 0 and result.stderr == ""
    assert "entry_deadline_days" in result.stdout and "from default" in result.stdout


def test_every_option_is_described():
    import argparse

    from pipelines.cli import parser

    def options(p: argparse.ArgumentParser):
        for action in p._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub in action.choices.values():
                    yield from options(sub)
            elif action.option_strings and action.dest != "help":
                yield p.prog, action
    found = list(options(parser()))
    assert len(found) > 15 and all(a.help for _, a in found), [(p, a.dest) for p, a in found if not a.help]
