#!/usr/bin/env node
// Sign an unsigned credential with a Data Integrity suite from the npm
// registry (an independent signer for microcred's verifier) and print the
// signed credential on stdout.
// usage: node sign-rdfc.mjs [--suite SUITE] [--key FILE] [--created DATE]
//                           [--keep-issuer] [--proof-array] IN
//   --suite SUITE   eddsa-rdfc-2022 (default), ecdsa-rdfc-2019,
//                   ecdsa-jcs-2019 or Ed25519Signature2020
//   --key FILE      sign with the Multikey key pair in FILE (Ed25519 for
//                   eddsa-rdfc-2022 and Ed25519Signature2020, P-256 for the
//                   ecdsa suites), made and written there first when FILE
//                   does not exist; without it a fresh key is generated
//   --created DATE  the proof's `created` (default: now)
//   --keep-issuer   leave `issuer` as IN has it; by default it becomes the
//                   key's did:key (issuer.id when issuer is an object)
//   --proof-array   write `proof` as a one-element array (the OB 3.0 schema)
// Any proof IN has is dropped.  The signer's did:key is printed on stderr.
// exit: 0 signed, 1 signing failed, 2 usage error
import * as vc from '@digitalbazaar/vc';
import {SUITES, loadOrMakeKey} from './lib/rdfc.mjs';
import {documentLoader} from './lib/loader.mjs';
import {readJson, printJson, errToJson, usage, EXIT_OK, EXIT_FAIL}
  from './lib/common.mjs';

const USAGE = 'node sign-rdfc.mjs [--suite ' + Object.keys(SUITES).join('|') +
  '] [--key FILE] [--created DATE] [--keep-issuer] [--proof-array] IN';
let suiteName = 'eddsa-rdfc-2022', keyFile = null, created = null;
let keepIssuer = false, proofArray = false;
const args = [];
const argv = process.argv.slice(2);
for(let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if(a === '--suite' && i + 1 < argv.length) suiteName = argv[++i];
  else if(a === '--key' && i + 1 < argv.length) keyFile = argv[++i];
  else if(a === '--created' && i + 1 < argv.length) created = argv[++i];
  else if(a === '--keep-issuer') keepIssuer = true;
  else if(a === '--proof-array') proofArray = true;
  else if(a.startsWith('-')) usage(USAGE);
  else args.push(a);
}
if(args.length !== 1 || !SUITES[suiteName]) usage(USAGE);
if(created && Number.isNaN(Date.parse(created))) usage(USAGE);

const credential = readJson(args[0]);
delete credential.proof;

try {
  const suite = SUITES[suiteName];
  const keyPair = await loadOrMakeKey(suite.curve, keyFile);
  if(keepIssuer) {
    // as IN has it
  } else if(credential.issuer && typeof credential.issuer === 'object') {
    credential.issuer = {...credential.issuer, id: keyPair.controller};
  } else {
    credential.issuer = keyPair.controller;
  }
  const signed = await vc.issue({
    credential,
    suite: suite.sign(keyPair.signer(), created ? new Date(created) : undefined),
    documentLoader
  });
  if(proofArray && !Array.isArray(signed.proof)) signed.proof = [signed.proof];
  process.stderr.write(`signed with ${suiteName} by ${keyPair.controller}\n`);
  printJson(signed);
  process.exit(EXIT_OK);
} catch(e) {
  process.stderr.write(JSON.stringify({signed: false, error: errToJson(e)},
    null, 2) + '\n');
  process.exit(EXIT_FAIL);
}
