#!/usr/bin/env python3
"""Typst, the peer appealpress is timed against (issue 17).

Usage: python3 benches/typst_peer.py CASE_DIR FONTS_DIR WORK_DIR [ROUNDS]

Needs the `typst` package from PyPI (`pip install typst`). For each language file of
the case it writes an equivalent home pack in Typst markup (cover with the photo
cropped to the same frame, story, letter, action, sample letter with the addresses,
the same Noto faces, A4) and compiles it in a fresh Python process, one per language,
since Typst memoizes within a process. It prints, as the median of ROUNDS rounds:
- the compile calls alone, summed over the languages (interpreter start-up left out);
- the wall time of the five processes run one after another;
- the wall time of the five processes run two at a time (as appealpress uses 2 cores).

`cargo bench --bench photo` runs it when the module imports, with the bench's case.
"""

import concurrent.futures
import os
import re
import statistics
import subprocess
import sys
import time

COMPILE = """
import sys, time, typst
start = time.perf_counter()
typst.compile(sys.argv[1], output=sys.argv[2], font_paths=[sys.argv[3]], ignore_system_fonts=True)
print(time.perf_counter() - start)
"""


def typst_text(text):
    """Markdown inline text as Typst markup: bold, italic, escapes."""
    text = re.sub(r"([\\#$@<>\[\]`~=_*])", r"\\\1", text)
    text = re.sub(r"\\\*\\\*(.+?)\\\*\\\*", r"*\1*", text)
    text = re.sub(r"\\\*(.+?)\\\*", r"_\1_", text)
    return text


def front_matter(source):
    """The front matter's title and the Markdown body."""
    _, head, body = source.split("---\n", 2)
    title = re.search(r"^title:\s*(.+)$", head, re.M).group(1).strip().strip('"')
    return title, body


def body_markup(body):
    """The sections: `## Heading {#id}` as level-2 headings, lists and paragraphs."""
    lines = []
    for line in body.splitlines():
        heading = re.match(r"^(#+)\s+(.*?)\s*(\{#.*\})?$", line)
        if heading:
            lines.append("=" * len(heading.group(1)) + " " + typst_text(heading.group(2)))
        elif line.startswith("- "):
            lines.append("- " + typst_text(line[2:]))
        else:
            lines.append(typst_text(line))
    return "\n".join(lines)


def addresses(case_yaml):
    """The address lines of case.yaml's `write_to` and `solidarity`, as blocks."""
    blocks = re.findall(r"address:\s*\[(.*?)\]", case_yaml)
    return "\n".join(
        "#block(above: 1em)[" + " \\\n".join(typst_text(p.strip()) for p in b.split(",")) + "]"
        for b in blocks
    )


def pack_source(case_dir, lang):
    with open(os.path.join(case_dir, lang + ".md"), encoding="utf-8") as f:
        title, body = front_matter(f.read())
    with open(os.path.join(case_dir, "case.yaml"), encoding="utf-8") as f:
        case_yaml = f.read()
    photo = re.search(r"file:\s*(\S+)", case_yaml).group(1)
    person = re.search(r"^person:\s*(.+)$", case_yaml, re.M).group(1).strip()
    rtl = lang in ("ar", "fa", "he", "ur")
    font = '("Noto Naskh Arabic", "Noto Sans")' if rtl else '"Noto Sans"'
    return f"""#set document(title: "{typst_text(title)}")
#set page(paper: "a4", margin: 18mm, footer: context [#text(8pt)[{typst_text(title)} #h(1fr) #counter(page).display()]])
#set text(font: {font}, size: 10.5pt, lang: "{lang}", dir: {"rtl" if rtl else "ltr"}, hyphenate: true)
#set par(justify: true, leading: 0.6em)
#show heading.where(level: 2): it => {{ pagebreak(weak: true); text(18pt, weight: "bold", it.body) }}
#align(center)[
  #text(28pt, weight: "bold")[{typst_text(title)}]
  #v(6mm)
  #box(width: 120mm, height: 160mm, clip: true, image("{photo}", width: 120mm, height: 160mm, fit: "cover"))
  #v(3mm)
  #text(16pt)[{typst_text(person)}]
]
{body_markup(body)}
#pagebreak()
{addresses(case_yaml)}
"""


def compile_once(source, pdf, fonts):
    """Compile in a fresh process: (compile seconds, process wall seconds)."""
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", COMPILE, source, pdf, fonts],
        check=True, capture_output=True, text=True,
    )
    return float(out.stdout.strip()), time.perf_counter() - start


def main():
    case_dir, fonts, work = (os.path.abspath(a) for a in sys.argv[1:4])
    rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 5
    langs = sorted(f[:-3] for f in os.listdir(case_dir) if f.endswith(".md"))
    jobs = []
    for lang in langs:
        # Next to the photo, so that `image("camera.jpg")` finds it.
        source = os.path.join(case_dir, f"typst-peer-{lang}.typ")
        with open(source, "w", encoding="utf-8") as f:
            f.write(pack_source(case_dir, lang))
        jobs.append((source, os.path.join(work, f"typst-{lang}.pdf"), fonts))
    os.makedirs(work, exist_ok=True)
    compiles, serial, parallel = [], [], []
    try:
        for _ in range(rounds):
            start = time.perf_counter()
            timings = [compile_once(*job) for job in jobs]
            serial.append(time.perf_counter() - start)
            compiles.append(sum(t for t, _ in timings))
            start = time.perf_counter()
            with concurrent.futures.ThreadPoolExecutor(2) as pool:
                list(pool.map(lambda job: compile_once(*job), jobs))
            parallel.append(time.perf_counter() - start)
    finally:
        for source, _, _ in jobs:
            os.remove(source)
    n = len(langs)
    ms = lambda xs: statistics.median(xs) * 1000
    print(f"typst: {n} packs, compile calls summed:              {ms(compiles):7.1f} ms")
    print(f"typst: {n} processes one after another:              {ms(serial):7.1f} ms")
    print(f"typst: {n} processes two at a time:                  {ms(parallel):7.1f} ms")


if __name__ == "__main__":
    main()
