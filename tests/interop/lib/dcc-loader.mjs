// @digitalcredentials/security-document-loader as verifier-core sees it in
// verify-dcc.mjs (lib/dcc-hooks.mjs points its import here): the real
// package's loader, with its own bundled contexts and its own did:key
// resolver, built WITHOUT remote fetching; what it would have fetched over
// http(s) is answered by our offline loader (lib/loader.mjs: the pinned
// context packages, status lists given as files, loopback when allowed),
// which refuses everything else.
import {securityLoader as realSecurityLoader} from
  '@digitalcredentials/security-document-loader';
import {documentLoader as offlineLoader} from './loader.mjs';

export * from '@digitalcredentials/security-document-loader';

// Every URL verifier-core asked for and who answered it, for the report.
export const loads = [];

export function securityLoader(options = {}) {
  const real = realSecurityLoader({...options, fetchRemoteContexts: false});
  const build = real.build.bind(real);
  real.build = () => {
    const theirs = build();
    return async url => {
      try {
        const r = await theirs(url);
        loads.push({url, by: 'security-document-loader'});
        return r;
      } catch(e) {
        if(!/^https?:/.test(url)) throw e;
      }
      try {
        const r = await offlineLoader(url);
        loads.push({url, by: 'offline loader'});
        return r;
      } catch(e) {
        loads.push({url, by: 'refused', error: e.message});
        throw e;
      }
    };
  };
  return real;
}
