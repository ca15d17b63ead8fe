#!/usr/bin/env node
// Validate an Open Badges 3.0 credential (unsigned or signed JSON) against the
// official 1EdTech AchievementCredential JSON Schema (draft 2019-09) with
// Ajv2019 + ajv-formats.
// The schema is NOT vendored here: it is read from
//   $MC_FIXTURES/ob3/ob_v3p0_achievementcredential_schema.json
// (override with --schema PATH). Without it the script skips (exit 77).
// usage: node schema.mjs [--schema PATH] FILE
// exit: 0 valid, 1 invalid (errors printed), 2 usage error, 77 skipped
import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import Ajv2019Module from 'ajv/dist/2019.js';
import addFormatsModule from 'ajv-formats';
import {readJson, printJson, usage, EXIT_OK, EXIT_FAIL, EXIT_SKIP}
  from './lib/common.mjs';

// CommonJS default-export interop
const Ajv2019 = Ajv2019Module.default ?? Ajv2019Module;
const addFormats = addFormatsModule.default ?? addFormatsModule;

const SCHEMA_REL = 'ob3/ob_v3p0_achievementcredential_schema.json';
const USAGE = 'node schema.mjs [--schema PATH] FILE';

const args = process.argv.slice(2);
let schemaPath;
const pos = [];
for(let i = 0; i < args.length; i++) {
  if(args[i] === '--schema') {
    schemaPath = args[++i];
    if(!schemaPath) usage(USAGE);
  } else if(args[i].startsWith('-')) {
    usage(USAGE);
  } else {
    pos.push(args[i]);
  }
}
if(pos.length !== 1) usage(USAGE);
const [file] = pos;

if(!schemaPath) {
  const fx = process.env.MC_FIXTURES;
  if(!fx) {
    console.log('skipped: MC_FIXTURES is not set (needs ' +
      `$MC_FIXTURES/${SCHEMA_REL}); pass --schema PATH instead`);
    process.exit(EXIT_SKIP);
  }
  schemaPath = path.join(fx, SCHEMA_REL);
}
if(!existsSync(schemaPath)) {
  console.log(`skipped: OB 3.0 schema not found at ${schemaPath}`);
  process.exit(EXIT_SKIP);
}

const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
const credential = readJson(file);

// strict:false: the 1EdTech schema uses keywords/annotations ($comment-heavy,
// "additionalItems" next to tuple "items") that Ajv's strict mode rejects.
const ajv = new Ajv2019({allErrors: true, strict: false});
addFormats(ajv);
const validate = ajv.compile(schema);
const valid = validate(credential);

printJson({
  valid,
  file,
  schema: schema.$id ?? schemaPath,
  errors: valid ? [] : validate.errors.map(e => ({
    instancePath: e.instancePath,
    keyword: e.keyword,
    message: e.message,
    params: e.params
  }))
});
process.exit(valid ? EXIT_OK : EXIT_FAIL);
