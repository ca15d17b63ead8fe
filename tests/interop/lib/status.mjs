// Bitstring Status List checks with @digitalbazaar/vc-bitstring-status-list,
// offline: the status list credentials are given as files (as a verifier
// would have fetched them from their statusListCredential URLs) and served
// by URL, by their own `id`, on top of the offline context loader.
import {readFileSync} from 'node:fs';
import {checkStatus as bslCheckStatus} from
  '@digitalbazaar/vc-bitstring-status-list';
import {documentLoader as baseLoader} from './loader.mjs';
import {makeVerifySuite} from './di.mjs';

// Status list credentials from FILES, by their `id`.
export function loadStatusLists(files) {
  const lists = new Map();
  for(const f of files) {
    const doc = JSON.parse(readFileSync(f, 'utf8'));
    if(typeof doc.id !== 'string') throw new Error(`${f}: no "id"`);
    lists.set(doc.id, doc);
  }
  return lists;
}

// A document loader that answers the status list URLs from `lists` and
// everything else as the offline loader does.
export function statusListLoader(lists) {
  return async url => {
    if(lists.has(url)) {
      return {contextUrl: null, documentUrl: url,
        document: structuredClone(lists.get(url))};
    }
    return baseLoader(url);
  };
}

// The status of `credential`: every BitstringStatusListEntry's list is
// loaded from `lists`, its eddsa-jcs-2022 proof verified, its issuer
// matched with the credential's, and the bit at statusListIndex read.
// Returns {verified (the lists could be checked), results: [{statusPurpose,
// statusListIndex, statusListCredential, status (the bit)}], error}.
export async function checkStatusLists(credential, lists, {suite} = {}) {
  const r = await bslCheckStatus({
    credential,
    documentLoader: statusListLoader(lists),
    suite: suite ?? makeVerifySuite(),
    verifyBitstringStatusListCredential: true,
    verifyMatchingIssuers: true
  });
  return {
    verified: r.verified === true,
    results: (r.results || []).map(x => ({
      statusPurpose: x.credentialStatus?.statusPurpose,
      statusListIndex: x.credentialStatus?.statusListIndex,
      statusListCredential: x.credentialStatus?.statusListCredential,
      status: x.status
    })),
    error: r.error
  };
}

// A checkStatus function for vc.verifyCredential: verified only when the
// lists check out and no bit is set (revoked or suspended).
export function makeCheckStatus(lists, {suite} = {}) {
  return async function checkStatus({credential}) {
    const r = await checkStatusLists(credential, lists, {suite});
    if(r.verified && r.results.some(x => x.status)) {
      const set = r.results.filter(x => x.status).map(x => x.statusPurpose);
      return {...r, verified: false,
        error: new Error(`status bit set: ${set.join(', ')}`)};
    }
    return r;
  };
}
