"""Output writers, field selection and terminal-safety of database text."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kern_cli import output
from kern_cli.errors import UsageError
from kern_cli.output import Column, inert, select_fields, write_records

NASTY = "a\x1b[31mred\x1b[0m\x1b]0;title\x07b\rc\x00d\x7fe\x9bf\x85g[bold]h[/bold]\tI\nJ"
RECORDS = [
    {"id": "s1", "n": 3, "text": "tab\there", "meta": {"k": [1, 2]}, "none": None},
    {"id": "s2", "n": 10, "text": NASTY, "meta": [], "none": None},
]


def render(fmt: str, columns: list[Column] | None = None, records: list | None = None) -> str:
    buffer = io.StringIO()
    write_records(RECORDS if records is None else records, fmt, columns, file=buffer)
    return buffer.getvalue()


def _is_raw_control(ch: str) -> bool:
    code = ord(ch)
    return (code < 0x20 and ch not in "\n\t") or 0x7F <= code <= 0x9F


def test_inert_strips_sequences_and_escapes_controls() -> None:
    assert inert("\x1b[1;31mred\x1b[0m") == "red"
    assert inert("\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\") == "link"
    assert inert("a\rb\x00c\x7f\x9b") == "a\\x0db\\x00c\\x7f\\x9b"
    assert inert("keep\nnew\tlines") == "keep\nnew\tlines"
    assert inert("[bold]x[/bold]") == "[bold]x[/bold]"


@given(st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from("\x1b\x9b\x07[]\\")))
def test_inert_never_leaves_a_control_character(text: str) -> None:
    assert not any(_is_raw_control(ch) for ch in inert(text))


@pytest.mark.parametrize("fmt", ["table", "tsv", "csv", "json", "jsonl"])
def test_no_raw_control_characters_in_any_format(fmt: str) -> None:
    text = render(fmt)
    assert not any(_is_raw_control(ch) for ch in text if ch != "\n")
    assert "\x1b" not in text


def test_table_shows_markup_literally() -> None:
    text = render("table", [Column("id"), Column("text", max_width=None, no_wrap=False)])
    assert "[bold]h[/bold]" in text
    assert "ID" in text and "TEXT" in text


def test_table_uses_formatter_and_machine_formats_do_not() -> None:
    columns = [Column("id"), Column("n", formatter=lambda v: f"{v} runs", justify="right")]
    assert "10 runs" in render("table", columns)
    assert render("tsv", columns).splitlines() == ["s1\t3", "s2\t10"]


def test_tsv_escapes_tabs_newlines_and_has_no_header() -> None:
    lines = render("tsv", [Column("id"), Column("text"), Column("meta"), Column("none")]).split(
        "\n"
    )
    assert lines[0] == 's1\ttab\\there\t{"k":[1,2]}\t'
    assert lines[1].count("\t") == 3 and "\\n" in lines[1] and "\\x0d" not in lines[1]
    assert lines[1].split("\t")[1].endswith("\\tI\\nJ")


def test_csv_has_header_and_round_trips() -> None:
    rows = list(csv.reader(io.StringIO(render("csv", [Column("id"), Column("text")]))))
    assert rows[0] == ["id", "text"]
    assert rows[1] == ["s1", "tab\there"]
    assert rows[2][1].endswith("\tI\nJ")


def test_json_is_one_array_streamed_per_element() -> None:
    text = render("json")
    lines = text.splitlines()
    assert lines[0] == "[" and lines[-1] == "]" and len(lines) == 4
    data = json.loads(text)
    assert data[0] == RECORDS[0]
    assert data[1]["text"] == NASTY
    assert render("json", records=[]) == "[]\n"


def test_json_keeps_non_ascii_but_escapes_c1_and_del() -> None:
    text = render("jsonl", [Column("v")], records=[{"v": "héllo\x85\x7f\u202e"}])
    assert "héllo" in text
    assert "\\u0085" in text and "\\u007f" in text and "\\u202e" in text
    assert json.loads(text)["v"] == "héllo\x85\x7f\u202e"


def test_jsonl_one_object_per_line() -> None:
    lines = render("jsonl", [Column("id"), Column("n")]).splitlines()
    assert [json.loads(line) for line in lines] == [{"id": "s1", "n": 3}, {"id": "s2", "n": 10}]


def test_write_records_streams_a_generator() -> None:
    produced: list[int] = []

    def gen():  # type: ignore[no-untyped-def]
        for i in range(3):
            produced.append(i)
            yield {"i": i}

    buffer = io.StringIO()
    assert write_records(gen(), "jsonl", None, file=buffer) == 3
    assert produced == [0, 1, 2]


def test_unknown_format_is_usage_error() -> None:
    with pytest.raises(UsageError):
        render("xml")


def test_select_fields() -> None:
    available = ["id", "user", "created"]
    assert select_fields(available, None) == available
    assert select_fields(available, "") == available
    assert select_fields(available, " created , id,created") == ["created", "id"]
    with pytest.raises(UsageError) as info:
        select_fields(available, "id,bogus")
    assert "bogus" in info.value.message
    assert info.value.hint == "available fields: id, user, created"


def test_default_format_is_tsv_when_piped() -> None:
    assert output.default_format() == "tsv"


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "less -FRX"),
        ({"PAGER": "more"}, "more"),
        ({"KERN_PAGER": "cat", "PAGER": "more"}, None),
    ],
)
def test_pager_command(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: str | None
) -> None:
    monkeypatch.delenv("PAGER", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert output.pager_command() == expected


def test_pager_and_progress_are_inert_off_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    with output.pager_context(True):
        print("data")
    with output.progress("working", total=2) as task:
        task.advance()
    with output.spinner("waiting"):
        pass
    captured = capsys.readouterr()
    assert captured.out == "data\n" and captured.err == ""


def test_no_color_console_emits_no_escapes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    output.reset_consoles()
    console = output.stdout_console()
    assert console.color_system is None and console.no_color


def test_confirm_without_terminal_requires_yes() -> None:
    output.confirm("Delete?", yes=True)
    with pytest.raises(UsageError, match="--yes"):
        output.confirm("Delete?", yes=False)
