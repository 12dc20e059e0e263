// A real OpenID provider for the tests of the unified identity login (issue 23): the npm
// package `oidc-provider` (browser/package.json) on 127.0.0.1 at a free port, with one
// confidential client, RS256 keys made at start, PKCE required, claims for a person and an
// enterprise, and RP-initiated logout. Started by crates/accounts/tests/it/oidc.rs and
// crates/web/tests/it/citizen_*.rs; no mock of the provider's checks. What the test needs
// beyond a provider:
//   /interaction/:uid     logs in the account chosen by /test/login (no login form to fill)
//   /test/login?sub=…     chooses the account of the next login
//   /test/tamper?mode=…   spoils the ID token of the next token response: signature (a
//                         flipped signature byte), expired (re-signed, exp in the past),
//                         nonce (re-signed, another nonce), foreign (signed by another key)
// Usage: node oidc_provider.mjs <redirect_uri> <post_logout_redirect_uri>
// Prints one JSON line {"issuer": "http://127.0.0.1:PORT"} once it listens.
import http from 'node:http';
import Provider from 'oidc-provider';
import * as jose from 'jose';

const [redirectUri, postLogoutUri] = process.argv.slice(2);
if (!redirectUri || !postLogoutUri) {
  console.error('usage: node oidc_provider.mjs <redirect_uri> <post_logout_redirect_uri>');
  process.exit(2);
}

const server = http.createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const { privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
const jwk = { ...(await jose.exportJWK(privateKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
const foreign = await jose.generateKeyPair('RS256', { extractable: true });

const accounts = {
  'person-1': { sub: 'person-1', name: '张三', id_number: '11010519491231002X', phone_number: '13800138000' },
  'person-2': { sub: 'person-2', name: '李四', id_number: '110105194912310038', phone_number: '13900139000' },
  'enterprise-1': {
    sub: 'enterprise-1', name: '王五', uscc: '91360702MA35G0XK08', enterprise_name: '赣州示例科技有限公司',
  },
};
let nextLogin = 'person-1';
let tamper = null;

const provider = new Provider(issuer, {
  clients: [{
    client_id: 'zhengwu',
    client_secret: 'zhengwu-test-secret-0123456789',
    redirect_uris: [redirectUri],
    post_logout_redirect_uris: [postLogoutUri],
    grant_types: ['authorization_code'],
    response_types: ['code'],
  }],
  jwks: { keys: [jwk] },
  pkce: { required: () => true },
  scopes: ['openid', 'profile', 'phone', 'idcard', 'enterprise'],
  claims: {
    openid: ['sub'],
    profile: ['name'],
    phone: ['phone_number'],
    idcard: ['id_number'],
    enterprise: ['uscc', 'enterprise_name'],
  },
  findAccount: async (_ctx, id) => (accounts[id] ? { accountId: id, claims: async () => accounts[id] } : undefined),
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
  cookies: { keys: ['zhengwu-test-cookie-key'] },
});
provider.on('server_error', (_ctx, error) => console.error('provider error', error));

async function spoil(idToken, mode) {
  const [header, payload, signature] = idToken.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
  const now = Math.floor(Date.now() / 1000);
  if (mode === 'signature') {
    const i = Math.floor(signature.length / 2);
    const flipped = signature[i] === 'A' ? 'B' : 'A';
    return `${header}.${payload}.${signature.slice(0, i)}${flipped}${signature.slice(i + 1)}`;
  }
  let key = privateKey;
  if (mode === 'expired') {
    claims.iat = now - 7200;
    claims.exp = now - 3600;
  } else if (mode === 'nonce') {
    claims.nonce = 'not-the-nonce-of-this-login';
  } else if (mode === 'foreign') {
    key = foreign.privateKey;
  }
  return new jose.SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'k1', typ: 'JWT' }).sign(key);
}

provider.use(async (ctx, next) => {
  if (ctx.path === '/test/login') {
    nextLogin = String(ctx.query.sub);
    ctx.body = 'ok';
    return;
  }
  if (ctx.path === '/test/tamper') {
    tamper = ctx.query.mode ? String(ctx.query.mode) : null;
    ctx.body = 'ok';
    return;
  }
  if (ctx.path.startsWith('/interaction/')) {
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    const grant = new provider.Grant({ accountId: nextLogin, clientId: details.params.client_id });
    grant.addOIDCScope(String(details.params.scope));
    const grantId = await grant.save();
    const to = await provider.interactionResult(
      ctx.req, ctx.res,
      { login: { accountId: nextLogin }, consent: { grantId } },
      { mergeWithLastSubmission: false },
    );
    ctx.status = 303;
    ctx.redirect(to);
    return;
  }
  await next();
  if (ctx.path === '/token' && tamper && ctx.body && ctx.body.id_token) {
    ctx.body = { ...ctx.body, id_token: await spoil(ctx.body.id_token, tamper) };
    tamper = null;
  }
});

server.on('request', provider.callback());
console.log(JSON.stringify({ issuer }));
