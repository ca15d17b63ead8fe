// The Data Integrity suites of sign-rdfc.mjs, verify-rdfc.mjs and
// bench-verify-rdfc.mjs: eddsa-rdfc-2022 and ecdsa-rdfc-2019 (RDF Dataset
// Canonicalization), ecdsa-jcs-2019 (JCS), and the older
// Ed25519Signature2020; their keys (Ed25519 or P-256 Multikey key pairs,
// named by did:key) and a verifier that accepts any of them.
import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import * as vc from '@digitalbazaar/vc';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from
  '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {cryptosuite as ecdsaRdfc2019} from
  '@digitalbazaar/ecdsa-rdfc-2019-cryptosuite';
import {createSignCryptosuite as ecdsaJcsSign, createVerifyCryptosuite as
  ecdsaJcsVerify} from '@digitalbazaar/ecdsa-jcs-2019-cryptosuite';
import {Ed25519Signature2020} from '@digitalbazaar/ed25519-signature-2020';
import jsigs from 'jsonld-signatures';
import {documentLoader, didKeyDriver} from './loader.mjs';

const {AssertionProofPurpose} = jsigs.purposes;

// Each suite: the key type it signs with and how to make its signing suite.
export const SUITES = {
  'eddsa-rdfc-2022': {curve: 'Ed25519',
    sign: (signer, date) => new DataIntegrityProof(
      {signer, date, cryptosuite: eddsaRdfc2022})},
  'ecdsa-rdfc-2019': {curve: 'P-256',
    sign: (signer, date) => new DataIntegrityProof(
      {signer, date, cryptosuite: ecdsaRdfc2019})},
  'ecdsa-jcs-2019': {curve: 'P-256',
    sign: (signer, date) => new DataIntegrityProof(
      {signer, date, cryptosuite: ecdsaJcsSign()})},
  'Ed25519Signature2020': {curve: 'Ed25519',
    sign: (signer, date) => new Ed25519Signature2020({signer, date})}
};

// One verifying suite per proof kind; jsonld-signatures picks the one whose
// type and cryptosuite match the proof.  `only` limits it to one name.
export function verifySuites(only) {
  const all = {
    'eddsa-rdfc-2022': () => new DataIntegrityProof(
      {cryptosuite: eddsaRdfc2022}),
    'ecdsa-rdfc-2019': () => new DataIntegrityProof(
      {cryptosuite: ecdsaRdfc2019}),
    'ecdsa-jcs-2019': () => new DataIntegrityProof(
      {cryptosuite: ecdsaJcsVerify()}),
    'Ed25519Signature2020': () => new Ed25519Signature2020()
  };
  return Object.entries(all).filter(([name]) => !only || name === only)
    .map(([, make]) => make());
}

// The suite name of a proof ("eddsa-rdfc-2022", "Ed25519Signature2020").
export function proofSuite(proof) {
  const p = [proof].flat()[0];
  if(!p) return null;
  return p.type === 'DataIntegrityProof' ? p.cryptosuite : p.type;
}

// A key pair for `curve`: read from FILE (a Multikey export with its
// secret key) when it exists, else generated and, with FILE, written there.
// Named by its did:key: keyPair.id is the verification method.
export async function loadOrMakeKey(curve, file) {
  const Multikey = curve === 'P-256' ? EcdsaMultikey : Ed25519Multikey;
  let keyPair;
  if(file && existsSync(file)) {
    keyPair = await Multikey.from(JSON.parse(readFileSync(file, 'utf8')));
    const isP256 = keyPair.publicKeyMultibase.startsWith('zDn');
    if(isP256 !== (curve === 'P-256')) {
      throw new Error(`${file}: not ${curve === 'P-256' ? 'a P-256' :
        'an Ed25519'} key`);
    }
  } else {
    keyPair = curve === 'P-256' ?
      await EcdsaMultikey.generate({curve: 'P-256'}) :
      await Ed25519Multikey.generate();
  }
  const {didDocument} = await didKeyDriver.fromKeyPair({
    verificationKeyPair: keyPair
  });
  keyPair.id = didDocument.assertionMethod[0];
  keyPair.controller = didDocument.id;
  if(file && !existsSync(file)) {
    writeFileSync(file, JSON.stringify(await keyPair.export(
      {publicKey: true, secretKey: true, includeContext: true})) + '\n');
  }
  return keyPair;
}

// Verifies `credential`'s proof with the suites above and the offline
// loader.  By default the issuer must be the key's controller
// (CredentialIssuancePurpose); noIssuerCheck checks only the
// assertionMethod proof (the W3C vectors' issuer is an https URL).
export async function verifyRdfc(credential, {
  suite, noIssuerCheck = false, checkStatus, loader = documentLoader
} = {}) {
  const opts = {
    credential: structuredClone(credential),
    suite: suite ?? verifySuites(),
    documentLoader: loader
  };
  if(noIssuerCheck) opts.purpose = new AssertionProofPurpose();
  if(credential.credentialStatus) opts.checkStatus = checkStatus;
  return vc.verifyCredential(opts);
}
