# cli_basics.sh - the conventions every command follows.
. tests/lib.sh

run_anuvad --version
expect_status 0
expect_out_match '^anuvad [0-9]+\.[0-9]+\.[0-9]+$' "--version"

run_anuvad --help
expect_status 0 "--help"
expect_out_match '^Usage: anuvad COMMAND' "--help shows usage"

run_anuvad
expect_status 2 "no command"

run_anuvad no-such-command
expect_status 2 "unknown command"
expect_err_match "^anuvad: 'no-such-command' is not a command" "unknown command message"

finish
