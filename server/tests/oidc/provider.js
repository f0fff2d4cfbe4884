// Minimal OIDC test peer (oidc-provider 9.x). Usage:
//   OIDC_REDIRECT_URIS=http://127.0.0.1:3000/auth/oidc/callback node provider.js [port]
// Port from argv[2] or $PORT; 0/unset = ephemeral. Prints the bound port on stdout once listening.
// No form: GET /interaction/:uid logs in the account named by login_hint and grants 'openid email'.
// Uses dynamic import() only, so it runs whether package.json says "type": "module" or not.
async function main() {
  const http = await import('node:http');
  const crypto = await import('node:crypto');
  const { default: Provider } = await import('oidc-provider');

  const redirectUris = (process.env.OIDC_REDIRECT_URIS || 'http://127.0.0.1:3000/auth/oidc/callback')
    .split(',').map((s) => s.trim()).filter(Boolean);
  const defaultEmail = process.env.OIDC_DEFAULT_EMAIL || 'user@example.com';
  // Fresh RS256 signing key per run (avoids oidc-provider's public dev keystore + warning).
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'petrel-test', alg: 'RS256', use: 'sig' };

  let provider; let handle; // created after listen() so the issuer carries the real port
  const server = http.createServer(async (req, res) => {
    try {
      // No SSO: hide the OP session cookie from /auth and /auth/:uid (resume), so every login
      // goes through /interaction and honours login_hint even when the client reuses its cookie jar.
      if (/^\/auth([/?]|$)/.test(req.url) && req.headers.cookie) {
        req.headers.cookie = req.headers.cookie.split(/;\s*/).filter((c) => !c.startsWith('_session')).join('; ');
      }
      if (req.method === 'GET' && /^\/interaction\/[^/?]+/.test(req.url)) {
        const details = await provider.interactionDetails(req, res);
        const accountId = details.params.login_hint || defaultEmail;
        const grant = new provider.Grant({ accountId, clientId: details.params.client_id });
        grant.addOIDCScope('openid email');
        const grantId = await grant.save();
        await provider.interactionFinished(req, res,
          { login: { accountId }, consent: { grantId } }, { mergeWithLastSubmission: false });
        return;
      }
      handle(req, res);
    } catch (err) {
      console.error('interaction error:', err);
      res.statusCode = 500; res.end(String(err && err.message));
    }
  });

  const wanted = Number(process.argv[2] || process.env.PORT || 0);
  server.listen(wanted, '127.0.0.1', () => {
    const { port } = server.address();
    provider = new Provider(`http://127.0.0.1:${port}`, {
      clients: [{
        client_id: 'petrel',
        client_secret: 'petrel-secret',
        redirect_uris: redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic', // oauth2/openidconnect default AuthType::BasicAuth
      }],
      jwks: { keys: [jwk] },
      cookies: { keys: ['petrel-test-cookie-key'] },
      // explicit TTLs (seconds): the defaults print NOTICE lines on *stdout*, which would mix with the port line
      ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 3600, IdToken: 600, Interaction: 600, Session: 3600 },
      pkce: { required: () => true },
      conformIdTokenClaims: false, // put email/email_verified into the ID token itself
      claims: { openid: ['sub'], email: ['email', 'email_verified'] },
      features: { devInteractions: { enabled: false } },
      async findAccount(ctx, sub) {
        return { accountId: sub, async claims() { return { sub, email: sub, email_verified: true }; } };
      },
    });
    handle = provider.callback();
    console.log(port);
  });
}

main().catch((err) => { console.error(err); process.exit(1); });
