# segment_eval.sh - anuvad's sentence-boundary F1 on FLORES and on the
# tricky-case set stays above the figures in tests/data/segment-thresholds.txt
# (the full comparison with ICU, Translate Toolkit and OmegaT is
# tests/eval/segment-eval.py; see docs/segmentation.md).
. tests/lib.sh

if /usr/bin/python3 "$ROOT/tests/eval/segment-eval.py" --systems anuvad \
     --anuvad "$ANUVAD" --check "$ROOT/tests/data/segment-thresholds.txt" \
     >"$T/eval.txt" 2>&1; then
  ok "boundary F1 at or above the stored thresholds"
else
  fail "boundary F1 below a threshold"
fi
cat "$T/eval.txt"
finish
