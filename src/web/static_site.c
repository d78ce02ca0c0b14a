/* The fixture file server (static_site.h) over libmicrohttpd: one internal
 * thread, loopback only. Each request is answered on its second handler call
 * (libmicrohttpd 0.9.75 closes keep-alive connections answered on the first).
 * A path is served only when it passes a character whitelist (escapes are
 * not decoded, so never pass) and its real
 * path, links resolved, is still under the root's real path. */
#include <arpa/inet.h>
#include <fcntl.h>
#include <limits.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/xalloc.h"
#include "web/static_site.h"

#define MAX_FILE (4u << 20) /* a fixture file bigger than this is refused */

struct static_site {
    char *root; /* real path, no trailing slash */
    char *placeholder;
    char base[64];
    struct MHD_Daemon *daemon;
};

static const struct {
    const char *ext, *type;
    bool text; /* the placeholder is replaced */
} types[] = {
    {".html", "text/html; charset=utf-8", true},
    {".xml", "application/rss+xml; charset=utf-8", true},
    {".atom", "application/atom+xml; charset=utf-8", true},
    {".json", "application/feed+json; charset=utf-8", true},
    {".png", "image/png", false},
    {".svg", "image/svg+xml", false},
    {".jpg", "image/jpeg", false},
};

/* The path's type entry, or -1 for an extension we do not serve. */
static int type_of(const char *path)
{
    size_t len = strlen(path);
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        size_t el = strlen(types[i].ext);
        if (len > el && !strcmp(path + len - el, types[i].ext))
            return (int)i;
    }
    return -1;
}

/* Letters, digits and "._/-" only, starting with "/", and no segment that
 * starts with a dot (so neither ".." nor hidden files). */
static bool path_allowed(const char *url)
{
    if (url[0] != '/')
        return false;
    for (const char *p = url; *p; p++) {
        char c = *p;
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '.' || c == '_' || c == '/' || c == '-';
        if (!ok || (c == '.' && p[-1] == '/'))
            return false;
    }
    return true;
}

/* Reads the file for url into out (placeholders replaced for text types).
 * False when it is not to be served. */
static bool load(const struct static_site *s, const char *url, struct buf *out, int *type)
{
    *type = type_of(url);
    if (*type < 0 || !path_allowed(url))
        return false;
    char joined[PATH_MAX], real[PATH_MAX];
    size_t rl = strlen(s->root);
    if (snprintf(joined, sizeof joined, "%s%s", s->root, url) >= (int)sizeof joined ||
        !realpath(joined, real) || strncmp(real, s->root, rl) || real[rl] != '/')
        return false;
    int fd = open(real, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    struct stat sb;
    char *data = NULL;
    bool ok = !fstat(fd, &sb) && S_ISREG(sb.st_mode) && (size_t)sb.st_size <= MAX_FILE;
    if (ok) {
        data = xmalloc((size_t)sb.st_size + 1);
        ok = read(fd, data, (size_t)sb.st_size) == sb.st_size;
    }
    close(fd);
    if (!ok) {
        free(data);
        return false;
    }
    data[sb.st_size] = '\0';
    size_t pl = strlen(s->placeholder);
    const char *p = data, *end = data + sb.st_size;
    while (ok && types[*type].text && pl) {
        const char *hit = memmem(p, (size_t)(end - p), s->placeholder, pl);
        if (!hit)
            break;
        ok = !buf_append(out, p, (size_t)(hit - p)) && !buf_puts(out, s->base);
        p = hit + pl;
    }
    ok = ok && !buf_append(out, p, (size_t)(end - p));
    free(data);
    return ok;
}

/* Leaves the path as the client sent it: the whitelist then refuses every
 * percent-escape, so no decoded byte (a NUL, a dot, a slash) can reach the
 * file system. */
static size_t keep_escaped(void *cls, struct MHD_Connection *conn, char *uri)
{
    return strlen(uri);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_size, void **con_cls)
{
    struct static_site *s = cls;
    if (!*con_cls) {
        *con_cls = s; /* a mark that the first call happened; owns nothing */
        return MHD_YES;
    }
    bool head = !strcmp(method, MHD_HTTP_METHOD_HEAD);
    struct buf body;
    buf_init(&body, 2 * MAX_FILE);
    int type = -1;
    unsigned status = MHD_HTTP_OK;
    if (*upload_size || (!head && strcmp(method, MHD_HTTP_METHOD_GET)) ||
        !load(s, url, &body, &type)) {
        status = MHD_HTTP_NOT_FOUND;
        buf_reset(&body);
    }
    *upload_size = 0;
    struct MHD_Response *r = MHD_create_response_from_buffer(body.len, body.len ? body.data : NULL,
                                                             MHD_RESPMEM_MUST_COPY);
    buf_clear(&body);
    if (!r)
        return MHD_NO;
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
                            status == MHD_HTTP_OK ? types[type].type : "text/plain");
    enum MHD_Result ok = MHD_queue_response(conn, status, r);
    MHD_destroy_response(r);
    return ok;
}

enum err static_site_start(const char *root, const char *placeholder, struct static_site **out,
                           struct errbuf *eb)
{
    *out = NULL;
    char real[PATH_MAX];
    struct stat sb;
    if (!realpath(root, real) || stat(real, &sb) || !S_ISDIR(sb.st_mode))
        return errf(eb, ERR_INVALID, "%s is not a directory", root);
    struct static_site *s = xcalloc(1, sizeof *s);
    s->root = xstrdup(real);
    s->placeholder = xstrdup(placeholder);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = 0};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    s->daemon = MHD_start_daemon(MHD_USE_AUTO | MHD_USE_INTERNAL_POLLING_THREAD, 0, NULL, NULL,
                                 on_request, s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
                                 MHD_OPTION_UNESCAPE_CALLBACK, keep_escaped, NULL,
                                 MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)10, MHD_OPTION_END);
    const union MHD_DaemonInfo *info =
        s->daemon ? MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT) : NULL;
    if (!info || !info->port) {
        static_site_stop(s);
        return errf(eb, ERR_IO, "the fixture server cannot listen on 127.0.0.1");
    }
    snprintf(s->base, sizeof s->base, "http://127.0.0.1:%u", (unsigned)info->port);
    *out = s;
    return ERR_OK;
}

const char *static_site_base(const struct static_site *s)
{
    return s->base;
}

void static_site_stop(struct static_site *s)
{
    if (!s)
        return;
    if (s->daemon)
        MHD_stop_daemon(s->daemon);
    free(s->root);
    free(s->placeholder);
    free(s);
}
