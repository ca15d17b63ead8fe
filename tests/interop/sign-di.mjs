#!/usr/bin/env node
// Sign an unsigned credential with a FRESH Ed25519 did:key using
// @digitalbazaar/vc issue() + DataIntegrityProof/eddsa-jcs-2022, so that
// microcred's own verifier can be checked against an independent signer.
// The issuer is rewritten to the did:key DID (issuer.id if issuer is an
// object), any existing proof is dropped.
// usage: node sign-di.mjs [--proof-array] [--key FILE] [--did-web DID]
//                         [--keep-issuer] IN OUT
//   --proof-array  write `proof` as a one-element array (the OB 3.0 JSON
//                  Schema requires an array; @digitalbazaar/vc emits an object)
//   --key FILE     sign with the key pair in FILE (Multikey JSON with its
//                  secret), made and written there first when FILE does not
//                  exist: one key for a credential and its status list
//   --did-web DID  name the key DID#key-1 of the did:web DID (the issuer
//                  becomes DID) and write its DID document to OUT.did.json
//   --keep-issuer  leave `issuer` as IN has it (a credential claiming an
//                  issuer whose key this is not)
// exit: 0 signed, 1 signing failed, 2 usage error
import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import * as vc from '@digitalbazaar/vc';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {createSignCryptosuite} from
  '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import {documentLoader, didKeyDriver} from './lib/loader.mjs';
import {readJson, printJson, errToJson, usage, EXIT_OK, EXIT_FAIL}
  from './lib/common.mjs';

const USAGE = 'node sign-di.mjs [--proof-array] [--key FILE] ' +
  '[--did-web DID] [--keep-issuer] IN OUT';
let proofArray = false, keyFile = null, didWeb = null, keepIssuer = false;
const args = [];
const argv = process.argv.slice(2);
for(let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if(a === '--proof-array') proofArray = true;
  else if(a === '--keep-issuer') keepIssuer = true;
  else if(a === '--key' && i + 1 < argv.length) keyFile = argv[++i];
  else if(a === '--did-web' && argv[i + 1]?.startsWith('did:web:')) {
    didWeb = argv[++i];
  } else if(a.startsWith('-')) usage(USAGE);
  else args.push(a);
}
if(args.length !== 2) usage(USAGE);
const [inFile, outFile] = args;

const credential = readJson(inFile);
delete credential.proof;

try {
  const keyPair = keyFile && existsSync(keyFile) ?
    await Ed25519Multikey.from(JSON.parse(readFileSync(keyFile, 'utf8'))) :
    await Ed25519Multikey.generate();
  if(keyFile && !existsSync(keyFile)) {
    writeFileSync(keyFile, JSON.stringify(await keyPair.export(
      {publicKey: true, secretKey: true, includeContext: true})) + '\n');
  }
  let did;
  if(didWeb) {
    did = didWeb;
    keyPair.id = `${did}#key-1`;
    keyPair.controller = did;
    const pub = await keyPair.export({publicKey: true, includeContext: false});
    writeFileSync(`${outFile}.did.json`, JSON.stringify({
      '@context': ['https://www.w3.org/ns/did/v1',
        'https://w3id.org/security/multikey/v1'],
      id: did,
      verificationMethod: [{id: keyPair.id, type: 'Multikey', controller: did,
        publicKeyMultibase: pub.publicKeyMultibase}],
      assertionMethod: [keyPair.id]
    }, null, 2) + '\n');
  } else {
    const {didDocument} = await didKeyDriver.fromKeyPair({
      verificationKeyPair: keyPair
    });
    did = didDocument.id;
    // did:key:<mb>#<mb>
    keyPair.id = didDocument.assertionMethod[0];
    keyPair.controller = did;
  }

  if(keepIssuer) {
    // as IN has it
  } else if(credential.issuer && typeof credential.issuer === 'object') {
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
