#!/usr/bin/env node
// Verify a Data Integrity (eddsa-jcs-2022, did:key) credential with
// @digitalbazaar/vc verifyCredential, fully offline.
// usage: node verify-di.mjs [--no-status] [--status-list LIST ...] [--no-issuer-check] [--no-jsonld-check] FILE
//   --no-status        do not check credentialStatus
//   --status-list LIST check credentialStatus for real against this status
//                      list credential (a file; repeat for several lists),
//                      with @digitalbazaar/vc-bitstring-status-list: the
//                      list's proof and issuer are verified and a set bit
//                      fails the verification.  Without it, a placeholder
//                      accepts every status entry and says so.
//   --no-issuer-check  only check the assertionMethod proof; do not require
//                      issuer == verification method controller (needed for
//                      the W3C test vector, whose issuer is an https URL)
//   --no-jsonld-check  skip the extra JSON-LD safe-mode expansion (offline
//                      contexts only; fails on undefined terms). The
//                      eddsa-jcs-2022 proof check itself never reads contexts.
// exit: 0 verified, 1 not verified (errors printed), 2 usage error
import {readJson, printJson, errToJson, usage, EXIT_OK, EXIT_FAIL}
  from './lib/common.mjs';
import {verifyDi, jsonldSafeCheck} from './lib/di.mjs';
import {loadStatusLists, makeCheckStatus} from './lib/status.mjs';

const USAGE = 'node verify-di.mjs [--no-status] [--status-list LIST ...] ' +
  '[--no-issuer-check] [--no-jsonld-check] FILE';
const args = process.argv.slice(2);
const statusLists = [];
let noStatus = false;
let noIssuerCheck = false;
let noJsonldCheck = false;
const files = [];
for(let i = 0; i < args.length; i++) {
  const a = args[i];
  if(a === '--status-list' && i + 1 < args.length) statusLists.push(args[++i]);
  else if(a === '--no-status') noStatus = true;
  else if(a === '--no-issuer-check') noIssuerCheck = true;
  else if(a === '--no-jsonld-check') noJsonldCheck = true;
  else if(a === '-h' || a === '--help') usage(USAGE);
  else if(a.startsWith('--')) usage(USAGE);
  else files.push(a);
}
if(files.length !== 1) usage(USAGE);

const credential = readJson(files[0]);
let result;
try {
  const checkStatus = statusLists.length ?
    makeCheckStatus(loadStatusLists(statusLists)) : undefined;
  result = await verifyDi(credential, {noStatus, noIssuerCheck, checkStatus});
} catch(e) {
  printJson({verified: false, file: files[0], error: errToJson(e)});
  process.exit(EXIT_FAIL);
}
const jsonldCheck = noJsonldCheck ? {checked: false} :
  await jsonldSafeCheck(credential);
const out = {
  verified: result.verified === true && jsonldCheck.ok !== false,
  proofVerified: result.verified === true,
  jsonldCheck,
  file: files[0],
  cryptosuite: credential?.proof?.cryptosuite,
  verificationMethod: credential?.proof?.verificationMethod,
  results: (result.results || []).map(r => ({
    verified: r.verified,
    verificationMethod: r.verificationMethod?.id,
    error: errToJson(r.error)
  })),
  issuerCheck: !noIssuerCheck,
  statusResult: result.statusResult &&
    {...result.statusResult, error: errToJson(result.statusResult.error)},
  error: errToJson(result.error)
};
printJson(out);
process.exit(out.verified ? EXIT_OK : EXIT_FAIL);
