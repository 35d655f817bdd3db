"""Renderers: a Rich terminal view, Markdown, JSON and a self-contained HTML report."""

from __future__ import annotations

import html
import io
import json

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from storyline.model import Dossier

FORMATS = ("text", "md", "json", "html")
SCHEMA = "storyline.dossier/1"
_MAX_SINGLE = 20  # single-source facts shown in text / md / html views (JSON has them all)


def _who(span: dict) -> str:
    return span.get("source") or span["article_id"]


def _cite(span: dict) -> str:
    return f"[{_who(span)} {span['start']}:{span['end']}]"


def _diff_md(ops: list[dict]) -> str:
    parts = []
    for op in ops:
        if op["op"] == "equal":
            parts.append(op["a"])
        else:
            if op["a"]:
                parts.append(f"~~{op['a']}~~")
            if op["b"]:
                parts.append(f"**{op['b']}**")
    return " ".join(parts)


def _sections(dossier: Dossier) -> dict[str, list]:
    facts = dossier.facts
    return {
        "corroborated": [f for f in facts if f["status"] == "corroborated"],
        "disputed": [f for f in facts if f["status"] == "disputed"],
        "single": [f for f in facts if f["status"] == "single-source"],
    }


def _time(dossier: Dossier) -> str:
    span = dossier.time_span
    if not span.get("start"):
        return "unknown"
    basis = f" ({span['basis']})" if span.get("basis") else ""
    return (span["start"] if span["start"] == span["end"] else f"{span['start']} – {span['end']}") + basis


# ------------------------------------------------------------------ JSON


def to_json(dossier: Dossier) -> str:
    return json.dumps({"schema": SCHEMA, **dossier.to_dict()}, ensure_ascii=False, indent=2)


# ------------------------------------------------------------------ Markdown


def _md_header(d: Dossier, out: list[str]) -> None:
    out += [f"# {d.title}", "", f"- **Event**: `{d.event_id}`", f"- **When**: {_time(d)}"]
    out.append(f"- **Outlets**: {', '.join(d.outlets) or '(not named)'}")
    out.append(f"- **Main entities**: {', '.join(e['canonical'] for e in d.entities[:8])}")
    out += ["", "## Articles", ""]
    for a in d.articles:
        credits = f" (credits: {', '.join(a['credits'])})" if a.get("credits") else ""
        out.append(f"- `{a['id']}` {a.get('source') or ''} — {a.get('title') or '(no title)'}{credits}")


def _md_w5h1(d: Dossier, out: list[str]) -> None:
    w = d.w5h1
    out += ["", "## 5W1H", ""]
    out.append(f"- **Who**: {', '.join(e['text'] for e in w.get('who', [])) or '—'}")
    if w.get("what"):
        out.append(f"- **What**: {w['what']['text']} {' '.join(_cite(s) for s in w['what']['support'])}")
    when = w.get("when") or []
    out.append("- **When**: " + ("; ".join(f"{x['value']} {' '.join(_cite(s) for s in x['support'])}" for x in when[:3]) or "—"))
    out.append(f"- **Where**: {', '.join(e['text'] for e in w.get('where', [])) or '—'}")
    for key in ("why", "how"):
        item = w.get(key)
        out.append(f"- **{key.capitalize()}**: " + (f"{item['text']} {_cite(item['support'][0])}" if item else "—"))


def _md_facts(d: Dossier, out: list[str]) -> None:
    sections = _sections(d)
    for title, key, limit in (("Corroborated facts", "corroborated", None), ("Disputed facts", "disputed", None), ("Single-source facts", "single", _MAX_SINGLE)):
        facts = sections[key]
        if not facts:
            continue
        out += ["", f"## {title}", ""]
        for fact in facts[:limit]:
            out.append(f"- {fact['text']}")
            for span in fact["support"]:
                if span != fact["anchor"] and (span["article_id"], span["start"]) != (fact["anchor"]["article_id"], fact["anchor"]["start"]):
                    out.append(f"  - {_who(span)}: “{span['text']}” `{span['start']}:{span['end']}`")
            out.append(f"  - sources: {', '.join(_cite(s) for s in fact['support'])}")
        if limit is not None and len(facts) > limit:
            out.append(f"- … {len(facts) - limit} more (see JSON)")


def _md_contradictions(d: Dossier, out: list[str]) -> None:
    if not d.contradictions:
        return
    out += ["", "## Contradictions", "", "| kind | account A | account B |", "| --- | --- | --- |"]
    for c in d.contradictions:
        cells = []
        for side in (c["a"], c["b"]):
            value = f" (**{side.get('value_text') or side['value']}**)" if side.get("value") else ""
            cells.append(f"{side['text']}{value} {_cite(side)}".replace("|", "\\|"))
        out.append(f"| {c['kind']}: {c['what']} | {cells[0]} | {cells[1]} |")


def _md_quotes(d: Dossier, out: list[str]) -> None:
    if not d.quotes:
        return
    out += ["", "## Who said what", ""]
    speaker = object()
    for q in d.quotes:
        if q["speaker"] != speaker:
            speaker = q["speaker"]
            out += ["", f"### {speaker or 'Unattributed'}", ""]
        out.append(f"- “{q['text']}” — {', '.join(q['outlets'])}")
        if len(q["variants"]) > 1:
            for v in q["variants"]:
                out.append(f"  - variant “{v['text']}” in {', '.join(_cite(s) for s in v['sources'])}: {_diff_md(v['diff'])}")


def _md_framing(d: Dossier, out: list[str]) -> None:
    f = d.framing
    if not f:
        return
    out += ["", "## Framing", "", "| article | headline | covered | left out | quoted |", "| --- | --- | --- | --- | --- |"]
    titles = {h["article_id"]: h.get("title") or "" for h in f.get("headlines", [])}
    for a in f.get("articles", []):
        quoted = ", ".join(f"{s} {share:.0%}" for s, share in a["quote_share"].items())
        row = [a.get("source") or a["article_id"], titles.get(a["article_id"], ""), ", ".join(a["covered"]), ", ".join(a["missing"]), quoted]
        out.append("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |")


def to_markdown(d: Dossier) -> str:
    out: list[str] = []
    _md_header(d, out)
    if d.summary:
        out += ["", "## Summary", ""]
        out += [f"- {s['text']} [{', '.join(s['citations'])}]" for s in d.summary]
    _md_w5h1(d, out)
    _md_facts(d, out)
    _md_contradictions(d, out)
    _md_quotes(d, out)
    _md_framing(d, out)
    if not d.facts:
        out += ["", "## Leads", ""] + [f"- {lead.text} {_cite(lead.to_dict())}" for lead in d.leads]
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------ Rich text


def _rich_facts(console: Console, title: str, facts: list[dict], style: str, limit: int | None = None) -> None:
    if not facts:
        return
    table = Table(title=title, show_lines=True, expand=True, title_style=style)
    table.add_column("fact", ratio=3)
    table.add_column("sources", ratio=1, overflow="fold")  # outlet labels can be long file names: wrap, never cut
    for fact in facts[:limit]:
        table.add_row(Text(fact["text"]), Text("\n".join(_cite(s) for s in fact["support"])))
    console.print(table)
    if limit is not None and len(facts) > limit:
        console.print(f"… {len(facts) - limit} more single-source facts (see --format json)")


def to_text(d: Dossier, width: int, color: bool) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=color, color_system="standard" if color else None, highlight=False)
    header = Text()
    header.append(f"{d.title}\n", style="bold")
    header.append(f"event {d.event_id} · {_time(d)} · {len(d.articles)} articles · outlets: {', '.join(d.outlets) or '(not named)'}\n")
    header.append("entities: " + ", ".join(e["canonical"] for e in d.entities[:8]))
    console.print(Panel(header, title="storyline dossier"))
    if d.summary:
        console.print(Text("Summary", style="bold underline"))
        for s in d.summary:
            console.print(f"• {s['text']} [{', '.join(s['citations'])}]", markup=False)
    sections = _sections(d)
    _rich_facts(console, "Corroborated facts", sections["corroborated"], "bold green")
    _rich_facts(console, "Disputed facts", sections["disputed"], "bold red")
    _rich_facts(console, "Single-source facts", sections["single"], "bold yellow", _MAX_SINGLE)
    if d.contradictions:
        table = Table(title="Contradictions", show_lines=True, expand=True)
        for name in ("kind", "account A", "account B"):
            table.add_column(name)
        for c in d.contradictions:
            table.add_row(Text(f"{c['kind']}: {c['what']}"), *(Text(f"{s['text']}\n{_cite(s)}") for s in (c["a"], c["b"])))
        console.print(table)
    if d.quotes:
        table = Table(title="Who said what", show_lines=True, expand=True)
        for name in ("speaker", "quote", "carried by"):
            table.add_column(name)
        for q in d.quotes:
            variants = "\n".join(f"≈ {_diff_md(v['diff'])}" for v in q["variants"][1:])
            table.add_row(Text(q["speaker"] or "?"), Text(q["text"] + (f"\n{variants}" if variants else "")), Text(", ".join(q["outlets"])))
        console.print(table)
    if d.framing.get("articles"):
        table = Table(title="Framing", show_lines=True, expand=True)
        for name in ("article", "covered", "left out", "quoted"):
            table.add_column(name)
        for a in d.framing["articles"]:
            quoted = ", ".join(f"{s} {share:.0%}" for s, share in a["quote_share"].items())
            table.add_row(*(Text(cell) for cell in (a.get("source") or a["article_id"], ", ".join(a["covered"]), ", ".join(a["missing"]), quoted)))
        console.print(table)
    return buffer.getvalue()


# ------------------------------------------------------------------ HTML

_CSS = """body{font:15px/1.5 system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.5em}h2{border-bottom:1px solid #ccc;margin-top:1.6em}table{border-collapse:collapse;width:100%}
td,th{border:1px solid #ddd;padding:.3em .5em;vertical-align:top;text-align:left}.cite{color:#667;font-size:.85em}
.corroborated{border-left:4px solid #2a2}.single-source{border-left:4px solid #ca2}.disputed{border-left:4px solid #c22}
li{margin:.3em 0;padding-left:.4em}del{color:#a22}ins{color:#262;text-decoration:none;font-weight:bold}"""


def _h(value: object) -> str:
    return html.escape(str(value if value is not None else ""))


def _html_cite(span: dict) -> str:
    return f'<span class="cite" title="{_h(span["text"])}">{_h(_cite(span))}</span>'


def _html_diff(ops: list[dict]) -> str:
    parts = []
    for op in ops:
        if op["op"] == "equal":
            parts.append(_h(op["a"]))
        else:
            parts += ([f"<del>{_h(op['a'])}</del>"] if op["a"] else []) + ([f"<ins>{_h(op['b'])}</ins>"] if op["b"] else [])
    return " ".join(parts)


def to_html(d: Dossier) -> str:
    body = [f"<h1>{_h(d.title)}</h1>", f"<p>Event <code>{_h(d.event_id)}</code> · {_h(_time(d))} · outlets: {_h(', '.join(d.outlets) or '(not named)')}</p>"]
    if d.summary:
        body.append("<h2>Summary</h2><ul>" + "".join(f"<li>{_h(s['text'])} <span class='cite'>[{_h(', '.join(s['citations']))}]</span></li>" for s in d.summary) + "</ul>")
    body.append("<h2>Facts</h2><ul>")
    for fact in (f for f in d.facts if f["status"] != "single-source"):
        body.append(f"<li class='{fact['status']}'><b>{_h(fact['status'])}</b>: {_h(fact['text'])} " + " ".join(_html_cite(s) for s in fact["support"]) + "</li>")
    singles = [f for f in d.facts if f["status"] == "single-source"]
    body += [f"<li class='single-source'><b>single-source</b>: {_h(f['text'])} {_html_cite(f['support'][0])}</li>" for f in singles]
    body.append("</ul>")
    if d.contradictions:
        body.append("<h2>Contradictions</h2><table><tr><th>kind</th><th>account A</th><th>account B</th></tr>")
        for c in d.contradictions:
            body.append(f"<tr><td>{_h(c['kind'])}: {_h(c['what'])}</td>" + "".join(f"<td>{_h(s['text'])} {_html_cite(s)}</td>" for s in (c["a"], c["b"])) + "</tr>")
        body.append("</table>")
    if d.quotes:
        body.append("<h2>Who said what</h2><ul>")
        for q in d.quotes:
            variants = "".join(f"<li>{_html_diff(v['diff'])} " + " ".join(_html_cite(s) for s in v["sources"]) + "</li>" for v in q["variants"])
            body.append(f"<li><b>{_h(q['speaker'] or 'Unattributed')}</b>: “{_h(q['text'])}” — {_h(', '.join(q['outlets']))}<ul>{variants}</ul></li>")
        body.append("</ul>")
    if d.framing.get("articles"):
        body.append("<h2>Framing</h2><table><tr><th>article</th><th>headline</th><th>covered</th><th>left out</th></tr>")
        titles = {h["article_id"]: h.get("title") for h in d.framing.get("headlines", [])}
        for a in d.framing["articles"]:
            body.append(f"<tr><td>{_h(a.get('source') or a['article_id'])}</td><td>{_h(titles.get(a['article_id']))}</td><td>{_h(', '.join(a['covered']))}</td><td>{_h(', '.join(a['missing']))}</td></tr>")
        body.append("</table>")
    return f"<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'><title>{_h(d.title)}</title><style>{_CSS}</style></head><body>{''.join(body)}</body></html>\n"


def render_dossier(dossier: Dossier, fmt: str = "text", *, width: int = 100, color: bool = False) -> str:
    """The dossier as ``fmt``: "text" (Rich; ANSI colour only with ``color=True``), "md", "json" or "html"."""
    if fmt == "json":
        return to_json(dossier)
    if fmt == "md":
        return to_markdown(dossier)
    if fmt == "html":
        return to_html(dossier)
    if fmt == "text":
        return to_text(dossier, width, color)
    raise ValueError(f"unknown dossier format {fmt!r}; use one of: {', '.join(FORMATS)}")
