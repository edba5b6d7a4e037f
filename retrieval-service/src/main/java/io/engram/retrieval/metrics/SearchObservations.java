package io.engram.retrieval.metrics;

import io.engram.retrieval.recall.DenseRecall;
import io.engram.retrieval.recall.LexicalRecall;
import io.engram.retrieval.search.SearchService;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Map;
import org.aopalliance.intercept.MethodInterceptor;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Observes a search as a whole ({@value #SEARCH}) and each recall path ({@value #RECALL}, {@code path} =
 * {@code bm25} or {@code dense}) by wrapping the beans that do them in a proxy: Micrometer's default
 * handler turns each observation into a timer (and, with a tracer, a span), with an {@code error} tag
 * when the call throws. Only the method {@code search} is observed; every other call passes straight
 * through. Other stages (rewrite, rerank) belong in {@link SearchService} itself, as
 * {@code Observation.createNotStarted("engram.search.stage", registry)} around each step.
 */
public class SearchObservations implements BeanPostProcessor {

  public static final String SEARCH = "engram.search";
  public static final String RECALL = "engram.search.recall";

  private static final Map<Class<?>, String[]> OBSERVED = Map.of(
      SearchService.class, new String[] {SEARCH, null},
      LexicalRecall.class, new String[] {RECALL, "bm25"},
      DenseRecall.class, new String[] {RECALL, "dense"});

  private final ObjectProvider<ObservationRegistry> registry;

  public SearchObservations(ObjectProvider<ObservationRegistry> registry) {
    this.registry = registry;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    String[] observation = OBSERVED.get(bean.getClass());
    if (observation == null) {
      return bean;
    }
    String name = observation[0];
    String path = observation[1];
    ProxyFactory proxy = new ProxyFactory(bean);
    proxy.setProxyTargetClass(true);
    proxy.addAdvice((MethodInterceptor) invocation -> {
      if (!invocation.getMethod().getName().equals("search")) {
        return invocation.proceed();
      }
      Observation o = Observation.createNotStarted(name, registry.getIfAvailable(() -> ObservationRegistry.NOOP));
      if (path != null) {
        o.lowCardinalityKeyValue("path", path);
      }
      o.start();
      try (Observation.Scope scope = o.openScope()) {
        return invocation.proceed();
      } catch (Throwable e) {
        o.error(e);
        throw e;
      } finally {
        o.stop();
      }
    });
    return proxy.getProxy(bean.getClass().getClassLoader());
  }
}
