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

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gum2iob2 import CONNECT, conllu_blocks, name_mentions  # noqa: E402  (the name rules and the reader are shared with the IOB2 converter)


def gum_names(words, out):
    for s, e, t in name_mentions(words, max_words=6):
        out.add((t, " ".join(words[k][1] for k in range(s, e + 1))))


def read_gum(path, out):
    skip = False
    for kind, item in conllu_blocks(path):
        if kind == "doc":
            if item.startswith("# newdoc id"):
                doc = item.split("=", 1)[1].strip()
                skip = doc.startswith("GUM_whow") or doc.startswith("GUM_fiction")
        elif not skip:
            gum_names(item, out)


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
