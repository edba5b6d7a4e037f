package io.engram.llm.mcp;

import io.engram.support.client.CallForwardingInterceptor.CallContext;
import io.engram.support.identity.EngramHeaders;
import io.engram.support.identity.InternalIdentity;
import io.engram.support.identity.RequestIds;
import io.engram.support.web.IdentityFilter;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpTransportContextExtractor;
import jakarta.servlet.http.HttpServletRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.web.servlet.function.ServerRequest;

/**
 * Who calls a tool: the verified identity, the signed token and the request id of the HTTP request that
 * carried the MCP message. The MCP server does not promise to run a tool on the servlet thread, so
 * thread-bound state (request attributes, the logging context) is not relied on: {@link #EXTRACTOR}
 * copies them into the MCP transport context when the request arrives, and {@link #run} binds them again
 * around the tool, so that calls to retrieval and memory carry this caller's identity and request id.
 */
record ToolCaller(InternalIdentity identity, String token, @Nullable String requestId) {

  private static final String IDENTITY = "engram.identity";
  private static final String TOKEN = "engram.identityToken";
  private static final String REQUEST_ID = "engram.requestId";

  /**
   * Copies the caller from the servlet request (verified by service-support's {@link IdentityFilter}
   * before the MCP transport sees it) into the transport context of every MCP message.
   */
  static final McpTransportContextExtractor<ServerRequest> EXTRACTOR = request -> {
    HttpServletRequest servlet = request.servletRequest();
    Map<String, Object> values = new HashMap<>();
    if (servlet.getAttribute(IdentityFilter.ATTRIBUTE) instanceof InternalIdentity identity) {
      values.put(IDENTITY, identity);
      values.put(TOKEN, servlet.getHeader(EngramHeaders.IDENTITY));
    }
    if (servlet.getAttribute(RequestIds.MDC_KEY) instanceof String requestId) {
      values.put(REQUEST_ID, requestId);
    }
    return McpTransportContext.create(values);
  };

  /** The caller of a tool call, or a refusal when the transport context carries none. */
  static ToolCaller of(@Nullable McpTransportContext context) {
    if (context == null || !(context.get(IDENTITY) instanceof InternalIdentity identity)
        || !(context.get(TOKEN) instanceof String token)) {
      throw new ToolRefusal("unauthenticated", "No verified caller identity came with this tool call.");
    }
    return new ToolCaller(identity, token, context.get(REQUEST_ID) instanceof String id ? id : null);
  }

  String tenantId() {
    return identity.tenantId();
  }

  /** Refuses the call unless the caller's key grants {@code scope}. */
  ToolCaller require(String scope) {
    if (!identity.hasScope(scope)) {
      throw new ToolRefusal("forbidden", "This tool needs the '" + scope + "' scope; the API key has "
          + identity.scopes().stream().sorted().toList() + ".");
    }
    return this;
  }

  /** Runs {@code work} as this caller: its identity and request id travel on every outgoing call. */
  <T> T run(Supplier<T> work) {
    AtomicReference<T> result = new AtomicReference<>();
    new CallContext(requestId, token).run(() -> {
      String previous = MDC.get(IdentityFilter.MDC_TENANT);
      MDC.put(IdentityFilter.MDC_TENANT, identity.tenantId());
      try {
        result.set(work.get());
      } finally {
        if (previous == null) {
          MDC.remove(IdentityFilter.MDC_TENANT);
        } else {
          MDC.put(IdentityFilter.MDC_TENANT, previous);
        }
      }
    });
    return result.get();
  }

  /** A tool call refused or failed for a reason the caller can act on; becomes an MCP error result. */
  static final class ToolRefusal extends RuntimeException {

    private final String code;

    ToolRefusal(String code, String message) {
      super(message, null, false, false);
      this.code = code;
    }

    String code() {
      return code;
    }
  }
}
