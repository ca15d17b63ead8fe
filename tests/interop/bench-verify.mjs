#!/usr/bin/env node
// Verify the same Data Integrity credential N times with @digitalbazaar/vc
// (same code path as verify-di.mjs; suite and loader built once, one
// untimed warm-up) and print {"verified_per_s": ...} for comparison with
// microcred's own verifier benchmark.
// usage: node bench-verify.mjs [--no-status] [--no-issuer-check] FILE N
// exit: 0 all N verified, 1 some verification failed, 2 usage error
import {performance} from 'node:perf_hooks';
import {readJson, printJson, errToJson, usage, EXIT_OK, EXIT_FAIL}
  from './lib/common.mjs';
import {verifyDi, makeVerifySuite} from './lib/di.mjs';

const USAGE =
  'node bench-verify.mjs [--no-status] [--no-issuer-check] FILE N';
let noStatus = false;
let noIssuerCheck = false;
const pos = [];
for(const a of process.argv.slice(2)) {
  if(a === '--no-status') noStatus = true;
  else if(a === '--no-issuer-check') noIssuerCheck = true;
  else if(a.startsWith('-')) usage(USAGE);
  else pos.push(a);
}
if(pos.length !== 2) usage(USAGE);
const [file, nArg] = pos;
const n = Number(nArg);
if(!Number.isInteger(n) || n < 1) usage(USAGE);

const credential = readJson(file);
const suite = makeVerifySuite();
const opts = {noStatus, noIssuerCheck, suite};

const warm = await verifyDi(credential, opts).catch(e => ({error: e}));
if(!warm.verified) {
  printJson({verified: false, file, error: errToJson(warm.error)});
  process.exit(EXIT_FAIL);
}
let failures = 0;
const t0 = performance.now();
for(let i = 0; i < n; i++) {
  const r = await verifyDi(credential, opts);
  if(!r.verified) failures++;
}
const seconds = (performance.now() - t0) / 1000;
printJson({
  verified_per_s: Number((n / seconds).toFixed(1)),
  n, seconds: Number(seconds.toFixed(3)), failures,
  verifier: '@digitalbazaar/vc verifyCredential + eddsa-jcs-2022',
  node: process.version
});
process.exit(failures ? EXIT_FAIL : EXIT_OK);
