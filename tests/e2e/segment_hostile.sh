# segment_hostile.sh - SRX rules written to hang the segmenter (issue 14,
# item 8): a catastrophically backtracking <beforebreak> and
# <languagepattern> must stop at ICU's time limit with one line naming the
# SRX file, the rule and the input line, not run for ever.
. tests/lib.sh

srx() { # srx BEFOREBREAK LANGUAGEPATTERN
  cat <<XML
<?xml version="1.0" encoding="UTF-8"?>
<srx xmlns="http://www.lisa.org/srx20" version="2.0">
<header segmentsubflows="yes" cascade="yes"/>
<body>
<languagerules>
<languagerule languagerulename="X">
<rule break="no"><beforebreak>\\bDr\\.</beforebreak><afterbreak>\\s</afterbreak></rule>
<rule break="yes">
<beforebreak>$1</beforebreak>
<afterbreak></afterbreak>
</rule>
</languagerule>
</languagerules>
<maprules>
<languagemap languagepattern="$2" languagerulename="X"/>
</maprules>
</body>
</srx>
XML
}

srx '(a+)+b' '.*' >"$T/rule.srx"
# The line holds a b, or the segmenter would know the rule cannot match
# there (no character a match can end with) and never run it.
printf 'ok line.\n%s\n' 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaac b' >"$T/a30.txt"
status=0
timeout 60 "$ANUVAD" segment --srx "$T/rule.srx" --lang hi "$T/a30.txt" \
  >"$T/.out" 2>"$T/.err" || status=$?
errout=$(cat "$T/.err")
expect_status 1 "a backtracking beforebreak stops"
expect_err_match "^anuvad: $T/a30.txt:2: $T/rule.srx:8: rule 2 of languagerule \"X\" gave up \\(U_REGEX_TIME_OUT: the rule backtracks without end\\)$" \
  "the message names the input line, the SRX file, line and rule"
if [ "$(cat "$T/.out")" = "ok line." ]; then ok "lines before it were written"
else fail "output before the hostile line: $(cat "$T/.out")"; fi

srx 'x' '(h+)+$' >"$T/lang.srx"
status=0
timeout 60 "$ANUVAD" segment --srx "$T/lang.srx" \
  --lang hhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhx "$T/a30.txt" \
  >"$T/.out" 2>"$T/.err" || status=$?
errout=$(cat "$T/.err")
expect_status 1 "a backtracking languagepattern stops"
expect_err_match "^anuvad: $T/lang.srx:15: languagepattern gave up on language \"h{31}x\" \\(U_REGEX_TIME_OUT: the pattern backtracks without end\\)$" \
  "the message names the SRX file and the languagemap's line"

# The same engine on honest rules and a 670 kB paragraph: no false alarm.
tr '\n' ' ' <"$SHARED/data/ntrex128-hin-eng/newstest2019-ref.hin.txt" >"$T/one.txt"
for f in languagetool-segment omegat-defaultRules okapi_default_icu4j; do
  run_anuvad segment --srx "$SHARED/data/srx-rules/$f.srx" --lang hi "$T/one.txt"
  expect_status 0 "$f.srx on one long paragraph"
done

finish
