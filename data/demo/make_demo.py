#!/usr/bin/env python3
"""Writes the offline demo's sample (data/demo/site/, sources.json, kb.ndjson)
from the articles below. Everything here is fiction written for omnibus, but
for the Bothnian Sea: the outlets, the people, the towns and the Q-ids
(Q999xxxx are demo ids, not Wikidata's). Feeds and pages name the placeholder host demo.invalid;
the demo's fixture server replaces it with its own loopback address.
Run it after editing the articles: python3 data/demo/make_demo.py"""
import json, os, struct, zlib
from html import escape

HERE = os.path.dirname(os.path.abspath(__file__))
SITE = os.path.join(HERE, "site")
HOST = "http://demo.invalid"

OUTLETS = {
    "nt": dict(name="Norrlands Tidning", lang="sv", country="SE", kind="news",
               owner="Norrmedia AB", stance="oberoende liberal", feed="rss"),
    "kp": dict(name="Kvällsposten Nord", lang="sv", country="SE", kind="news",
               owner="Kvällsmedia AB", stance="obunden socialdemokratisk", feed="rss"),
    "sar": dict(name="SAR Nyheter", lang="sv", country="SE", kind="public-service",
                owner="Sveriges Allmänna Radio (public service)",
                stance="opartisk public service", feed="atom"),
    "np": dict(name="Nordpress", lang="sv", country="SE", kind="wire",
               owner="Nordpress ek. för.", stance="opartisk nyhetsbyrå", feed="rss"),
    "dm": dict(name="Daily Meridian", lang="en", country="GB", kind="news",
               owner="Meridian Media Group", stance="independent centrist", feed="rss"),
    "nl": dict(name="The Northern Ledger", lang="en", country="US", kind="news",
               owner="Ledger Holdings", stance="independent", feed="json"),
}

# Photos: (file, colours of the stripes) -> written as small PNGs.
PHOTOS = {
    "storm": ((40, 52, 70), (90, 110, 140), (200, 205, 210)),
    "bridge": ((120, 130, 140), (60, 90, 120), (30, 40, 50)),
    "wind": ((150, 190, 230), (240, 240, 240), (40, 80, 120)),
    "herring": ((20, 60, 90), (170, 180, 190), (30, 110, 140)),
}

WIRE_STORM = [
    "Stormen Ylva slog ut strömmen för omkring 40 000 hushåll i Norrland under natten mot tisdagen.",
    "Värst drabbat är kustområdena mellan Älvby och Hedeviken, där vindbyar på upp till 32 meter per sekund uppmättes.",
    "Nätbolaget Norrkraft räknar med att de flesta ska ha el igen inom två dygn.",
    "– Vi har alla tillgängliga montörer ute, men många ledningar ligger under nedfallna träd och det tar tid att nå fram, säger Johan Ek, driftchef på Norrkraft.",
    "Länsstyrelsen uppmanar boende att undvika onödiga resor och att inte gå nära nedrivna ledningar.",
    "Tågtrafiken på Kustbanan är inställd mellan Älvby och Hedeviken till åtminstone onsdag morgon.",
]

ARTICLES = [
    # ---- Story: storm Ylva ----
    dict(id="np-storm", outlet="np", story="storm", photo="storm",
         title="Stormen Ylva släckte ner 40 000 hushåll",
         author="Lena Holm", time="2025-03-11T06:10:00+01:00",
         caption="Nedfallna träd över en kraftledning utanför Hedeviken.",
         credit="Foto: Anna Berg / Nordpress", body=WIRE_STORM),
    dict(id="nt-storm", outlet="nt", story="storm", photo="storm",
         title="Strömlöst i tusentals hem efter natten med Ylva",
         author="Nordpress", time="2025-03-11T06:40:00+01:00",
         caption="Nedfallna träd över en kraftledning utanför Hedeviken.",
         credit="Foto: Anna Berg / Nordpress", body=WIRE_STORM),
    dict(id="kp-storm", outlet="kp", story="storm", photo="storm",
         title="Ylva slog till – 40 000 utan el",
         author="Nordpress", time="2025-03-11T07:05:00+01:00",
         caption="Nedfallna träd över en kraftledning utanför Hedeviken.",
         credit="Foto: Anna Berg / Nordpress", body=WIRE_STORM),
    dict(id="sar-storm", outlet="sar", story="storm", photo="storm",
         title="Äldre i glesbygden oroliga när elen inte kommer tillbaka",
         author="Mikael Sjöberg", time="2025-03-11T09:30:00+01:00",
         caption="Eva Nilsson i byn Granliden har varit utan ström sedan i natt.",
         credit="Foto: Petra Lind / SAR",
         body=[
             "I byn Granliden norr om Älvby har ett tjugotal hushåll varit utan ström sedan stormen Ylva drog in under natten.",
             "Många av de boende är äldre och värmer sina hus med el.",
             "– Jag har eldat i vedspisen sedan klockan fyra i morse, men det räcker inte länge om det blir kallare, säger Eva Nilsson, 81 år.",
             "Kommunen har öppnat en värmestuga i Granlidens bygdegård där det finns mat, varma drycker och möjlighet att ladda telefoner.",
             "– Vi ringer runt till alla som har hemtjänst för att höra hur de har det, säger Sofia Wikström, krisledare i Älvby kommun.",
             "Norrkraft uppger att byn kan få tillbaka strömmen först på torsdag.",
         ]),
    dict(id="dm-storm", outlet="dm", story="storm", photo="storm",
         title="Storm Ylva leaves tens of thousands without power in northern Sweden",
         author="James Whitfield", time="2025-03-11T10:15:00+00:00",
         caption="Fallen trees across a power line near Hedeviken.",
         credit="Photo: Anna Berg / Nordpress",
         body=[
             "Around 40,000 households in northern Sweden lost power overnight as Storm Ylva swept across the coast of the Gulf of Bothnia.",
             "Gusts of up to 32 metres per second were recorded between the towns of Älvby and Hedeviken.",
             "\"Many lines are lying under fallen trees and it simply takes time to reach them,\" said Johan Ek, operations manager at the grid company Norrkraft.",
             "Rail services on the coastal line were suspended and local authorities opened warming shelters for elderly residents.",
             "Forecasters expect the wind to ease on Wednesday, but temperatures are set to fall below minus ten degrees.",
             "The storm is the strongest to hit the region since 2019, according to the national weather service.",
         ]),
    # ---- Story: the Älvby bridge ----
    dict(id="nt-bridge", outlet="nt", story="bridge", photo="bridge",
         title="Älvbybron stängs efter att sprickor hittats",
         author="Oskar Lindqvist", time="2025-03-10T14:00:00+01:00",
         caption="Älvbybron stängdes för all trafik på måndagseftermiddagen.",
         credit="Foto: Jonas Berglund / Norrlands Tidning",
         body=[
             "Älvbybron stängs för all fordonstrafik sedan en inspektion hittat sprickor i två av brons stålbalkar.",
             "Bron, som byggdes 1968, trafikeras av omkring 14 000 fordon per dygn.",
             "– Vi kan inte ta några risker med säkerheten, så bron är stängd tills vi vet hur allvarliga skadorna är, säger Karin Lund, trafikchef i Älvby kommun.",
             "Gång- och cykeltrafik får fortsätta använda bron på den östra sidan.",
             "Omledningen via Norrforsvägen förlänger resan mellan centrum och Sandvik med upp till tjugo minuter.",
             "En fördjupad undersökning ska vara klar inom tre veckor.",
         ]),
    dict(id="sar-bridge", outlet="sar", story="bridge", photo="bridge",
         title="Pendlare i Älvby får räkna med långa omvägar",
         author="Hanna Ekström", time="2025-03-10T17:20:00+01:00",
         caption="Köerna växte på Norrforsvägen efter att Älvbybron stängts.",
         credit="Foto: Petra Lind / SAR",
         body=[
             "Stängningen av Älvbybron har redan gett långa köer på Norrforsvägen, som nu tar all trafik mellan centrum och Sandvik.",
             "Kollektivtrafiken sätter in extra bussar som får köra i ett eget körfält över den gamla järnvägsbron.",
             "– Det här blir en tuff period för alla som pendlar, men vi gör vad vi kan för att bussarna ska gå i tid, säger Anders Holmberg, trafikplanerare på Länstrafiken Nord.",
             "Flera företag i Sandvik uppger att leveranser redan har försenats.",
             "Kommunen har tidigare fått kritik för att underhållet av bron skjutits upp i flera år.",
             "Oppositionen kräver nu en extra utredning om varför sprickorna inte upptäcktes tidigare.",
         ]),
    dict(id="nl-bridge", outlet="nl", story="bridge", photo="bridge",
         title="Swedish town shuts its main bridge after cracks are found",
         author="Rachel Moore", time="2025-03-10T19:45:00+00:00",
         caption="The Älvby bridge was closed to all vehicles on Monday afternoon.",
         credit="Photo: Jonas Berglund / Norrlands Tidning",
         body=[
             "The Swedish town of Älvby has closed its main road bridge after inspectors found cracks in two of its steel girders.",
             "The bridge, built in 1968, carries about 14,000 vehicles a day across the river that divides the town.",
             "\"We cannot take any chances with safety, so the bridge stays closed until we know how serious the damage is,\" said Karin Lund, head of traffic at Älvby municipality.",
             "Pedestrians and cyclists may still use a lane on the eastern side.",
             "Local businesses fear the detour will cost them customers during the weeks of investigation.",
             "Engineers expect to present a detailed assessment within three weeks.",
         ]),
    # ---- Story: the Västerhav wind farm ----
    dict(id="np-wind", outlet="np", story="wind", photo="wind",
         title="Regeringen ger klartecken till havsvindparken Västerhav",
         author="Erik Sandberg", time="2025-03-12T11:00:00+01:00",
         caption="Vindkraftverk till havs, här en bild från en befintlig park.",
         credit="Foto: Maria Dahl / Nordpress",
         body=[
             "Regeringen har gett tillstånd till havsvindparken Västerhav utanför Bohuskusten.",
             "Parken ska bestå av upp till 80 vindkraftverk och väntas producera lika mycket el som en halv miljon hushåll använder på ett år.",
             "– Det här är ett viktigt steg för att klara den ökade efterfrågan på fossilfri el, säger energiministern Maja Forsberg.",
             "Flera fiskeföreningar har överklagat projektet och menar att parken hotar viktiga fiskevatten.",
             "Bolaget bakom Västerhav, Vestvind AB, räknar med att byggstarten kan ske tidigast 2027.",
         ]),
    dict(id="kp-wind", outlet="kp", story="wind", photo="wind",
         title="Fiskarna rasar mot beskedet om Västerhav",
         author="Linnea Åberg", time="2025-03-12T13:30:00+01:00",
         caption="Fiskebåtar i hamnen i Skärvik.",
         credit="Foto: Tobias Nyman / Kvällsposten Nord",
         body=[
             "Beskedet att regeringen godkänner havsvindparken Västerhav tas emot med ilska i fiskeläget Skärvik.",
             "Fiskarna befarar att parken stänger ute dem från några av de bästa fångstplatserna längs kusten.",
             "– Ingen har lyssnat på oss, vi har fiskat de här vattnen i fyra generationer, säger Per Olofsson, ordförande i Skärviks fiskeförening.",
             "Föreningen tänker driva frågan vidare och undersöker om beslutet kan prövas rättsligt.",
             "Vestvind AB säger att bolaget vill hitta lösningar tillsammans med fisket.",
         ]),
    dict(id="dm-wind", outlet="dm", story="wind", photo="wind",
         title="Sweden approves Västerhav offshore wind farm despite fishing protests",
         author="Priya Raman", time="2025-03-12T12:10:00+00:00",
         caption="Offshore wind turbines at an existing farm.",
         credit="Photo: Maria Dahl / Nordpress",
         body=[
             "The Swedish government has approved the Västerhav offshore wind farm off the country's west coast.",
             "Up to 80 turbines are planned, enough to supply around half a million homes with electricity for a year.",
             "\"This is an important step towards meeting the growing demand for fossil-free power,\" said energy minister Maja Forsberg.",
             "Fishing associations have appealed against the project, arguing that the turbines will close off rich fishing grounds.",
             "The developer, Vestvind, expects construction to begin in 2027 at the earliest.",
         ]),
    dict(id="nl-wind", outlet="nl", story="wind", photo="wind",
         title="What Sweden's new wind farm means for Europe's power market",
         author="Daniel Kerr", time="2025-03-12T16:00:00+00:00",
         caption="Turbines at sea off the Swedish coast.",
         credit="Photo: Maria Dahl / Nordpress",
         body=[
             "Sweden's decision to approve the Västerhav offshore wind farm adds a large new source of power to northern Europe's grid.",
             "Analysts say the project could help lower prices in southern Sweden, where electricity has been costly during cold winters.",
             "\"Västerhav alone will not fix the price gap, but it moves it in the right direction,\" said Helen Strand, an energy analyst at Baltic Power Research.",
             "The farm still needs a grid connection that the national operator has yet to build.",
             "Critics in the fishing industry say the benefits have been weighed too lightly against their losses.",
         ]),
    # ---- Story: herring in the Baltic ----
    dict(id="sar-herring", outlet="sar", story="herring", photo="herring",
         title="Strömmingen i Bottenhavet återhämtar sig, visar ny studie",
         author="Mikael Sjöberg", time="2025-03-12T08:00:00+01:00",
         caption="Strömming landas i hamnen i Hedeviken.",
         credit="Foto: Petra Lind / SAR",
         body=[
             "Bestånden av strömming i Bottenhavet har ökat med nästan en tredjedel på fem år, enligt en ny studie från Havsinstitutet i Norrby.",
             "Forskarna förklarar ökningen med lägre fiskekvoter och färre stora trålare nära kusten.",
             "– Det är glädjande, men beståndet är fortfarande svagare än på 1990-talet, så det är för tidigt att höja kvoterna, säger Ingrid Falk, forskare vid Havsinstitutet.",
             "Studien bygger på provfisken och akustiska mätningar från 2019 till 2024.",
             "Kustfiskarna har länge varnat för att den stora strömmingen nästan försvunnit.",
         ]),
    dict(id="nt-herring", outlet="nt", story="herring", photo="herring",
         title="Kustfiskarna: Äntligen finns strömmingen tillbaka",
         author="Oskar Lindqvist", time="2025-03-12T10:30:00+01:00",
         caption="Strömming landas i hamnen i Hedeviken.",
         credit="Foto: Jonas Berglund / Norrlands Tidning",
         body=[
             "Fiskarna i Hedeviken märker redan att strömmingen har kommit tillbaka, och nu bekräftas det av en studie från Havsinstitutet.",
             "Enligt studien har bestånden i Bottenhavet ökat med nästan en tredjedel sedan 2019.",
             "– I höstas fick vi den största strömmingen på tio år, säger yrkesfiskaren Lars Björk.",
             "Han vill ändå inte att kvoterna höjs ännu, eftersom beståndet behöver tid att växa.",
             "Havsinstitutet ska lämna sina råd om nästa års kvoter i maj.",
         ]),
    dict(id="dm-herring", outlet="dm", story="herring", photo="herring",
         title="Baltic herring stocks rebound after years of decline",
         author="James Whitfield", time="2025-03-12T15:20:00+00:00",
         caption="Herring being landed in the harbour at Hedeviken.",
         credit="Photo: Petra Lind / SAR",
         body=[
             "Herring stocks in the Bothnian Sea have grown by almost a third in five years, according to a study by the Swedish Marine Institute in Norrby.",
             "The researchers link the recovery to lower quotas and fewer large trawlers fishing close to the coast.",
             "\"It is encouraging, but the stock is still weaker than in the 1990s, so it is too early to raise quotas,\" said Ingrid Falk, a researcher at the institute.",
             "The study is based on test fishing and acoustic surveys carried out between 2019 and 2024.",
             "The institute will give its advice on next year's quotas in May.",
         ]),
]

# The background boxes: our own short abstracts of the stories' key entities.
KB = [
    ("Q9990001", "Ylva (storm)", "en", "Ylva is a fictional winter storm used in the omnibus demo; it struck the coast of the Gulf of Bothnia in March 2025."),
    ("Q9990001", "Ylva (storm)", "sv", "Ylva är en påhittad vinterstorm i omnibus demo som drog in över Bottenvikens kust i mars 2025."),
    ("Q9990002", "Älvby", "en", "Älvby is a fictional coastal town in northern Sweden used in the omnibus demo, divided by a river and joined by the Älvby bridge from 1968."),
    ("Q9990002", "Älvby", "sv", "Älvby är en påhittad kuststad i Norrland i omnibus demo, delad av en älv och förbunden av Älvbybron från 1968."),
    ("Q9990003", "Västerhav (wind farm)", "en", "Västerhav is a fictional offshore wind farm off the Swedish west coast in the omnibus demo, planned with up to 80 turbines."),
    ("Q9990003", "Västerhav (vindpark)", "sv", "Västerhav är en påhittad havsvindpark utanför svenska västkusten i omnibus demo, planerad med upp till 80 vindkraftverk."),
    ("Q9990004", "Baltic herring", "en", "Baltic herring is the small herring of the Baltic Sea; in the omnibus demo its stock in the Bothnian Sea recovers after years of decline."),
    ("Q9990004", "Strömming", "sv", "Strömming är Östersjöns småväxta sill; i omnibus demo återhämtar sig beståndet i Bottenhavet efter flera års nedgång."),
    ("Q9990005", "Norrkraft", "en", "Norrkraft is a fictional grid company in northern Sweden in the omnibus demo."),
    ("Q9990005", "Norrkraft", "sv", "Norrkraft är ett påhittat nätbolag i Norrland i omnibus demo."),
    # A real sea under a demo id: any Wikipedia names it in both languages, and
    # the herring story's articles do ("Bottenhavet", "the Bothnian Sea").
    ("Q9990006", "Bothnian Sea", "en", "The Bothnian Sea is the southern basin of the Gulf of Bothnia, between Sweden and Finland, north of the Sea of Åland."),
    ("Q9990006", "Bottenhavet", "sv", "Bottenhavet är den södra delen av Bottniska viken, mellan Sverige och Finland, norr om Ålands hav."),
]


def png(path, colours, w=160, h=90):
    """A small PNG of horizontal bands with a diagonal line, so each photo is
    an image and not a blank."""
    rows = bytearray()
    for y in range(h):
        rows.append(0)
        band = colours[min(y * len(colours) // h, len(colours) - 1)]
        for x in range(w):
            rows += bytes((250, 250, 250)) if abs(x * h // w - y) < 2 else bytes(band)
    chunk = lambda t, d: struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
    data += chunk(b"IDAT", zlib.compress(bytes(rows), 9)) + chunk(b"IEND", b"")
    with open(path, "wb") as f:
        f.write(data)


def url(a):
    return f"{HOST}/{a['outlet']}/{a['time'][:10].replace('-', '/')}/{a['id']}.html"


def page(a):
    o = OUTLETS[a["outlet"]]
    lang = o["lang"]
    img = f"{HOST}/img/{a['photo']}.png"
    paras = "\n".join(f"<p>{escape(p)}</p>" for p in a["body"])
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle",
                     "headline": a["title"], "datePublished": a["time"], "inLanguage": lang,
                     "author": [{"@type": "Person" if a["author"] != o["name"] and a["author"] != "Nordpress" else "Organization",
                                 "name": a["author"]}],
                     "publisher": {"@type": "Organization", "name": o["name"]},
                     "image": {"@type": "ImageObject", "url": img, "caption": a["caption"],
                               "creditText": a["credit"].split(": ", 1)[1]},
                     "mainEntityOfPage": url(a)}, ensure_ascii=False, indent=1)
    by = "Av" if lang == "sv" else "By"
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{escape(a['title'])} | {escape(o['name'])}</title>
<link rel="canonical" href="{url(a)}">
<meta property="og:type" content="article">
<meta property="og:site_name" content="{escape(o['name'])}">
<meta property="og:title" content="{escape(a['title'])}">
<meta property="og:description" content="{escape(a['body'][0])}">
<meta property="og:image" content="{img}">
<meta property="og:url" content="{url(a)}">
<meta property="article:published_time" content="{a['time']}">
<meta name="author" content="{escape(a['author'])}">
<script type="application/ld+json">
{ld}
</script>
</head>
<body>
<header class="masthead"><a href="{HOST}/{a['outlet']}/">{escape(o['name'])}</a>
<nav><a href="{HOST}/{a['outlet']}/">{'Nyheter' if lang == 'sv' else 'News'}</a></nav></header>
<main>
<figure class="hero">
<img src="{img}" alt="{escape(a['caption'])}" width="160" height="90">
<figcaption>{escape(a['caption'])} {escape(a['credit'])}</figcaption>
</figure>
<article>
<h1>{escape(a['title'])}</h1>
<p class="byline">{by} <span class="author">{escape(a['author'])}</span>, <time datetime="{a['time']}">{a['time'][:10]}</time></p>
{paras}
</article>
</main>
<footer>© 2025 {escape(o['name'])}. {'Demotext skriven för omnibus.' if lang == 'sv' else 'Demo text written for omnibus.'}</footer>
</body>
</html>
"""


def rfc822(t):
    from datetime import datetime
    return datetime.fromisoformat(t).strftime("%a, %d %b %Y %H:%M:%S %z")


def feed(key, arts):
    o = OUTLETS[key]
    home = f"{HOST}/{key}/"
    if o["feed"] == "rss":
        items = "".join(f"""<item><title>{escape(a['title'])}</title><link>{url(a)}</link>
<guid isPermaLink="false">{key}-{a['id']}</guid><pubDate>{rfc822(a['time'])}</pubDate>
<description>{escape(a['body'][0])}</description></item>
""" for a in arts)
        return "feed.xml", f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>{escape(o['name'])}</title><link>{home}</link>
<description>{escape(o['name'])}</description><language>{o['lang']}</language>
{items}</channel></rss>
"""
    if o["feed"] == "atom":
        entries = "".join(f"""<entry><title>{escape(a['title'])}</title><link href="{url(a)}"/>
<id>tag:demo.invalid,2025:{a['id']}</id><updated>{a['time']}</updated><published>{a['time']}</published>
<author><name>{escape(a['author'])}</name></author><summary>{escape(a['body'][0])}</summary></entry>
""" for a in arts)
        return "feed.atom", f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{o['lang']}"><title>{escape(o['name'])}</title>
<link href="{home}"/><id>tag:demo.invalid,2025:{key}</id><updated>{max(a['time'] for a in arts)}</updated>
{entries}</feed>
"""
    doc = {"version": "https://jsonfeed.org/version/1.1", "title": o["name"], "home_page_url": home,
           "feed_url": f"{HOST}/{key}/feed.json", "language": o["lang"],
           "items": [{"id": a["id"], "url": url(a), "title": a["title"], "summary": a["body"][0],
                      "date_published": a["time"], "authors": [{"name": a["author"]}]} for a in arts]}
    return "feed.json", json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def main():
    os.makedirs(os.path.join(SITE, "img"), exist_ok=True)
    for name, colours in PHOTOS.items():
        png(os.path.join(SITE, "img", name + ".png"), colours)
    sources = []
    for key, o in OUTLETS.items():
        arts = [a for a in ARTICLES if a["outlet"] == key]
        fname, text = feed(key, arts)
        os.makedirs(os.path.join(SITE, key), exist_ok=True)
        with open(os.path.join(SITE, key, fname), "w", encoding="utf-8") as f:
            f.write(text)
        for a in arts:
            path = os.path.join(SITE, url(a)[len(HOST) + 1:])
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(page(a))
        sources.append({"name": o["name"], "feed_url": f"{HOST}/{key}/{fname}",
                        "site_url": f"{HOST}/{key}/", "lang": o["lang"], "country": o["country"],
                        "kind": o["kind"], "owner": o["owner"], "stance": o["stance"],
                        "full_text": True, "allow_private": True})
    with open(os.path.join(HERE, "sources.json"), "w", encoding="utf-8") as f:
        json.dump({"sources": sources}, f, ensure_ascii=False, indent=2)
        f.write("\n")
    with open(os.path.join(HERE, "kb.ndjson"), "w", encoding="utf-8") as f:
        for qid, name, lang, abstract in KB:
            slug = name.replace(" ", "_")
            f.write(json.dumps({
                "name": name, "identifier": int(qid[1:]) * 10 + (lang == "sv"),
                "abstract": abstract, "url": f"https://{lang}.wikipedia.invalid/wiki/{slug}",
                "date_modified": "2025-03-01T00:00:00Z",
                "in_language": {"identifier": lang}, "main_entity": {"identifier": qid},
                "is_part_of": {"identifier": f"{lang}wiki"},
                "license": [{"name": "Creative Commons Attribution Share Alike 4.0",
                             "identifier": "CC-BY-SA-4.0",
                             "url": "https://creativecommons.org/licenses/by-sa/4.0/"}],
                "redirects": []}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
