#!/usr/bin/env node
// Sign an unsigned credential with a FRESH Ed25519 did:key using
// @digitalbazaar/vc issue() + DataIntegrityProof/eddsa-jcs-2022, so that
// microcred's own verifier can be checked against an independent signer.
// The issuer is rewritten to the did:key DID (issuer.id if issuer is an
// object), any existing proof is dropped.
// usage: node sign-di.mjs [--proof-array] IN OUT
//   --proof-array  write `proof` as a one-element array (the OB 3.0 JSON
//                  Schema requires an array; @digitalbazaar/vc emits an object)
// exit: 0 signed, 1 signing failed, 2 usage error
import {writeFileSync} from 'node:fs';
import * as vc from '@digitalbazaar/vc';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {createSignCryptosuite} from
  '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import {documentLoader, didKeyDriver} from './lib/loader.mjs';
import {readJson, printJson, errToJson, usage, EXIT_OK, EXIT_FAIL}
  from './lib/common.mjs';

const USAGE = 'node sign-di.mjs [--proof-array] IN OUT';
let proofArray = false;
const args = [];
for(const a of process.argv.slice(2)) {
  if(a === '--proof-array') proofArray = true;
  else if(a.startsWith('-')) usage(USAGE);
  else args.push(a);
}
if(args.length !== 2) usage(USAGE);
const [inFile, outFile] = args;

const credential = readJson(inFile);
delete credential.proof;

try {
  const keyPair = await Ed25519Multikey.generate();
  const {didDocument} = await didKeyDriver.fromKeyPair({
    verificationKeyPair: keyPair
  });
  const did = didDocument.id;
  // did:key:<mb>#<mb>
  keyPair.id = didDocument.assertionMethod[0];
  keyPair.controller = did;

  if(credential.issuer && typeof credential.issuer === 'object') {
    credential.issuer = {...credential.issuer, id: did};
  } else {
    credential.issuer = did;
  }

  const suite = new DataIntegrityProof({
    signer: keyPair.signer(), cryptosuite: createSignCryptosuite()
  });
  const signed = await vc.issue({credential, suite, documentLoader});
  if(proofArray && !Array.isArray(signed.proof)) signed.proof = [signed.proof];
  writeFileSync(outFile, JSON.stringify(signed, null, 2) + '\n');
  printJson({
    signed: true, out: outFile, issuer: did,
    verificationMethod: [signed.proof].flat()[0].verificationMethod
  });
  process.exit(EXIT_OK);
} catch(e) {
  printJson({signed: false, error: errToJson(e)});
  process.exit(EXIT_FAIL);
}
