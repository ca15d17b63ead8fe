/*!
 * The Data Integrity verifier tests of 15-di-rdfc-verify.js, with test data
 * signed by eddsa-jcs-2022 instead of eddsa-rdfc-2022: the suite at the
 * commit we run has its eddsa-jcs-2022 verifier tests only in the skipped
 * tests/deprecated/50-jcs-verify.js.  tests/interop/test_w3c_eddsa.sh
 * copies this file into the suite's tests/ folder; it uses the suite's own
 * assertion library and key, and the npm eddsa-jcs-2022 cryptosuite.
 * The previousProof tests are left out: their test vectors are static
 * fixtures that exist only for eddsa-rdfc-2022.
 */
import {
  checkDataIntegrityProofVerifyErrors
} from 'data-integrity-test-suite-assertion';
import {config} from './helpers.js';
import {
  createSignCryptosuite
} from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import {endpoints} from 'vc-test-suite-implementations';
import {getMultikey} from './vc-generator/helpers.js';

// only use implementations with `eddsa-jcs-2022` verifiers.
const {tags} = config.suites['eddsa-jcs-2022'];
const {match} = endpoints.filterByTag({
  tags: [...tags],
  property: 'verifiers'
});
const {key} = await getMultikey();

checkDataIntegrityProofVerifyErrors({
  implemented: match,
  testDescription: 'Data Integrity (eddsa-jcs-2022 verifiers)',
  testDataOptions: {
    suiteName: 'eddsa-jcs-2022',
    cryptosuite: createSignCryptosuite(),
    key
  },
  optionalTests: {proofChain: false}
});
