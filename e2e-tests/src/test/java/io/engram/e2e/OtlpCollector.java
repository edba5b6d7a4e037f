package io.engram.e2e;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP trace collector for the tests: accepts {@code POST /v1/traces} (protobuf, the encoding the
 * services' exporter sends), decodes it with the OpenTelemetry protocol classes and keeps every span with the
 * {@code service.name} of the resource that sent it.
 */
final class OtlpCollector implements AutoCloseable {

  /** One received span: ids in lower-case hex, parent empty for a root span. */
  record ReceivedSpan(String service, String traceId, String spanId, String parentSpanId, String name,
      Map<String, String> attributes) {
  }

  private final HttpServer server;
  // every span of every test of the JVM: appended often, read rarely
  private final java.util.Queue<ReceivedSpan> spans = new ConcurrentLinkedQueue<>();

  OtlpCollector() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/traces", exchange -> {
      try (exchange) {
        if (!exchange.getRequestMethod().equals("POST")) {
          exchange.sendResponseHeaders(405, -1);
          return;
        }
        InputStream body = exchange.getRequestBody();
        if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
          body = new GZIPInputStream(body);
        }
        ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body.readAllBytes());
        accept(request);
        byte[] ok = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
        exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(200, ok.length == 0 ? -1 : ok.length);
        exchange.getResponseBody().write(ok);
      }
    });
    server.start();
  }

  private void accept(ExportTraceServiceRequest request) {
    HexFormat hex = HexFormat.of();
    for (ResourceSpans resource : request.getResourceSpansList()) {
      String service = attributes(resource.getResource().getAttributesList()).getOrDefault("service.name", "");
      for (ScopeSpans scope : resource.getScopeSpansList()) {
        for (io.opentelemetry.proto.trace.v1.Span span : scope.getSpansList()) {
          spans.add(new ReceivedSpan(service, hex.formatHex(span.getTraceId().toByteArray()),
              hex.formatHex(span.getSpanId().toByteArray()), hex.formatHex(span.getParentSpanId().toByteArray()),
              span.getName(), attributes(span.getAttributesList())));
        }
      }
    }
  }

  private static Map<String, String> attributes(List<KeyValue> values) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (KeyValue kv : values) {
      var v = kv.getValue();
      out.put(kv.getKey(), v.hasStringValue() ? v.getStringValue() : v.hasIntValue() ? Long.toString(v.getIntValue())
          : v.hasBoolValue() ? Boolean.toString(v.getBoolValue()) : v.hasDoubleValue() ? Double.toString(v.getDoubleValue())
          : v.toString());
    }
    return out;
  }

  /** Where the services send their spans. */
  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces";
  }

  /** The spans of one trace received so far. */
  List<ReceivedSpan> trace(String traceId) {
    return spans.stream().filter(s -> s.traceId().equals(traceId)).toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
