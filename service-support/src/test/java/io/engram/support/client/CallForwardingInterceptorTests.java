package io.engram.support.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.client.match.MockRestRequestMatchers.header;
import static org.springframework.test.web.client.match.MockRestRequestMatchers.headerDoesNotExist;
import static org.springframework.test.web.client.match.MockRestRequestMatchers.requestTo;
import static org.springframework.test.web.client.response.MockRestResponseCreators.withSuccess;

import io.engram.support.client.CallForwardingInterceptor.CallContext;
import io.engram.support.identity.EngramHeaders;
import io.engram.support.web.IdentityFilter;
import io.engram.support.web.RequestIdFilter;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.test.web.client.MockRestServiceServer;
import org.springframework.web.client.RestClient;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

class CallForwardingInterceptorTests {

  @AfterEach
  void clear() {
    RequestContextHolder.resetRequestAttributes();
    MDC.clear();
  }

  @Test
  void whenCalledInsideARequestThenRequestIdAndIdentityAreForwarded() {
    RestClient.Builder builder = RestClient.builder().requestInterceptor(new CallForwardingInterceptor());
    MockRestServiceServer server = MockRestServiceServer.bindTo(builder).build();
    bindRequest("req-forward-01", "v1.acme.read.99.SIG");
    server.expect(requestTo("http://retrieval/v1/collections"))
        .andExpect(header(EngramHeaders.REQUEST_ID, "req-forward-01"))
        .andExpect(header(EngramHeaders.IDENTITY, "v1.acme.read.99.SIG"))
        .andRespond(withSuccess());

    builder.build().get().uri("http://retrieval/v1/collections").retrieve().toBodilessEntity();
    server.verify();
  }

  @Test
  void whenNoRequestIsBoundThenNothingIsForwarded() {
    RestClient.Builder builder = RestClient.builder().requestInterceptor(new CallForwardingInterceptor());
    MockRestServiceServer server = MockRestServiceServer.bindTo(builder).build();
    server.expect(requestTo("http://memory/x"))
        .andExpect(headerDoesNotExist(EngramHeaders.IDENTITY))
        .andExpect(headerDoesNotExist(EngramHeaders.REQUEST_ID))
        .andRespond(withSuccess());
    builder.build().get().uri("http://memory/x").retrieve().toBodilessEntity();
    server.verify();
  }

  @Test
  void capturedContextTravelsToAnotherThread() throws Exception {
    bindRequest("req-thread-0001", "v1.acme.read.99.SIG");
    CallContext captured = CallContext.current();
    RequestContextHolder.resetRequestAttributes();
    MDC.clear();
    AtomicReference<CallContext> seen = new AtomicReference<>();
    try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
      executor.submit(() -> captured.run(() -> seen.set(CallContext.current()))).get();
    }
    assertThat(seen.get().requestId()).isEqualTo("req-thread-0001");
    assertThat(seen.get().identityToken()).isEqualTo("v1.acme.read.99.SIG");
  }

  private static void bindRequest(String requestId, String token) {
    MockHttpServletRequest request = new MockHttpServletRequest();
    request.addHeader(EngramHeaders.IDENTITY, token);
    request.setAttribute(RequestIdFilter.MDC_KEY, requestId);
    request.setAttribute(IdentityFilter.ATTRIBUTE,
        new io.engram.support.identity.InternalIdentity("acme", Set.of("read"), java.time.Instant.now().plusSeconds(60)));
    RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
    MDC.put(RequestIdFilter.MDC_KEY, requestId);
  }
}
