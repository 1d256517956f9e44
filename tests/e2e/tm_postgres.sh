# tm_postgres.sh - a TM in PostgreSQL (issue 18), on a throwaway cluster
# (tests/pg_cluster.inc): import/export round trip (DTD-valid TMX), the
# same lookups as a file TM, four concurrent writers, a SIGKILLed import,
# a read-only role, the server stopped mid-session, masked passwords.
. tests/lib.sh
. tests/pg_cluster.inc
. tests/e2e/translate_lib.inc

export SOURCE_DATE_EPOCH=1700000000 ANUVAD_AUTHOR=tester
export XDG_CACHE_HOME="$T/cache"
DTD="$SHARED/data/schemas/tmx14.dtd"
pg_start || { fail "cannot start PostgreSQL"; finish; }

cat > "$T/a.tmx" <<'X'
<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="hi-IN" datatype="plaintext"/><body>
<tu tuid="1"><prop type="x-a">p</prop><note>n1</note><tuv xml:lang="hi-IN"><seg>मैं घर जा रहा हूँ।</seg></tuv><tuv xml:lang="en-US"><seg>I am going <ph x="1">&lt;b/&gt;</ph>home.</seg></tuv></tu>
<tu tuid="2"><tuv xml:lang="hi-IN"><seg>वह स्कूल जाता है।</seg></tuv><tuv xml:lang="en-US"><seg>He goes to school.</seg></tuv></tu>
<tu tuid="3"><tuv xml:lang="hi-IN"><seg>वह घर जाता है।</seg></tuv><tuv xml:lang="en-US"><seg>He goes home.</seg></tuv></tu>
</body></tmx>
X

# ---- round trip ------------------------------------------------------------------
run_anuvad tm import --into "$PGURI" "$T/a.tmx"
expect_status 0 "import into PostgreSQL"
n=$(psql_q "SELECT count(*) FROM anv_units")
[ "$n" = 3 ] && ok "3 rows in anv_units" || fail "anv_units has $n rows"
v=$(psql_q "SELECT max(version) FROM anv_schema")
[ "$v" = 2 ] && ok "schema version 2 recorded" || fail "schema version '$v'"

run_anuvad tm export --tm "$PGURI" -o "$T/out.tmx"
expect_status 0 "export from PostgreSQL"
if xmllint --noout --dtdvalid "$DTD" "$T/out.tmx" 2>"$T/.x"; then ok "export is DTD-valid TMX 1.4b"
else fail "export not valid: $(head -n 3 "$T/.x")"; fi
"$ANUVAD" tm import --into "$T/file.tmx" "$T/a.tmx" >/dev/null
"$ANUVAD" tm export --tm "$T/file.tmx" -o "$T/file-out.tmx" >/dev/null 2>&1
expect_same_file "$T/file-out.tmx" "$T/out.tmx"

# importing the same file again merges (no duplicates)
run_anuvad tm import --into "$PGURI" "$T/a.tmx"
n=$(psql_q "SELECT count(*) FROM anv_units")
[ "$n" = 3 ] && ok "re-import merges identical units" || fail "$n rows after re-import"


# ---- identical lookups --------------------------------------------------------------
for q in "वह घर जा रहा है।" "मैं घर जा रहा था।" "वह स्कूल जाता है।"; do
  run_anuvad tm lookup --tm "$T/file.tmx" --json "$q"; want=$out
  run_anuvad tm lookup --tm "$PGURI" --json "$q"
  expect_out "$want" "lookup '$q' as in the file TM"
done

# ---- tm add, visible to another machine (another cache) --------------------------
run_anuvad tm add --tm "$PGURI" "नमस्ते" "Hello"
expect_status 0 "tm add"
XDG_CACHE_HOME="$T/cache2" run_anuvad tm lookup --tm "$PGURI" "नमस्ते"
expect_out_match "Hello" "a unit added is seen from a fresh cache"
run_anuvad tm lookup --tm "$PGURI" "नमस्ते"
expect_out_match "Hello" "the first cache catches up past its change number"

# ---- four concurrent writers ------------------------------------------------------
for w in 1 2 3 4; do
  ( for i in $(seq 1 25); do
      XDG_CACHE_HOME="$T/cw$w" "$ANUVAD" tm add --tm "$PGURI" "वाक्य $i" "sentence $i" >/dev/null 2>>"$T/cw.err" || echo "w$w $i" >>"$T/cw.fail"
      XDG_CACHE_HOME="$T/cw$w" "$ANUVAD" tm add --tm "$PGURI" "लेखक $w वाक्य $i" "writer $w sentence $i" >/dev/null 2>>"$T/cw.err" || echo "w$w $i" >>"$T/cw.fail"
    done ) &
done
wait
[ ! -s "$T/cw.fail" ] && ok "200 concurrent adds succeed" || fail "failed adds: $(head -n 3 "$T/cw.err")"
n=$(psql_q "SELECT count(*) FROM anv_units")
[ "$n" = $((4 + 25 + 100)) ] && ok "no unit lost or duplicated (129 rows)" || fail "$n rows, wanted 129"

# ---- SIGKILL in the middle of an import ------------------------------------------
awk 'BEGIN { print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"; print "<tmx version=\"1.4\"><header creationtool=\"t\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"x\" adminlang=\"en\" srclang=\"hi-IN\" datatype=\"plaintext\"/><body>";
  for (i = 0; i < 60000; i++) printf "<tu><tuv xml:lang=\"hi-IN\"><seg>बड़ा वाक्य %d</seg></tuv><tuv xml:lang=\"en-US\"><seg>big sentence %d</seg></tuv></tu>\n", i, i;
  print "</body></tmx>" }' > "$T/big.tmx"
before=$(psql_q "SELECT count(*) FROM anv_units")
"$ANUVAD" tm import --into "$PGURI" "$T/big.tmx" >/dev/null 2>&1 &
pid=$!
seen=0
for i in $(seq 1 600); do
  r=$(psql_q "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'INSERT INTO anv_units%'")
  [ "$r" != 0 ] && { seen=1; break; }
  sleep 0.05
done
kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
[ "$seen" = 1 ] && ok "import killed while inserting" || fail "never saw the import insert"
sleep 0.5
after=$(psql_q "SELECT count(*) FROM anv_units")
[ "$after" = "$before" ] && ok "a SIGKILLed import leaves the TM as it was" || fail "$before rows before, $after after"

# ---- a read-only role -------------------------------------------------------------
psql_q "CREATE ROLE reader LOGIN PASSWORD 's3cret'; GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader;" >/dev/null
RO="postgresql://reader:s3cret@/postgres?host=$PGSOCK"
XDG_CACHE_HOME="$T/ro" run_anuvad tm lookup --tm "$RO" "नमस्ते"
expect_status 0 "a reader can look up"
expect_out_match "Hello" "the reader's lookup"
XDG_CACHE_HOME="$T/ro" run_anuvad tm export --tm "$RO" -o "$T/ro.tmx"
expect_status 0 "a reader can export"
XDG_CACHE_HOME="$T/ro" run_anuvad tm add --tm "$RO" "नया" "new"
expect_status 1 "a reader cannot add"
expect_err_match "may only read" "clear error for a read-only role"
case $errout in *s3cret*) fail "password printed: $errout" ;; *) ok "password never printed" ;; esac
[ "$(printf '%s\n' "$errout" | wc -l)" = 1 ] && ok "one line" || fail "not one line: $errout"

# ---- translate: confirms go to the team TM; with the server down they wait --
DOC=$ROOT/examples/kazakhstan-csto.hi.txt
make_project "$DOC" "$T/p.xlf" || fail "make_project"
printf 'goto 3\nedit January 14, 2022\nconfirm!\n' > "$T/s1.txt"
SOURCE_DATE_EPOCH= run_anuvad translate "$T/p.xlf" --tm "$PGURI" --script "$T/s1.txt"
expect_status 0 "translate session on the team TM"
expect_err_match "[0-9]+ translations? sent to the team TM" "the confirm is sent at the end"
XDG_CACHE_HOME="$T/other" run_anuvad tm export --tm "$PGURI" -o -
expect_out_match "January 14, 2022" "a colleague sees the confirm"
XDG_CACHE_HOME="$T/other" run_anuvad pretranslate --tm "$PGURI" --force -o "$T/p2.xlf" "$DOC"
expect_status 0 "pretranslate against the team TM"
if units_of "$T/p2.xlf" | grep -q '^3|.*|January 14, 2022$'; then ok "pretranslate takes the colleague's confirm"
else fail "pretranslate: $(units_of "$T/p2.xlf" | sed -n 3p)"; fi

# ---- server stopped -----------------------------------------------------------------
pg_stop
run_anuvad tm add --tm "postgresql://anv:pw@/postgres?host=$PGSOCK" "नया" "new"
expect_status 1 "add with the server down"
expect_err_match "postgresql://anv:\*\*\*@/postgres.*cannot connect" "server down: masked URI, cannot connect"
[ "$(printf '%s\n' "$errout" | wc -l)" = 1 ] && ok "one line when down" || fail "not one line: $errout"
run_anuvad tm lookup --tm "$PGURI" "नमस्ते"
expect_status 1 "lookup with the server down"
printf 'goto 5\nedit A confirm while the server is down.\nconfirm!\n' > "$T/s2.txt"
SOURCE_DATE_EPOCH= run_anuvad translate "$T/p.xlf" --tm "$PGURI" --script "$T/s2.txt"
expect_status 0 "translate goes on with the local copy when the server is down"
expect_err_match "working on the local copy" "says it works on the local copy"
expect_err_match "sent at the next 'anuvad translate'" "says the confirm waits"
pg_ctl_start
run_anuvad tm lookup --tm "$PGURI" "नमस्ते"
expect_out_match "Hello" "back after a restart, nothing lost"
printf 'quit\n' > "$T/s3.txt"
SOURCE_DATE_EPOCH= run_anuvad translate "$T/p.xlf" --tm "$PGURI" --script "$T/s3.txt"
expect_err_match "translations? sent to the team TM" "the waiting confirm is sent at the next session"
XDG_CACHE_HOME="$T/other" run_anuvad tm export --tm "$PGURI" -o -
expect_out_match "A confirm while the server is down." "the colleague sees it now"

# ---- reads in commit order -------------------------------------------------------
# A long write takes its change number first and commits last; a short one
# commits in between and a copy syncs then.  Read by change number, the
# copy's last number passed the long write's and its unit was never read.
psql_q "SELECT 1" >/dev/null
( psql -X -q -d "$PGURI" >/dev/null 2>&1 <<'SQL'
BEGIN;
INSERT INTO anv_units (ukey, tmx)
  SELECT md5('long write'), replace(replace(tmx, 'वह स्कूल जाता है।', 'वह दफ़्तर जाता है।'),
                                    'He goes to school.', 'He goes to the office.')
  FROM anv_units WHERE tmx LIKE '%He goes to school.%';
SELECT pg_sleep(3);
COMMIT;
SQL
) &
long=$!
sleep 1
"$ANUVAD" tm add --tm "$PGURI" 'वह बाज़ार जाता है।' 'He goes to the market.' >/dev/null 2>&1
run_anuvad tm lookup --tm "$PGURI" --json 'वह बाज़ार जाता है।'
printf '%s\n' "$out" | grep -q 'He goes to the market.' \
  && ok "the short write, committed first, is read at once" || fail "short write: $out"
wait $long
run_anuvad tm lookup --tm "$PGURI" --json 'वह दफ़्तर जाता है।'
printf '%s\n' "$out" | grep -q '"target":"He goes to the office."' \
  && ok "the long write, with the lower change number, is read when it commits" \
  || fail "the long write was skipped: $out"

# ---- translate live: each confirm committed at once; colleagues' confirms -------
# offered while the session runs (LISTEN/NOTIFY).  Translator B works through
# a FIFO so that the test acts between B's commands.
printf 'वह किताब पढ़ता है।\nवह चिट्ठी लिखता है।\n' >"$T/live.txt"
"$ANUVAD" pretranslate --tm "$T/a.tmx" -o "$T/live.xlf" "$T/live.txt" >/dev/null 2>&1
mkfifo "$T/live.fifo"
XDG_CACHE_HOME="$T/cache-b" "$ANUVAD" translate "$T/live.xlf" --tm "$PGURI" \
  --script "$T/live.fifo" >"$T/live.out" 2>"$T/live.err" &
b=$!
exec 3>"$T/live.fifo"
wait_for() { # FILE TEXT: up to 10 s
  i=0; while [ $i -lt 100 ] && ! grep -qF "$2" "$1"; do sleep 0.1; i=$((i + 1)); done
  grep -qF "$2" "$1"
}
wait_for "$T/live.out" "Segment 1 of 2" || fail "B's session did not start: $(cat "$T/live.err")"
"$ANUVAD" tm add --tm "$PGURI" 'वह किताब पढ़ता है।' 'He reads a book.' >/dev/null 2>&1
t0=$(date +%s%N)
echo show >&3
if wait_for "$T/live.out" "He reads a book."; then
  ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  ok "a colleague's confirm is offered in B's open session (${ms} ms after it was committed)"
else
  fail "B does not see A's confirm: $(cat "$T/live.out")"
fi
grep -q 'team TM: 1 new or changed unit from colleagues' "$T/live.out" \
  && ok "B is told" || fail "no notice: $(cat "$T/live.out")"
echo 'edit He is writing a letter.' >&3
echo 'goto 2' >&3
echo 'edit He writes a letter.' >&3
echo 'confirm' >&3
wait_for "$T/live.out" "confirmed segment 2" || fail "B's confirm: $(cat "$T/live.out")"
n=$(psql_q "SELECT count(*) FROM anv_units WHERE tmx LIKE '%He writes a letter.%'")
[ "$n" = 1 ] && ok "B's confirm is in the database while B's session is still open" \
  || fail "B's confirm not committed at once ($n rows)"
kill -9 $b 2>/dev/null
exec 3>&-
wait $b 2>/dev/null
XDG_CACHE_HOME="$T/cache-c" run_anuvad tm lookup --tm "$PGURI" --json 'वह चिट्ठी लिखता है।'
printf '%s\n' "$out" | grep -q '"score":100,.*"target":"He writes a letter."' \
  && ok "and stays there after B is killed: a third machine finds it" \
  || fail "after SIGKILL: $out"

finish
