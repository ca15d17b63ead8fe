// Module resolution hook for verify-dcc.mjs (registered with
// node:module register()): @digitalcredentials/verifier-core builds its
// document loader at import time from
// @digitalcredentials/security-document-loader with remote fetching on and
// takes no loader as a parameter, so its import of that package resolves
// to lib/dcc-loader.mjs instead.  Every other import resolves as usual.
const SHIM = new URL('./dcc-loader.mjs', import.meta.url).href;

export async function resolve(specifier, context, next) {
  if(specifier === '@digitalcredentials/security-document-loader' &&
    context.parentURL?.includes('/@digitalcredentials/verifier-core/')) {
    return {url: SHIM, shortCircuit: true};
  }
  return next(specifier, context);
}
