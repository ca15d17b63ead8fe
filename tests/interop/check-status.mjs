#!/usr/bin/env node
// Read a credential's Bitstring Status List bits with an independent
// implementation, @digitalbazaar/vc-bitstring-status-list: each
// BitstringStatusListEntry's status list credential (given as LIST files,
// served offline by their `id`) has its eddsa-jcs-2022 proof verified
// with @digitalbazaar/vc, its issuer matched with the credential's, its
// encodedList decoded, and the bit at statusListIndex read.
// Prints {"verified": ..., "results": [{statusPurpose, statusListIndex,
// statusListCredential, status}]} (status: the bit, true when set).
// usage: node check-status.mjs --list FILE [--list FILE ...] CREDENTIAL
// exit: 0 the lists verified and were read, 1 not, 2 usage error
import {readJson, printJson, errToJson, usage, EXIT_OK, EXIT_FAIL}
  from './lib/common.mjs';
import {loadStatusLists, checkStatusLists} from './lib/status.mjs';

const USAGE = 'node check-status.mjs --list FILE [--list FILE ...] CREDENTIAL';
const argv = process.argv.slice(2);
const listFiles = [];
const pos = [];
for(let i = 0; i < argv.length; i++) {
  if(argv[i] === '--list' && i + 1 < argv.length) listFiles.push(argv[++i]);
  else if(argv[i].startsWith('-')) usage(USAGE);
  else pos.push(argv[i]);
}
if(pos.length !== 1 || !listFiles.length) usage(USAGE);

const credential = readJson(pos[0]);
try {
  const r = await checkStatusLists(credential, loadStatusLists(listFiles));
  printJson({...r, error: errToJson(r.error)});
  process.exit(r.verified ? EXIT_OK : EXIT_FAIL);
} catch(e) {
  printJson({verified: false, error: errToJson(e)});
  process.exit(EXIT_FAIL);
}
