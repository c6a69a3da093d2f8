#!/usr/bin/env python3
"""Converts GUM CoNLL-U entity annotation (MISC Entity=) into UNER-style IOB2 with PER/ORG/LOC name spans.

A person/place/organization mention counts as a name when, after dropping leading determiners and trailing
punctuation/possessives, it starts and ends with a capitalised word, contains a PROPN and every word is a PROPN,
a capitalised word or a connector (of, and, &, -, de). Outermost qualifying mentions win over nested ones.
Usage: gum2iob2.py IN.conllu > OUT.iob2
"""
import re
import sys

TYPES = {"person": "PER", "place": "LOC", "organization": "ORG"}
CONNECT = {"of", "and", "&", "-", "de", "the", "for", "al", "'s"}
OPEN = re.compile(r"\((\d+)-([a-z]+)[^()]*(\))?")
CLOSE = re.compile(r"(\d+)\)")


def name_mentions(words, max_words=None):
    """(first, last, TYPE) of every person/place/organization mention of one sentence that is a name (rules above).

    words are CoNLL-U rows split on tabs; max_words drops longer names. Shared with build-ner-gazetteer.py."""
    mentions, stack = [], {}
    for i, w in enumerate(words):
        ent = ""
        for part in w[9].split("|"):
            if part.startswith("Entity="):
                ent = part[7:]
        pos = 0
        while pos < len(ent):
            m = OPEN.match(ent, pos)
            if m:
                if m.group(3):
                    mentions.append((i, i, m.group(2)))
                else:
                    stack.setdefault(m.group(1), []).append((i, m.group(2)))
                pos = m.end()
                continue
            m = CLOSE.match(ent, pos)
            if m:
                if stack.get(m.group(1)):
                    s, t = stack[m.group(1)].pop()
                    mentions.append((s, i, t))
                pos = m.end()
                continue
            pos += 1
    names = []
    for s, e, t in mentions:
        if t not in TYPES:
            continue
        while s <= e and (words[s][3] == "DET" or words[s][1].lower() == "the"):
            s += 1
        for k in range(s + 1, e + 1):
            if words[k][1] in (",", "(", ":"):
                e = k - 1
                break
        while e >= s and (words[e][3] in ("PUNCT", "PART")):
            e -= 1
        if s > e or (max_words is not None and e - s >= max_words):
            continue
        forms = [words[k][1] for k in range(s, e + 1)]
        if not (forms[0][:1].isupper() and forms[-1][:1].isupper()):
            continue
        if not any(words[k][3] == "PROPN" for k in range(s, e + 1)):
            continue
        if not all(words[k][3] == "PROPN" or f[:1].isupper() or f.lower() in CONNECT for k, f in zip(range(s, e + 1), forms)):
            continue
        names.append((s, e, TYPES[t]))
    return names


def emit(words, out):
    if not words:
        return
    labels = ["O"] * len(words)
    cands = name_mentions(words)
    cands.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    for s, e, t in cands:
        if any(labels[k] != "O" for k in range(s, e + 1)):
            continue
        labels[s] = "B-" + t
        for k in range(s + 1, e + 1):
            labels[k] = "I-" + t
    for i, w in enumerate(words):
        out.write(f"{i + 1}\t{w[1]}\t{labels[i]}\n")
    out.write("\n")


def conllu_blocks(path):
    """Yields ("doc", line) for each `# newdoc` comment and ("sentence", words) for each sentence of a CoNLL-U file,
    words being the column lists of its syntactic words (multi-word token and empty-node lines left out)."""
    words = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("# newdoc"):
                if words:
                    yield "sentence", words
                words = []
                if line:
                    yield "doc", line
                continue
            if line.startswith("#"):
                continue
            cols = line.split("\t")
            if "-" in cols[0] or "." in cols[0]:
                continue
            words.append(cols)
    if words:
        yield "sentence", words


def main():
    for kind, item in conllu_blocks(sys.argv[1]):
        if kind == "doc":
            print(item)
        else:
            emit(item, sys.stdout)


if __name__ == "__main__":
    main()
