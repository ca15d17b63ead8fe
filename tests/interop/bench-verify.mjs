#!/usr/bin/env node
// Verify a set of distinct Data Integrity credentials, each once, with
// @digitalbazaar/vc (same code path as verify-di.mjs; suite and loader
// built once, one untimed warm-up on the first) and print
// {"verified_per_s": ..., "cpu_per_s": ...} for comparison with
// microcred's own verifier benchmark (bench/bench_credentials.c).
//
// Status is checked for real: each credentialStatus entry's list is read
// from the LIST files given (served offline by their `id`, as if fetched
// from statusListCredential), its proof verified and its bit read with
// @digitalbazaar/vc-bitstring-status-list (lib/status.mjs).  A credential
// whose bit is set fails.  With --no-status the status is not checked at
// all; there is no placeholder that accepts every entry.
//
// usage: node bench-verify.mjs [--no-status] [--no-issuer-check]
//          [--status-list LIST]... CREDENTIALS
//   CREDENTIALS  a file of credentials, one JSON document per line
// Prints n, failures (credentials not verified), status_checks (calls of
// the status check), seconds (wall), cpu_seconds (this process's user +
// system time, so that a busy machine slows both sides alike).
// exit: 0 all verified, 1 some failed, 2 usage error
import {readFileSync} from 'node:fs';
import {performance} from 'node:perf_hooks';
import {printJson, errToJson, usage, EXIT_OK, EXIT_FAIL}
  from './lib/common.mjs';
import {verifyDi, makeVerifySuite} from './lib/di.mjs';
import {loadStatusLists, makeCheckStatus} from './lib/status.mjs';

const USAGE = 'node bench-verify.mjs [--no-status] [--no-issuer-check] ' +
  '[--status-list LIST]... CREDENTIALS';
const argv = process.argv.slice(2);
let noStatus = false;
let noIssuerCheck = false;
const listFiles = [];
const pos = [];
for(let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if(a === '--no-status') noStatus = true;
  else if(a === '--no-issuer-check') noIssuerCheck = true;
  else if(a === '--status-list' && i + 1 < argv.length) {
    listFiles.push(argv[++i]);
  } else if(a.startsWith('-')) usage(USAGE);
  else pos.push(a);
}
if(pos.length !== 1) usage(USAGE);

const credentials = readFileSync(pos[0], 'utf8').split('\n')
  .filter(line => line.trim()).map(line => JSON.parse(line));
if(!credentials.length) usage(USAGE);
const withStatus = credentials.filter(c => c.credentialStatus).length;
if(withStatus && !noStatus && !listFiles.length) {
  console.error('bench-verify.mjs: credentials have credentialStatus: ' +
    'give their --status-list files, or --no-status');
  process.exit(2);
}

const suite = makeVerifySuite();
let statusChecks = 0;
let checkStatus;
if(!noStatus && listFiles.length) {
  const check = makeCheckStatus(loadStatusLists(listFiles), {suite});
  checkStatus = async options => {
    statusChecks++;
    return check(options);
  };
}
const opts = {noStatus, noIssuerCheck, suite, checkStatus};

const warm = await verifyDi(credentials[0], opts).catch(e => ({error: e}));
if(!warm.verified) {
  printJson({verified: false, warm_up: 0,
    error: errToJson(warm.error ?? warm.statusResult?.error ??
      warm.results?.find(r => !r.verified)?.error)});
  process.exit(EXIT_FAIL);
}
statusChecks = 0;
const failed = [];
const cpu0 = process.cpuUsage();
const t0 = performance.now();
for(let i = 0; i < credentials.length; i++) {
  const r = await verifyDi(credentials[i], opts).catch(e => ({error: e}));
  if(!r.verified) failed.push(i);
}
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const n = credentials.length;
printJson({
  verified_per_s: Number((n / seconds).toFixed(1)),
  cpu_per_s: Number((n / cpuSeconds).toFixed(1)),
  n, failures: failed.length, failed: failed.slice(0, 10),
  status: noStatus ? 'off' : (checkStatus ? 'checked' : 'none present'),
  status_checks: statusChecks, with_status: withStatus,
  seconds: Number(seconds.toFixed(3)),
  cpu_seconds: Number(cpuSeconds.toFixed(3)),
  verifier: '@digitalbazaar/vc verifyCredential + eddsa-jcs-2022' +
    (checkStatus ? ' + vc-bitstring-status-list' : ''),
  node: process.version
});
process.exit(failed.length ? EXIT_FAIL : EXIT_OK);
