#!/usr/bin/env python3
"""Scores roundups as an editor reads them, from `omnibus roundup ID --json`.

usage: roundup_score.py [--gold gold.jsonl] [--json] [--floors] [--min-...] FILE...
  FILE: roundup JSON, one object a line (or one object per file; "-" reads stdin).
  --gold: per document {"url", "outlet", "authors"} (tests/fixtures/ecb_site.py
          writes it): a credit must then name exactly the authors the page gave,
          or none, when the page named no person.
  --floors: exit 1 unless credits 100% valid, one attribution in every
          paragraph, restating <= --max-restating (0.03) and mean novelty
          >= --min-novelty (0.65), every pull quote's speaker a name.

Per paragraph after the lead:
  novelty = share of its content words (lower-cased words of 3+ letters or
  numbers, stopwords left out, a plural's s dropped) that neither the
  headline, the lead nor an earlier paragraph used. Restating: novelty < 0.4.
Per paragraph (the lead too):
  credit valid: every author is a news agency (an agency's copy: "AP reports
  via X") or looks like a person's name (2-4 capitalised words, no digits, no
  placeholder such as Staff, Reporter, Web Desk, admin, Editor, By, no job
  title, no agency suffix), and no such word is in the attribution the
  reader sees.
  one attribution: the words the roundup adds around the verbatim sentences
  credit once, and the paragraph holds at most one "according to"/"enligt".
Pull quote: its speaker starts with a capital, is not a pronoun or a
description ("The company", "the judge"), has no digits.
Python 3 standard library only.
"""
import argparse
import json
import re
import sys

STOP = set("""a an the and or but if of to in on at by for with from as is are was were be been
being has have had do does did not no it its this that these those he she they we you i his her
their our your my him them us me who whom which what when where why how than then there here
also after before over under about into out up down just more most some any all can could will
would should may might must said says say told according new one two year years last first
och att det som en ett på är av för med till den har de inte om så var men ska kan vid han hon
från eller efter sina sin sitt när också under skriver säger sade uppger enligt""".split())
PLACEHOLDER = re.compile(
    r"\b(staff|reporter|reporters|correspondent|web ?desk|desk|admin|administrator|editor|"
    r"editors|editorial|newsroom|redaktionen|writer|by|av|team|bureau|agencies|news service|"
    r"associated press|reuters|afp|contributor|updated|published|posted|utc|gmt)\b", re.I)
MONTH = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|"
                   r"march|april|june|july|august|september|october|november|december)\b", re.I)
PRONOUN = re.compile(r"^(he|she|they|it|we|i|you|the|a|an|this|that|his|her|their|"
                     r"han|hon|de|den|det|vi|jag)\b", re.I)
ATTRIB = re.compile(r"\b(writes|write|reports|report|according to|skriver|rapporterar|uppger|"
                    r"enligt)\b", re.I)
ACCORDING = re.compile(r"\b(according to|enligt)\b", re.I)


def content_words(text):
    out = set()
    for w in re.findall(r"[^\W_]+", text.lower()):
        if w in STOP or (len(w) < 3 and not w.isdigit()):
            continue
        if len(w) > 4 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        out.add(w)
    return out


def squeeze(s):
    return " ".join(s.split())


AGENCIES = {a.lower() for a in (
    "TT", "TT Nyhetsbyrån", "AP", "Associated Press", "The Associated Press", "Reuters", "AFP",
    "Agence France-Presse", "NTB", "Ritzau", "dpa", "STT", "FNB", "ANSA", "EFE", "PA", "PA Media",
    "Press Association", "UPI", "Bloomberg News", "Xinhua", "Kyodo")}


def person_like(name):
    if name and name.lower() in AGENCIES:
        return True
    if not name or re.search(r"\d", name) or PLACEHOLDER.search(name) or MONTH.search(name):
        return False
    words = name.replace("-", " ").split()
    if not 2 <= len(words) <= 4:
        return False
    return all(w[0].isupper() and not (len(w) > 3 and w.isupper()) or w.lower() in
               ("van", "von", "de", "der", "da", "di", "la", "le", "bin", "al") for w in words)


def added_words(p):
    """The display with the verbatim sentences taken out: the roundup's own words."""
    rest = squeeze(p["display"])
    for s in p["sentences"]:
        t = squeeze(s["text"])
        # The last sentence's final mark may have become ", writes X."
        for cut in (t, t[:-1]):
            if cut and cut in rest:
                rest = rest.replace(cut, " ", 1)
                break
    return rest


def credit_ok(p, gold_by_url):
    authors = p.get("authors") or []
    if not all(person_like(a) for a in authors):
        return False
    # The reader sees the attribution: nothing there may be a placeholder.
    attrib = p.get("attribution", "")
    for a in [p.get("outlet", "")]:
        attrib = attrib.replace(a, " ") if a else attrib
    if re.search(r"\d", attrib) or MONTH.search(attrib) or re.search(
            r"\b(staff|reporter|web desk|admin|editor|unnamed)\b", attrib, re.I):
        return False
    if gold_by_url is not None:
        url = p["sentences"][0]["url"] if p["sentences"] else ""
        g = gold_by_url.get(url)
        if g is not None and sorted(authors) != sorted(g["authors"]):
            return False
    return True


def one_attribution(p):
    added = added_words(p)
    return len(ATTRIB.findall(added)) == 1 and len(ACCORDING.findall(squeeze(p["display"]))) <= 1


def speaker_ok(q):
    s = q["speaker"]["text"].strip()
    return bool(s) and s[0].isupper() and not PRONOUN.match(s) and not re.search(r"\d", s)


def load(paths):
    for path in paths:
        text = sys.stdin.read() if path == "-" else open(path, encoding="utf-8").read()
        text = text.strip()
        if not text:
            continue
        if text.startswith("["):
            yield from json.loads(text)
            continue
        try:
            yield json.loads(text)
        except json.JSONDecodeError:
            for line in text.splitlines():
                if line.strip():
                    yield json.loads(line)


def score(roundups, gold_by_url=None, examples=None):
    s = dict(roundups=0, empty=0, paragraphs=0, later=0, restating=0, novelty_sum=0.0,
             credits=0, credits_ok=0, attributions_ok=0, quotes=0, speakers_ok=0, takes=0)
    for r in roundups:
        s["roundups"] += 1
        paras = ([r["lead"]] if r.get("lead") else []) + list(r.get("paragraphs") or [])
        if not paras:
            s["empty"] += 1
            continue
        seen = content_words(r.get("headline") or "")
        outlets = set()
        for i, p in enumerate(paras):
            text = " ".join(x["text"] for x in p["sentences"])
            words = content_words(text)
            if i > 0 and words:
                nov = len(words - seen) / len(words)
                s["later"] += 1
                s["novelty_sum"] += nov
                if nov < 0.4:
                    s["restating"] += 1
                    if examples is not None:
                        examples.append(("restating %.2f" % nov, p["display"]))
            seen |= words
            outlets.add(p.get("article_id"))
            s["paragraphs"] += 1
            s["credits"] += 1
            if credit_ok(p, gold_by_url):
                s["credits_ok"] += 1
            elif examples is not None:
                examples.append(("credit", p["attribution"] + " | " + json.dumps(p["authors"])))
            if one_attribution(p):
                s["attributions_ok"] += 1
            elif examples is not None:
                examples.append(("attribution", p["display"]))
        s["takes"] += len(outlets)
        q = r.get("quote")
        if q:
            s["quotes"] += 1
            if speaker_ok(q):
                s["speakers_ok"] += 1
            elif examples is not None:
                examples.append(("speaker", q["display"]))
    n = max(s["later"], 1)
    s["mean_novelty"] = s["novelty_sum"] / n if s["later"] else 1.0
    s["restating_share"] = s["restating"] / n
    s["credit_share"] = s["credits_ok"] / max(s["credits"], 1)
    s["attribution_share"] = s["attributions_ok"] / max(s["paragraphs"], 1)
    s["speaker_share"] = s["speakers_ok"] / max(s["quotes"], 1)
    s["takes_per_roundup"] = s["takes"] / max(s["roundups"] - s["empty"], 1)
    del s["novelty_sum"]
    return s


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="+")
    ap.add_argument("--gold")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--floors", action="store_true")
    ap.add_argument("--examples", type=int, default=0, help="print up to N failing cases")
    ap.add_argument("--max-restating", type=float, default=0.03)
    ap.add_argument("--min-novelty", type=float, default=0.65)
    a = ap.parse_args()
    gold = None
    if a.gold:
        gold = {g["url"]: g for g in map(json.loads, open(a.gold, encoding="utf-8"))}
    examples = [] if a.examples else None
    s = score(load(a.files), gold, examples)
    if a.json:
        print(json.dumps(s))
    else:
        print(f"roundups {s['roundups']} (empty {s['empty']}), {s['takes_per_roundup']:.1f} takes "
              f"each; paragraphs {s['paragraphs']}: credits valid {s['credit_share']:.3f}, "
              f"one attribution {s['attribution_share']:.3f}; novelty mean "
              f"{s['mean_novelty']:.3f}, restating {s['restating_share']:.3f} "
              f"({s['restating']}/{s['later']}); pull-quote speakers named "
              f"{s['speaker_share']:.3f} ({s['speakers_ok']}/{s['quotes']})")
    for kind, text in (examples or [])[:a.examples]:
        print(f"  [{kind}] {text}")
    if a.floors:
        bad = []
        if s["credit_share"] < 1.0:
            bad.append("credits")
        if s["attribution_share"] < 1.0:
            bad.append("attributions")
        if s["restating_share"] > a.max_restating:
            bad.append("restating")
        if s["mean_novelty"] < a.min_novelty:
            bad.append("novelty")
        if s["speaker_share"] < 1.0:
            bad.append("speakers")
        if s["empty"]:
            bad.append("empty roundups")
        if bad:
            print("below the floors: " + ", ".join(bad), file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
