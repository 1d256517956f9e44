# project_langs.sh - a British-English project (issue 14, item 14):
# `pretranslate --target-lang en-GB` writes target-language="en-GB",
# looks up the TM's en-GB units, and `translate` then checks British
# spelling and writes en-GB units; --source-lang likewise; bad tags are
# usage errors.
. tests/lib.sh
. tests/e2e/translate_lib.inc
export XDG_CONFIG_HOME=$T/config SOURCE_DATE_EPOCH=1700000000

printf 'पहला वाक्य।\nदूसरा वाक्य।\n' >"$T/doc.txt"
"$ANUVAD" tm add --tm "$T/gb.tmx" --target-lang en-GB 'पहला वाक्य।' \
  'The first sentence, in colour.' >/dev/null 2>&1

run_anuvad pretranslate --tm "$T/gb.tmx" --source-lang hi-IN \
  --target-lang en-GB -o "$T/gb.xlf" "$T/doc.txt"
expect_status 0 "pretranslate --target-lang en-GB"
langs=$(grep -o '<file [^>]*' "$T/gb.xlf" | grep -o '[a-z]*-language="[^"]*"' | tr '\n' ' ')
[ "$langs" = 'source-language="hi-IN" target-language="en-GB" ' ] &&
  ok "the project is hi-IN -> en-GB" || fail "project languages: $langs"
expect_units() {
  got=$(units_of "$1")
  if [ "$got" = "$2" ]; then ok "$3"
  else fail "$3"; printf 'got:\n%s\n' "$got"; fi
}
expect_units "$T/gb.xlf" "1|translated|leveraged-tm||The first sentence, in colour.
2||||" "the en-GB unit of the TM is the first segment's target"

run_anuvad analyze --tm "$T/gb.tmx" --target-lang en-GB --csv "$T/doc.txt"
expect_status 0 "analyze --target-lang en-GB"
expect_out_match '^,100,1,2,10,11' "analyze finds the en-GB match"

# translate follows the project: British spelling is not flagged, and the
# confirmed unit goes to the TM as en-GB.
printf '%s\n' "goto 2" "edit The second sentence, in colour, by the organisation." \
  confirm >"$T/s.txt"
run_anuvad translate "$T/gb.xlf" --tm "$T/gb.tmx" --script "$T/s.txt"
expect_status 0 "translate the en-GB project"
expect_out_match '^confirmed segment 2; all 2 segments are confirmed$' "British spelling accepted at once"
[ "$(grep -c 'xml:lang="en-GB"' "$T/gb.tmx" "$T/gb.tmx.journal" 2>/dev/null |
     awk -F: '{n += $2} END {print n}')" = 2 ] &&
  ok "both TM units are en-GB" || fail "TM: $(cat "$T/gb.tmx")"

# the same text in an en-US project is held back by the spelling check
"$ANUVAD" tm add --tm "$T/other.tmx" 'कुछ नहीं।' 'Nothing.' >/dev/null 2>&1
"$ANUVAD" pretranslate --tm "$T/other.tmx" -o "$T/us.xlf" "$T/doc.txt" >/dev/null 2>&1
grep -q 'target-language="en-US"' "$T/us.xlf" && ok "default target en-US" ||
  fail "default target language"
run_anuvad translate "$T/us.xlf" --tm "$T/us.tmx" --script "$T/s.txt"
expect_out_match '^not confirmed yet: misspelt: colour' "en-US flags colour"

# usage errors
run_anuvad pretranslate --target-lang 'en GB' -o "$T/x.xlf" "$T/doc.txt"
expect_status 2 "a bad --target-lang"
expect_err_match "^anuvad pretranslate: --target-lang wants a language tag such as en-GB, not 'en GB'$"
run_anuvad analyze --source-lang '' "$T/doc.txt"
expect_status 2 "an empty --source-lang"
[ ! -e "$T/x.xlf" ] && ok "nothing written" || fail "x.xlf written"
run_anuvad pretranslate --help
expect_out_match '^  --target-lang TAG' "--help lists --target-lang"
finish
