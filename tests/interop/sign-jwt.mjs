#!/usr/bin/env node
// Sign an unsigned credential as a VC-JWT (compact JWS) with jose and a
// FRESH key, so microcred's JWT verifier can be checked against an
// independent signer.
//   --alg EdDSA (default): an Ed25519 key named by its did:key,
//     header {alg: "EdDSA", typ: "vc+jwt", kid: "did:key:z6Mk...#z6Mk..."}
//   --alg RS256 | ES256: an RSA 2048 or P-256 key named by its did:jwk
//     (the base64url of the public JWK), kid "did:jwk:...#0"
//   payload the credential (proof removed, issuer rewritten to the DID)
//           plus iss (issuer), jti (credential id), sub (subject id),
//           nbf (validFrom), exp (validUntil), iat (now), where available.
// Writes OUT (the JWS, one line) and OUT.jwk.json (the public JWK, with kid).
//   --key FILE  sign with the private JWK in FILE, made and written there
//               first when FILE does not exist
//   --iss URL   the issuer is URL (an https issuer publishing a JWKS), not
//               the key's DID; the kid is then "key-1" unless --kid says
//   --kid KID   the header's kid; --no-kid: no kid in the header
// usage: node sign-jwt.mjs [--alg EdDSA|RS256|ES256] [--key FILE]
//                          [--iss URL] [--kid KID | --no-kid] IN OUT
// exit: 0 signed, 1 failed, 2 usage error
import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import {jose, jwkToDidKey, jwkToDidJwk, TYP} from './lib/jwt.mjs';
import {readJson, printJson, errToJson, usage, EXIT_OK, EXIT_FAIL}
  from './lib/common.mjs';

const USAGE = 'node sign-jwt.mjs [--alg EdDSA|RS256|ES256] [--key FILE] ' +
  '[--iss URL] [--kid KID | --no-kid] IN OUT   (writes OUT and OUT.jwk.json)';
const args = process.argv.slice(2);
let alg = 'EdDSA', keyFile = null, issUrl = null, kidArg, noKid = false;
for(;;) {
  const opt = args[0];
  if(opt === '--no-kid') {
    noKid = true;
    args.shift();
    continue;
  }
  if(!['--alg', '--key', '--iss', '--kid'].includes(opt)) break;
  if(args.length < 2) usage(USAGE);
  const v = args[1];
  args.splice(0, 2);
  if(opt === '--alg') alg = v;
  else if(opt === '--key') keyFile = v;
  else if(opt === '--iss') issUrl = v;
  else kidArg = v;
}
if(!['EdDSA', 'RS256', 'ES256'].includes(alg)) usage(USAGE);
if(args.length !== 2 || args[0].startsWith('-')) usage(USAGE);
const [inFile, outFile] = args;
const credential = readJson(inFile);
delete credential.proof;

const secs = s => {
  const t = Date.parse(s);
  return Number.isFinite(t) ? Math.floor(t / 1000) : undefined;
};

try {
  let publicKey, privateKey;
  if(keyFile && existsSync(keyFile)) {
    const priv = JSON.parse(readFileSync(keyFile, 'utf8'));
    privateKey = await jose.importJWK(priv, alg);
    const {d, p, q, dp, dq, qi, ...pub} = priv;
    publicKey = await jose.importJWK(pub, alg);
  } else {
    ({publicKey, privateKey} = alg === 'EdDSA' ?
      await jose.generateKeyPair('EdDSA', {crv: 'Ed25519', extractable: true}) :
      await jose.generateKeyPair(alg, {modulusLength: 2048, extractable: true}));
    if(keyFile) {
      writeFileSync(keyFile,
        JSON.stringify(await jose.exportJWK(privateKey)) + '\n');
    }
  }
  const jwk = await jose.exportJWK(publicKey);
  let {did, kid} = alg === 'EdDSA' ? await jwkToDidKey(jwk) :
    jwkToDidJwk(jwk);
  if(issUrl) {
    did = issUrl;
    kid = 'key-1';
  }
  if(kidArg !== undefined) kid = kidArg;
  jwk.kid = kid;
  jwk.alg = alg;
  jwk.use = 'sig';

  if(credential.issuer && typeof credential.issuer === 'object') {
    credential.issuer = {...credential.issuer, id: did};
  } else {
    credential.issuer = did;
  }
  const claims = {...credential, iss: did};
  if(credential.id) claims.jti = credential.id;
  const subj = Array.isArray(credential.credentialSubject) ?
    credential.credentialSubject[0] : credential.credentialSubject;
  if(subj?.id) claims.sub = subj.id;
  const nbf = secs(credential.validFrom ?? credential.issuanceDate);
  if(nbf !== undefined) claims.nbf = nbf;
  const exp = secs(credential.validUntil ?? credential.expirationDate);
  if(exp !== undefined) claims.exp = exp;
  claims.iat = Math.floor(Date.now() / 1000);

  const jws = await new jose.SignJWT(claims)
    .setProtectedHeader(noKid ? {alg, typ: TYP} : {alg, typ: TYP, kid})
    .sign(privateKey);
  writeFileSync(outFile, jws + '\n');
  writeFileSync(`${outFile}.jwk.json`, JSON.stringify(jwk, null, 2) + '\n');
  printJson({signed: true, out: outFile, jwk: `${outFile}.jwk.json`, kid});
  process.exit(EXIT_OK);
} catch(e) {
  printJson({signed: false, error: errToJson(e)});
  process.exit(EXIT_FAIL);
}
