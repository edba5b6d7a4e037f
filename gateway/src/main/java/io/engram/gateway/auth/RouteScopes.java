package io.engram.gateway.auth;

import io.engram.support.identity.InternalIdentity;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The scope each public route needs, checked at the gateway so that the read/write matrix holds whatever
 * a service checks on its own: reading and querying (search, recall, answers, chat) need {@code read};
 * creating, changing and deleting collections, documents and events need {@code write}; the MCP endpoint
 * needs {@code read} for every message (its write tool checks {@code write} per call). The first rule
 * that matches wins; a {@code /v1} route no rule names falls back to its method.
 */
public final class RouteScopes {

  private record Rule(Set<HttpMethod> methods, PathPattern pattern, String scope) {
  }

  private static final PathPatternParser PARSER = PathPatternParser.defaultInstance;
  private static final Set<HttpMethod> QUERY = Set.of(HttpMethod.POST);
  private static final Set<HttpMethod> ANY = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.PUT,
      HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.OPTIONS);

  private static final List<Rule> RULES = List.of(
      rule(QUERY, "/v1/collections/{collection}/search", InternalIdentity.SCOPE_READ),
      rule(QUERY, "/v1/memory/{namespace}/recall", InternalIdentity.SCOPE_READ),
      rule(QUERY, "/v1/answers", InternalIdentity.SCOPE_READ),
      rule(QUERY, "/v1/answers/**", InternalIdentity.SCOPE_READ),
      rule(QUERY, "/v1/chat/completions", InternalIdentity.SCOPE_READ),
      rule(QUERY, "/v1/dify/retrieval", InternalIdentity.SCOPE_READ),
      // one endpoint for every MCP message: opening a session and listing tools is reading; the tools that
      // write (remember) check the write scope themselves in llm-service
      rule(ANY, "/mcp", InternalIdentity.SCOPE_READ));

  private RouteScopes() {
  }

  private static Rule rule(Set<HttpMethod> methods, String pattern, String scope) {
    return new Rule(methods, PARSER.parse(pattern), scope);
  }

  /** The scope {@code method path} needs. */
  public static String required(HttpMethod method, PathContainer path) {
    for (Rule rule : RULES) {
      if (rule.methods().contains(method) && rule.pattern().matches(path)) {
        return rule.scope();
      }
    }
    return HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method) || HttpMethod.OPTIONS.equals(method)
        ? InternalIdentity.SCOPE_READ : InternalIdentity.SCOPE_WRITE;
  }
}
