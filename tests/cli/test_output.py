"""Output writers, field selection and terminal-safety of database text."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kern_cli import output
from kern_cli.errors import UsageError
from kern_cli.output import Column, inert, select_fields, write_records
from kern_core import Session, SqliteDb

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


# -- formula cells, reversible TSV, inert Markdown -------------------------------------------

FORMULAS = ['=HYPERLINK("http://x","y")', "+SUM(A1:A9)", "-1+1", "@SUM(1)", "\tx", "\r=1"]


def test_csv_neutralises_formula_cells() -> None:
    records = [{"v": text, "n": -3} for text in FORMULAS] + [{"v": "plain -x", "n": 4}]
    rows = list(csv.reader(io.StringIO(render("csv", [Column("v"), Column("n")], records))))
    cells = [row[0] for row in rows[1:]]
    for cell in cells[:-1]:
        assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r"), cell
    assert cells[:5] == ["'" + text for text in FORMULAS[:5]]
    assert cells[-1] == "plain -x"
    assert [row[1] for row in rows[1:]] == ["-3"] * len(FORMULAS) + ["4"], "numbers stay numbers"


@given(st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from("\\\t\n\r\x1b\x9b\x07x0u")))
def test_tsv_escaping_is_reversible_and_leaves_no_separator(text: str) -> None:
    cell = output.tsv_field(text)
    assert output.tsv_unescape(cell) == text
    assert "\t" not in cell and "\n" not in cell and "\r" not in cell
    assert not any(_is_raw_control(ch) for ch in cell)
    # Every backslash starts a complete escape: none is left dangling.
    assert output.tsv_field(text + "\\").endswith("\\\\")


def test_tsv_keeps_an_escape_sequence_and_its_backslash() -> None:
    cell = output.tsv_field("id\x1b\\tail\\")
    assert cell == "id\\x1b\\\\tail\\\\"
    assert output.tsv_unescape(cell) == "id\x1b\\tail\\"


HOSTILE_REPLY = """Hello <b onmouseover=alert(1)>bold</b> & <script>alert(2)</script>
[click](javascript:alert(3)) ![img](JaVaScRiPt:alert(4)) <javascript:alert(5)>
[data](  data:text/html;base64,PHNjcmlwdD4=) [wrapped](<javascript:alert(6)>)
<img src=x onerror=alert(7)>
> <iframe src=javascript:alert(8)></iframe>

[ref]: javascript:alert(9)
See [the ref][ref].

```html
<script>kept in code</script>
```
and `<i>in a span</i>` too.
"""


def hostile_session() -> Session:
    return Session.from_dict(
        {
            "session_id": "h<1>",
            "session_type": "agent",
            "agent_id": "<svg onload=alert(10)>",
            "user_id": "<script>alert(11)</script>",
            "session_data": {"session_name": "<img src=x onerror=alert(12)>"},
            "runs": [
                {
                    "run_id": "r1",
                    "agent_id": "a",
                    "status": "COMPLETED",
                    "input": {
                        "input_content": "<script>alert(13)</script> [x](javascript:alert(14))"
                    },
                    "content": HOSTILE_REPLY,
                },
                {
                    "run_id": "r2",
                    "agent_id": "a",
                    "status": "COMPLETED",
                    "input": {"input_content": "second"},
                    "content": "an open fence\n````\n<b>never closed",
                },
                {"run_id": "r3", "agent_id": "a", "status": "COMPLETED", "content": "after"},
            ],
            "created_at": 1_700_000_000,
        }
    )


def permissive_html(markdown: str) -> str:
    """HTML from a renderer that allows raw HTML and trusts every link target."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": True})
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md.render(markdown)


def assert_inert_html(html: str) -> None:
    import re

    code_free = re.sub(r"<code[^>]*>.*?</code>", "", html, flags=re.S)
    assert not re.search(r"<(script|img|svg|iframe|b|i)\b", code_free, re.I), code_free
    assert not re.search(r"<[^>]*\son\w+\s*=", html, re.I), html
    assert not re.search(r"(href|src)\s*=\s*\"\s*(javascript|vbscript|data):", html, re.I), html


@pytest.mark.parametrize("command", ["show", "export"])
def test_markdown_is_inert_in_a_renderer(kern: Any, tmp_path: Path, command: str) -> None:
    path = tmp_path / "hostile.db"
    with SqliteDb(db_file=path) as db:
        db.upsert_sessions([hostile_session()])
    args = ["show", "h<1>"] if command == "show" else ["export"]
    result = kern("sessions", *args, "-f", "markdown", "--db", str(path))
    assert result.exit_code == 0, result.stderr
    html = permissive_html(result.stdout)
    assert_inert_html(html)
    assert "&lt;script&gt;kept in code&lt;/script&gt;" in html, "code blocks stay verbatim"
    assert "<code>&lt;i&gt;in a span&lt;/i&gt;</code>" in html
    assert "<script>kept in code</script>" in result.stdout
    assert "<h2>Run 3" in html, "an open fence in a reply cannot swallow the next run"
    assert "Hello" in html and "bold" in html and "alert(3)" in html, "the text is still shown"
