# layers.sh - src/ is one folder per layer and layers only include downward.
#
# The order is the one src/README.md draws, lowest first.  A file in layer
# L may include headers of L and of the layers before it in LAYERS; a new
# folder must be added here (and to src/README.md) or this test fails.
. tests/lib.sh

LAYERS="base text segment tm match spell formats project term qa store session cli"

rank() {
  i=0
  for l in $LAYERS; do
    [ "$l" = "$1" ] && { echo $i; return; }
    i=$((i + 1))
  done
  echo -1
}

cd "$ROOT"
loose=$(ls src/*.c src/*.h 2>/dev/null | wc -l)
[ "$loose" -eq 0 ] && ok "no source file loose in src/" \
  || fail "$loose source files loose in src/"

bad=""
for dir in src/*/; do
  layer=$(basename "$dir")
  r=$(rank "$layer")
  if [ "$r" -lt 0 ]; then bad="$bad\n$layer: not a known layer"; continue; fi
  [ -f "$dir/README.md" ] || bad="$bad\n$layer: no README.md"
  for f in "$dir"*.c "$dir"*.h; do
    [ -f "$f" ] || continue
    for inc in $(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f"); do
      case $inc in
        */*) to=${inc%%/*} ;;
        *) bad="$bad\n$f: #include \"$inc\" does not name its folder"; continue ;;
      esac
      tr=$(rank "$to")
      if [ "$tr" -lt 0 ] || [ "$tr" -gt "$r" ]; then
        bad="$bad\n$f: includes $inc (layer $to is not below $layer)"
      fi
    done
  done
done
if [ -z "$bad" ]; then
  ok "every layer has a README and includes only downward"
else
  fail "layering:$(printf "$bad")"
fi

finish
