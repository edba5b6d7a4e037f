package io.engram.llm.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.engram.support.client.CallForwardingInterceptor.CallContext;
import io.engram.support.identity.InternalIdentity;
import io.modelcontextprotocol.common.McpTransportContext;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * The caller travels with the MCP transport context, not with the thread: Spring AI runs a sync tool on the
 * servlet thread today (immediate execution on servlet stacks), but a tool run elsewhere (Reactor's
 * bounded-elastic pool, an async server) must still call the peers as its caller.
 */
class ToolCallerTests {

  private final InternalIdentity identity = new InternalIdentity("tenant-x", Set.of("read"), Instant.now().plusSeconds(60));

  private McpTransportContext context() {
    return McpTransportContext.create(Map.of("engram.identity", identity, "engram.identityToken", "signed-token",
        "engram.requestId", "req-12345678"));
  }

  @Test
  void whenAToolRunsOnAThreadWithoutTheRequestThenOutgoingCallsStillCarryTheCallersIdentity() throws Exception {
    ToolCaller caller = ToolCaller.of(context());
    try (var pool = Executors.newSingleThreadExecutor()) {
      CallContext seen = CompletableFuture.supplyAsync(() -> caller.run(CallContext::current), pool).get();
      assertThat(seen.identityToken()).isEqualTo("signed-token");
      assertThat(seen.requestId()).isEqualTo("req-12345678");
      // and nothing leaks onto the thread afterwards
      assertThat(CompletableFuture.supplyAsync(CallContext::current, pool).get().identityToken()).isNull();
    }
  }

  @Test
  void whenTheContextHasNoIdentityThenTheCallIsRefused() {
    assertThatThrownBy(() -> ToolCaller.of(McpTransportContext.EMPTY)).isInstanceOf(ToolCaller.ToolRefusal.class)
        .hasMessageContaining("No verified caller identity");
  }

  @Test
  void whenAScopeIsMissingThenTheRefusalNamesItAndTheKeysScopes() {
    assertThatThrownBy(() -> ToolCaller.of(context()).require("write"))
        .isInstanceOf(ToolCaller.ToolRefusal.class)
        .hasMessage("This tool needs the 'write' scope; the API key has [read].")
        .extracting(e -> ((ToolCaller.ToolRefusal) e).code()).isEqualTo("forbidden");
  }
}
