#!/usr/bin/env bash
# Browser check (needs the Debian package chromium, node and npm): export a sample map
# to HTML, open it in headless Chromium through playwright-core, click a component and
# check the highlighted blast radius (worked out here from the map file, independently
# of the app) and the register selection, search by name, sort the register, and take
# a screenshot (BROWSER_SHOT=path keeps it). Then time the opening of a generated
# 1,000-component map.
set -euo pipefail
cd "$(dirname "$0")/../.."

out=$(mktemp -d)
pw=$(mktemp -d)
trap 'rm -rf "$out" "$pw"' EXIT
map=sample_maps/stroke.json
cargo run --quiet -- export "$map" -o "$out/stroke.html"
cargo run --quiet -- generate --components 1000 --seed 1 -o "$out/g.json"
cargo run --quiet -- export "$out/g.json" -o "$out/g.html"
size=$(stat -c %s "$out/g.html")
[ "$size" -lt 5000000 ] || { echo "1,000-component page is $size bytes, over 5 MB"; exit 1; }

# Expected answers from the map file: everything with a path to the clicked component.
python3 - "$map" > "$out/expect.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
comps = {c["id"]: c for c in m["components"]}
target = next(c for c in m["components"] if c["name"] == "Windows Server 2012 R2 VMs")
dependants = {}
for l in m["links"]:
    dependants.setdefault(l["to"], []).append(l["from"])
seen, stack = set(), [target["id"]]
while stack:
    for d in dependants.get(stack.pop(), []):
        if d not in seen and d != target["id"]:
            seen.add(d); stack.append(d)
needs = sorted(comps[i]["name"] for i in seen if comps[i].get("kind") == "user_need")
print(json.dumps({"name": target["name"], "radius": len(seen), "needs": needs,
                  "count": len(m["components"])}))
PY

(cd "$pw" && npm init -y >/dev/null && npm install --silent --no-audit --no-fund playwright-core@1 >/dev/null)
NODE_PATH="$pw/node_modules" EXPECT="$out/expect.json" PAGE="$out/stroke.html" BIG="$out/g.html" \
  SHOT="${BROWSER_SHOT:-$out/stroke.png}" PROFILE="$out/profile" node - <<'JS'
const { chromium } = require("playwright-core");
const fs = require("fs");
const expect = JSON.parse(fs.readFileSync(process.env.EXPECT, "utf8"));
function check(ok, what) { if (!ok) { console.error("browser check failed: " + what); process.exit(1); } }
(async () => {
  const context = await chromium.launchPersistentContext(process.env.PROFILE, {
    executablePath: "/usr/bin/chromium", headless: true, viewport: { width: 1600, height: 1000 },
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const page = context.pages()[0] || await context.newPage();
  const requests = [];
  page.on("request", r => { if (!r.url().startsWith("file:")) requests.push(r.url()); });
  const errors = [];
  page.on("pageerror", e => errors.push(String(e)));
  await page.goto("file://" + process.env.PAGE);
  await page.waitForSelector("html[data-ready=true]");
  check(errors.length === 0, "script errors: " + errors.join("; "));
  const hots = await page.locator("svg.overlay .hot").count();
  check(hots === expect.count, `${hots} hotspots for ${expect.count} components`);

  // Click the component; its blast radius is highlighted and its register row selected.
  const target = page.locator(`.hot[aria-label^="${expect.name},"]`);
  check(await target.count() === 1, "one hotspot named " + expect.name);
  await target.hover();
  check(await page.locator("#tooltip").isVisible(), "tooltip on hover");
  check((await page.locator("#tooltip").innerText()).includes(expect.name), "tooltip names the component");
  await target.click();
  const impact = await page.locator(".hot.impact").count();
  check(impact === expect.radius, `${impact} highlighted, expected ${expect.radius}`);
  check(await page.locator(".hot.selected").count() === 1, "the clicked component is selected");
  const row = await page.locator("#register-table tr.selected").innerText();
  check(row.includes(expect.name), "register row selected: " + row);
  const details = await page.locator("#details").innerText();
  check(details.includes(`${expect.radius} components depend on it`), "details: " + details.slice(0, 200));
  for (const n of expect.needs) { check(details.includes(n), "affected user need listed: " + n); }
  // Every map element's own blast radius agrees with the Rust analysis's count.
  const mismatches = await page.evaluate(() => {
    const data = JSON.parse(document.getElementById("estate-data").textContent);
    const bad = [];
    for (const h of document.querySelectorAll(".hot")) {
      h.dispatchEvent(new MouseEvent("click", { bubbles: true }));
      const i = Number(h.getAttribute("data-i"));
      const lit = document.querySelectorAll(".hot.impact").length;
      if (lit !== data.components[i].blast) bad.push(data.components[i].name);
    }
    return bad;
  });
  check(mismatches.length === 0, "blast radius differs from the analysis for " + mismatches.join(", "));
  await target.click();

  // The keyboard reaches the components: Tab from the search box, then Enter selects.
  await page.keyboard.press("Escape");
  check(await page.locator(".hot.selected").count() === 0, "Escape clears the selection");
  await page.focus("#clear");
  await page.keyboard.press("Tab");
  const focused = await page.evaluate(() => document.activeElement.getAttribute("aria-label"));
  check(focused !== null, "Tab reaches a component");
  await page.keyboard.press("Enter");
  check(await page.locator(".hot.selected").getAttribute("aria-label") === focused, "Enter selects " + focused);
  await target.click();

  // Sort the register by score, ascending then descending.
  const scores = async () => (await page.locator("#register-table tbody tr td:nth-child(5)").allInnerTexts()).map(Number);
  await page.locator("#register-table th", { hasText: "Score" }).locator("button").click();
  let s = await scores();
  check(s.every((v, k) => k === 0 || s[k - 1] <= v), "ascending by score: " + s);
  await page.locator("#register-table th", { hasText: "Score" }).locator("button").click();
  s = await scores();
  check(s.every((v, k) => k === 0 || s[k - 1] >= v), "descending by score: " + s);

  // Search by name: the match is marked; Enter selects it.
  await page.fill("#find", "pas");
  const matches = await page.locator(".hot.match").count();
  check(matches >= 1, "search for 'pas' marks a match");
  check((await page.locator("#find-count").innerText()).includes("match"), "match count shown");
  await page.press("#find", "Enter");
  const sel = await page.locator(".hot.selected").getAttribute("aria-label");
  check(/PAS/i.test(sel), "Enter selects the match: " + sel);
  await page.fill("#find", "");
  await target.click();
  await page.mouse.move(5, 5);
  await page.screenshot({ path: process.env.SHOT, fullPage: false });

  // Colour by risk shows the risk scene.
  await page.check("input[name=colour][value=risk]");
  check(await page.locator("svg.scene[data-colour=risk]").isVisible(), "colour by risk");

  // A 1,000-component map opens in under a second.
  // From the start of navigation until the script has built the page and answers.
  await page.goto("file://" + process.env.BIG);
  await page.waitForSelector("html[data-ready=true]");
  const ms = Number(await page.locator("html").getAttribute("data-ready-ms"));
  console.log(`1,000-component map ready in ${ms} ms`);
  check(ms > 0 && ms < 1000, `1,000-component map took ${ms} ms to open`);
  await page.check("input[name=colour][value=dates]");
  check(await page.locator("svg.scene[data-colour=dates]").isVisible(), "colour by dates on the large map");
  check(requests.length === 0, "network requests: " + requests.join(", "));
  await context.close();
  console.log("browser check ok: click, blast radius, register selection, sort, search, colour by");
})().catch(e => { console.error(e); process.exit(1); });
JS
