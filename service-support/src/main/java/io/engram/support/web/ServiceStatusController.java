package io.engram.support.web;

import io.engram.support.identity.InternalIdentity;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.slf4j.MDC;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/<service>/status}: which service answered, for which tenant and scopes, under which
 * request id. The cheapest call that proves the path client - gateway - service works end to end.
 */
@RestController
public class ServiceStatusController {

  private final String service;

  public ServiceStatusController(String service) {
    this.service = service;
  }

  @GetMapping("/v1/${engram.service.name}/status")
  ServiceStatus status(InternalIdentity identity) {
    return new ServiceStatus(service, identity.tenantId(), List.copyOf(new java.util.TreeSet<>(identity.scopes())),
        String.valueOf(MDC.get(RequestIdFilter.MDC_KEY)));
  }

  /** Which service answered, for which tenant and scopes, under which request id. */
  @Schema(description = "Which service answered, for which tenant and scopes, under which request id.")
  public record ServiceStatus(
      @Schema(description = "The service that answered (retrieval, memory or llm).", example = "retrieval")
      String service,
      @Schema(description = "The tenant the gateway signed into the call, from the caller's API key.") String tenantId,
      @Schema(description = "The caller's scopes (read, write, admin), sorted.") List<String> scopes,
      @Schema(description = "The request id: the caller's X-Request-Id when valid, else the one the gateway issued.",
          example = "req-7f3a9c") String requestId) {
  }
}
