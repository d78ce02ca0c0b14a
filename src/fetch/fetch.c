/* Placeholder until the fetcher lands (issue 2, fetch). */
#include "fetch/fetch.h"

#include <string.h>

void fetch_config_default(struct fetch_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
}

void fetch_result_clear(struct fetch_result *r)
{
    (void)r;
}

enum err fetch_all(const struct fetch_config *cfg, const struct fetch_request *reqs, size_t n,
                   fetch_done_fn done, void *ctx, struct errbuf *eb)
{
    (void)cfg, (void)reqs, (void)n, (void)done, (void)ctx;
    return errf(eb, ERR_UNSUPPORTED, "fetcher not built yet");
}

void fetch_one(const struct fetch_config *cfg, const struct fetch_request *req,
               struct fetch_result *res)
{
    (void)cfg, (void)req;
    memset(res, 0, sizeof *res);
    res->err = ERR_UNSUPPORTED;
}
