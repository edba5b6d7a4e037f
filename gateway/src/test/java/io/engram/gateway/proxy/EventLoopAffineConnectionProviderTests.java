package io.engram.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;

/**
 * A forwarding server like the gateway (Reactor Netty server, pooled Reactor Netty client on the same
 * event loops): with the affine provider every upstream response arrives on the thread that took the
 * request; with Reactor Netty's single pool many do not (the control that shows the check can fail).
 */
class EventLoopAffineConnectionProviderTests {

  private static DisposableServer upstream;

  @BeforeAll
  static void startUpstream() {
    upstream = HttpServer.create().host("127.0.0.1").port(0)
        .handle((request, response) -> response.sendString(Mono.just("ok"))).bindNow();
  }

  @AfterAll
  static void stopUpstream() {
    upstream.disposeNow();
  }

  @Test
  void upstreamCallsStayOnTheEventLoopOfTheirRequest() {
    Result result = forwardThrough(
        new EventLoopAffineConnectionProvider(() -> ConnectionProvider.create("affine-test", 500)));
    assertThat(result.answered()).isEqualTo(REQUESTS);
    assertThat(result.crossedThreads()).isZero();
  }

  @Test
  void reactorNettysSinglePoolHandsConnectionsAcrossEventLoops() {
    Result result = forwardThrough(ConnectionProvider.create("shared-test", 500));
    assertThat(result.answered()).isEqualTo(REQUESTS);
    assertThat(result.crossedThreads()).isPositive();
  }

  private static final int REQUESTS = 600;

  private record Result(int answered, int crossedThreads) {
  }

  /** {@link #forward} with an upstream client on this pool, which is disposed afterwards. */
  private static Result forwardThrough(ConnectionProvider pool) {
    try {
      return forward(HttpClient.create(pool));
    } finally {
      pool.dispose();
    }
  }

  /** REQUESTS calls, 32 at a time on their own connections, to a server that forwards each upstream. */
  private static Result forward(HttpClient upstreamClient) {
    AtomicInteger crossed = new AtomicInteger();
    HttpClient toUpstream = upstreamClient.baseUrl("http://127.0.0.1:" + upstream.port());
    DisposableServer front = HttpServer.create().host("127.0.0.1").port(0)
        .handle((request, response) -> {
          Thread requestThread = Thread.currentThread();
          return response.sendString(toUpstream.get().uri("/")
              .responseSingle((upstreamResponse, body) -> {
                if (Thread.currentThread() != requestThread) {
                  crossed.incrementAndGet();
                }
                return body.asString();
              }));
        }).bindNow();
    ConnectionProvider clientPool = ConnectionProvider.create("callers-test", 32);
    try {
      HttpClient callers = HttpClient.create(clientPool).baseUrl("http://127.0.0.1:" + front.port());
      Integer answered = Flux.range(0, REQUESTS)
          .flatMap(i -> callers.get().uri("/").responseContent().aggregate().asString(), 32)
          .filter("ok"::equals).count().map(Long::intValue).block(Duration.ofSeconds(60));
      return new Result(answered, crossed.get());
    } finally {
      front.disposeNow();
      clientPool.dispose();
    }
  }
}
