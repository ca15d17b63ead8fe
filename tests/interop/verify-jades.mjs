// Verify a JAdES seal (JWS JSON, unencoded payload) with npm `jose`:
// flattenedVerify with b64 false, the JAdES crit members b64 and sigT
// allowed, the key taken from the x5c leaf.
// usage: node verify-jades.mjs FILE   exit 0 verified, 1 not, 2 usage
import { readFileSync } from 'node:fs';
import { flattenedVerify, importX509, decodeProtectedHeader } from 'jose';

const file = process.argv[2];
if (!file) { console.error('usage: node verify-jades.mjs FILE'); process.exit(2); }
try {
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  const sig = doc.signatures ? doc.signatures[0] : doc;
  if (doc.signatures && doc.signatures.length !== 1) throw new Error('not one signature');
  const jws = { payload: doc.payload, protected: sig.protected, signature: sig.signature };
  if (sig.header) jws.header = sig.header;
  const hdr = decodeProtectedHeader(jws);
  const pem = '-----BEGIN CERTIFICATE-----\n' + hdr.x5c[0].match(/.{1,64}/g).join('\n') +
    '\n-----END CERTIFICATE-----\n';
  const key = await importX509(pem, hdr.alg);
  const r = await flattenedVerify(jws, key, {
    algorithms: ['RS256', 'PS256', 'ES256'],
    crit: { sigT: true, 'x5t#S256': true, adoTst: true },
  });
  console.log(JSON.stringify({ verified: true, alg: r.protectedHeader.alg,
    sigT: r.protectedHeader.sigT, payloadBytes: r.payload.length }));
} catch (e) {
  console.log(JSON.stringify({ verified: false, error: String(e && e.message || e) }));
  process.exit(1);
}
