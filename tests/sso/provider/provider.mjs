// panva's oidc-provider as the identity provider of the tests, on loopback, with its development
// sign-in pages (any password; the login typed is the account's id).
// Reads one JSON object on argv[2]: {port, clients: [...], accounts: {id: {email, email_verified, name}}}
// and prints "ready" once it listens.
import http from 'node:http';
import Provider from 'oidc-provider';

const setup = JSON.parse(process.argv[2]);
const issuer = `http://127.0.0.1:${setup.port}`;

const provider = new Provider(issuer, {
  clients: setup.clients,
  async findAccount(ctx, id) {
    const account = setup.accounts[id];
    if (!account) return undefined;
    return { accountId: id, async claims() { return { sub: id, ...account }; } };
  },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  cookies: { keys: ['tests-only-cookie-key'] },
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true } },
});
provider.proxy = false;

http.createServer(provider.callback()).listen(setup.port, '127.0.0.1', () => {
  process.stdout.write('ready\n');
});
