# spell.sh - `anuvad spell` end to end: exact output, JSON, counts, the
# personal list, dictionaries found or missing, bad input.
. tests/lib.sh

# A Hindi text with an English caption; line 2 has a precomposed nukta
# letter (not NFC), so columns must be counted in the input's characters.
printf '%s\n' \
  'विद्यार्थियो ने मिठाइयाँ ख़रीदीं और घर लौटे।' \
  'ज़रूरत पर सरककार ने 1,600 सैनिक भेजे।' \
  'Photo: Teh soldeirs of the CSTO, https://exampel.com/xq डॉ. राम' \
  >"$T/in.txt"
printf '\340\245\233\340\244\260\340\245\202\340\244\260\340\244\244 \340\244\270\340\244\260\340\244\225\340\244\225\340\244\276\340\244\260\n' >"$T/nfc.txt"

run_anuvad spell --lang hi --suggest 2 "$T/in.txt"
expect_status 0 "flagged words still exit 0"
expect_out "$(printf '1:1\tविद्यार्थियो\tविद्यार्थियों,विद्यार्थियाँ
2:11\tसरककार\tसरकार,सरककर
3:8\tTeh\tTe,Th
3:12\tsoldeirs\tsoldiers,solders')" "plain output"

run_anuvad spell --lang hi --suggest 1 "$T/nfc.txt"
expect_out "$(printf '1:7\tसरककार\tसरकार')" "COL counts input characters"

run_anuvad spell --lang hi --suggest 1 --json "$T/in.txt"
expect_out '{"line":1,"col":1,"word":"विद्यार्थियो","lang":"hi","suggestions":["विद्यार्थियों"]}
{"line":2,"col":11,"word":"सरककार","lang":"hi","suggestions":["सरकार"]}
{"line":3,"col":8,"word":"Teh","lang":"en-US","suggestions":["Te"]}
{"line":3,"col":12,"word":"soldeirs","lang":"en-US","suggestions":["soldiers"]}' "--json"

run_anuvad spell --count "$T/in.txt"
# 25 words: 7 + 7 (one number) + 11 (the URL is "https" and two tokens);
# 19 checked: not the number, the acronym CSTO, the URL, nor डॉ.
expect_out "4 flagged of 25 words (16.00%)" "--count"
run_anuvad spell --count --json "$T/in.txt"
expect_out '{"words":25,"checked":19,"flagged":4}' "--count --json"

run_anuvad_stdin 'The colour of our defence.' spell --lang en-GB -
expect_status 0
expect_out "" "en-GB accepts colour and defence"
run_anuvad_stdin 'The colour of our defence.' spell --lang en-US --suggest 0 -
expect_out "$(printf '1:5\tcolour\t\n1:19\tdefence\t')" "en-US flags them"

# The personal list.
export XDG_CONFIG_HOME="$T/config"
run_anuvad spell --add टोकायव --lang hi
expect_status 0 "--add"
expect_out "added 'टोकायव' to your personal word list"
expect_same_file "$T/config/anuvad/spell-hi.txt" /dev/stdin <<'LIST' "personal list file"
# anuvad personal word list (Hindi): one word a line
टोकायव
LIST
run_anuvad spell --add टोकायव --lang hi
expect_out "'टोकायव' is already accepted; nothing to add" "--add twice"
run_anuvad_stdin 'टोकायव ने कहा' spell --lang hi -
expect_out "" "personal word accepted"
run_anuvad spell --add 'दो शब्द' --lang hi
expect_status 1 "--add two words"
expect_err_match "^anuvad: 'दो शब्द' is not one word$"
run_anuvad spell --add Tokayev --lang hi
expect_status 1 "--add a Latin word as Hindi"
expect_err_match "^anuvad: 'Tokayev' is not written in Devanagari$"
unset XDG_CONFIG_HOME

# --words: accept a list for this run only.
printf '# names from the glossary\nसरककार\nsoldeirs\n' >"$T/names.txt"
run_anuvad spell --lang hi --suggest 0 --words "$T/names.txt" "$T/in.txt"
expect_out "$(printf '1:1\tविद्यार्थियो\t\n3:8\tTeh\t')" "--words"

# Dictionaries: DICPATH pointing nowhere falls back to /usr/share/hunspell;
# with no system folder either, the error names the Debian package.
DICPATH=/nonexistent run_anuvad spell --lang hi --suggest 0 "$T/nfc.txt"
expect_status 0 "DICPATH nowhere: fallback"
expect_out "$(printf '1:7\tसरककार\t')" "fallback output"
DICPATH=/nonexistent ANUVAD_SYSTEM_DICPATH=/nonexistent/sys \
  run_anuvad spell --lang en-GB "$T/in.txt"
expect_status 1 "missing dictionary"
expect_err_match "^anuvad: hunspell dictionary en_GB not found \(looked in /nonexistent, .*dict, /nonexistent/sys\); install the Debian package hunspell-en-gb$"

# Bad input.
printf 'ठीक है\nबुरा \377 है\n' >"$T/bad.txt"
run_anuvad spell "$T/bad.txt"
expect_status 1 "invalid UTF-8"
expect_err_match "bad.txt:2:6: " "invalid UTF-8 names line and column"
run_anuvad spell "$T/missing.txt"
expect_status 1 "missing file"
expect_err_match "missing.txt" "missing file named"
run_anuvad spell --lang fr "$T/in.txt"
expect_status 2 "bad --lang"
run_anuvad spell --suggest many "$T/in.txt"
expect_status 2 "bad --suggest"
run_anuvad spell
expect_status 2 "no file"
run_anuvad spell --help
expect_status 0 "--help"
expect_out_match '^Usage: anuvad spell' "--help text"

finish
