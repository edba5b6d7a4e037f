package io.engram.gateway.edge;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Edge settings.
 *
 * @param limits request body limits
 * @param cors   which browser origins may call the API
 */
@ConfigurationProperties("engram.gateway")
public record EdgeProperties(@DefaultValue Limits limits, @DefaultValue Cors cors) {

  /**
   * @param maxBodySize largest request body on any route without its own limit
   * @param routes      larger (or smaller) limits for routes by path pattern, first match wins
   */
  public record Limits(@DefaultValue("1MB") DataSize maxBodySize, List<RouteLimit> routes) {
    public Limits {
      routes = routes == null ? List.of() : List.copyOf(routes);
    }
  }

  /** A body limit for the paths matching {@code pattern} (Spring path pattern, e.g. {@code /v1/collections/*}{@code /documents}). */
  public record RouteLimit(String pattern, DataSize maxBodySize) {
  }

  /**
   * @param allowedOrigins origins (scheme://host[:port]) a browser may call from; empty: none
   * @param allowedMethods methods allowed cross-origin
   * @param maxAge         how long a browser may cache a preflight answer
   */
  public record Cors(List<String> allowedOrigins,
      @DefaultValue({"GET", "POST", "PUT", "DELETE", "OPTIONS"}) List<String> allowedMethods,
      @DefaultValue("1h") Duration maxAge) {
    public Cors {
      allowedOrigins = allowedOrigins == null ? List.of()
          : allowedOrigins.stream().map(String::strip).filter(o -> !o.isEmpty()).toList();
    }
  }
}
