#!/usr/bin/env node
// SHACL validation of a JSON-LD document, offline.
//
// usage: node shacl.mjs --shapes A.ttl [--shapes B.ttl ...]
//                       [--context URL=FILE ...] [--quiet] DATA.jsonld
//
// DATA is expanded with jsonld, using a documentLoader that serves ONLY the
// contexts given with --context plus the bundled W3C VC v1/v2 contexts
// (@digitalbazaar/credentials-context); any other URL is an error, so the
// network is never used.  The RDF (n-quads, parsed with n3 through
// @zazuko/env-node) is validated with rdf-validate-shacl against the union
// of the --shapes files.
//
// owl:imports in a shapes file are resolved offline: an ontology that is one
// of the --shapes files is already loaded; otherwise a file next to the
// importing one whose name is the last IRI segment (case-insensitive, .ttl)
// is loaded (so EDC-generic-full.ttl pulls EDC-generic-no-cv.ttl from its
// own directory).  An import of one of the vocabularies in VOCABULARIES
// below (RDF, Dublin Core, SKOS, the ELM ontology...: classes and
// properties, no shapes, so nothing to validate with) is not needed and
// is not loaded.  Any other import that cannot be resolved is an error
// (exit 2): a shapes graph with a part left out is never run.
//
// Java-style inline flags: SHACL patterns are XPath/Java regexes, and some
// shapes (the QDR's LOQ-constraints.ttl: "^(?i)(http|https):...") start
// with an inline flag group that JavaScript's RegExp rejects.  A leading
// "(?i)", "(?s)", "(?m)" or a combination (at the very start or right after
// a leading "^") is removed from the sh:pattern and its letters are added
// to the sh:flags of the same node (created when absent), which means the
// same thing; shapes read through owl:imports get the same treatment.  An
// inline group anywhere else is left as it is (and RegExp will say so).
//
// DATA may be a JAdES-sealed JSON (flattened JWS): its "payload" string is
// taken (JSON text, or base64url of it); a compact JWS (a.b.c) gives b.
//
// Output: one line per result, "severity focus-node path: message".
// Exit: 0 conforms, 1 violations, 2 usage or processing error.
import {readFileSync, existsSync, readdirSync} from 'node:fs';
import path from 'node:path';
import {Readable} from 'node:stream';
import jsonld from 'jsonld';
import rdf from '@zazuko/env-node';
import SHACLValidator from 'rdf-validate-shacl';
import * as credentialsContext from '@digitalbazaar/credentials-context';

const USAGE = 'node shacl.mjs --shapes A.ttl [--shapes B.ttl] ' +
  '[--context URL=FILE ...] [--quiet] DATA.jsonld';
const EXIT_OK = 0;
const EXIT_FAIL = 1;
const EXIT_USAGE = 2;

function die(msg) {
  process.stderr.write(`shacl.mjs: ${msg}\n`);
  process.exit(EXIT_USAGE);
}

function usage() {
  process.stderr.write(`usage: ${USAGE}\n`);
  process.exit(EXIT_USAGE);
}

const shapesFiles = [];
const contexts = new Map();
let quiet = false;
const pos = [];
const args = process.argv.slice(2);
for(let i = 0; i < args.length; i++) {
  const a = args[i];
  if(a === '--shapes') {
    if(!args[i + 1]) usage();
    shapesFiles.push(args[++i]);
  } else if(a === '--context') {
    const v = args[++i];
    const eq = v ? v.indexOf('=') : -1;
    if(eq <= 0) usage();
    const url = v.slice(0, eq);
    const file = v.slice(eq + 1);
    let doc;
    try {
      doc = JSON.parse(readFileSync(file, 'utf8'));
    } catch(e) {
      die(`--context ${url}: cannot read JSON from ${file}: ${e.message}`);
    }
    contexts.set(url, doc);
  } else if(a === '--quiet') {
    quiet = true;
  } else if(a.startsWith('-')) {
    usage();
  } else {
    pos.push(a);
  }
}
if(pos.length !== 1 || shapesFiles.length === 0) usage();
const dataFile = pos[0];

for(const [url, ctx] of credentialsContext.contexts) {
  if(!contexts.has(url)) contexts.set(url, ctx);
}

async function documentLoader(url) {
  if(contexts.has(url)) {
    return {contextUrl: null, documentUrl: url, document: contexts.get(url)};
  }
  throw new Error(`offline documentLoader: refusing to load "${url}" ` +
    '(give it with --context URL=FILE)');
}

// The credential: plain JSON-LD, a flattened JWS (JAdES) or a compact JWS.
function readData(file) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch(e) {
    die(`cannot read ${file}: ${e.message}`);
  }
  const t = text.trim();
  if(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$/.test(t)) {
    return parsePayload(t.split('.')[1], file);
  }
  let doc;
  try {
    doc = JSON.parse(text);
  } catch(e) {
    die(`${file} is not JSON: ${e.message}`);
  }
  if(doc && typeof doc.payload === 'string' && !doc['@context']) {
    return parsePayload(doc.payload, file);
  }
  return doc;
}

function parsePayload(payload, file) {
  try {
    return JSON.parse(payload);
  } catch{}
  try {
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch(e) {
    die(`${file}: the JWS payload is neither JSON nor base64url JSON`);
  }
}

async function parseTurtle(file) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch(e) {
    die(`cannot read shapes ${file}: ${e.message}`);
  }
  const stream = rdf.formats.parsers.import('text/turtle',
    Readable.from([text]), {baseIRI: 'file://' + path.resolve(file)});
  try {
    return inlineFlags(await rdf.dataset().import(stream));
  } catch(e) {
    die(`shapes ${file}: ${e.message}`);
  }
}

const SH_PATTERN = 'http://www.w3.org/ns/shacl#pattern';
const SH_FLAGS = 'http://www.w3.org/ns/shacl#flags';

// Move a leading Java inline flag group of each sh:pattern into sh:flags
// (see the header); `ds` is changed in place.
function inlineFlags(ds) {
  const edits = [];
  for(const q of ds) {
    if(q.predicate.value !== SH_PATTERN || q.object.termType !== 'Literal') {
      continue;
    }
    const m = /^(\^?)\(\?([ims]+)\)/.exec(q.object.value);
    if(m) edits.push({q, anchor: m[1], flags: m[2], rest: q.object.value.slice(m[0].length)});
  }
  for(const {q, anchor, flags, rest} of edits) {
    ds.delete(q);
    ds.add(rdf.quad(q.subject, q.predicate,
      rdf.literal(anchor + rest, q.object.datatype), q.graph));
    let have = '';
    for(const f of ds.match(q.subject, rdf.namedNode(SH_FLAGS), null, q.graph)) {
      have += f.object.value;
      ds.delete(f);
    }
    const all = [...new Set(have + flags)].join('');
    ds.add(rdf.quad(q.subject, rdf.namedNode(SH_FLAGS), rdf.literal(all), q.graph));
  }
  return ds;
}

const OWL_ONTOLOGY = 'http://www.w3.org/2002/07/owl#Ontology';
const OWL_IMPORTS = 'http://www.w3.org/2002/07/owl#imports';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

const shapes = rdf.dataset();
const ontologies = new Set();   // ontology IRIs already loaded
const importers = new Map();    // import IRI -> directory of the importer
async function addShapes(file) {
  const ds = await parseTurtle(file);
  for(const q of ds) {
    shapes.add(q);
    if(q.predicate.value === RDF_TYPE && q.object.value === OWL_ONTOLOGY) {
      ontologies.add(q.subject.value);
    }
    if(q.predicate.value === OWL_IMPORTS) {
      importers.set(q.object.value, path.dirname(path.resolve(file)));
    }
  }
}
for(const f of shapesFiles) await addShapes(f);

// owl:imports, offline (see the header).
// Vocabularies (namespace documents with no SHACL shapes) that shapes files
// import for their terms; LOQ-constraints.ttl imports these.
const VOCABULARIES = new Set([
  'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  'http://www.w3.org/2000/01/rdf-schema#',
  'http://www.w3.org/2002/07/owl#',
  'http://www.w3.org/2001/XMLSchema#',
  'http://www.w3.org/ns/shacl#',
  'http://purl.org/dc/terms/',
  'http://www.w3.org/ns/org#',
  'http://www.w3.org/ns/adms#',
  'http://xmlns.com/foaf/0.1/',
  'http://www.w3.org/2004/02/skos/core#',
  'http://www.w3.org/ns/locn#',
  'http://www.w3.org/ns/prov#',
  'http://www.w3.org/ns/regorg#',
  'http://data.europa.eu/m8g/',
  'http://data.europa.eu/snb/model/elm/',
]);
async function importGraph(node) {
  const iri = node.value;
  if(ontologies.has(iri)) return rdf.dataset();
  const dir = importers.get(iri);
  const seg = iri.replace(/[/#]+$/, '').split(/[/#]/).pop().toLowerCase();
  if(dir && seg) {
    const hit = readdirSync(dir).find(n => n.toLowerCase() === `${seg}.ttl`);
    if(hit) {
      const ds = await parseTurtle(path.join(dir, hit));
      for(const q of ds) {
        if(q.predicate.value === RDF_TYPE && q.object.value === OWL_ONTOLOGY) {
          ontologies.add(q.subject.value);
        }
      }
      if(!quiet) process.stderr.write(`owl:imports <${iri}>: read ${hit}\n`);
      return ds;
    }
  }
  if(VOCABULARIES.has(iri)) return rdf.dataset();
  die(`owl:imports <${iri}>: not found next to the importing shapes file ` +
    'and not a known vocabulary; give it with --shapes');
}

if(!existsSync(dataFile)) die(`cannot read ${dataFile}: no such file`);
const doc = readData(dataFile);
let nquads;
try {
  nquads = await jsonld.toRDF(doc, {
    format: 'application/n-quads', documentLoader, safe: true
  });
} catch(e) {
  const detail = e.details ? ` ${JSON.stringify(e.details).slice(0, 400)}` : '';
  die(`JSON-LD to RDF failed: ${e.message}${detail}`);
}
const data = rdf.dataset();
try {
  const parsed = await rdf.dataset().import(rdf.formats.parsers.import(
    'application/n-quads', Readable.from([nquads])));
  for(const q of parsed) data.add(q);
} catch(e) {
  die(`n-quads parse failed: ${e.message}`);
}
if(data.size === 0) die(`${dataFile} gives no RDF triples`);

let report;
try {
  const validator = new SHACLValidator(shapes, {factory: rdf, importGraph});
  report = await validator.validate(data);
} catch(e) {
  die(`SHACL validation failed to run: ${e.message}`);
}

function term(t) {
  if(!t) return '-';
  if(t.termType === 'NamedNode') return `<${t.value}>`;
  if(t.termType === 'BlankNode') return `_:${t.value}`;
  return JSON.stringify(t.value);
}
function pathText(p) {
  if(!p) return '-';
  if(Array.isArray(p)) return p.map(pathText).join('/');
  if(p.termType) return term(p);
  return JSON.stringify(p);
}

let violations = 0;
for(const r of report.results) {
  const sev = r.severity ? r.severity.value.replace(/.*#/, '') : 'Violation';
  if(sev === 'Violation') violations++;
  const msg = r.message.map(m => m.value).join('; ') ||
    (r.sourceConstraintComponent ? r.sourceConstraintComponent.value : '');
  process.stdout.write(`${sev} ${term(r.focusNode)} ${pathText(r.path)}: ` +
    `${msg}${r.value ? ` (value ${term(r.value)})` : ''}\n`);
}
process.stdout.write(`${path.basename(dataFile)}: ${data.size} triples, ` +
  `${report.results.length} results, ${violations} violations ` +
  `(${violations ? 'does not conform' : 'conforms'})\n`);
process.exit(violations ? EXIT_FAIL : EXIT_OK);
