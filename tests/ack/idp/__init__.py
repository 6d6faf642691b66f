"""A real OpenID Connect provider for the tests: django-oidc-provider in its own process.

It plays Google Workspace or Entra ID: people sign in with a password, it issues RS256-signed ID
tokens, and the service verifies them against its JWKS, exactly as in production.
"""
