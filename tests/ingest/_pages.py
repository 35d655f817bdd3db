"""Small, realistic HTML pages written for the tests (no dev-data strings)."""

from __future__ import annotations

PARAGRAPHS = [
    "The city council of Riverton voted on Tuesday to approve a new flood barrier along the eastern bank of the river, ending two years of debate over its cost.",
    "Mayor Helen Ortiz said the barrier would protect about 4,000 homes that were damaged when the river burst its banks in the spring of last year.",
    "Opponents argued that the project, estimated at 38 million dollars, would divert money from schools and road repairs across the county.",
    "Construction is expected to begin in March and take about eighteen months, according to the city's engineering department.",
    "Residents who attended the meeting were divided, with some applauding the decision and others saying they had not been consulted.",
]


def article_page(
    title: str = "Riverton approves flood barrier",
    paragraphs: list[str] | None = None,
    head: str = "",
    charset_meta: str | None = "utf-8",
    lang: str = "en",
) -> str:
    body = "".join(f"<p>{p}</p>" for p in (paragraphs or PARAGRAPHS))
    meta = f'<meta charset="{charset_meta}">' if charset_meta else ""
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head>{meta}<title>{title} - Riverton Gazette</title>{head}</head>'
        f"<body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>{title}</h1>{body}</article><footer>Copyright Riverton Gazette</footer></body></html>"
    )
