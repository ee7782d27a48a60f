#!/usr/bin/env node
// Makes a portal's signed token (an HS256 JWT) for a user, as a portal
// would for its signed-in admin: the server started with
// `--portal-jwt-key KEY` accepts it as that user (contract §12).
//
//   node scripts/portal-token.mjs --key embed/portal-demo.key \
//     --sub u-42 --name "Pat Portal" --role editor [--minutes 60]
//
// Prints the token. Only Node's own crypto: nothing to install.
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    key: { type: 'string' },
    sub: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string' },
    minutes: { type: 'string', default: '60' },
  },
});
if (!values.key || !values.sub || !values.role) {
  console.error('usage: portal-token.mjs --key FILE --sub ID [--name NAME] --role viewer|editor|admin [--minutes 60]');
  process.exit(2);
}
// The server reads the key file's bytes without surrounding whitespace.
const secret = readFileSync(values.key, 'utf8').trim();
const b64 = (v) => Buffer.from(JSON.stringify(v)).toString('base64url');
const claims = { sub: values.sub, role: values.role, exp: Math.floor(Date.now() / 1000) + 60 * Number(values.minutes) };
if (values.name) claims.name = values.name;
const unsigned = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
const signature = createHmac('sha256', secret).update(unsigned).digest('base64url');
console.log(`${unsigned}.${signature}`);
