package io.engram.support.web;

import io.engram.support.identity.InternalIdentity;

/** Checks that the caller's API key grants a scope; a missing one is a 403 problem. */
public final class Scopes {

  private Scopes() {
  }

  public static InternalIdentity require(InternalIdentity identity, String scope) {
    if (!identity.hasScope(scope)) {
      throw ProblemException.forbidden("This operation needs the '" + scope + "' scope; the API key has "
          + identity.scopes() + ".");
    }
    return identity;
  }
}
