#!/usr/bin/env node
// Run the Digital Credentials Consortium's verifier (the one inside the
// Learner Credential Wallet and VerifierPlus),
// @digitalcredentials/verifier-core verifyCredential, on a credential file,
// offline, and print each check's result as JSON.
// usage: node verify-dcc.mjs [--status-list LIST ...] [--loopback]
//                            [--schema URL=FILE ...] FILE
//   --status-list LIST  a status list credential file, served by its `id`
//   --loopback          let status lists load from http://127.0.0.1 or
//                       localhost (a `microcred serve` in a test)
//   --schema URL=FILE   serve the JSON Schema FILE at URL for the schema
//                       check (repeatable); the OB 3.0 schemas in
//                       $MC_FIXTURES/ob3 are served by their $id already
// Offline: verifier-core's document loader is the DCC's own without remote
// fetching, falling back to our offline loader (lib/dcc-loader.mjs), and
// fetch() answers only the schemas above and loopback (with --loopback);
// every URL refused is listed in `refused`.
// Registry membership (`registered_issuer`) is out of scope: it is checked
// against no registry, reported under `registry` and never fails the run.
// A schema that cannot be had offline is reported as not checked.
// Prints {verified, checks: {valid_signature, expiration, revocation_status,
// schema}, registry, errors?, refused}.
// exit: 0 every check passed or was not applicable, 1 not, 2 usage error
import {readdirSync, readFileSync} from 'node:fs';
import {register} from 'node:module';
import path from 'node:path';
import {readJson, printJson, errToJson, usage, EXIT_OK, EXIT_FAIL}
  from './lib/common.mjs';
import {addDocument, allowLoopback, isLoopbackUrl} from './lib/loader.mjs';

const USAGE = 'node verify-dcc.mjs [--status-list LIST ...] [--loopback] ' +
  '[--schema URL=FILE ...] FILE';
let loopback = false;
const schemas = new Map();
const args = [];
const argv = process.argv.slice(2);
for(let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if(a === '--loopback') loopback = true;
  else if(a === '--status-list' && i + 1 < argv.length) {
    const list = readJson(argv[++i]);
    if(typeof list.id !== 'string') usage(USAGE);
    addDocument(list.id, list);
  } else if(a === '--schema' && argv[i + 1]?.includes('=')) {
    const s = argv[++i];
    const eq = s.indexOf('=');
    schemas.set(s.slice(0, eq), readJson(s.slice(eq + 1)));
  } else if(a.startsWith('-')) usage(USAGE);
  else args.push(a);
}
if(args.length !== 1) usage(USAGE);
allowLoopback(loopback);
const credential = readJson(args[0]);

// The OB 3.0 JSON Schemas of the shared fixtures, by their $id.
if(process.env.MC_FIXTURES) {
  const dir = path.join(process.env.MC_FIXTURES, 'ob3');
  let names = [];
  try {
    names = readdirSync(dir).filter(n => /schema.*\.json$/.test(n));
  } catch{}
  for(const n of names) {
    const s = JSON.parse(readFileSync(path.join(dir, n), 'utf8'));
    if(typeof s.$id === 'string' && !schemas.has(s.$id)) schemas.set(s.$id, s);
  }
}

// fetch() as verifier-core sees it: schemas and loopback, nothing else.
const refused = [];
const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const url = typeof input === 'string' ? input : input?.url ?? String(input);
  if(schemas.has(url)) {
    return new Response(JSON.stringify(schemas.get(url)),
      {headers: {'content-type': 'application/json'}});
  }
  if(loopback && isLoopbackUrl(url)) return realFetch(input, init);
  refused.push(url);
  throw new TypeError(`offline: refusing to fetch ${url}`);
};

register('./lib/dcc-hooks.mjs', import.meta.url);
const {verifyCredential} = await import('@digitalcredentials/verifier-core');
const {loads} = await import('./lib/dcc-loader.mjs');

// verifier-core logs registry and schema trouble with console.log/error;
// keep stdout for the JSON.
console.log = console.error;

const STEPS = ['valid_signature', 'expiration', 'revocation_status'];
try {
  const r = await verifyCredential({credential, knownDIDRegistries: []});
  const checks = {};
  let registry = null;
  for(const entry of r.log || []) {
    const {id, ...rest} = entry;
    if(id === 'registered_issuer') {
      registry = {note: 'out of scope: checked against no registry',
        ...rest};
    } else {
      checks[id] = {...rest, error: errToJson(rest.error)};
    }
  }
  for(const step of STEPS) {
    if(!checks[step]) checks[step] = {applicable: false};
  }
  const schemaEntry = (r.additionalInformation || [])
    .find(x => x.id === 'schema_check');
  checks.schema = schemaResult(schemaEntry);
  const failed = Object.entries(checks).filter(([, c]) =>
    c.applicable !== false && c.checked !== false && c.valid !== true);
  const out = {
    verified: !r.errors && failed.length === 0,
    checks,
    registry
  };
  if(r.errors) {
    out.errors = r.errors.map(e => ({name: e.name, message: e.message}));
  }
  if(failed.length) out.failed = failed.map(([id]) => id);
  out.loaded = [...new Map(loads.map(x => [x.url + ' ' + x.by, x])).values()];
  out.refused = refused;
  printJson(out);
  process.exit(out.verified ? EXIT_OK : EXIT_FAIL);
} catch(e) {
  printJson({verified: false, error: errToJson(e), refused});
  process.exit(EXIT_FAIL);
}

// verifier-core's schema_check entry as a check: valid when every schema
// validated; not checked when there is no schema for the credential or
// it could not be had offline.
function schemaResult(entry) {
  if(!entry) return {checked: false, note: 'no schema_check entry'};
  if(typeof entry.results === 'string') {
    const offline = refused.some(u => /schema/i.test(u));
    if(entry.results === 'NO_SCHEMA' || offline) {
      return {checked: false, note: offline ?
        'schema not available offline' : entry.results};
    }
    return {checked: true, valid: false, note: entry.results};
  }
  return {
    checked: true,
    valid: entry.results.every(x => x.result?.valid === true),
    results: entry.results.map(x => ({schema: x.schema, valid: x.result?.valid,
      errors: x.result?.errors?.slice(0, 5)}))
  };
}
