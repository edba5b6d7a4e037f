package io.engram.support.web;

import io.engram.support.identity.EngramHeaders;
import io.engram.support.identity.RequestIds;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id: the one the caller (normally the gateway) sent when it is well formed,
 * a new one otherwise. The id goes into the logging context ({@code requestId}) and back in the response.
 */
public class RequestIdFilter extends OncePerRequestFilter {

  public static final String MDC_KEY = RequestIds.MDC_KEY;

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String requestId = RequestIds.accept(request.getHeader(EngramHeaders.REQUEST_ID));
    MDC.put(MDC_KEY, requestId);
    request.setAttribute(MDC_KEY, requestId);
    response.setHeader(EngramHeaders.REQUEST_ID, requestId);
    try {
      chain.doFilter(request, response);
    } finally {
      MDC.remove(MDC_KEY);
    }
  }

  @Override
  protected boolean shouldNotFilterErrorDispatch() {
    return false;
  }
}
