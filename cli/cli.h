/* cli.h — the canyu program's subcommands.  Only cli/ sees argv, prints
   diagnostics or decides exit codes: 0 success, 1 data or file error,
   2 usage error. */
#ifndef CANYU_CLI_H
#define CANYU_CLI_H

#define CANYU_VERSION "0.1.0"

enum { EXIT_OK = 0, EXIT_DATA = 1, EXIT_USAGE = 2 };

int cmd_report(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_sample(int argc, char **argv);
int cmd_codebook(int argc, char **argv);

/* 1 if one of jansson's allocations has failed since main() started: main()
   routes them through a counter.  The JSON builders of report/ check every
   jansson call themselves; this catches any that would not, so that the
   program never writes a JSON with a part missing. */
int cli_json_failed(void);

/* Print "canyu: MESSAGE" to stderr (printf-style). */
void cli_error(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

#endif
