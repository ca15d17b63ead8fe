#!/usr/bin/env node
// Seal a file as JAdES B-B with npm `jose`, an independent signer, so that
// microcred's EDC verifier can be checked against a seal it did not make.
// The shape is the one ETSI TS 119 182-1 and the Commission's EDC seals
// use (DOMAIN.md section 3): JWS JSON serialization (general, or flattened
// with --flattened), unencoded payload (RFC 7797), protected header
//   {alg, b64: false, crit: ["b64", "sigT"], x5c, x5t#S256, kid, sigT,
//    cty: "application/ld+json", typ: "jose+json"}
// with x5c the chain (leaf first, standard base64 DER), x5t#S256 the
// base64url SHA-256 of the leaf, kid the standard base64 of the DER
// IssuerSerial {GeneralNames {directoryName issuer}, serialNumber}.
//   --x5t-of PEM       x5t#S256 of another certificate (a wrong one)
//   --crit-extra NAME  NAME is added to crit (and to the header, a
//                      string), a member a verifier may not know
// usage: node seal-jades.mjs [--flattened] [--x5t-of PEM] [--crit-extra NAME]
//          RS256|PS256|ES256 PAYLOAD KEY_PEM CHAIN_PEM OUT
// exit: 0 sealed, 1 failed, 2 usage error
import {readFileSync, writeFileSync} from 'node:fs';
import {createHash, createPrivateKey, X509Certificate} from 'node:crypto';
import {GeneralSign, FlattenedSign, importPKCS8} from 'jose';

const USAGE = 'node seal-jades.mjs [--flattened] [--x5t-of PEM] ' +
  '[--crit-extra NAME] RS256|PS256|ES256 PAYLOAD KEY_PEM CHAIN_PEM OUT';
const usage = () => { console.error(`usage: ${USAGE}`); process.exit(2); };

let flattened = false;
let x5tOf = null;
let critExtra = null;
const pos = [];
const argv = process.argv.slice(2);
for(let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if(a === '--flattened') flattened = true;
  else if(a === '--x5t-of' && i + 1 < argv.length) x5tOf = argv[++i];
  else if(a === '--crit-extra' && i + 1 < argv.length) critExtra = argv[++i];
  else if(a.startsWith('-')) usage();
  else pos.push(a);
}
if(pos.length !== 5) usage();
const [alg, payloadFile, keyFile, chainFile, outFile] = pos;
if(!['RS256', 'PS256', 'ES256'].includes(alg)) usage();

// The DER certificates of a PEM file, in order.
function pemCerts(file) {
  const pem = readFileSync(file, 'utf8');
  const re = /-----BEGIN CERTIFICATE-----([^-]+)-----END CERTIFICATE-----/g;
  const out = [];
  for(const m of pem.matchAll(re)) {
    out.push(Buffer.from(m[1].replace(/\s+/g, ''), 'base64'));
  }
  if(!out.length) throw new Error(`${file}: no certificate`);
  return out;
}

// One DER TLV at `off`: {tag, start (of the content), end}.
function tlv(der, off) {
  const tag = der[off];
  let len = der[off + 1];
  let start = off + 2;
  if(len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for(let i = 0; i < n; i++) len = len * 256 + der[start + i];
    start += n;
  }
  return {tag, off, start, end: start + len};
}

// DER length octets of n.
function derLen(n) {
  if(n < 0x80) return Buffer.from([n]);
  const b = [];
  for(let v = n; v > 0; v = Math.floor(v / 256)) b.unshift(v & 0xff);
  return Buffer.from([0x80 | b.length, ...b]);
}
const wrap = (tag, body) => Buffer.concat([Buffer.from([tag]), derLen(body.length), body]);

// kid: IssuerSerial (RFC 5035) of the leaf, from its TBSCertificate's own
// serialNumber and issuer TLVs.
function issuerSerialKid(der) {
  const cert = tlv(der, 0);
  const tbs = tlv(der, cert.start);
  let p = tbs.start;
  let t = tlv(der, p);
  if(t.tag === 0xa0) { p = t.end; t = tlv(der, p); } // [0] version
  if(t.tag !== 0x02) throw new Error('leaf: no serialNumber');
  const serial = der.subarray(t.off, t.end);
  t = tlv(der, t.end); // signature AlgorithmIdentifier
  t = tlv(der, t.end); // issuer Name
  if(t.tag !== 0x30) throw new Error('leaf: no issuer Name');
  const issuer = der.subarray(t.off, t.end);
  const generalNames = wrap(0x30, wrap(0xa4, issuer));
  return wrap(0x30, Buffer.concat([generalNames, serial])).toString('base64');
}

const b64url = buf => Buffer.from(buf).toString('base64url');

try {
  const chain = pemCerts(chainFile);
  const leaf = new X509Certificate(chain[0]);
  const x5tCert = x5tOf ? pemCerts(x5tOf)[0] : chain[0];
  const header = {
    alg,
    b64: false,
    crit: ['b64', 'sigT'],
    x5c: chain.map(c => c.toString('base64')),
    'x5t#S256': b64url(createHash('sha256').update(x5tCert).digest()),
    kid: issuerSerialKid(chain[0]),
    sigT: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    cty: 'application/ld+json',
    typ: 'jose+json'
  };
  const crit = {sigT: true};
  if(critExtra) {
    header.crit.push(critExtra);
    header[critExtra] = 'x';
    crit[critExtra] = true;
  }
  const keyPem = readFileSync(keyFile, 'utf8');
  if(!leaf.checkPrivateKey(createPrivateKey(keyPem))) {
    throw new Error(`${keyFile} is not the key of the leaf in ${chainFile}`);
  }
  const key = await importPKCS8(keyPem, alg);
  const payload = readFileSync(payloadFile);
  let doc;
  if(flattened) {
    doc = await new FlattenedSign(payload).setProtectedHeader(header)
      .sign(key, {crit});
  } else {
    const sig = new GeneralSign(payload);
    sig.addSignature(key, {crit}).setProtectedHeader(header);
    doc = await sig.sign();
  }
  // With b64 false jose signs over the raw payload bytes but leaves the
  // payload member empty (detached); RFC 7797 JSON serialization carries
  // it as the unencoded string, as the Commission's seals do.
  if(doc.payload !== '') throw new Error('jose wrote an encoded payload');
  doc.payload = payload.toString('utf8');
  doc = flattened ? doc : {payload: doc.payload, signatures: doc.signatures};
  writeFileSync(outFile, JSON.stringify(doc));
  console.log(JSON.stringify({sealed: true, alg, out: outFile,
    serialization: flattened ? 'flattened' : 'general',
    subject: leaf.subject.replace(/\n/g, ', ')}));
} catch(e) {
  console.error(JSON.stringify({sealed: false, error: String(e && e.message || e)}));
  process.exit(1);
}
