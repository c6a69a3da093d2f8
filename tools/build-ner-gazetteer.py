#!/usr/bin/env python3
"""Builds the external name gazetteer of the NER (`attest train ner --gazetteer FILE`): TYPE<TAB>phrase lines.

Sources (both outside the UNER training/evaluation data):
- UD English GUM (train, dev, test), without the `whow` and `fiction` documents (CC BY-NC-SA): person, place and
  organization mentions that are names (the rules of gum2iob2.py: capitalised first and last word, a PROPN, only
  PROPN/capitalised words/connectors).
- MEANTIME English (CC BY 4.0, Wikinews): PER/ORG/LOC entities whose descriptor is a capitalised name, and the
  named (NAM) mentions that refer to them.
Usage: build-ner-gazetteer.py GUM_DIR MEANTIME_DIR > gazetteer.tsv
"""
import glob
import os
import re
import sys

sys.argv_backup = sys.argv
GUM_TYPES = {"person": "PER", "place": "LOC", "organization": "ORG"}
CONNECT = {"of", "and", "&", "-", "de", "the", "for", "al", "'s"}
OPEN = re.compile(r"\((\d+)-([a-z]+)[^()]*(\))?")
CLOSE = re.compile(r"(\d+)\)")


def gum_names(words, out):
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
    for s, e, t in mentions:
        if t not in GUM_TYPES:
            continue
        while s <= e and (words[s][3] == "DET" or words[s][1].lower() == "the"):
            s += 1
        for k in range(s + 1, e + 1):
            if words[k][1] in (",", "(", ":"):
                e = k - 1
                break
        while e >= s and words[e][3] in ("PUNCT", "PART"):
            e -= 1
        if s > e or e - s >= 6:
            continue
        forms = [words[k][1] for k in range(s, e + 1)]
        if not (forms[0][:1].isupper() and forms[-1][:1].isupper()):
            continue
        if not any(words[k][3] == "PROPN" for k in range(s, e + 1)):
            continue
        if not all(words[k][3] == "PROPN" or f[:1].isupper() or f.lower() in CONNECT for k, f in zip(range(s, e + 1), forms)):
            continue
        out.add((GUM_TYPES[t], " ".join(forms)))


def read_gum(path, out):
    words, skip = [], False
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("# newdoc id"):
                doc = line.split("=", 1)[1].strip()
                skip = doc.startswith("GUM_whow") or doc.startswith("GUM_fiction")
                continue
            if not line:
                if words and not skip:
                    gum_names(words, out)
                words = []
                continue
            if line.startswith("#"):
                continue
            cols = line.split("\t")
            if "-" in cols[0] or "." in cols[0]:
                continue
            words.append(cols)
    if words and not skip:
        gum_names(words, out)


def is_name(tokens):
    if not tokens or len(tokens) > 6:
        return False
    if not (tokens[0][:1].isupper() and tokens[-1][:1].isupper()):
        return False
    return all(t[:1].isupper() or t.lower() in CONNECT or t in (".", "-") for t in tokens)


MT_TYPES = {"PER": "PER", "ORG": "ORG", "LOC": "LOC"}
TOKEN = re.compile(r'<token [^>]*t_id="(\d+)"[^>]*>([^<]*)</token>')
MENTION = re.compile(r'<ENTITY_MENTION [^>]*m_id="(\d+)"[^>]*syntactic_type="([^"]*)"[^>]*>(.*?)</ENTITY_MENTION>', re.S)
ANCHOR = re.compile(r't_id="(\d+)"')
ENTITY = re.compile(r'<ENTITY ([^>]*)/>')
ATTR = re.compile(r'(\w+)="([^"]*)"')
REFERS = re.compile(r'<REFERS_TO [^>]*>(.*?)</REFERS_TO>', re.S)
SOURCE = re.compile(r'<source m_id="(\d+)"')
TARGET = re.compile(r'<target m_id="(\d+)"')


def unescape(s):
    return s.replace("&amp;", "&").replace("&quot;", '"').replace("&apos;", "'").replace("&lt;", "<").replace("&gt;", ">")


def read_meantime(path, out):
    text = open(path, encoding="utf-8").read()
    tokens = {m.group(1): unescape(m.group(2)) for m in TOKEN.finditer(text)}
    mentions = {}
    for m in MENTION.finditer(text):
        mentions[m.group(1)] = (m.group(2), [tokens.get(a, "") for a in ANCHOR.findall(m.group(3))])
    types = {}
    for m in ENTITY.finditer(text):
        attrs = dict(ATTR.findall(m.group(1)))
        t = MT_TYPES.get(attrs.get("ent_type", ""))
        if t is None:
            continue
        types[attrs["m_id"]] = t
        desc = unescape(attrs.get("TAG_DESCRIPTOR", "")).strip().split()
        if is_name(desc):
            out.add((t, " ".join(desc)))
    for r in REFERS.finditer(text):
        body = r.group(1)
        targets = TARGET.findall(body)
        if not targets or targets[0] not in types:
            continue
        for s in SOURCE.findall(body):
            if s in mentions and mentions[s][0] == "NAM":
                toks = mentions[s][1]
                while toks and toks[0].lower() == "the":
                    toks = toks[1:]
                if is_name(toks):
                    out.add((types[targets[0]], " ".join(toks)))


def main():
    gum_dir, mt_dir = sys.argv[1], sys.argv[2]
    out = set()
    for split in ("train", "dev", "test"):
        read_gum(os.path.join(gum_dir, f"en_gum-ud-{split}.conllu"), out)
    for path in sorted(glob.glob(os.path.join(mt_dir, "intra-doc_annotation", "*", "*.xml"))):
        read_meantime(path, out)
    for t, phrase in sorted(out):
        print(f"{t}\t{phrase}")


main()
