/* omnibus fetch: one pass over the due sources. */
#include "cli/cli.h"

int cmd_fetch(int argc, char **argv)
{
    (void)argc, (void)argv;
    cli_error("fetch", "not built yet");
    return EXIT_FAIL;
}
