package io.engram.gateway.proxy;

import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.cloud.gateway.config.HttpClientFactory;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.config.HttpClientSslConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.resources.ConnectionProvider;

/**
 * Spring Cloud Gateway's own HTTP client, built from its {@code httpclient} properties as always, except
 * that its connection pool is split per event loop ({@link EventLoopAffineConnectionProvider}).
 * Replaces the auto-configured factory, which backs off when a {@link HttpClientFactory} bean exists;
 * {@code engram.gateway.proxy.event-loop-affinity=false} keeps Spring Cloud Gateway's single pool (the
 * baseline of {@code scripts/bench-gateway-ab}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "engram.gateway.proxy.event-loop-affinity", matchIfMissing = true)
class ProxyClientConfiguration {

  @Bean
  HttpClientFactory gatewayHttpClientFactory(HttpClientProperties properties, ServerProperties serverProperties,
      List<HttpClientCustomizer> customizers, HttpClientSslConfigurer sslConfigurer) {
    return new HttpClientFactory(properties, serverProperties, sslConfigurer, customizers) {
      @Override
      protected ConnectionProvider buildConnectionProvider(HttpClientProperties properties) {
        return new EventLoopAffineConnectionProvider(() -> super.buildConnectionProvider(properties));
      }
    };
  }
}
