// VC-JWT helpers (jose).
import * as jose from 'jose';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';

export const ALGORITHMS = ['EdDSA', 'Ed25519', 'ES256', 'RS256'];
export const TYP = 'vc+jwt';

// did:key:z6Mk...[#fragment] -> Ed25519 public JWK
export async function didKeyToJwk(didUrl) {
  const did = didUrl.split('#')[0];
  const mb = did.slice('did:key:'.length);
  if(!did.startsWith('did:key:') || !mb.startsWith('z6Mk')) {
    throw new Error(`unsupported did:key (only Ed25519 z6Mk...): ${didUrl}`);
  }
  const keyPair = await Ed25519Multikey.from({publicKeyMultibase: mb});
  return Ed25519Multikey.toJwk({keyPair});
}

// Ed25519 public JWK -> {did, kid}
export async function jwkToDidKey(jwk) {
  const {publicKeyMultibase: mb} = await Ed25519Multikey.fromJwk({jwk});
  const did = `did:key:${mb}`;
  return {did, kid: `${did}#${mb}`};
}

// Public JWK -> {did, kid} as did:jwk: the base64url of the JWK's JSON
// (its public members only), whose one verification method is "#0".
export function jwkToDidJwk(jwk) {
  const pub = Object.fromEntries(Object.entries(jwk)
    .filter(([k]) => ['kty', 'crv', 'x', 'y', 'n', 'e'].includes(k)));
  const did = `did:jwk:${Buffer.from(JSON.stringify(pub)).toString('base64url')}`;
  return {did, kid: `${did}#0`};
}

// Pick the key: a JWK file (single JWK, or a JWKS `{keys: [...]}` selected by
// the header kid), an explicit did:key URL, or the literal "did:key" meaning
// "resolve the did:key named by header.kid (or payload.iss)".
export async function resolveKey(keyArg, {header, payload, readJson}) {
  let jwk;
  if(keyArg === 'did:key') {
    const ref = header.kid?.startsWith('did:key:') ? header.kid :
      (typeof payload?.iss === 'string' && payload.iss.startsWith('did:key:') ?
        payload.iss : null);
    if(!ref) throw new Error('"did:key" given but neither header.kid nor ' +
      'payload.iss is a did:key');
    jwk = await didKeyToJwk(ref);
  } else if(keyArg.startsWith('did:key:')) {
    jwk = await didKeyToJwk(keyArg);
  } else {
    const doc = readJson(keyArg);
    if(Array.isArray(doc.keys)) {
      jwk = doc.keys.find(k => header.kid && k.kid === header.kid) ??
        (doc.keys.length === 1 ? doc.keys[0] : undefined);
      if(!jwk) throw new Error(`no JWK in JWKS matches kid ${header.kid}`);
    } else {
      jwk = doc;
    }
  }
  return jwk;
}

export {jose};
