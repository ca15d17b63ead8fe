#!/usr/bin/env node
// Write an UNSIGNED status list credential (sign it with sign-di.mjs), its
// bits compressed with Node's zlib, not microcred's, so that the verifier
// is checked against lists made the way the specifications say:
//   --type bitstring  BitstringStatusListCredential (Bitstring Status List
//                     1.0): encodedList is multibase base64url ("u" prefix,
//                     no padding) of the GZIP bitstring
//   --type 2021       StatusList2021Credential (StatusList2021): encodedList
//                     is base64 (RFC 4648 section 4, padded) of the GZIP
//                     bitstring, no multibase prefix
//   --encoding ENC    write encodedList as `multibase`, `base64` or
//                     `base64url` instead of the type's own (a list written
//                     wrongly, for the verifier to refuse, or base64url,
//                     which many StatusList2021 issuers write)
//   --set I,J,...     the indexes whose bit is set (bit 0 is the first,
//                     most significant bit of the first byte)
//   --vc 1            a VC Data Model 1.1 list (its context, the
//                     StatusList2021 context, issuanceDate), as StatusList2021
//                     issuers write them; the default is VC 2.0
// The list has 131,072 bits (16 KiB), the minimum both specifications ask.
// usage: node make-status-list.mjs --type bitstring|2021 --id URL
//          --purpose revocation|suspension [--set I,J] [--encoding ENC]
//          [--vc 1] OUT
// exit: 0 written, 2 usage error
import {writeFileSync} from 'node:fs';
import {gzipSync} from 'node:zlib';
import {usage} from './lib/common.mjs';

const USAGE = 'node make-status-list.mjs --type bitstring|2021 --id URL ' +
  '--purpose revocation|suspension [--set I,J] [--encoding ENC] [--vc 1] OUT';
const opt = {set: ''};
const args = process.argv.slice(2);
while(args.length > 1 && args[0].startsWith('--')) {
  opt[args[0].slice(2)] = args[1];
  args.splice(0, 2);
}
if(args.length !== 1 || !['bitstring', '2021'].includes(opt.type) ||
  !opt.id || !opt.purpose) {
  usage(USAGE);
}
const bits = Buffer.alloc(131072 / 8);
for(const s of opt.set.split(',').filter(Boolean)) {
  const i = Number(s);
  if(!Number.isInteger(i) || i < 0 || i >= bits.length * 8) usage(USAGE);
  bits[i >> 3] |= 0x80 >> (i & 7);
}
const gz = gzipSync(bits);
const encoding = opt.encoding ??
  (opt.type === 'bitstring' ? 'multibase' : 'base64');
const encodedList = encoding === 'multibase' ?
  'u' + gz.toString('base64url') :
  encoding === 'base64url' ? gz.toString('base64url') :
    gz.toString('base64');
const t = opt.type === 'bitstring' ? 'BitstringStatusList' : 'StatusList2021';
const vc1 = opt.vc === '1';
const list = {
  '@context': vc1 ? ['https://www.w3.org/2018/credentials/v1',
    'https://w3id.org/vc/status-list/2021/v1'] :
    ['https://www.w3.org/ns/credentials/v2'],
  id: opt.id,
  type: ['VerifiableCredential', `${t}Credential`],
  issuer: 'did:example:replaced-by-the-signer',
  [vc1 ? 'issuanceDate' : 'validFrom']: '2025-01-01T00:00:00Z',
  credentialSubject: {
    id: `${opt.id}#list`,
    type: t,
    statusPurpose: opt.purpose,
    encodedList
  }
};
writeFileSync(args[0], JSON.stringify(list, null, 2) + '\n');
