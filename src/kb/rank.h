/* How much a name tells about the entity it stands for: the weight of one
 * alias row, and the prior p(entity | name) shared by lookup and linking. */
#ifndef OMNIBUS_KB_RANK_H
#define OMNIBUS_KB_RANK_H

#include <stddef.h>

#include "store/store.h"

/* The weight of candidate c for its name: wiki links with that text count
 * most (link popularity, from pages-articles dumps); then where the name came
 * from (a title or label over a redirect or alias over a title shorn of its
 * qualifier); scaled by how many Wikipedias have a page on the entity.
 * Disambiguation pages weigh nothing. */
double kb_candidate_weight(const struct kb_candidate *c);

/* Fills prior[i] with candidate i's share of the total weight (0 when the
 * total is 0). */
void kb_priors(const struct kb_candidate_list *l, double *prior);

#endif
