# tm_import_langs.sh - `anuvad tm import` checks languages (issue 14,
# item 16): a TSV or aligned pair with the columns swapped is refused
# with the count, a header line "hi<TAB>en" is recognised, a TMX of
# another language pair says how many units the TM's pair will never
# match.
. tests/lib.sh
export XDG_CONFIG_HOME=$T/config SOURCE_DATE_EPOCH=1700000000
NTREX=$SHARED/data/ntrex128-hin-eng

# ---- swapped columns -------------------------------------------------------------
printf 'The first sentence.\tपहला वाक्य।\nThe second.\tदूसरा।\n' >"$T/swapped.tsv"
run_anuvad tm import --into "$T/a.tmx" "$T/swapped.tsv"
expect_status 1 "English in column 1 is refused"
expect_err_match "^anuvad: $T/swapped.tsv: the columns look swapped: in 2 of 2 lines the source is in Latin script and the target in Devanagari, but the TM is hi-IN -> en-US$"
[ ! -e "$T/a.tmx" ] && ok "no TM written" || fail "a.tmx written"

# the real NTREX files, given the wrong way round
run_anuvad tm import --into "$T/a.tmx" --source-file "$NTREX/newstest2019-src.eng.txt" \
  --target-file "$NTREX/newstest2019-ref.hin.txt"
expect_status 1 "NTREX aligned files swapped"
expect_err_match "the columns look swapped: in 1807 of 1997 lines"
# and the right way: one English line in the Hindi side is only a warning
run_anuvad tm import --into "$T/a.tmx" --source-file "$NTREX/newstest2019-ref.hin.txt" \
  --target-file "$NTREX/newstest2019-src.eng.txt"
expect_status 0 "NTREX aligned files"
expect_out_match "newstest2019-ref.hin.txt: read 1997, added 1997, merged 0, skipped 0$"
expect_err_match "^anuvad: warning: $NTREX/newstest2019-ref.hin.txt:681: the source is not in Devanagari script \\(hi-IN\\) on 1 of 1997 lines$"

# ---- header lines ------------------------------------------------------------------
printf 'hi\ten\nपहला वाक्य।\tThe first sentence.\nदूसरा।\tThe second.\n' >"$T/hdr.tsv"
run_anuvad tm import --into "$T/b.tmx" "$T/hdr.tsv"
expect_status 0 "hi<TAB>en header"
expect_out "$T/hdr.tsv: read 2, added 2, merged 0, skipped 0
$T/b.tmx: 2 units" "the header is not a unit"
printf 'Source\tTarget\nतीसरा।\tThe third.\n' >"$T/hdr2.tsv"
run_anuvad tm import --into "$T/b.tmx" "$T/hdr2.tsv"
expect_out_match "hdr2.tsv: read 1, added 1," "Source<TAB>Target header"
printf 'hi-IN\ten-GB\nचौथा।\tThe fourth.\n' >"$T/hdr3.tsv"
run_anuvad tm import --into "$T/b.tmx" --target-lang en-GB "$T/hdr3.tsv"
expect_out_match "hdr3.tsv: read 1, added 1," "hi-IN<TAB>en-GB header with --target-lang en-GB"
printf 'en\thi\nfirst\tपहला\n' >"$T/rev.tsv"
run_anuvad tm import --into "$T/b.tmx" "$T/rev.tsv"
expect_status 1 "en<TAB>hi header refused"
expect_err_match "^anuvad: $T/rev.tsv:1: the header says en -> hi, but the TM is hi-IN -> en-US \\(swap the columns\\)$"
printf 'hi\tfr\nपहला\tpremier\n' >"$T/fr.tsv"
run_anuvad tm import --into "$T/b.tmx" "$T/fr.tsv"
expect_status 1 "hi<TAB>fr header refused"
expect_err_match "the header says hi -> fr, but the TM is hi-IN -> en-US \\(give --source-lang and --target-lang\\)$"

# ---- a TMX of another pair ---------------------------------------------------------
cat >"$T/enzh.tmx" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="en-US" datatype="plaintext"/>
<body>
<tu><tuv xml:lang="en-US"><seg>Hello.</seg></tuv><tuv xml:lang="zh-CN"><seg>你好。</seg></tuv></tu>
<tu><tuv xml:lang="en-US"><seg>Bye.</seg></tuv><tuv xml:lang="zh-CN"><seg>再见。</seg></tuv></tu>
<tu><tuv xml:lang="hi-IN"><seg>नमस्ते।</seg></tuv><tuv xml:lang="en-US"><seg>Hello.</seg></tuv></tu>
</body></tmx>
XML
run_anuvad tm import --into "$T/c.tmx" "$T/enzh.tmx"
expect_status 0 "en->zh TMX"
expect_out "$T/enzh.tmx: read 3, added 3, merged 0, skipped 0; 2 in other languages only
$T/c.tmx: 3 units" "the count says what the pair gets"
expect_err_match "^anuvad: warning: $T/enzh.tmx:4: 2 units without both hi-IN and en-US: kept for other language pairs, never a match for hi-IN -> en-US$"
finish
