package io.engram.support.web;

import io.engram.support.identity.EngramHeaders;
import io.engram.support.identity.IdentityCodec;
import io.engram.support.identity.InternalIdentity;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.slf4j.MDC;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Lets a request through only with a valid signed internal identity from the gateway, except on the
 * open paths (health, metrics, API docs). Answers 401 with a problem document otherwise.
 */
public class IdentityFilter extends OncePerRequestFilter {

  /** Request attribute under which the verified {@link InternalIdentity} is kept. */
  public static final String ATTRIBUTE = InternalIdentity.class.getName();
  public static final String MDC_TENANT = "tenant";

  private static final AntPathMatcher PATHS = new AntPathMatcher();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final IdentityCodec codec;
  private final List<String> openPaths;

  public IdentityFilter(IdentityCodec codec, List<String> openPaths) {
    this.codec = codec;
    this.openPaths = List.copyOf(openPaths);
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return openPaths.stream().anyMatch(pattern -> PATHS.match(pattern, path));
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Optional<InternalIdentity> identity = codec.verify(request.getHeader(EngramHeaders.IDENTITY));
    if (identity.isEmpty()) {
      ProblemDetail problem = Problems.of(HttpStatus.UNAUTHORIZED, "unauthenticated", "Unauthenticated",
          "This service accepts only requests that carry a valid internal identity from the gateway.");
      response.setStatus(HttpStatus.UNAUTHORIZED.value());
      response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
      JSON.writeValue(response.getOutputStream(), Problems.toMap(problem));
      return;
    }
    request.setAttribute(ATTRIBUTE, identity.get());
    MDC.put(MDC_TENANT, identity.get().tenantId());
    try {
      chain.doFilter(request, response);
    } finally {
      MDC.remove(MDC_TENANT);
    }
  }
}
