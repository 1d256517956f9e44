# cmu-to-hindi.awk - English words and names in Devanagari, the way Hindi
# newspapers write them, from the pronunciations of the CMU Pronouncing
# Dictionary (CMUdict 0.4 as shipped by Debian's festlex-cmu, syllabified,
# BSD-style licence).  Run by the Makefile:
#
#   awk -f dict/cmu-to-hindi.awk cmudict-0.4.out >dict/hi-cmu.txt
#
# Hindi news writes English loanwords and foreign names phonetically
# (पॉइंट, जॉनसन, स्ट्राइक), and no Debian Hindi lexicon has them.  The rules
# below are the common conventions, chosen from general knowledge of Hindi
# orthography before any measurement:
#   - each phoneme maps to a letter; a vowel is a sign after a consonant and
#     an independent letter at the start or after another vowel;
#   - AA (pot / father) is written ा or ॉ, AO ॉ or ो, AY ाइ or ाई, EH े or
#     ै, UW ू or ु, OY ॉय or ॉइ: both are common, so both are produced (for
#     at most three such vowels a word);
#   - the schwa (AX, AH) is the inherent vowel; ER is the inherent vowel + र;
#   - consonants inside a syllable's onset or coda take a virama
#     (स्ट्राइक, होस्ट); between syllables both ways are produced (वॉशिंगटन,
#     जॉनसन are written without it, others with it); a coda र before a
#     consonant is half (पार्ट);
#   - N, M before a consonant become anusvara (पॉइंट); NG is ंग, or ं
#     before K/G (रैंक).
# Forms shorter than four code points are left out: English has many short
# words whose transcription is also a common Hindi typo.
# Output is NFC (nukta letters written as letter + U+093C).

function sign(ph, alt) {
    if (ph == "aa") return alt ? "ॉ" : "ा"
    if (ph == "ae") return "ै"
    if (ph == "ah" || ph == "ax") return ""
    if (ph == "ao") return alt ? "ो" : "ॉ"
    if (ph == "aw") return "ाउ"
    if (ph == "ay") return alt ? "ाई" : "ाइ"
    if (ph == "eh") return alt ? "ै" : "े"
    if (ph == "ey") return "े"
    if (ph == "ih") return "ि"
    if (ph == "iy") return "ी"
    if (ph == "ow") return "ो"
    if (ph == "oy") return alt ? "ॉइ" : "ॉय"
    if (ph == "uh") return "ु"
    if (ph == "uw") return alt ? "ु" : "ू"
    return "?"
}
function indep(ph, alt) {
    if (ph == "aa") return alt ? "ऑ" : "आ"
    if (ph == "ae") return "ऐ"
    if (ph == "ah" || ph == "ax") return "अ"
    if (ph == "ao") return alt ? "ओ" : "ऑ"
    if (ph == "aw") return "आउ"
    if (ph == "ay") return alt ? "आई" : "आइ"
    if (ph == "eh") return alt ? "ऐ" : "ए"
    if (ph == "ey") return "ए"
    if (ph == "ih") return "इ"
    if (ph == "iy") return "ई"
    if (ph == "ow") return "ओ"
    if (ph == "oy") return alt ? "ऑइ" : "ऑय"
    if (ph == "uh") return "उ"
    if (ph == "uw") return alt ? "उ" : "ऊ"
    return "?"
}
function ambiguous(ph) {
    return ph == "aa" || ph == "ao" || ph == "ay" || ph == "eh" || \
           ph == "uw" || ph == "oy"
}
BEGIN {
    split("p b t d k g f v th dh s z sh zh hh ch jh m n ng l r w y", names, " ")
    split("प ब ट ड क ग फ़ व थ द स ज़ श ज़ ह च ज म न ङ ल र व य", letters, " ")
    for (i = 1; i in names; i++) cons[names[i]] = letters[i]
    isvowel["aa"]; isvowel["ae"]; isvowel["ah"]; isvowel["ax"]; isvowel["ao"]
    isvowel["aw"]; isvowel["ay"]; isvowel["eh"]; isvowel["er"]; isvowel["ey"]
    isvowel["ih"]; isvowel["iy"]; isvowel["ow"]; isvowel["oy"]; isvowel["uh"]
    isvowel["uw"]
    H = "्"; ANUSVARA = "ं"
}
# One entry: ("word" pos (((ph ph) 1) ((ph) 0)))
/^\("/ {
    n = 0; rest = $0; bad = 0
    while (match(rest, /\(\([a-z ]+\) [0-9]\)/)) {
        syl = substr(rest, RSTART + 2, RLENGTH - 6)
        rest = substr(rest, RSTART + RLENGTH)
        k = split(syl, ph, " ")
        nv = 0
        for (j = 1; j <= k; j++) if (ph[j] in isvowel) { nv++; v = j }
        if (nv != 1) { bad = 1; break }
        for (j = 1; j < v; j++) { n++; typ[n] = "C"; p[n] = ph[j]; pos[n] = "on" }
        n++; typ[n] = "V"; pos[n] = "nu"; p[n] = ph[v] == "er" ? "ax" : ph[v]
        if (ph[v] == "er") { n++; typ[n] = "C"; p[n] = "r"; pos[n] = "co" }
        for (j = v + 1; j <= k; j++) { n++; typ[n] = "C"; p[n] = ph[j]; pos[n] = "co" }
    }
    if (bad || n == 0) next
    namb = 0
    for (i = 1; i <= n; i++) if (typ[i] == "V" && ambiguous(p[i])) namb++
    if (namb > 3) namb = 3
    for (mask = 0; mask < 2 ^ namb; mask++)
        for (cross = 0; cross <= 1; cross++) {
            s = ""; prev = ""; a = 0; ok = 1
            for (i = 1; i <= n; i++) {
                if (typ[i] == "V") {
                    alt = 0
                    if (ambiguous(p[i]) && a < namb) { alt = int(mask / 2 ^ a) % 2; a++ }
                    s = s (prev == "" || prev == "V" ? indep(p[i], alt) : sign(p[i], alt))
                    prev = "V"
                    continue
                }
                if (!(p[i] in cons)) { ok = 0; break }
                nextc = i < n && typ[i + 1] == "C"
                if (pos[i] == "co" && nextc && (p[i] == "n" || p[i] == "m" || p[i] == "ng")) {
                    s = s (p[i] == "ng" && !(p[i + 1] == "k" || p[i + 1] == "g") ? ANUSVARA "ग" : ANUSVARA)
                    prev = "N"
                    continue
                }
                if (p[i] == "ng")
                    s = s (prev == "V" ? ANUSVARA "ग" : "ङ")
                else
                    s = s cons[p[i]]
                if (nextc && (pos[i] == "on" || p[i] == "r" || pos[i + 1] == "co" || cross))
                    s = s H
                prev = "C"
            }
            if (ok && length(s) >= 12) print s   # 4 code points of 3 bytes
        }
}
