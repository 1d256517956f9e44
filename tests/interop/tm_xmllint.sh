# tm_xmllint.sh - every TMX anuvad writes is valid TMX 1.4b: the default
# TM, a TM saved after journaled changes, and the export of every sample
# from other tools (checked with xmllint --dtdvalid against tmx14.dtd).
. tests/lib.sh

DTD="$SHARED/data/schemas/tmx14.dtd"
valid() { # FILE WHAT
  if xmllint --noout --dtdvalid "$DTD" "$1" 2>"$T/.xmllint"; then ok "$2"
  else fail "$2: $(head -n 3 "$T/.xmllint")"; fi
}

valid "$ROOT/tm/hi-en.tmx" "default TM tm/hi-en.tmx"

export SOURCE_DATE_EPOCH=1700000000
run_anuvad tm add --tm "$T/j.tmx" 'नमस्ते।' 'Hello & <welcome>.'
run_anuvad tm add --tm "$T/j.tmx" --note 'a note' 'धन्यवाद।' 'Thanks.'
valid "$T/j.tmx" "TM saved after journaled additions"

n=0
for f in "$SHARED"/data/tmx-samples/*/*.tmx; do
  case "$f" in */omegat/invalid.tmx) continue ;; esac
  rm -f "$T/s.tmx"*
  "$ANUVAD" tm import --into "$T/s.tmx" "$f" >/dev/null 2>&1 ||
    { fail "import $f"; continue; }
  "$ANUVAD" tm export --tm "$T/s.tmx" -o "$T/out.tmx" 2>/dev/null ||
    { fail "export $f"; continue; }
  if xmllint --noout --dtdvalid "$DTD" "$T/out.tmx" 2>"$T/.xmllint"; then
    n=$((n + 1))
  else
    fail "export of $f is not valid: $(head -n 3 "$T/.xmllint")"
  fi
done
if [ "$n" -eq 68 ]; then ok "exports of all 68 readable samples are valid"
else fail "only $n of 68 sample exports valid"; fi

finish
