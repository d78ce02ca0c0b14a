/* The phrase tables: every word a roundup adds around its sources' sentences,
 * per reader language (Swedish and English; another language is another
 * table). Attributions follow each language's grammar for one, two or many
 * authors, agency bylines ("TT", "AP") and outlets without a name. */
#ifndef OMNIBUS_COMPOSE_PHRASE_H
#define OMNIBUS_COMPOSE_PHRASE_H

#include <stdbool.h>
#include <stddef.h>

#include "lang/lang.h"

struct phrase_table {
    enum lang lang;
    const char *writes, *write; /* one author / several ("writes", "write") */
    const char *says;
    const char *for_;           /* "för" / "for" */
    const char *and_;           /* "och" / "and" */
    const char *according_to;   /* "enligt" / "according to" */
    const char *agency_reports; /* NULL: the agency "writes" like anyone */
    const char *via;            /* agency copy run by an outlet: "via" */
    const char *unnamed;        /* an outlet without a name */
    const char *also_run_by;    /* "(also run by X, Y)" */
    const char *label_analysis, *label_opinion;
    const char *gap_no_swedish, *gap_one_country;
    const char *read_more, *background, *balance, *quote_label;
    const char *lang_names[LANG_COUNT]; /* "in English" markers */
    const char *articles, *outlets, *newsrooms;
};

/* The table of reader language lang; NULL when there is none. */
const struct phrase_table *phrase_table_for(enum lang lang);

/* True when name is a news agency's byline ("TT", "AP", "Reuters", ...). */
bool phrase_is_agency(const char *name);

/* The attribution after a sentence, without punctuation: "writes Alex Rossi
 * for Sky News", "skriver CNN", "write A, B and C for X", "AP reports via CNN",
 * "according to an unnamed outlet". outlet "" is unnamed. A new string. */
char *phrase_attribution(const struct phrase_table *t, const char *const *authors, size_t n,
                         const char *outlet);

/* The attribution after a sentence that quotes someone with its own speech
 * verb ("…, says Eva Lund."): "according to Alex Rossi for Sky News", "enligt
 * TT", so that the reader does not meet two verbs of saying. A new string. */
char *phrase_attribution_reported(const struct phrase_table *t, const char *const *authors,
                                  size_t n, const char *outlet);

/* True when the sentence ends by naming who said it ("…, säger Eva Lund.",
 * "…, said the minister."): its last clause holds a verb of saying. */
bool phrase_reports_speech(const struct phrase_table *t, const char *sentence, size_t len);

/* A sentence followed by its attribution as a reader sees it: the final
 * period becomes ", writes X."; a question or exclamation keeps its mark
 * ("Why? writes X."); a quotation closing with a period puts the comma where
 * the language wants it. A new string. */
char *phrase_attach(const struct phrase_table *t, const char *sentence, size_t len,
                    const char *attribution);

#endif
