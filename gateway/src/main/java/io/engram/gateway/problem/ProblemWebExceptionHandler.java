package io.engram.gateway.problem;

import io.engram.support.web.Problems;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Renders every error at the gateway (no route, upstream down, timeouts, bad requests) as an RFC 9457
 * problem document instead of WebFlux's default JSON or HTML page.
 */
@Component
@Order(-2)
class ProblemWebExceptionHandler implements ErrorWebExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemWebExceptionHandler.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
    if (exchange.getResponse().isCommitted()) {
      return Mono.error(error);
    }
    HttpStatusCode status = statusOf(error);
    String detail;
    if (status.value() == 404) {
      detail = "No route for " + exchange.getRequest().getMethod() + " " + truncate(exchange.getRequest().getPath().value());
    } else if (status.is5xxServerError()) {
      log.warn("gateway error on {}: {}", exchange.getRequest().getPath().value(), error.toString());
      detail = switch (status.value()) {
        case 503 -> "The service behind this route is unavailable.";
        case 504 -> "The service behind this route did not answer in time.";
        default -> "The gateway failed to handle the request; quote the request id when reporting it.";
      };
    } else {
      detail = error instanceof ResponseStatusException rse && rse.getReason() != null
          ? rse.getReason() : HttpStatus.valueOf(status.value()).getReasonPhrase();
    }
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setTitle(HttpStatus.valueOf(status.value()).getReasonPhrase());
    Problems.decorate(problem);
    Object requestId = exchange.getAttribute("requestId");
    if (requestId != null) {
      problem.setProperty("requestId", requestId);
    }
    byte[] body = JSON.writeValueAsString(Problems.toMap(problem)).getBytes(StandardCharsets.UTF_8);
    exchange.getResponse().setStatusCode(status);
    exchange.getResponse().getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    return exchange.getResponse().writeWith(Mono.just(exchange.getResponse().bufferFactory().wrap(body)));
  }

  private static HttpStatusCode statusOf(Throwable error) {
    if (error instanceof ErrorResponse response) {
      return response.getStatusCode();
    }
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException) {
        return HttpStatus.SERVICE_UNAVAILABLE;
      }
      if (t instanceof java.util.concurrent.TimeoutException || t instanceof io.netty.handler.timeout.TimeoutException) {
        return HttpStatus.GATEWAY_TIMEOUT;
      }
    }
    return HttpStatus.INTERNAL_SERVER_ERROR;
  }

  private static String truncate(String path) {
    return path.length() > 200 ? path.substring(0, 200) + "..." : path;
  }
}
