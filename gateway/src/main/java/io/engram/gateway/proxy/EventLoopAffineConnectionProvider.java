package io.engram.gateway.proxy;

import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.ThreadExecutorMap;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.ConnectionObserver;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.transport.TransportConfig;

/**
 * A connection pool per Netty event loop: a caller on an event loop gets a connection of that loop's own
 * pool, and a new connection is opened on that same loop (Reactor Netty colocates it with the caller).
 * Callers off the event loops share one more pool.
 *
 * <p>Reactor Netty keeps one pool per remote host for all event loops, so a proxied request that
 * arrived on loop A usually borrows a connection registered on loop B. Every write then crosses threads
 * (a task queued on B, an {@code eventfd} wake-up, the response handed back to A). With a pool per loop
 * the gateway's CPU per proxied request fell by 28 % in {@code scripts/bench-gateway-ab}
 * (docs/benchmarks.md).
 */
final class EventLoopAffineConnectionProvider implements ConnectionProvider {

  private final Supplier<ConnectionProvider> newPool;
  private final ConnectionProvider offLoop;
  private final Map<EventExecutor, ConnectionProvider> perLoop = new ConcurrentHashMap<>();

  EventLoopAffineConnectionProvider(Supplier<ConnectionProvider> newPool) {
    this.newPool = newPool;
    this.offLoop = newPool.get();
  }

  @Override
  public Mono<? extends Connection> acquire(TransportConfig config, ConnectionObserver observer,
      Supplier<? extends SocketAddress> remoteAddress, AddressResolverGroup<?> resolverGroup) {
    return poolOfCaller().acquire(config, observer, remoteAddress, resolverGroup);
  }

  /** The pool of the event loop this thread runs, or the shared one. */
  private ConnectionProvider poolOfCaller() {
    EventExecutor loop = ThreadExecutorMap.currentExecutor();
    if (loop == null) {
      return offLoop;
    }
    ConnectionProvider pool = perLoop.get(loop);
    return pool != null ? pool : perLoop.computeIfAbsent(loop, l -> newPool.get());
  }

  @Override
  public void disposeWhen(SocketAddress address) {
    all().forEach(pool -> pool.disposeWhen(address));
  }

  @Override
  public Mono<Void> disposeLater() {
    return Flux.fromIterable(all()).flatMap(ConnectionProvider::disposeLater).then();
  }

  @Override
  public boolean isDisposed() {
    return offLoop.isDisposed();
  }

  @Override
  public int maxConnections() {
    return offLoop.maxConnections();
  }

  @Override
  public String name() {
    return offLoop.name();
  }

  private List<ConnectionProvider> all() {
    List<ConnectionProvider> all = new ArrayList<>(perLoop.values());
    all.add(offLoop);
    return all;
  }
}
