# lib.sh - helpers for the shell tests (end-to-end and interop).
#
# Source it, call the checks, end with `finish`:
#
#   . tests/lib.sh
#   run_anuvad segment --lang hi "$T/in.txt"     # sets $out $errout $status
#   expect_status 0
#   expect_out "$(printf 'a।\nb।')"
#   finish
#
# $ANUVAD is the binary under test (make test sets it to the sanitizer
# build); $SHARED is ../shared; $T is a fresh temporary folder, removed at
# the end.

set -u
ROOT=${ANUVAD_ROOT:-$(pwd)}
ANUVAD=${ANUVAD:-$ROOT/build/anuvad}
SHARED=${ANUVAD_SHARED:-$ROOT/../shared}
T=$(mktemp -d "${TMPDIR:-/tmp}/anuvad-test.XXXXXX")
trap '[ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT
_checks=0
_fails=0
_name=$(basename "$0" .sh)

ok() { _checks=$((_checks + 1)); echo "ok   $_name: $1"; }
fail() {
  _checks=$((_checks + 1)); _fails=$((_fails + 1))
  echo "FAIL $_name: $1"
}

# run_anuvad ARGS...: run the CLI, capture stdout, stderr and status.
run_anuvad() {
  "$ANUVAD" "$@" >"$T/.out" 2>"$T/.err"
  status=$?
  out=$(cat "$T/.out")
  errout=$(cat "$T/.err")
}

# run_anuvad_stdin INPUT ARGS...: same, with INPUT on stdin.
run_anuvad_stdin() {
  _in=$1; shift
  printf '%s' "$_in" | "$ANUVAD" "$@" >"$T/.out" 2>"$T/.err"
  status=$?
  out=$(cat "$T/.out")
  errout=$(cat "$T/.err")
}

expect_status() {
  if [ "$status" -eq "$1" ]; then ok "exit status $1${2:+ ($2)}"
  else fail "exit status $status, wanted $1${2:+ ($2)}; stderr: $errout"; fi
}

# expect_out EXPECTED [WHAT]: stdout (without trailing newlines) equals.
expect_out() {
  if [ "$out" = "$1" ]; then ok "${2:-stdout}"
  else
    fail "${2:-stdout} differs"
    printf '%s\n' "$1" >"$T/.want"; printf '%s\n' "$out" >"$T/.got"
    diff -u "$T/.want" "$T/.got" | head -n 40
  fi
}

# expect_err_match REGEX [WHAT]: stderr matches an extended regex.
expect_err_match() {
  if printf '%s' "$errout" | grep -Eq -- "$1"; then ok "${2:-stderr matches $1}"
  else fail "${2:-stderr} does not match /$1/: $errout"; fi
}

expect_out_match() {
  if printf '%s' "$out" | grep -Eq -- "$1"; then ok "${2:-stdout matches $1}"
  else fail "${2:-stdout} does not match /$1/"; fi
}

# expect_same_file A B [WHAT]: byte-identical files.
expect_same_file() {
  if cmp -s "$1" "$2"; then ok "${3:-$1 equals $2}"
  else fail "${3:-$1 differs from $2}"; fi
}

# ---- OmegaT 3.6, headless (interop tests) ----
OMEGAT_JAR=/usr/share/omegat/OmegaT.jar
# omegat_project DIR [FILE...]: an OmegaT project hi-IN -> en-US (its own
# sentence segmentation off) with the FILEs as its sources
omegat_project() {
  _p=$1; shift
  mkdir -p "$_p/source" "$_p/target" "$_p/tm" "$_p/glossary" "$_p/omegat" \
           "$_p/dictionary" "$_p/home"
  [ $# -eq 0 ] || cp "$@" "$_p/source/"
  cat >"$_p/omegat.project" <<'EOF'
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat>
    <project version="1.0">
        <source_dir>source</source_dir>
        <source_dir_excludes/>
        <target_dir>target</target_dir>
        <tm_dir>tm</tm_dir>
        <glossary_dir>glossary</glossary_dir>
        <glossary_file>glossary/glossary.txt</glossary_file>
        <dictionary_dir>dictionary</dictionary_dir>
        <source_lang>hi-IN</source_lang>
        <target_lang>en-US</target_lang>
        <source_tok>org.omegat.tokenizer.LuceneHindiTokenizer</source_tok>
        <target_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</target_tok>
        <sentence_seg>false</sentence_seg>
        <support_default_translations>true</support_default_translations>
        <remove_tags>false</remove_tags>
    </project>
</omegat>
EOF
}
# omegat_translate DIR: load the project headless, translate from its
# memories into target/, write omegat/project_stats.txt
omegat_translate() {
  timeout 600 java -Djava.awt.headless=true -Duser.home="$1/home" \
    -jar "$OMEGAT_JAR" "$1" --mode=console-translate >"$1/log" 2>&1
}
# omegat_segments DIR: the "Total:" segments of the project statistics
omegat_segments() {
  awk -F'\t' '/^Total:/ { gsub(/ /, "", $2); print $2; exit }' \
    "$1/omegat/project_stats.txt"
}

finish() {
  echo "$_name: $_checks checks, $_fails failed"
  [ "$_fails" -eq 0 ]
}
