package io.engram.gateway.problem;

import io.engram.support.web.DatabaseFailures;
import io.engram.support.web.Problems;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBufferLimitException;
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
 * Renders every error at the gateway (bad keys, scopes, limits, no route, upstream down, timeouts, bad
 * requests) as an RFC 9457 problem document instead of WebFlux's default JSON or HTML page.
 */
@Component
@Order(-2)
public class ProblemWebExceptionHandler implements ErrorWebExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemWebExceptionHandler.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final long MAX_DRAIN_BYTES = 8L * 1024 * 1024;

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, Throwable thrown) {
    if (exchange.getResponse().isCommitted()) {
      return Mono.error(thrown);
    }
    Throwable error = thrown;
    if (!(thrown instanceof GatewayProblem) && DatabaseFailures.unavailable(thrown)) {
      // the gateway's own database (an admin call, say): retryable, as in the services
      log.warn("gateway database unavailable on {}: {}", truncate(exchange.getRequest().getPath().value()), thrown.toString());
      error = GatewayProblem.databaseUnavailable("The gateway cannot reach its database right now; retry in a few seconds.");
    }
    ProblemDetail problem = problemFor(exchange, error);
    Object requestId = exchange.getAttribute("requestId");
    if (requestId != null) {
      problem.setProperty("requestId", requestId);
    }
    if (error instanceof ErrorResponse response) {
      // protocol headers the problem asks for (WWW-Authenticate, Retry-After, RateLimit-*)
      response.getHeaders().forEach((name, values) -> exchange.getResponse().getHeaders().put(name, values));
    }
    return drain(exchange).flatMap(drained -> {
      if (!drained) {
        // unread bytes would be taken for the next request on this connection: end it instead
        exchange.getResponse().getHeaders().set(org.springframework.http.HttpHeaders.CONNECTION, "close");
      }
      return write(exchange, problem);
    });
  }

  /**
   * Reads and drops an unread request body of known, bounded length before answering early (401, 413,
   * ...): a connection closed with unread bytes is reset, and the client would lose the answer.
   */
  private static Mono<Boolean> drain(ServerWebExchange exchange) {
    org.springframework.http.HttpHeaders headers = exchange.getRequest().getHeaders();
    long length = headers.getContentLength();
    boolean chunked = headers.containsHeaderValue(org.springframework.http.HttpHeaders.TRANSFER_ENCODING, "chunked");
    if (length <= 0 && !chunked) {
      return Mono.just(true);
    }
    if (chunked || length > MAX_DRAIN_BYTES) {
      return Mono.just(false);
    }
    return exchange.getRequest().getBody()
        .doOnNext(org.springframework.core.io.buffer.DataBufferUtils::release)
        .then(Mono.just(true))
        .timeout(java.time.Duration.ofSeconds(2))
        // already read (by the route), too slow, or the client left: not known to be drained
        .onErrorResume(e -> Mono.just(false));
  }

  /** Writes {@code problem} as the response; also used by filters that answer without an exception. */
  public static Mono<Void> write(ServerWebExchange exchange, ProblemDetail problem) {
    byte[] body = JSON.writeValueAsString(Problems.toMap(problem)).getBytes(StandardCharsets.UTF_8);
    exchange.getResponse().setStatusCode(HttpStatusCode.valueOf(problem.getStatus()));
    exchange.getResponse().getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    exchange.getResponse().getHeaders().setContentLength(body.length);
    return exchange.getResponse().writeWith(Mono.just(exchange.getResponse().bufferFactory().wrap(body)));
  }

  private static ProblemDetail problemFor(ServerWebExchange exchange, Throwable error) {
    if (error instanceof GatewayProblem problem) {
      return copy(problem.getBody());
    }
    HttpStatusCode status = statusOf(error);
    String detail;
    if (status.value() == 404) {
      detail = "No route for " + exchange.getRequest().getMethod() + " " + truncate(exchange.getRequest().getPath().value());
    } else if (status.value() == 413) {
      detail = "The request body is larger than this route accepts.";
    } else if (status.is5xxServerError()) {
      log.warn("gateway error on {}: {}", truncate(exchange.getRequest().getPath().value()), error.toString());
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
    return Problems.decorate(problem);
  }

  private static ProblemDetail copy(ProblemDetail source) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(source.getStatus()), source.getDetail());
    problem.setType(source.getType());
    problem.setTitle(source.getTitle());
    if (source.getProperties() != null) {
      source.getProperties().forEach(problem::setProperty);
    }
    return problem;
  }

  private static HttpStatusCode statusOf(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof DataBufferLimitException) {
        return HttpStatus.CONTENT_TOO_LARGE;
      }
    }
    if (error instanceof ErrorResponse response) {
      int code = response.getStatusCode().value();
      // an unknown status (a client sent a method Netty could not map, say) still gets a known reason
      return HttpStatus.resolve(code) != null ? response.getStatusCode() : HttpStatus.BAD_REQUEST;
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
