# spell_tm.sh - `anuvad spell --tm TM.tmx`: names the TM has used are not
# flagged (English from its targets, Hindi from its sources), real typos
# still are; the word set is cached beside the TM and follows its changes;
# bad TMs give one-line errors and write nothing.
. tests/lib.sh

export XDG_CONFIG_HOME="$T/config"   # no personal list
cat >"$T/team.tmx" <<'TMX'
<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="test" creationtoolversion="1" segtype="sentence" o-tmf="test" adminlang="en-US" srclang="hi-IN" datatype="plaintext"/>
  <body>
    <tu>
      <tuv xml:lang="hi-IN"><seg>राष्ट्रपति टोकायव ने कहा कि सीएसटीओ के सैनिक लौटेंगे।</seg></tuv>
      <tuv xml:lang="en-US"><seg>President Tokayev said the CSTO troops would return.</seg></tuv>
    </tu>
  </body>
</tmx>
TMX
printf '%s\n' 'टोकायव ने कहा कि शोइगु और सरककार सहमत हैं।' \
  'Tokayev’s envoy and Shoigu met the Kazakh minsiter.' >"$T/doc.txt"

run_anuvad spell --suggest 1 "$T/doc.txt"
expect_status 0 "without --tm"
expect_out "$(printf '%s\n' '1:1	टोकायव	टोकिये' '1:18	शोइगु	शोइंग' \
  '1:27	सरककार	सरकार' '2:1	Tokayev’s	Tokay'"'"'s' '2:21	Shoigu	Shogun' \
  '2:43	minsiter	minister')" "the names are flagged without the TM"

run_anuvad spell --suggest 1 --tm "$T/team.tmx" "$T/doc.txt"
expect_status 0 "--tm"
expect_out "$(printf '%s\n' '1:18	शोइगु	शोइंग' '1:27	सरककार	सरकार' \
  '2:21	Shoigu	Shogun' '2:43	minsiter	minister')" \
  "Tokayev (also Tokayev’s) and टोकायव from the TM are accepted; typos are not"
[ -s "$T/team.tmx.spellwords" ] && ok "the word set is cached beside the TM" ||
  fail "no $T/team.tmx.spellwords"
cp "$T/team.tmx.spellwords" "$T/cache1"

run_anuvad spell --count --tm "$T/team.tmx" "$T/doc.txt"
expect_out "4 flagged of 17 words (23.53%)" "--count with the cached set"
expect_same_file "$T/cache1" "$T/team.tmx.spellwords" "the cache is reused as it is"

# The team adds a translation (journaled): its names count at once.
run_anuvad tm add --tm "$T/team.tmx" 'शोइगु ने पुष्टि की।' 'Shoigu confirmed it.'
expect_status 0 "tm add"
run_anuvad spell --suggest 1 --tm "$T/team.tmx" "$T/doc.txt"
expect_out "$(printf '%s\n' '1:27	सरककार	सरकार' '2:43	minsiter	minister')" \
  "a name added to the TM a moment ago is accepted"

# A cache that cannot be written is a warning, not an error.
rm -f "$T/team.tmx.spellwords"
mkdir "$T/team.tmx.spellwords"
run_anuvad spell --suggest 1 --tm "$T/team.tmx" "$T/doc.txt"
expect_status 0 "unwritable cache"
expect_out "$(printf '%s\n' '1:27	सरककार	सरकार' '2:43	minsiter	minister')" \
  "same verdicts without a cache"
expect_err_match "^anuvad: warning: $T/team.tmx: words not cached \(.*\); the next run reads the TM again$"
rmdir "$T/team.tmx.spellwords"

# --- bad TMs ----------------------------------------------------------------
run_anuvad spell --tm "$T/none.tmx" "$T/doc.txt"
expect_status 1 "missing TM"
expect_err_match "^anuvad: $T/none.tmx: " "error names the TM"
[ "$(printf '%s\n' "$errout" | wc -l)" -eq 1 ] && ok "one line" || fail "more lines: $errout"
expect_out "" "nothing checked"
[ -e "$T/none.tmx.spellwords" ] && fail "cache written for a missing TM" || ok "no cache"

head -c 300 "$T/team.tmx" >"$T/cut.tmx"
run_anuvad spell --tm "$T/cut.tmx" "$T/doc.txt"
expect_status 1 "cut TMX"
expect_err_match "^anuvad: $T/cut.tmx:[0-9]+: " "error names file and line"
[ "$(printf '%s\n' "$errout" | wc -l)" -eq 1 ] && ok "one line" || fail "more lines: $errout"
[ -e "$T/cut.tmx.spellwords" ] && fail "cache written for a broken TM" || ok "no cache"

printf '<?xml version="1.0"?>\n<tmx version="1.4"><header/><body><tu><tuv xml:lang="hi"><seg>\377</seg></tuv></tu></body></tmx>\n' >"$T/bad8.tmx"
run_anuvad spell --tm "$T/bad8.tmx" "$T/doc.txt"
expect_status 1 "TMX with invalid UTF-8"
expect_err_match "^anuvad: $T/bad8.tmx:2: " "error names file and line"

finish
