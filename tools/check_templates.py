"""Check Django templates for mistakes the template engine lets through silently.

Usage: python tools/check_templates.py templates [more directories or files]

- `{# ... #}` is a one-line comment: a `{#` whose `#}` is on a later line is not a
  comment at all, and its text is sent to the browser. Use {% comment %} instead.
- Block tags must pair up: partialdef, block, if, for, with, comment (and verbatim, whose
  content is skipped like a comment's).
- Partial names are kebab-case (`week-summary`, not `week_summary`).

Prints `file:line: message` per problem and exits 1 if there is any. Plain Python, no
dependencies, so it runs before anything is installed.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

TEMPLATE_SUFFIXES = (".html", ".txt", ".xml", ".svg")

PAIRED = {
    "partialdef": "endpartialdef",
    "block": "endblock",
    "if": "endif",
    "for": "endfor",
    "with": "endwith",
    "comment": "endcomment",
    "verbatim": "endverbatim",
}
CLOSERS = {end: start for start, end in PAIRED.items()}
# Tags whose content the engine does not parse: nothing inside them is checked.
OPAQUE = {"comment", "verbatim"}

# In the order they appear on a line: a tag, a whole one-line comment, or a lone `{#`.
TOKEN = re.compile(r"\{%\s*(?P<name>\w+)(?P<argument>.*?)%\}|(?P<comment>\{#.*?#\})|(?P<lone>\{#)")
KEBAB = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Opened:
    name: str
    argument: str
    line: int


def check_text(path: Path, text: str) -> list[Problem]:
    problems: list[Problem] = []
    stack: list[Opened] = []
    for number, line in enumerate(text.splitlines(), start=1):
        for match in TOKEN.finditer(line):
            if stack and stack[-1].name in OPAQUE:
                # Inside {% comment %} or {% verbatim %}: only its closing tag counts.
                if match["name"] == PAIRED[stack[-1].name]:
                    stack.pop()
                continue
            if match["lone"]:
                problems.append(
                    Problem(
                        path,
                        number,
                        "'{#' without '#}' on the same line: that is not a comment, its text "
                        "is rendered; use {% comment %}...{% endcomment %} for several lines",
                    )
                )
                break
            if match["comment"]:
                continue
            name, argument = match["name"], match["argument"].strip()
            if name in PAIRED:
                stack.append(Opened(name, argument, number))
                if name == "partialdef":
                    problems.extend(_check_partial_name(path, number, argument, name))
            elif name in CLOSERS:
                problems.extend(_close(path, number, name, argument, stack))
            elif name == "partial":
                problems.extend(_check_partial_name(path, number, argument, name))
    for opened in stack:
        problems.append(
            Problem(
                path,
                opened.line,
                f"{{% {opened.name} %}} is never closed with {{% {PAIRED[opened.name]} %}}",
            )
        )
    return sorted(problems, key=lambda problem: problem.line)


def _close(path: Path, number: int, name: str, argument: str, stack: list[Opened]) -> list[Problem]:
    expected = CLOSERS[name]
    if not stack:
        return [Problem(path, number, f"{{% {name} %}} closes nothing")]
    if stack[-1].name != expected:
        top = stack[-1]
        problem = Problem(
            path,
            number,
            f"{{% {name} %}} found while {{% {top.name} %}} from line {top.line} is open",
        )
        # Recover: drop back to the matching opener if there is one, else ignore the closer.
        for depth in range(len(stack) - 1, -1, -1):
            if stack[depth].name == expected:
                del stack[depth:]
                break
        return [problem]
    opened = stack.pop()
    named = opened.argument.split()[0] if opened.argument else ""
    if argument and name in ("endblock", "endpartialdef") and argument != named:
        return [
            Problem(
                path,
                number,
                f"{{% {name} {argument} %}} closes {{% {opened.name} {named} %}} "
                f"from line {opened.line}",
            )
        ]
    return []


def _check_partial_name(path: Path, number: int, argument: str, tag: str) -> list[Problem]:
    words = argument.split()
    if not words:
        return [Problem(path, number, f"{{% {tag} %}} without a partial name")]
    if not KEBAB.fullmatch(words[0]):
        return [
            Problem(
                path,
                number,
                f"partial name {words[0]!r} is not kebab-case "
                f"(lower-case words joined by '-', e.g. 'week-summary')",
            )
        ]
    return []


def template_files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in TEMPLATE_SUFFIXES)
            )
        else:
            files.append(path)
    return files


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: check_templates.py DIRECTORY_OR_FILE...", file=sys.stderr)
        return 2
    problems: list[Problem] = []
    for path in template_files([Path(arg) for arg in argv]):
        problems.extend(check_text(path, path.read_text(encoding="utf-8")))
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
