/* cmd_compare.c — `canyu compare`: yearly waves side by side.  The analysis
 * of change between waves is not built yet (see the open issue "Yearly
 * waves"); until it is, the command says so instead of printing a partial
 * comparison.
 */
#include "cli/cli.h"

int cmd_compare(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    cli_error("compare: comparing waves is not available in this version yet");
    return EXIT_USAGE;
}
