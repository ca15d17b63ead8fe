#!/usr/bin/env node
// Verify a credential's Data Integrity proof (eddsa-rdfc-2022,
// ecdsa-rdfc-2019, ecdsa-jcs-2019) or Ed25519Signature2020 proof with the
// npm suites, did:key resolved locally, contexts from the offline loader.
// usage: node verify-rdfc.mjs [--suite SUITE] [--no-issuer-check]
//                             [--status-list LIST ...] [--loopback]
//                             [--no-status] FILE
//   --suite SUITE       accept only this suite (default: any of the four)
//   --no-issuer-check   check the assertionMethod proof only; by default
//                       `issuer` must be the key's controller
//   --status-list LIST  a Bitstring Status List credential file, served by
//                       its `id` (repeatable); its proof is verified and a
//                       set bit fails the credential
//   --loopback          let the loader GET status lists from http://127.0.0.1
//                       or localhost (a `microcred serve` in a test)
//   --no-status         do not check credentialStatus (reported as skipped)
// Prints {verified, suite, error?, statusResult?}; `error` says why not.
// exit: 0 verified, 1 not verified, 2 usage error
import {readJson, printJson, errToJson, usage, EXIT_OK, EXIT_FAIL}
  from './lib/common.mjs';
import {SUITES, verifySuites, proofSuite, verifyRdfc} from './lib/rdfc.mjs';
import {allowLoopback} from './lib/loader.mjs';
import {loadStatusLists, makeCheckStatus} from './lib/status.mjs';

const USAGE = 'node verify-rdfc.mjs [--suite SUITE] [--no-issuer-check] ' +
  '[--status-list LIST ...] [--loopback] [--no-status] FILE';
let only = null, noIssuerCheck = false, noStatus = false, loopback = false;
const listFiles = [];
const args = [];
const argv = process.argv.slice(2);
for(let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if(a === '--suite' && i + 1 < argv.length) only = argv[++i];
  else if(a === '--no-issuer-check') noIssuerCheck = true;
  else if(a === '--no-status') noStatus = true;
  else if(a === '--loopback') loopback = true;
  else if(a === '--status-list' && i + 1 < argv.length) {
    listFiles.push(argv[++i]);
  } else if(a.startsWith('-')) usage(USAGE);
  else args.push(a);
}
if(args.length !== 1 || (only && !SUITES[only])) usage(USAGE);
allowLoopback(loopback);

const credential = readJson(args[0]);
const suite = verifySuites(only);
let checkStatus;
if(noStatus) {
  checkStatus = async () => ({verified: true, note: 'skipped (--no-status)'});
} else {
  checkStatus = makeCheckStatus(loadStatusLists(listFiles), {suite});
}

try {
  const r = await verifyRdfc(credential, {suite, noIssuerCheck, checkStatus});
  const out = {verified: r.verified === true, suite: proofSuite(
    credential.proof)};
  if(!out.verified) {
    out.error = errToJson(r.error) ??
      (r.results || []).map(x => errToJson(x.error)).filter(Boolean);
  }
  if(r.statusResult) {
    out.statusResult = {verified: r.statusResult.verified,
      results: r.statusResult.results, note: r.statusResult.note,
      error: errToJson(r.statusResult.error)};
  }
  printJson(out);
  process.exit(out.verified ? EXIT_OK : EXIT_FAIL);
} catch(e) {
  printJson({verified: false, suite: proofSuite(credential.proof),
    error: errToJson(e)});
  process.exit(EXIT_FAIL);
}
