#!/usr/bin/env node
// Verify a compact-JWS VC-JWT with jose, fully offline.
// usage: node verify-jwt.mjs [--any-typ] FILE JWK_FILE|did:key:...|did:key
//   FILE       file holding the compact JWS (surrounding whitespace ignored)
//   JWK_FILE   public JWK (or JWKS {keys:[...]}, chosen by header kid)
//   did:key:z6Mk...  Ed25519 did:key (with or without #fragment)
//   did:key    literally: take the did:key from header.kid or payload.iss
//   --any-typ  do not require header typ "vc+jwt" (diagnostics only)
// Checks: alg from the header, one of EdDSA/Ed25519/ES256/RS256 (never
// "none"/HS*); typ == "vc+jwt"; signature; exp/nbf if present.
// Prints {verified, header, payload}. exit: 0 ok, 1 not verified, 2 usage
import {readFileSync} from 'node:fs';
import {jose, ALGORITHMS, TYP, resolveKey} from './lib/jwt.mjs';
import {readJson, printJson, errToJson, usage, EXIT_OK, EXIT_FAIL}
  from './lib/common.mjs';

const USAGE =
  'node verify-jwt.mjs [--any-typ] FILE JWK_FILE|did:key:z6Mk...|did:key';
let anyTyp = false;
const pos = [];
for(const a of process.argv.slice(2)) {
  if(a === '--any-typ') anyTyp = true;
  else if(a.startsWith('-')) usage(USAGE);
  else pos.push(a);
}
if(pos.length !== 2) usage(USAGE);
const [file, keyArg] = pos;

let jws;
try {
  jws = readFileSync(file, 'utf8').trim();
} catch(e) {
  process.stderr.write(`cannot read ${file}: ${e.message}\n`);
  process.exit(2);
}

let header;
let payload;
try {
  if(jws.split('.').length !== 3) {
    throw new Error('not a compact JWS (expected 3 dot-separated parts)');
  }
  header = jose.decodeProtectedHeader(jws);
  try {
    payload = jose.decodeJwt(jws);
  } catch{}
  if(!ALGORITHMS.includes(header.alg)) {
    throw new Error(`alg "${header.alg}" not accepted (${ALGORITHMS})`);
  }
  const jwk = await resolveKey(keyArg, {header, payload, readJson});
  const key = await jose.importJWK(jwk, header.alg);
  const opts = {algorithms: ALGORITHMS};
  if(!anyTyp) opts.typ = TYP;
  const res = await jose.jwtVerify(jws, key, opts);
  printJson({
    verified: true, file, header: res.protectedHeader, payload: res.payload
  });
  process.exit(EXIT_OK);
} catch(e) {
  printJson({
    verified: false, file, header, payload,
    error: {...errToJson(e), code: e.code}
  });
  process.exit(EXIT_FAIL);
}
