#!/usr/bin/env node
// eddsa-rdfc-2022 verifications per second of one signed credential with
// @digitalbazaar/eddsa-rdfc-2022-cryptosuite (vc.verifyCredential: JSON-LD
// expansion, RDFC-1.0, hashing, Ed25519, did:key resolved locally), on one
// thread: WARMUP untimed verifications, then N timed ones.  The proof is
// verified, not credentialStatus (that would be a list fetch, not the
// suite).  For bench/'s comparison with microcred's verifier.
// usage: node bench-verify-rdfc.mjs [-n N] [--warmup W] [--no-issuer-check]
//                                   FILE
//   -n N               timed verifications (default 500)
//   --warmup W         untimed ones first (default 50)
//   --no-issuer-check  assertionMethod only (the W3C vectors' issuer is an
//                      https URL, not the key's DID)
// Prints one line: "node eddsa-rdfc-2022 verify: X/s".
// exit: 0 every verification passed, 1 one failed, 2 usage error
import {readJson, usage, errToJson, EXIT_OK, EXIT_FAIL}
  from './lib/common.mjs';
import {proofSuite, verifyRdfc, verifySuites} from './lib/rdfc.mjs';

const USAGE = 'node bench-verify-rdfc.mjs [-n N] [--warmup W] ' +
  '[--no-issuer-check] FILE';
let n = 500, warmup = 50, noIssuerCheck = false;
const args = [];
const argv = process.argv.slice(2);
for(let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if(a === '-n' && i + 1 < argv.length) n = Number(argv[++i]);
  else if(a === '--warmup' && i + 1 < argv.length) warmup = Number(argv[++i]);
  else if(a === '--no-issuer-check') noIssuerCheck = true;
  else if(a.startsWith('-')) usage(USAGE);
  else args.push(a);
}
if(args.length !== 1 || !(n >= 1) || !(warmup >= 0)) usage(USAGE);
const credential = readJson(args[0]);
if(proofSuite(credential.proof) !== 'eddsa-rdfc-2022') {
  process.stderr.write(`${args[0]}: not an eddsa-rdfc-2022 proof\n`);
  process.exit(EXIT_FAIL);
}
const suite = verifySuites('eddsa-rdfc-2022');
const checkStatus = async () => ({verified: true});

async function once() {
  const r = await verifyRdfc(credential, {suite, noIssuerCheck, checkStatus});
  if(!r.verified) {
    process.stderr.write(JSON.stringify(errToJson(r.error), null, 2) + '\n');
    process.exit(EXIT_FAIL);
  }
}

for(let i = 0; i < warmup; i++) await once();
const t0 = process.hrtime.bigint();
for(let i = 0; i < n; i++) await once();
const s = Number(process.hrtime.bigint() - t0) / 1e9;
process.stdout.write(`node eddsa-rdfc-2022 verify: ${(n / s).toFixed(1)}/s\n`);
process.exit(EXIT_OK);
