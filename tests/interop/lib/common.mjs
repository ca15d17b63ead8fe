// Small helpers shared by the interop scripts.
import {readFileSync} from 'node:fs';

export const EXIT_OK = 0;
export const EXIT_FAIL = 1;
export const EXIT_USAGE = 2;
export const EXIT_SKIP = 77;

export function usage(line) {
  process.stderr.write(`usage: ${line}\n`);
  process.exit(EXIT_USAGE);
}

export function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch(e) {
    process.stderr.write(`cannot read JSON from ${file}: ${e.message}\n`);
    process.exit(EXIT_USAGE);
  }
}

export function printJson(obj) {
  process.stdout.write(JSON.stringify(obj, null, 2) + '\n');
}

// Turn Error objects (possibly nested / aggregated) into plain JSON.
export function errToJson(e) {
  if(!e) return e;
  if(Array.isArray(e)) return e.map(errToJson);
  if(!(e instanceof Error) && typeof e === 'object') return e;
  const out = {name: e.name, message: e.message};
  if(e.errors) out.errors = errToJson(e.errors);
  if(e.cause) out.cause = errToJson(e.cause);
  if(e.details) {
    // jsonld puts the loader's error in details.cause
    out.details = e.details.cause instanceof Error ?
      {...e.details, cause: errToJson(e.details.cause)} : e.details;
  }
  return out;
}
