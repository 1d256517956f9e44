# project_tm.sh - a project remembers its TM (issue 14, item 15):
# `pretranslate --tm` records it (anv:tm, relative to the project's
# folder), `translate` without --tm uses it and says so, --tm still wins,
# a recorded TM that has gone is an error, not a new empty TM.
. tests/lib.sh
. tests/e2e/translate_lib.inc
export XDG_CONFIG_HOME=$T/config SOURCE_DATE_EPOCH=1700000000

mkdir -p "$T/tms" "$T/job"
printf 'पहला वाक्य।\nदूसरा वाक्य।\n' >"$T/job/doc.txt"
"$ANUVAD" tm add --tm "$T/tms/my.tmx" 'पहला वाक्य।' 'The first sentence.' \
  >/dev/null 2>&1
run_anuvad pretranslate --tm "$T/tms/my.tmx" "$T/job/doc.txt"
expect_status 0 "pretranslate --tm"
if grep -q '<xliff [^>]*anv:tm="../tms/my.tmx"' "$T/job/doc.txt.xlf"; then
  ok "the project records its TM, relative to its folder"
else fail "anv:tm: $(grep -o '<xliff [^>]*' "$T/job/doc.txt.xlf")"; fi

printf '%s\n' "goto 2" "edit The second sentence." confirm >"$T/s.txt"
run_anuvad translate "$T/job/doc.txt.xlf" --no-spell --script "$T/s.txt"
expect_status 0 "translate without --tm"
expect_err_match "^anuvad: TM $T/job/../tms/my.tmx \\(the project's\\)$" \
  "says which TM, and that it is the project's"
[ ! -e "$T/job/doc.txt.tmx" ] && ok "no PROJECT.tmx created" ||
  fail "translate created $T/job/doc.txt.tmx"
pairs=$(tm_pairs "$T/tms/my.tmx")
[ "$pairs" = "$(printf '%s\n' 'दूसरा वाक्य।|The second sentence.' 'पहला वाक्य।|The first sentence.' | sort)" ] &&
  ok "the confirmed segment went to the project's TM" || fail "TM: $pairs"

# the project and its TM moved together: the relative path still holds
mv "$T/tms" "$T/tms2" && mkdir -p "$T/moved" && mv "$T/tms2" "$T/moved/tms" &&
  mv "$T/job" "$T/moved/job"
printf '%s\n' next >"$T/s2.txt"
run_anuvad translate "$T/moved/job/doc.txt.xlf" --no-spell --script "$T/s2.txt"
expect_status 0 "moved with its TM"
expect_err_match "^anuvad: TM $T/moved/job/../tms/my.tmx \\(the project's\\)$"

# --tm wins, and is named
run_anuvad translate "$T/moved/job/doc.txt.xlf" --tm "$T/other.tmx" --no-spell \
  --script "$T/s2.txt"
expect_status 0 "--tm given"
expect_err_match "^anuvad: new TM $T/other.tmx$" "--tm is used"

# the recorded TM is gone: refused, nothing created
rm -f "$T/moved/tms/my.tmx"*
run_anuvad translate "$T/moved/job/doc.txt.xlf" --no-spell --script "$T/s2.txt"
expect_status 1 "the project's TM is gone"
expect_err_match "^anuvad: $T/moved/job/doc.txt.xlf: the project's TM $T/moved/job/../tms/my.tmx is not there \\(moved or deleted\\?\\); give --tm FILE$"
[ ! -e "$T/moved/tms/my.tmx" ] && [ ! -e "$T/moved/job/doc.txt.tmx" ] &&
  ok "no empty TM created in its place" || fail "a TM was created"

# without --tm at pretranslate (the shipped TM) nothing is recorded, and
# translate keeps PROJECT.tmx beside the project, saying so
"$ANUVAD" pretranslate -o "$T/plain.xlf" "$T/moved/job/doc.txt" >/dev/null 2>&1
grep -q 'anv:tm=' "$T/plain.xlf" && fail "the shipped TM was recorded" ||
  ok "the shipped TM is not recorded"
run_anuvad translate "$T/plain.xlf" --no-spell --script "$T/s2.txt"
expect_err_match "^anuvad: new TM $T/plain.tmx$" "PROJECT.tmx otherwise"
finish
