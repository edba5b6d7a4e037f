package io.engram.support;

import io.engram.support.client.CallForwardingInterceptor;
import io.engram.support.identity.IdentityCodec;
import io.engram.support.identity.IdentityProperties;
import io.engram.support.web.IdentityArgumentResolver;
import io.engram.support.web.IdentityFilter;
import io.engram.support.web.ProblemErrorController;
import io.engram.support.web.ProblemHandler;
import io.engram.support.web.ProblemReportValve;
import io.engram.support.web.RequestIdFilter;
import io.engram.support.web.ServiceStatusController;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Wires the shared service plumbing into every servlet-based Engram service: request ids, identity
 * verification, problem documents, the status endpoint and forwarding on outgoing calls.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration",
    afterName = {"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration",
        "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(IdentityProperties.class)
public class ServiceSupportAutoConfiguration {

  /** Paths a service answers without an internal identity. */
  public static final List<String> OPEN_PATHS =
      List.of("/actuator/**", "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html", "/error");

  /** The secret was checked before any bean was made ({@link io.engram.support.secrets.RequiredSecrets}). */
  @Bean
  IdentityCodec identityCodec(IdentityProperties properties) {
    return new IdentityCodec(properties.secret());
  }

  @Bean
  FilterRegistrationBean<RequestIdFilter> requestIdFilter() {
    FilterRegistrationBean<RequestIdFilter> registration = new FilterRegistrationBean<>(new RequestIdFilter());
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    registration.setDispatcherTypes(jakarta.servlet.DispatcherType.REQUEST, jakarta.servlet.DispatcherType.ERROR,
        jakarta.servlet.DispatcherType.ASYNC);
    return registration;
  }

  @Bean
  FilterRegistrationBean<IdentityFilter> identityFilter(IdentityCodec codec,
      @Value("${engram.identity.open-paths:}") List<String> extraOpenPaths) {
    List<String> open = new ArrayList<>(OPEN_PATHS);
    extraOpenPaths.stream().filter(p -> !p.isBlank()).forEach(open::add);
    FilterRegistrationBean<IdentityFilter> registration = new FilterRegistrationBean<>(new IdentityFilter(codec, open));
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
    return registration;
  }

  @Bean
  ProblemHandler problemHandler() {
    return new ProblemHandler();
  }

  @Bean
  ProblemErrorController problemErrorController(ErrorAttributes errorAttributes) {
    return new ProblemErrorController(errorAttributes);
  }

  @Bean
  ServiceStatusController serviceStatusController(@Value("${engram.service.name}") String service) {
    return new ServiceStatusController(service);
  }

  @Bean
  WebMvcConfigurer identityArgumentConfigurer() {
    return new WebMvcConfigurer() {
      @Override
      public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new IdentityArgumentResolver());
      }
    };
  }

  /**
   * Tomcat's own error reports (requests it rejects before Spring sees them) as problem documents: the
   * host's error report valve is replaced before the server starts.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = {"org.apache.catalina.valves.ErrorReportValve",
      "org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory"})
  static class TomcatProblems {
    @Bean
    org.springframework.boot.web.server.WebServerFactoryCustomizer<org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory>
        problemReportValveCustomizer() {
      return factory -> factory.addContextCustomizers(context -> {
        if (context.getParent() instanceof org.apache.catalina.core.StandardHost host) {
          host.setErrorReportValveClass(ProblemReportValve.class.getName());
        }
      });
    }
  }

  /** The W3C {@code traceresponse} header on every answer, from the server span Boot's observation opened. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.micrometer.tracing.Tracer")
  static class TraceResponse {
    @Bean
    FilterRegistrationBean<io.engram.support.tracing.TraceResponseFilter> traceResponseFilter(
        org.springframework.beans.factory.ObjectProvider<io.micrometer.tracing.Tracer> tracer) {
      FilterRegistrationBean<io.engram.support.tracing.TraceResponseFilter> registration = new FilterRegistrationBean<>(
          new io.engram.support.tracing.TraceResponseFilter(tracer.getIfAvailable(() -> io.micrometer.tracing.Tracer.NOOP)));
      // inside Boot's server observation filter (HIGHEST_PRECEDENCE + 1), which opens the span
      registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
      return registration;
    }
  }

  /** Forwards request id and identity on every RestClient built from Boot's builder. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(RestClientCustomizer.class)
  static class ClientForwarding {
    @Bean
    RestClientCustomizer callForwardingCustomizer() {
      return builder -> builder.requestInterceptor(new CallForwardingInterceptor());
    }
  }

  /**
   * Tenant-scoped transactions for services with a database; with {@code engram.datasource.replica.url} (env
   * {@code ENGRAM_DB_REPLICA_URL}) read-only transactions go to that replica (search, recall), at most
   * {@code engram.datasource.replica.max-lag} (10 s) behind, everything else to the primary.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.jdbc.core.simple.JdbcClient")
  static class Tenancy {
    static final String REPLICA_URL = "engram.datasource.replica.url";

    @Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnBean(javax.sql.DataSource.class)
    io.engram.support.tenancy.TenantTransactions tenantTransactions(
        org.springframework.transaction.PlatformTransactionManager transactionManager,
        org.springframework.jdbc.core.simple.JdbcClient jdbc, org.springframework.core.env.Environment environment) {
      boolean replica = !environment.getProperty(REPLICA_URL, "").isBlank();
      java.time.Duration maxLag = replica ? environment.getProperty("engram.datasource.replica.max-lag",
          java.time.Duration.class, java.time.Duration.ofSeconds(10)) : null;
      return new io.engram.support.tenancy.TenantTransactions(
          new org.springframework.transaction.support.TransactionTemplate(transactionManager), jdbc, maxLag);
    }

    @Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnExpression("'${" + REPLICA_URL + ":}' != ''")
    static org.springframework.beans.factory.config.BeanPostProcessor readReplicaDataSource(
        org.springframework.core.env.Environment environment) {
      return io.engram.support.tenancy.ReadReplicaDataSource.wrapping(environment.getRequiredProperty(REPLICA_URL));
    }
  }

  /**
   * Keeps the verified identity out of the generated OpenAPI parameters and makes the document the
   * service's part of the public API (gateway server, key scheme, problems, examples).
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springdoc.core.utils.SpringDocUtils")
  static class OpenApiIdentity {
    OpenApiIdentity() {
      org.springdoc.core.utils.SpringDocUtils.getConfig()
          .addRequestWrapperToIgnore(io.engram.support.identity.InternalIdentity.class);
    }

    @Bean
    io.engram.support.openapi.PublicApiCustomizer publicApiCustomizer(@Value("${engram.service.name}") String service) {
      return new io.engram.support.openapi.PublicApiCustomizer("Engram " + service + " API",
          "The " + service + " service's part of the Engram API, called through the gateway with"
              + " 'Authorization: Bearer <API key>'.");
    }
  }
}
