/* omnibus sources: the source registry from the command line. */
#include "cli/cli.h"

int cmd_sources(int argc, char **argv)
{
    (void)argc, (void)argv;
    cli_error("sources", "not built yet");
    return EXIT_FAIL;
}
