# data_safety.sh - what anuvad writes goes where the user meant, never over
# a file it should not replace, and a failed write is never reported as
# success (issue 14, items 1-7).
. tests/lib.sh

PROJECT=$T/p.xlf
printf 'पहला वाक्य।\nदूसरा वाक्य।\n' >"$T/doc.hi.txt"
"$ANUVAD" pretranslate -o "$PROJECT" "$T/doc.hi.txt" 2>/dev/null

# ---- 1. a TM named through a symbolic link --------------------------------
mkdir -p "$T/real"
run_anuvad tm add --tm "$T/real/t.tmx" 'क।' 'A.'
expect_status 0 "tm add to a new TM"
ln -s real/t.tmx "$T/link.tmx"
run_anuvad tm add --tm "$T/link.tmx" 'ख।' 'B.'
expect_status 0 "tm add through a link"
[ -L "$T/link.tmx" ] && ok "the link is still a link" \
  || fail "the link was replaced by a regular file"
grep -q '<seg>B.</seg>' "$T/real/t.tmx" && ok "the file the link names got the unit" \
  || fail "real/t.tmx lacks the unit added through the link"
[ ! -e "$T/link.tmx.journal" ] && [ ! -e "$T/link.tmx.lock" ] \
  && ok "lock and journal beside the real file, not the link" \
  || fail "lock or journal made beside the link"
# an export through a dangling link creates the file the link names
ln -s out/real.tsv "$T/dangling.tsv"
mkdir -p "$T/out"
run_anuvad export "$PROJECT" --tsv "$T/dangling.tsv"
expect_status 0 "export through a dangling link"
[ -L "$T/dangling.tsv" ] && [ -s "$T/out/real.tsv" ] \
  && ok "dangling link kept, its target written" \
  || fail "dangling link not followed"

# ---- 2. read-only files are not replaced ------------------------------------
cp "$T/real/t.tmx" "$T/ro.tmx"; chmod 444 "$T/ro.tmx"
run_anuvad tm add --tm "$T/ro.tmx" 'ग।' 'C.'
expect_status 1 "tm add to a read-only TM"
expect_err_match "ro.tmx: is read-only" "read-only TM named"
[ ! -e "$T/ro.tmx.journal" ] && ok "nothing journaled for a read-only TM" \
  || fail "a journal was written for a read-only TM"
printf 'old\n' >"$T/ro.tsv"; chmod 444 "$T/ro.tsv"
run_anuvad export "$PROJECT" --tsv "$T/ro.tsv"
expect_status 1 "export over a read-only file"
expect_err_match "ro.tsv: is read-only" "read-only export named"
[ "$(cat "$T/ro.tsv")" = old ] && ok "read-only export untouched" \
  || fail "read-only export replaced"
cp "$PROJECT" "$T/ro.xlf"; chmod 444 "$T/ro.xlf"
run_anuvad pretranslate --force -o "$T/ro.xlf" "$T/doc.hi.txt"
expect_status 0 "pretranslate --force replaces a read-only project"
run_anuvad pretranslate -o "$T/ro.xlf" "$T/doc.hi.txt"
expect_status 1 "pretranslate without --force"

# ---- 3. output that cannot be written is a failure --------------------------
printf 'टॉम\nमैरी\n' >"$T/q.txt"
for cmd in "tm lookup --json -" "tm concordance husband" "tm stats --json" \
           "segment $T/doc.hi.txt" "analyze $T/doc.hi.txt" "--help" \
           "tm export -o -" "export $PROJECT --text -"; do
  # shellcheck disable=SC2086
  "$ANUVAD" $cmd <"$T/q.txt" >/dev/full 2>"$T/.err"
  status=$?; errout=$(cat "$T/.err")
  expect_status 1 "$cmd >/dev/full"
  if [ "$errout" = "anuvad: standard output: No space left on device" ] ||
     [ "$errout" = "anuvad: standard output: write error: No space left on device" ] ||
     [ "$errout" = "anuvad: -: write error: No space left on device" ]; then
    ok "one line naming the cause ($cmd)"
  else
    fail "message for $cmd >/dev/full: $errout"
  fi
done

# ---- 4 and 6: a TM whose save fails after the change was journaled ----------
# A small file system: the TM (80 Tatoeba pairs, about 30 KB) and a filler
# leave 8 KB, room for a journal record but not for the saved TMX.
if [ "$(id -u)" -eq 0 ] && mkdir -p "$T/small" &&
   mount -t tmpfs -o size=128k tmpfs "$T/small" 2>/dev/null; then
  head -n 80 "$ROOT/tm/tatoeba-hin-eng.tsv" | cut -f1,2 >"$T/pairs.tsv"
  "$ANUVAD" tm import --into "$T/small/t.tmx" "$T/pairs.tsv" >/dev/null 2>&1
  free=$(df -k --output=avail "$T/small" | tail -n 1)
  head -c $(( (free - 8) * 1024 )) /dev/zero >"$T/small/filler" 2>/dev/null
  run_anuvad tm add --tm "$T/small/t.tmx" 'घ।' 'D.'
  expect_status 0 "tm add whose save fails: the unit is journaled, kept"
  expect_err_match "^anuvad: warning: .*t.tmx: write error: No space left on device; the change is kept in the TM's journal" \
    "the warning says what is on disk"
  [ "$(printf '%s\n' "$errout" | wc -l)" -eq 1 ] && ok "one line (no libxml2 I/O lines)" \
    || fail "more than one line: $errout"
  grep -q 'घ।' "$T/small/t.tmx.journal" && ok "the unit is in the journal" \
    || fail "the unit is not in the journal"
  run_anuvad tm lookup --tm "$T/small/t.tmx" --min 100 'घ।'
  expect_out_match 'D\.' "a lookup finds the journaled unit"
  ls "$T/small" | grep -q 'tmp' && fail "a temporary file was left behind" \
    || ok "no temporary file left behind"
  rm -f "$T/small/filler" "$T/small/t.tmx.idx"
  run_anuvad tm add --tm "$T/small/t.tmx" 'ङ।' 'E.'
  expect_status 0 "with room again, the next save folds the journal in"
  grep -q '<seg>D.</seg>' "$T/small/t.tmx" && ok "the journaled unit reached the TMX" \
    || fail "the journaled unit is not in the TMX"
  umount "$T/small"
else
  fail "this test needs root to mount a small tmpfs (CI runs as root)"
fi

# ---- 5. temporary files: recognisable, a killed writer's are removed --------
sh -c 'exit 0' & dead=$!; wait $dead
: >"$T/o.tsv.anuvad.tmp.$dead.AbC123"
: >"$T/o.tsv.anuvad.tmp.$$.XyZ789"     # a live process's: kept
run_anuvad export "$PROJECT" --tsv "$T/o.tsv"
expect_status 0 "export --tsv"
[ ! -e "$T/o.tsv.anuvad.tmp.$dead.AbC123" ] && ok "a killed writer's temporary file is removed" \
  || fail "stale temporary file left"
[ -e "$T/o.tsv.anuvad.tmp.$$.XyZ789" ] && ok "a live writer's temporary file is kept" \
  || fail "a live writer's temporary file was removed"

# ---- 7. the shipped TM is never written -------------------------------------
run_anuvad tm add 'च।' 'F.'
expect_status 1 "tm add without --tm"
expect_err_match "name yours with --tm FILE" "the hint names --tm"
run_anuvad tm delete 'च।' 'F.'
expect_status 1 "tm delete without --tm"

finish
