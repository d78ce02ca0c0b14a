#!/usr/bin/env python3
# Writes tests/data/quotes.tsv (run: python3 make_quotes_tsv.py > quotes.tsv): expected quotes and speakers for sentences of
# RSS-500 (CC BY-NC-SA) and ECB+ (publisher copyright), stored as ids and byte
# offsets only. Speaker "-" = the text names none; "?" = not scored.
import json, os, re, sys
C = os.environ.get("OMNIBUS_CORPORA", os.path.join(os.path.dirname(__file__), "../../../shared/corpora")) + "/"
rss = {}
for line in open(C + "n3-entity-linking/RSS-500.jsonl"):
    d = json.loads(line); rss[d["id"].split("/")[-1].split("#")[0]] = d["text"]
ecb = {}
for line in open(C + "ecbplus-story-clusters/ecbplus_docs.jsonl"):
    d = json.loads(line); ecb[d["id"]] = d["sentences"]
R = {  # RSS-500 sentence number -> speakers of its complete quotes, in order
 1:["Sarah Rogers"],2:["Catherine Crump"],3:["Shane Davis"],7:["he"],17:["Alejandro Mayorkas"],
 20:["Alvaro Enciso"],34:["Koh"],68:["Barbara Yeninas"],70:["Alan Rifkin"],73:["Ben Tanzer"],
 81:["?","Paul O’Malley"],83:["Bob Emrich"],87:["Bob Martin"],91:["Christian Gunning"],
 103:["James C. Kaufman"],105:["Brendan Cassar"],109:["?"],110:["Buck Feist"],118:["Steve Owen"],
 128:["Rory Maher"],129:["Rory Maher"],138:["?"],139:["Telly Lockette"],141:["Chad Oakley"],
 146:["Charles Elachi"],147:["Charles J. Micoleau"],161:["Christopher Clark"],163:["Jodi Tinson"],
 170:["Romeo Crennel"],171:["Eric Wedge"],192:["Cathy Lanier"],193:["Laura Coale"],202:["Danny Kanner"],
 206:["Dave Olson"],208:["David Eby"],211:["Dawud Walid"],214:["Jana Zechmeisterová"],217:["Dennis Virag"],
 230:["Don Mattingly"],253:["Molly Corbett Broad"],254:["Elder Walker"],268:["Lars Jonassen"],
 269:["Robert Wu"],270:["Mina Andreeva"],294:["Dan Walsch"],307:["Freddy Lim"],309:["Tom Wilkinson"],
 319:["Jeff Myers"],320:["Gary Edwards"],323:["Dan Walsch"],327:["Bruce Bochy"],330:["Fyodor Lukyanov"],
 335:["Meissen Chang"],340:["McLean Poulin"],345:["Hassan Jaber"],349:["Frank Bennack Jr"],
 350:["Heather Taylor-Miesle"],353:["?"],366:["Josh Niblett"],370:["Marlene McClinton","Marlene McClinton"],
 371:["Hu Zhanfan"],372:["?"],378:["Luis Gutierrez"],379:["?"],382:["Yehudith Oppenheimer"],
 387:["Cesare Prandelli"],388:["Ivan Sorbel"],389:["Jacqueline Maguire"],391:["?","?"],395:["Jenkins"],
 396:["Jenkins"],397:["Jeremy Payne"],400:["?"],401:["Gabor Vona"],403:["Andrew Nickelhoff"],407:["?"],
 410:["Joey Jackson"],411:["Jonelle Kearney"],415:["Judith Albert"],425:["Karl Gawell"],434:["Hollis"],
 439:["Kristina King"],440:["judges"],442:["Kyle Olson"],445:["Les Miles"],448:["LaVern Phillips"],
 454:["John Hersom"],463:["Liza Cordeiro"],465:["Sebastian Coe"],472:["Marc Henderson"],
 473:["Harold Reynolds"],483:["Helen Hodge"],484:["?"],487:["Mark Heesen"],489:["Elie Baup"],
 495:["Max Laulie"],497:["Chris Jones"],
}
E = {  # (ECB+ doc, sentence) -> speakers
 ("1_10ecb",1):["Jack Ketsoyan"],("1_11ecb",3):["-"],("1_18ecb",2):["he"],("1_2ecbplus",5):["Heller"],
 ("1_3ecb",6):["-"],("1_4ecb",2):["-"],("10_4ecbplus",18):["he"],("11_2ecb",16):["a Western diplomat"],
 ("11_5ecb",4):["Tadzhigul Begmedova"],("11_8ecb",2):["Tadzhigul Begmedova"],("12_7ecb",3):["the navy"],
 ("12_8ecb",22):["Commodore Nirad Sinha"],("13_10ecbplus",7):["Owen"],("13_12ecb",1):["the church's minister"],
 ("13_13ecbplus",13):["Bower"],("13_21ecb",3):["he"],("13_5ecbplus",5):["Owen"],("13_5ecbplus",62):["the white paper"],
 ("13_5ecbplus",78):["Fogels"],("13_8ecbplus",15):["Owen"],("13_8ecbplus",52):["?"],("13_9ecbplus",13):["-"],
 ("14_1ecbplus",9):["A spokesman for Waitrose"],("14_8ecbplus",11):["-"],("16_10ecbplus",13):["Hickok"],
 ("16_1ecbplus",14):["-"],("16_5ecbplus",6):["-"],("16_5ecbplus",15):["Orpe"],("16_9ecbplus",10):["-"],
 ("16_9ecbplus",32):["a second juror"],("16_9ecbplus",54):["he"],("16_9ecbplus",69):["-"],
 ("18_10ecbplus",19):["Charlie Kafoury"],("12_11ecbplus",11):["-"],("12_18ecb",7):["Andrew Mwangura"],
 ("13_1ecb",15):["-"],("13_5ecbplus",29):["she"],("14_4ecb",10):["-"],("18_11ecb",5):["Fanning"],
 ("18_12ecb",5):["Nancy O'Higgins"],("18_12ecb",15):["his brother"],("18_14ecb",11):["Christie"],
 ("18_15ecb",12):["he"],("18_2ecb",14):["Pigeon"],("18_3ecb",5):["Fanning"],("18_3ecb",17):["he"],
 ("18_5ecbplus",27):["Troy Police Chief Charles Craft"],("18_6ecb",35):["Mr. Pigeon"],("18_6ecb",41):["-"],
 ("18_6ecb",49):["Mr. Pinder"],("18_7ecb",7):["Police Constable Tim Fanning"],("18_7ecbplus",29):["-"],
 ("19_11ecbplus",11):["police"],("19_14ecb",28):["an editorial in the conservative daily Eleftheros Typos"],
 ("19_1ecbplus",14):["a local barber"],("19_2ecbplus",11):["Willoughby's letter"],("19_3ecbplus",28):["Frank Graham"],
}
OPEN = {"``": "''", "“": "”", '"': '"', "”": "”"}
def quotes_of(s):
    """Complete quote pairs as (start, end) char offsets of the content."""
    out, i = [], 0
    while i < len(s):
        m = re.compile(r"``|“|\"|”").search(s, i)
        if not m: break
        o = m.group(0); close = OPEN[o]
        j = s.find(close, m.end())
        if j < 0: break
        b, e = m.end(), j
        while b < e and s[b] == " ": b += 1
        while e > b and s[e-1] in " ,": e -= 1
        out.append((b, e)); i = j + len(close)
    return out
def nbytes(s, k): return len(s[:k].encode())
rows = []
def add(corpus, did, idx, s, speakers):
    qs = quotes_of(s)
    if len(qs) < len(speakers):
        sys.exit(f"{corpus} {did} {idx}: {len(qs)} quotes < {len(speakers)} speakers: {s}")
    for (b, e), sp in zip(qs, speakers):
        if sp in ("-", "?"):
            sb = se = -1 if sp == "-" else -2
        else:
            k = s.find(sp, e) if s.find(sp, e) >= 0 else s.find(sp)
            if k < 0: sys.exit(f"speaker {sp} not in {s}")
            sb, se = nbytes(s, k), nbytes(s, k + len(sp))
        rows.append(f"{corpus}\t{did}\t{idx}\t{nbytes(s,b)}\t{nbytes(s,e)}\t{sb}\t{se}")
for n, sp in R.items(): add("rss500", n, 0, rss[str(n)], sp)
for (d, i), sp in E.items(): add("ecbplus", d, i, ecb[d][i], sp)
print("# Expected direct quotes and speakers in real news sentences, by reference:")
print("# corpus (rss500: n3-entity-linking/RSS-500.jsonl, sentence N of its id; ecbplus:")
print("# ecbplus-story-clusters/ecbplus_docs.jsonl, doc id and sentence index), then byte")
print("# offsets in that sentence of the quote (without marks) and of the speaker as written")
print("# (-1 -1: the text names no speaker; -2 -2: not scored, a title or scare quote).")
print("# The texts are not copied here: RSS-500 is CC BY-NC-SA, ECB+ texts are the publishers'.")
print("\n".join(rows))
