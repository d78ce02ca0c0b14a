/* A read-only file server for fixtures: serves one directory on loopback (a
 * free port), with every path confined to it, and replaces a placeholder URL
 * prefix in the text files it serves by its own address. The offline demo
 * serves its sample outlets with it; it is not the site's server. */
#ifndef OMNIBUS_WEB_STATIC_SITE_H
#define OMNIBUS_WEB_STATIC_SITE_H

#include "base/err.h"

struct static_site;

/* Serves the directory root on 127.0.0.1 at a free port. In .html, .xml,
 * .atom and .json files every occurrence of placeholder (e.g.
 * "http://demo.invalid") becomes the server's base URL; other files go out as
 * they are. Only GET and HEAD of regular files under root whose path is made
 * of letters, digits and "._/-" with no segment starting with a dot are
 * answered; anything else is a 404. Caller owns *out (static_site_stop).
 * ERR_INVALID when root is not a directory, ERR_IO when no port can be bound. */
MUST_CHECK enum err static_site_start(const char *root, const char *placeholder,
                                      struct static_site **out, struct errbuf *eb);
/* "http://127.0.0.1:PORT", without a trailing slash; owned by s. */
const char *static_site_base(const struct static_site *s);
/* Stops serving and frees s. NULL-safe. */
void static_site_stop(struct static_site *s);

#endif
