// Reads our OWM and Mermaid exports back with the real parsers (run by owm.sh, which
// installs the npm packages into NODE_PATH and writes the CASES manifest):
// - OnlineWardleyMaps: the npm package wmlandscape, "the engine that powers
//   OnlineWardleyMaps and VSCode-Wardley-Maps" (damonsk, MIT), whose UnifiedConverter is
//   OWM's frontend/src/conversion parser. Its bundle also holds OWM's React canvas, which
//   requires React, MUI and Next at load time: those UI modules are replaced by inert
//   stubs here, as the text converter never calls them (lodash.merge, which it does
//   call, is the real one).
// - Mermaid: its grammar package @mermaid-js/parser in node (the tree mermaid.parse
//   builds: components, pipelines, links, evolutions), then mermaid.parse and
//   mermaid.render of its dist bundle in headless Chromium (mermaid itself needs a DOM),
//   from a file:// page with every other request refused.
// Each case is {name, json, owm, mmd, source?}: our map file, its exports and, for an
// OWM fixture, the original text, which OWM's parser reads to give the expected map.
"use strict";
const fs = require("fs");
const path = require("path");
const os = require("os");
const Module = require("module");

const failures = [];
function fail(what) {
  failures.push(what);
  console.error("FAIL " + what);
}

// ---- OWM's own parser -------------------------------------------------------------
function stub() {
  const cache = new Map();
  return new Proxy(function () {}, {
    get(target, key) {
      if (key === Symbol.toPrimitive) return () => "";
      if (key === "__esModule") return false;
      if (key in target && key !== "prototype") return target[key];
      if (!cache.has(key)) cache.set(key, stub());
      return cache.get(key);
    },
    apply: () => stub(),
    construct: () => stub(),
  });
}
function loadOwm() {
  const load = Module._load;
  Module._load = function (request, parent) {
    if (parent && parent.filename && parent.filename.includes(`${path.sep}wmlandscape${path.sep}`) &&
      request !== "lodash.merge") {
      return stub();
    }
    return load.apply(this, arguments);
  };
  const warn = console.warn;
  console.warn = () => {};
  try {
    return require("wmlandscape");
  } finally {
    console.warn = warn;
    Module._load = load;
  }
}
const owmLib = loadOwm();
// An ES module from NODE_PATH (which import() does not search), by its "import" export.
function moduleUrl(name) {
  for (const dir of (process.env.NODE_PATH || "").split(path.delimiter)) {
    const file = path.join(dir, name, "package.json");
    if (!fs.existsSync(file)) continue;
    const entry = JSON.parse(fs.readFileSync(file, "utf8")).exports["."].import;
    return require("url").pathToFileURL(path.join(dir, name, entry)).href;
  }
  throw new Error(`${name} is not installed in NODE_PATH`);
}
const version = (name) => {
  for (const dir of (process.env.NODE_PATH || "").split(path.delimiter)) {
    const file = path.join(dir, name, "package.json");
    if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, "utf8")).version;
  }
  return "?";
};

function owmParse(text) {
  return new owmLib.UnifiedConverter(owmLib.FeatureSwitches.featureSwitches).parse(text);
}

// A comparable view of a map: its elements in order, pipelines, links, evolutions, notes.
function viewOfOwm(parsed) {
  const elements = [...parsed.anchors, ...parsed.components, ...parsed.submaps]
    .sort((a, b) => a.line - b.line)
    .map((e) => ({ name: e.name, type: e.type, at: [e.visibility, e.maturity], inertia: !!e.inertia,
      sourcing: ["build", "buy", "outsource"].find((k) => e.decorators && e.decorators[k]) || null,
      market: ["market", "ecosystem"].find((k) => e.decorators && e.decorators[k]) || null }));
  const pipelines = {};
  for (const p of parsed.pipelines) {
    pipelines[p.name] = p.components.map((v) => ({ name: v.name, maturity: v.maturity }));
  }
  // OWM pushes a labelled flow twice: links are compared as a set.
  const links = new Set(parsed.links.map((l) => JSON.stringify([l.start, l.end])));
  const evolves = {};
  for (const e of parsed.evolved) evolves[e.name] = e.maturity;
  const notes = parsed.notes.map((n) => [n.visibility, n.maturity]);
  return { elements, pipelines, links, evolves, notes, annotations: parsed.annotations.length };
}

function viewOfMap(map) {
  const byId = new Map(map.components.map((c) => [c.id, c]));
  const variant = (c) => c.pipeline_of && byId.has(c.pipeline_of);
  const elements = map.components.filter((c) => !variant(c)).map((c) => ({
    name: c.name,
    type: c.kind === "user_need" ? "anchor" : c.submap ? "submap" : "component",
    at: [c.visibility, c.evolution],
    inertia: !!c.inertia,
    sourcing: c.sourcing || null,
    market: c.market || null,
  }));
  const evolves = {};
  for (const c of map.components) {
    if (c.evolve && typeof c.evolve.evolution === "number") evolves[c.name] = c.evolve.evolution;
  }
  const pipelines = {};
  for (const c of map.components.filter(variant)) {
    const parent = byId.get(c.pipeline_of).name;
    (pipelines[parent] = pipelines[parent] || []).push({ name: c.name, maturity: c.evolution });
  }
  for (const c of map.components.filter((c) => !variant(c) && c.pipeline)) {
    pipelines[c.name] = pipelines[c.name] || [];
  }
  const links = new Set(map.links.map((l) => JSON.stringify([byId.get(l.from).name, byId.get(l.to).name])));
  const notes = (map.notes || []).map((n) => [n.visibility, n.evolution]);
  return { elements, pipelines, links, evolves, notes, annotations: (map.annotations || []).length };
}

const sorted = (o) => JSON.stringify(Object.entries(o).sort());

// `got` must hold every element of `want` at the same place, and nothing else but the
// elements `spare` allows (those on lines the parser itself rejected). `methods` maps a
// name to the sourcing a `build NAME`, `buy NAME` or `outsource NAME` line of the text
// gives it, which OWM's side (`owm`: "want" or "got") may miss.
function compare(label, want, got, { spare = () => false, methods = new Map(), owm = "got" } = {}) {
  const before = failures.length;
  const unmatched = [...got.elements];
  for (const w of want.elements) {
    const i = unmatched.findIndex((g) => g.name === w.name && g.type === w.type);
    if (i < 0) {
      fail(`${label}: no ${w.type} named ${JSON.stringify(w.name)}`);
      continue;
    }
    const g = unmatched.splice(i, 1)[0];
    if (g.at[0] !== w.at[0] || g.at[1] !== w.at[1]) {
      fail(`${label}: ${JSON.stringify(w.name)} at [${g.at}], expected [${w.at}]`);
    }
    for (const key of ["inertia", "sourcing", "market"]) {
      // This version of OWM's parser no longer reads method lines: OWM's side (the one
      // whose sourcing is null) may miss a sourcing that such a line gives.
      const [owmSide, ours] = owm === "got" ? [g, w] : [w, g];
      if (key === "sourcing" && owmSide.sourcing === null && ours.sourcing && methods.get(w.name) === ours.sourcing) {
        continue;
      }
      if (key in g && key in w && g[key] !== w[key]) {
        fail(`${label}: ${JSON.stringify(w.name)} ${key} ${g[key]}, expected ${w[key]}`);
      }
    }
  }
  for (const g of unmatched) {
    if (!spare(g.name)) fail(`${label}: an extra ${g.type} named ${JSON.stringify(g.name)} at [${g.at}]`);
  }
  if (sorted(got.evolves) !== sorted(want.evolves)) {
    fail(`${label}: evolutions ${JSON.stringify(got.evolves)}, expected ${JSON.stringify(want.evolves)}`);
  }
  for (const [name, variants] of Object.entries(want.pipelines)) {
    const g = got.pipelines[name];
    if (!g) {
      fail(`${label}: no pipeline ${JSON.stringify(name)}`);
    } else if (JSON.stringify(g) !== JSON.stringify(variants)) {
      fail(`${label}: pipeline ${JSON.stringify(name)} holds ${JSON.stringify(g)}, expected ${JSON.stringify(variants)}`);
    }
  }
  if (Object.keys(got.pipelines).length !== Object.keys(want.pipelines).length) {
    fail(`${label}: pipelines ${Object.keys(got.pipelines)}, expected ${Object.keys(want.pipelines)}`);
  }
  for (const l of want.links) {
    if (!got.links.has(l)) fail(`${label}: no link ${l}`);
  }
  for (const l of got.links) {
    if (!want.links.has(l)) fail(`${label}: extra link ${l}`);
  }
  if (JSON.stringify(got.notes) !== JSON.stringify(want.notes)) {
    fail(`${label}: notes at ${JSON.stringify(got.notes)}, expected ${JSON.stringify(want.notes)}`);
  }
  if (got.annotations !== want.annotations) {
    fail(`${label}: ${got.annotations} annotations, expected ${want.annotations}`);
  }
  return failures.length === before;
}

// The method lines of an OWM text: name -> "build" | "buy" | "outsource".
function methodLines(text) {
  const out = new Map();
  for (const line of text.split("\n")) {
    const m = line.trim().match(/^(build|buy|outsource) (.+)$/);
    if (m) out.set(m[2].trim().replace(/^"(.*)"$/, "$1").replace(/\\(.)/g, "$1"), m[1]);
  }
  return out;
}

function checkOwm(c) {
  const map = JSON.parse(fs.readFileSync(c.json, "utf8"));
  const ours = viewOfMap(map);
  if (c.source) {
    // The original text as OWM reads it is what our import must hold.
    const text = fs.readFileSync(c.source, "utf8");
    const original = owmParse(text);
    // Lines this version of OWM's parser rejects (older versions read `market NAME` and
    // `ecosystem NAME`, which it drops) may give components of ours it does not have.
    const rejected = original.errors.map((e) => text.split("\n")[e.line]);
    for (const line of rejected) console.log(`note ${c.name}: OWM's parser rejects the fixture's line ${JSON.stringify(line)}`);
    const spare = (name) => rejected.some((line) => line.includes(name));
    if (compare(`${c.name} imported (OWM's reading of the original vs our map)`, viewOfOwm(original), ours,
      { spare, methods: methodLines(text), owm: "want" })) {
      console.log(`ok   ${c.name}: OWM reads the original as ${viewOfOwm(original).elements.length} components, ` +
        `${Object.values(ours.pipelines).flat().length} pipeline variants and ${ours.links.size} links; our import has each at OWM's coordinates`);
    }
  }
  const exported = fs.readFileSync(c.owm, "utf8");
  const parsed = owmParse(exported);
  if (parsed.errors.length) {
    const lines = exported.split("\n");
    const said = parsed.errors.map((e) => `${e.message || e}: ${JSON.stringify(lines[e.line])}`);
    fail(`${c.name}.owm: OWM's parser reports errors: ${said.join("; ")}`);
  }
  if (compare(`${c.name}.owm read back by OWM`, ours, viewOfOwm(parsed), { methods: methodLines(exported) })) {
    console.log(`ok   ${c.name}.owm: OWM reads ${ours.elements.length} components, ` +
      `${Object.keys(ours.pipelines).length} pipelines, ${ours.links.size} links, ${ours.notes.length} notes, ` +
      `${ours.annotations} annotations at our coordinates, no errors`);
  }
}

// ---- Mermaid ----------------------------------------------------------------------
// Mermaid's own grammar (@mermaid-js/parser, which mermaid.parse runs) in node: the same
// components, pipelines, links and evolutions as the map.
async function checkMermaidAst(c) {
  const { parse } = await import(moduleUrl("@mermaid-js/parser"));
  const map = JSON.parse(fs.readFileSync(c.json, "utf8"));
  const label = `${c.name}.mmd read by Mermaid's grammar`;
  let ast;
  try {
    ast = await parse("wardley", fs.readFileSync(c.mmd, "utf8"));
  } catch (e) {
    fail(`${label}: ${(e && e.message) || e}`);
    return;
  }
  // The tree holds strings unquoted and unescaped.
  const name = (n) => n;
  const mine = (n) => n.replace(/[\r\n]/g, " ");
  const got = {
    elements: [...ast.anchors.map((a) => ({ ...a, type: "anchor" })),
      ...ast.components.map((a) => ({ ...a, type: "component" }))]
      .map((e) => ({ name: name(e.name), type: e.type, at: [e.visibility, e.evolution], inertia: !!e.inertia })),
    pipelines: {},
    links: new Set(ast.links.map((l) => JSON.stringify([name(l.from), name(l.to)]))),
    evolves: {},
    notes: ast.notes.map((n) => [n.visibility, n.evolution]),
    annotations: ast.annotation.length,
  };
  for (const p of ast.pipelines) {
    got.pipelines[name(p.parent)] = p.components.map((v) => ({ name: name(v.name), maturity: v.evolution }));
  }
  for (const e of ast.evolves) got.evolves[name(e.component)] = e.target;
  const want = viewOfMap(map);
  want.elements = want.elements.map((e) => ({ ...e, name: mine(e.name),
    type: e.type === "submap" ? "component" : e.type,
    // Mermaid draws no inertia on an anchor.
    inertia: e.type === "anchor" ? false : e.inertia }));
  for (const [k, v] of Object.entries(want.pipelines)) {
    delete want.pipelines[k];
    // A pipeline with no variants is written as its component alone.
    if (v.length) want.pipelines[mine(k)] = v.map((x) => ({ ...x, name: mine(x.name) }));
  }
  want.links = new Set([...want.links].map((l) => JSON.stringify(JSON.parse(l).map(mine))));
  want.evolves = Object.fromEntries(Object.entries(want.evolves).map(([k, v]) => [mine(k), v]));
  // Mermaid's annotations have one point each: one statement per annotation.
  if (compare(label, want, got)) {
    console.log(`ok   ${c.name}.mmd: Mermaid's grammar reads ${got.elements.length} components, ` +
      `${Object.keys(got.pipelines).length} pipelines, ${got.links.size} links and ${Object.keys(got.evolves).length} evolutions at our coordinates`);
  }
}

async function checkMermaid(cases) {
  const { chromium } = require("playwright-core");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "owm-mermaid-"));
  const bundle = require.resolve("mermaid/dist/mermaid.min.js");
  fs.writeFileSync(path.join(dir, "page.html"),
    `<!doctype html><html><body><script src="file://${bundle}"></script></body></html>`);
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"] });
  try {
    const page = await browser.newPage();
    const requests = [];
    await page.route("**/*", (route) => {
      if (route.request().url().startsWith("file:")) return route.continue();
      requests.push(route.request().url());
      return route.abort();
    });
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto("file://" + path.join(dir, "page.html"));
    await page.evaluate(() => mermaid.initialize({ startOnLoad: false, securityLevel: "strict" }));
    let n = 0;
    for (const c of cases) {
      const text = fs.readFileSync(c.mmd, "utf8");
      const map = JSON.parse(fs.readFileSync(c.json, "utf8"));
      const result = await page.evaluate(async ({ text, id }) => {
        try {
          await mermaid.parse(text);
        } catch (e) {
          return { error: "parse: " + String((e && e.message) || e) };
        }
        try {
          const { svg } = await mermaid.render(id, text);
          const doc = new DOMParser().parseFromString(svg, "image/svg+xml");
          return { texts: [...doc.querySelectorAll("text")].map((t) => t.textContent.trim()) };
        } catch (e) {
          return { error: "render: " + String((e && e.message) || e) };
        }
      }, { text, id: "m" + n++ });
      if (result.error) {
        fail(`${c.name}.mmd: Mermaid ${result.error}`);
        continue;
      }
      const texts = new Set(result.texts);
      const missing = map.components.filter((m) => !texts.has(m.name.replace(/\s+/g, " ").trim()));
      if (missing.length) {
        fail(`${c.name}.mmd: the SVG has no text for ${missing.map((m) => JSON.stringify(m.name)).join(", ")}`);
      } else {
        console.log(`ok   ${c.name}.mmd: mermaid ${version("mermaid")} parses and renders it, ` +
          `a text element for each of the ${map.components.length} components`);
      }
    }
    if (errors.length) fail("Mermaid page errors: " + errors.join("; "));
    if (requests.length) fail("network requests from the Mermaid page: " + requests.join(", "));
  } finally {
    await browser.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

(async () => {
  const cases = JSON.parse(fs.readFileSync(process.env.CASES, "utf8"));
  console.log(`OWM parser: wmlandscape ${version("wmlandscape")} (UnifiedConverter)`);
  for (const c of cases) checkOwm(c);
  for (const c of cases) await checkMermaidAst(c);
  await checkMermaid(cases);
  if (failures.length) {
    console.error(`owm check failed: ${failures.length} problems`);
    process.exit(1);
  }
  console.log(`owm check ok: ${cases.length} maps read back by OWM's parser and by Mermaid`);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
