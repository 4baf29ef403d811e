#!/usr/bin/env bash
# Export check (needs poppler-utils and imagemagick): export maps headless to PDF and
# PNG, then check with independent tools that the PDF embeds DejaVu Sans, that its
# text holds the title and every component name, and that the PNG has the asked size.
set -euo pipefail
cd "$(dirname "$0")/../.."

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
maps=(tests/golden/stroke.json)
for m in sample_maps/*.json; do
  [ -e "$m" ] && maps+=("$m")
done

for map in "${maps[@]}"; do
  name=$(basename "$map" .json)
  cargo run --quiet -- export "$map" -o "$out/$name.pdf" --summary --subtitle "CI check"

  fonts=$(pdffonts "$out/$name.pdf")
  echo "$fonts" | grep -q "DejaVuSans " || { echo "$map: PDF lacks DejaVu Sans"; echo "$fonts"; exit 1; }
  echo "$fonts" | grep "DejaVuSans" | awk '{ if ($(NF-4) != "yes") bad=1 } END { exit bad }' \
    || { echo "$map: DejaVu Sans is not embedded"; echo "$fonts"; exit 1; }

  # Labels may wrap across lines: read in drawing order, compare without whitespace.
  text=$(pdftotext -raw "$out/$name.pdf" - | tr -d '[:space:]')
  python3 - "$map" "$text" <<'PY'
import json, re, sys
m = json.load(open(sys.argv[1]))
text = sys.argv[2]
squash = lambda s: re.sub(r"\s+", "", s)
# A crowded label may be shortened with an ellipsis (positions are data: labels give
# way, components never move), but it must still be there, and most names in full.
def shown(name):
    n = squash(name)
    return n in text or any(n[:k] + "\u2026" in text for k in range(3, len(n)))
names = [c["name"] for c in m.get("components", [])]
missing = [n for n in names if not shown(n)]
shortened = [n for n in names if squash(n) not in text]
if len(shortened) > len(names) // 4:
    missing.append(f"{len(shortened)} of {len(names)} names shortened: {shortened}")
if squash(m["title"])[:20] not in text:
    missing.append("title: " + m["title"])
if missing:
    sys.exit(f"{sys.argv[1]}: not found in the PDF text: {missing}")
PY

  cargo run --quiet -- export "$map" -o "$out/$name.png" --width 1500 --height 1000
  size=$(identify -format "%wx%h" "$out/$name.png")
  [ "$size" = "1500x1000" ] || { echo "$map: PNG is $size, not 1500x1000"; exit 1; }
  echo "$map: PDF fonts and text ok, PNG $size"
done

# The dates colouring's legend reaches the PDF text.
cargo run --quiet -- export sample_maps/stroke.json -o "$out/dates.pdf" --colour-by dates --as-of 2026-12-01
legend=$(pdftotext -raw "$out/dates.pdf" - | tr -d '[:space:]')
for words in "Supportorcontractend,1Dec2026:" "Expired" "Endswithin12months" "Status(outline):"; do
  [[ "$legend" == *"$words"* ]] || { echo "dates.pdf: legend lacks '$words'"; exit 1; }
done
echo "dates colouring: legend ok"

