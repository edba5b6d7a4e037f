package io.engram.support.identity;

import java.util.List;

/** Header names of the platform's internal contract between gateway and services. */
public final class EngramHeaders {

  /** The signed internal identity ({@link IdentityCodec}); only the gateway may set it. */
  public static final String IDENTITY = "X-Engram-Identity";

  /** Correlates log lines of one request across the gateway and every service it reaches. */
  public static final String REQUEST_ID = "X-Request-Id";

  /**
   * Headers a client might send to pose as a tenant; the gateway removes every one of them before it
   * forwards a request.
   */
  public static final List<String> CLIENT_IDENTITY_HEADERS =
      List.of(IDENTITY, "X-Tenant-Id", "X-Engram-Tenant", "X-Engram-Scopes", "X-Forwarded-User");

  private EngramHeaders() {
  }
}
